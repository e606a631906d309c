#!/usr/bin/env bash
# Benchmarks a SQL connector pulling 1,000,000 source rows aggregated to daily values, beside the same aggregate run
# directly in PostgreSQL plus COPY of its result. Settings as -D options, e.g. ./benchmark-connector.sh -Dbenchmark.rows=200000
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.KpiConnectorBenchmark
