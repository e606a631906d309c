#!/usr/bin/env bash
# Times a measurement recorded through the gateway to the signal it raises or clears arriving at a subscriber, on the
# whole platform with the demo, then on the tenant of ./generate-tenant.sh when there is one (a few minutes each).
# Settings as -D options, e.g. ./benchmark-live.sh -Dbenchmark.rounds=200 -Dbenchmark.tenant=.bench-data/tenant
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.LiveSignalsBenchmark
