#!/usr/bin/env bash
# Benchmarks our gateway against Apollo's @apollo/gateway (from npm) side by side, in front of the same subgraphs.
# Settings as -D options after the script name, e.g. ./benchmark.sh -Dbenchmark.measure=60s -Dbenchmark.concurrency=64
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -jar benchmark/target/throughline-benchmark.jar
