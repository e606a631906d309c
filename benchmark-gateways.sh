#!/usr/bin/env bash
# Our gateway beside Grafbase's, Hive Gateway (with and without its Rust planner) and Apollo Gateway, all from npm,
# loaded by wrk in front of the public federation gateway benchmark's four subgraphs, deduplication on and off.
# Settings as -D options after the script name, e.g. ./benchmark-gateways.sh -Dbenchmark.quick=true
# (seconds per load, to test the harness) or -Dbenchmark.gateways=throughline,grafbase. See benchmark/README.md.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v wrk >/dev/null; then
  echo "Installing wrk, the load tool (Debian's package)..."
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; } \
    || { echo "wrk is missing and could not be installed: apt-get install wrk" >&2; exit 1; }
fi
command -v npm >/dev/null || echo "Node.js and npm are missing: only our gateway can run (the peers come from npm)" >&2
./mvnw -B -q -pl benchmark -am install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.GatewaysBenchmark
