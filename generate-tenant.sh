#!/usr/bin/env bash
# Builds a tenant about 100 times the demo through the platform's own write paths (GraphQL, plan import, bulk
# measurements) in a kept data directory, awaits the signals that follow, and reports each write path beside COPY of
# the same rows (docs/benchmarks/tenant-<date>.md). Running it again on the same directory writes nothing.
# Builds with package, not install (the local Maven repository stays as it is). Settings as -D options (see
# docs/benchmarks/tenant.md), e.g. ./generate-tenant.sh -Dtenant.initiatives=3 -Dtenant.data=.bench-data/small
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q package -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.tenant.TenantGenerator
