#!/usr/bin/env bash
# The agent's reload against keepalived's, in one run: a master alone in a network namespace of its
# own (a veth pair, nothing leaves it), SIGHUP after writing one more VIP into keepalived.conf, timed
# from just before the signal to the kernel's RTM_NEWADDR for that VIP (`ip -ts monitor address`).
# Each system runs ROUNDS times with RELOADS reloads, alternating; prints min/median/max per system
# and the ratio of the medians. Needs root, iproute2, keepalived 2.2.7, python3 and the agent's .tar.gz
# (mvn -pl agent -am package): the agent runs through its launcher, with the JVM options it ships.
# Not part of CI; about a minute with the defaults.
#
# usage: sudo bench/reload.sh [ROUNDS] [RELOADS]      (defaults 3 and 10)
set -euo pipefail
rounds=${1:-3}
reloads=${2:-10}
root="$(cd "$(dirname "$0")/.." && pwd)"
tarball=$(ls "$root"/agent/target/failover4j-agent-*.tar.gz 2>/dev/null | head -1)
[ "$(id -u)" -eq 0 ] || { echo "reload.sh: needs root (a network namespace)" >&2; exit 1; }
[ -n "$tarball" ] || { echo "reload.sh: build the agent first: mvn -B -DskipTests -pl agent -am package" >&2; exit 1; }
for tool in ip keepalived python3; do
  command -v "$tool" >/dev/null || { echo "reload.sh: needs $tool" >&2; exit 1; }
done
work=$(mktemp -d /tmp/f4j-reload.XXXXXX)
mkdir "$work/dist" && tar -xzf "$tarball" -C "$work/dist" --strip-components=1
ns="f4jreload$$"
pid=""
mon=""
cleanup() {
  [ -n "$mon" ] && kill "$mon" 2>/dev/null || true
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  sleep 1
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

one() { # system -> appends "system ms" lines to $work/results
  local sys=$1
  ip netns add "$ns"
  ip -n "$ns" link add veth0 type veth peer name veth1
  ip -n "$ns" link set veth0 up
  ip -n "$ns" link set veth1 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add 10.99.0.1/24 dev veth0
  cat > "$work/k.conf" <<'CONF'
global_defs {
  router_id bench
}
vrrp_script chk {
    script "/bin/true"
    interval 1
    weight -5
    fall 2
    rise 1
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 101
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass 1111
    }
    virtual_ipaddress {
        10.99.0.100/24
    }
    track_script {
        chk
    }
}
CONF
  if [ "$sys" = agent ]; then
    ip netns exec "$ns" "$work/dist/bin/failover4j-agent" -f "$work/k.conf" --control-socket "$work/c.sock" > "$work/$sys.log" 2>&1 &
    pid=$!
  else
    ip netns exec "$ns" keepalived -n -l -D --vrrp -f "$work/k.conf" -p "$work/ka.pid" -r "$work/kv.pid" -c "$work/kc.pid" \
      > "$work/$sys.log" 2>&1 &
    sleep 1
    pid=$(cat "$work/ka.pid")
  fi
  sleep 8 # master after Master_Down_Interval (state MASTER: at once for keepalived)
  ip -n "$ns" -ts monitor address > "$work/mon.log" 2>&1 &
  mon=$!
  sleep 0.3
  : > "$work/t0.log"
  for i in $(seq 1 "$reloads"); do
    sed -i "s|10.99.0.100/24|10.99.0.100/24\n        10.99.1.$i/24|" "$work/k.conf"
    date +%s.%N >> "$work/t0.log"
    kill -HUP "$pid"
    sleep 1.2
  done
  kill "$mon"; mon=""
  kill "$pid"; pid=""
  sleep 1.5
  ip netns del "$ns"
  python3 - "$sys" "$work" >> "$work/results" <<'PY'
import datetime, re, sys
sysname, work = sys.argv[1], sys.argv[2]
t0 = [float(l) for l in open(work + "/t0.log")]
mon = open(work + "/mon.log").read().splitlines()
for i, t in enumerate(t0, 1):
    for l in mon:
        if ("inet 10.99.1.%d/" % i) in l and "Deleted" not in l:
            ts = re.match(r"\[(.*?)\]", l).group(1)
            at = datetime.datetime.fromisoformat(ts).astimezone(datetime.timezone.utc).timestamp()
            print(sysname, "%.3f" % ((at - t) * 1000))
            break
    else:
        print(sysname, "missing")
PY
}

: > "$work/results"
for r in $(seq 1 "$rounds"); do
  one keepalived
  one agent
done
python3 - "$work/results" "$rounds" "$reloads" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print("reload: SIGHUP with one more VIP -> its RTM_NEWADDR, %s rounds x %s reloads per system, commit %s" % tuple(sys.argv[2:5]))
med = {}
for s in ("keepalived", "agent"):
    v = [float(x) for n, x in rows if n == s and x != "missing"]
    miss = sum(1 for n, x in rows if n == s and x == "missing")
    med[s] = statistics.median(v)
    print("%-10s n=%d missing=%d  min %.1f  median %.1f  max %.1f ms" % (s, len(v), miss, min(v), med[s], max(v)))
print("ratio agent/keepalived (medians): %.2f" % (med["agent"] / med["keepalived"]))
PY
