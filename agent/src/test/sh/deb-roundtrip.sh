#!/usr/bin/env bash
# The .deb, installed, used and purged for real with dpkg, inside a private mount namespace whose
# /etc, /usr, /var and /run/systemd are overlays or empty: the host's own files are never written.
# Usage: deb-roundtrip.sh AGENT.deb   (as root). Prints what it checks; exit status 0 when all holds.
set -euo pipefail
deb=$(readlink -f "$1")
work=$(mktemp -d /tmp/f4j-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
unshare --mount --propagation private bash -s "$deb" "$work" <<'INNER'
set -euo pipefail
deb=$1; work=$2
for d in etc usr var; do
  mkdir -p "$work/$d-up" "$work/$d-work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$work/$d-up,workdir=$work/$d-work" "/$d"
done
# maintainer scripts must not talk to the host's systemd: they see no /run/systemd/system here
if [ -d /run/systemd ]; then mount -t tmpfs tmpfs /run/systemd; fi

echo "== dpkg -i $(basename "$deb")"
dpkg -i "$deb"
dpkg -L failover4j-agent | sort > "$work/files"
echo "== installed:"; grep -v '^/\.$' "$work/files"
test -x /usr/bin/failover4j-agent
test -f /lib/systemd/system/failover4j-agent.service
getent passwd failover4j >/dev/null || { echo "no user failover4j"; exit 1; }
if pgrep -u failover4j >/dev/null 2>&1; then echo "something runs as failover4j after install"; exit 1; fi

echo "== from the installed path"
/usr/bin/failover4j-agent --version
cat > "$work/ok.conf" <<CONF
global_defs {
  enable_script_security
}
vrrp_script chk {
  script "/bin/true"
  user nobody
}
vrrp_instance VI_1 {
  interface lo
  virtual_router_id 51
  virtual_ipaddress {
    192.0.2.1/24
  }
  track_script {
    chk
  }
}
CONF
/usr/bin/failover4j-agent -t -f "$work/ok.conf"
set +e
/usr/bin/failover4j-agent -t -f /usr/share/doc/failover4j-agent/examples/keepalived.conf > "$work/example.out"
rc=$?
set -e
cat "$work/example.out"
# the example is for a host with ens3 and nginx's check script: -t runs and names what is missing here
[ "$rc" -eq 1 ] && grep -q "no interface ens3" "$work/example.out"

if command -v systemctl >/dev/null; then
  echo "== enabled to start on boot (systemctl enable, offline: links only)"
  systemctl enable failover4j-agent.service 2>&1
  ls /etc/systemd/system/*.wants/failover4j-agent.service
fi

echo "== dpkg --purge"
dpkg --purge failover4j-agent
left=0
while read -r f; do
  if [ -e "$f" ] && case "$f" in *failover4j*) true ;; *) [ ! -d "$f" ] ;; esac; then
    echo "left behind: $f"; left=1
  fi
done < "$work/files"
if getent passwd failover4j >/dev/null; then echo "left behind: the user failover4j"; left=1; fi
if getent group failover4j >/dev/null; then echo "left behind: the group failover4j"; left=1; fi
found=$(find "$work/etc-up" "$work/usr-up" "$work/var-up" -name '*failover4j*' 2>/dev/null || true)
if [ -n "$found" ]; then echo "left behind:"; echo "$found"; left=1; fi
[ "$left" -eq 0 ] && echo "== purged: nothing left"
exit "$left"
INNER
