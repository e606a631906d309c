#!/usr/bin/env bash
# Builds Throughline and runs it on this machine with demo data; Ctrl-C stops everything it started.
# Pass --fresh to start from empty databases.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
exec java -Dthroughline.home="$PWD" -jar launcher/target/throughline-launcher.jar "$@"
