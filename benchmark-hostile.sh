#!/usr/bin/env bash
# The time our gateway takes to refuse each hostile request of HostileRequests (issue 25: under 10 ms each), beside
# Grafbase's, Hive Gateway and Apollo Gateway (from npm) and beside an ordinary operation, in one run.
# Settings as -D options after the script name, e.g. ./benchmark-hostile.sh -Dbenchmark.repetitions=10
# or -Dbenchmark.gateways=throughline,grafbase -Dbenchmark.cases=doubling. See benchmark/README.md.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || echo "Node.js and npm are missing: only our gateway can run (the peers come from npm)" >&2
./mvnw -B -q -pl benchmark -am install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.HostileRequestsBenchmark
