#!/usr/bin/env bash
# Loads the whole platform (Keycloak, every token checked) through the gateway with 1, 50 and 200 signed-in
# executives asking the five executive questions, while a steward records measurements and the IT lead moves
# forecasts; writes docs/benchmarks/load-<date>.md (about ten minutes). On the demo by default; on a kept data
# directory with -Dload.data=<dir>, e.g. ./benchmark-load.sh -Dload.data=.bench-data/tenant. Settings as -D options:
# see org.throughline.benchmark.load.LoadBenchmark.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q package -DskipTests \
  -pl testing,graphql-edge,subgraph-support,plan-service,kpi-service,governance-service,gateway,launcher,benchmark
exec java -Dthroughline.home="$PWD" "$@" -cp "benchmark/target/throughline-benchmark.jar:benchmark/target/lib/*" \
  org.throughline.benchmark.load.LoadBenchmark
