#!/usr/bin/env bash
# failover4j vs keepalived, measured in one run (see bench/src/main/java/dev/failover4j/bench/BenchMain.java).
# Needs root, iproute2, keepalived, wrk, curl and Java 17+. Runs for ~30 minutes with the defaults
# (10 rounds per cell, 60 s idle, 10 min soak per system); everything runs in the project's lab of
# network namespaces, which is removed at the end (also on Ctrl-C). Not part of CI.
#
# usage: sudo bench/failover.sh [--rounds N] [--idle-seconds S] [--soak-minutes M] [--soak-only true]
#                               [--systems failover4j,keepalived] [--node-jvm-opts "-XX:+UseZGC"]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$root/examples/target/failover4j-example.jar"
bench="$here/target/failover4j-bench.jar"

if [ "$(id -u)" -ne 0 ]; then
  echo "bench: needs root (network namespaces, raw sockets, keepalived)" >&2
  exit 1
fi
for tool in ip keepalived wrk java curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs '$tool' (apt-get install -y iproute2 keepalived wrk curl)" >&2; exit 1; }
done
if [ ! -f "$jar" ] || [ ! -f "$bench" ]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl examples,bench -am)
fi
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
cd "$root"
java -Djava.awt.headless=true -jar "$bench" --jar "$jar" --out "$out" "$@" 2>&1 | tee "$out/console.txt"
echo "bench: results in $out"
