#!/usr/bin/env bash
# failover4j vs keepalived, measured in one run (see bench/FailoverBench.java for what and how).
# Needs root, iproute2, keepalived, wrk and Java 17+. Runs for ~30 minutes with the defaults
# (10 rounds per cell, 60 s idle, 10 min soak per system); everything runs in its own network
# namespaces, which are removed at the end (also on Ctrl-C). Not part of CI.
#
# usage: sudo bench/failover.sh [--rounds N] [--idle-seconds S] [--soak-minutes M] [--soak-only true]
#                               [--systems failover4j,keepalived] [--node-jvm-opts "-XX:+UseZGC"]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$root/examples/target/failover4j-example.jar"

if [ "$(id -u)" -ne 0 ]; then
  echo "bench: needs root (network namespaces, raw sockets, keepalived)" >&2
  exit 1
fi
for tool in ip keepalived wrk java curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs '$tool' (apt-get install -y iproute2 keepalived wrk)" >&2; exit 1; }
done
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl examples -am)
fi
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
cd "$root"
java -Djava.awt.headless=true -Dbench.dir="$here" "$here/FailoverBench.java" --jar "$jar" --out "$out" "$@" 2>&1 | tee "$out/console.txt"
echo "bench: results in $out"
