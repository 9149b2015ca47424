#!/usr/bin/env bash
# failover4j two-node failover demo.
#
# As root: builds the example jar if needed and runs NamespaceDemo: the project's lab of network
# namespaces (a bridge, nodes ha1 and ha2, a client), two Jetty nodes that elect a master with VRRP
# (v3, 100 ms adverts), the client reaching the virtual IP, the master killed (cable out + SIGKILL)
# and the client reaching the other node, with the measured gap. Everything lives in the lab's own
# namespaces and is removed on exit, even on Ctrl-C; your interfaces are not touched.
#
# Without root: runs the same story with real HaGroups on failover4j's simulated LAN.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/failover4j-example.jar"

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
# The lab (namespaces, processes) is the project's own, in Java; it is removed on exit, even on Ctrl-C.
exec java -cp "$jar" dev.failover4j.examples.NamespaceDemo
