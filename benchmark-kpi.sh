#!/usr/bin/env bash
# Benchmarks kpi-service's bulk ingestion beside PostgreSQL's COPY of the same rows, and analytics for many KPIs.
# Settings as -D options after the script name, e.g. ./benchmark-kpi.sh -Dbenchmark.rows=200000 -Dbenchmark.heap=128m
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.KpiIngestionBenchmark
