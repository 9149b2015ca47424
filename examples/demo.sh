#!/usr/bin/env bash
# failover4j two-node failover demo.
#
# As root: builds the example jar if needed, makes a lab of network namespaces (a bridge, nodes
# ha1 and ha2, a client), starts two Jetty nodes that elect a master with VRRP (v3, 100 ms
# adverts), shows the client reaching the virtual IP, kills the master (cable out + SIGKILL) and
# shows the client reaching the other node, with the measured gap. Everything lives in the lab's
# own namespaces and is removed on exit, even on Ctrl-C; your interfaces are not touched.
#
# Without root: runs the same story with real HaGroups on failover4j's simulated LAN.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/failover4j-example.jar"
VIP=10.77.0.100

build() {
  if [ ! -f "$jar" ]; then
    echo "== building $jar (first run only)"
    (cd "$root" && mvn -B -q -DskipTests package -pl examples -am)
  fi
}

if ! command -v java >/dev/null 2>&1; then
  echo "demo: needs Java 17 or newer on the PATH" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
  echo "demo: the real demo needs root and iproute2 (it creates network namespaces and binds a VIP)."
  echo "demo: running the same story on failover4j's simulated LAN instead (real HaGroups, virtual clock)."
  echo
  build
  exec java -cp "$jar" dev.failover4j.examples.SimulatedDemo
fi

for tool in curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "demo: needs '$tool' (apt-get install -y $tool)" >&2; exit 1; }
done
build

lab="f4jdemo$$"
pids=()
logdir="$(mktemp -d /tmp/failover4j-demo.XXXXXX)"

cleanup() {
  set +e
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  for ns in ha1 ha2 client sw; do
    for p in $(ip netns pids "$lab-$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$lab-$ns" 2>/dev/null
  done
  echo "== lab removed (logs in $logdir)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "== lab: bridge in namespace $lab-sw; hosts ha1 10.77.0.10, ha2 10.77.0.20, client 10.77.0.99; VIP $VIP"
ip netns add "$lab-sw"
ip -n "$lab-sw" link add br0 type bridge
ip -n "$lab-sw" link set br0 up
i=0
for h in ha1 ha2 client; do
  i=$((i + 1))
  case $h in ha1) addr=10.77.0.10 ;; ha2) addr=10.77.0.20 ;; client) addr=10.77.0.99 ;; esac
  ip netns add "$lab-$h"
  ip -n "$lab-sw" link add "v-$h" type veth peer name eth0 netns "$lab-$h"
  ip -n "$lab-sw" link set "v-$h" master br0 up
  ip -n "$lab-$h" link set lo up
  ip -n "$lab-$h" link set eth0 address "02:77:00:00:00:0$i"
  ip -n "$lab-$h" addr add "$addr/24" dev eth0
  ip -n "$lab-$h" link set eth0 up
done

start_node() { # name priority
  ip netns exec "$lab-$1" java -jar "$jar" --node-name "$1" --interface eth0 --vrid 51 --priority "$2" \
    --vip "$VIP/24" --vrrp-version 3 --advert-int 100ms --http-port 8080 >"$logdir/$1.log" 2>&1 &
  pids+=($!)
  disown $!  # no "Killed" job message when the demo kills it
  echo "== started $1 (priority $2), pid $!"
}
start_node ha1 101
start_node ha2 100

get() { ip netns exec "$lab-client" curl -s --max-time 0.2 "http://$VIP:8080/" 2>/dev/null || true; }

echo "== waiting for a master (at most 30 s)"
for _ in $(seq 1 300); do
  answer="$(get)"
  [ -n "$answer" ] && break
  sleep 0.1
done
[ -n "$answer" ] || { echo "demo: no node answered on $VIP; see $logdir" >&2; exit 1; }

t0=$(now_ms)
echo "== the client asks http://$VIP:8080/ every 100 ms"
for _ in $(seq 1 10); do
  echo "  t=+$(( $(now_ms) - t0 ))ms  $(get)"
  sleep 0.1
done

master=ha1
[ "$(get)" = "Welcome to ha2" ] && master=ha2
other=ha1; [ $master = ha1 ] && other=ha2
echo "== $master dies: its cable is pulled and its JVM killed (SIGKILL)"
kill_at=$(now_ms)
ip -n "$lab-sw" link set "v-$master" down
for p in $(ip netns pids "$lab-$master"); do kill -9 "$p"; done
first_other=""
for _ in $(seq 1 100); do
  answer="$(get)"
  t=$(now_ms)
  echo "  t=+$(( t - t0 ))ms  ${answer:-(no answer)}"
  if [ -z "$first_other" ] && [ "$answer" = "Welcome to $other" ]; then
    first_other=$t
  fi
  if [ -n "$first_other" ] && [ $(( t - first_other )) -ge 1000 ]; then break; fi
  sleep 0.1
done
if [ -z "$first_other" ]; then
  echo "demo: $other never answered; logs in $logdir" >&2
  exit 1
fi
echo "== $other took over: the client's first answer from $other came $(( first_other - kill_at )) ms after $master died"
echo "   (Master_Down_Interval at 100 ms adverts is 360 ms; the rest is the client's 100 ms polling)"
echo "== status of $other: http://$(ip -n "$lab-$other" -o -4 addr show dev eth0 | awk '{print $4}' | head -1 | cut -d/ -f1):8080/ha"
ip netns exec "$lab-client" curl -s --max-time 1 "http://$VIP:8080/ha.json" | head -c 400; echo
