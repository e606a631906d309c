#!/usr/bin/env bash
# Builds Throughline and runs it on this machine with demo data; Ctrl-C stops everything it started.
# --fresh starts from empty databases; --insecure runs without Keycloak (for a first look only).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .run-data
echo "Building Throughline (a few minutes the first time; the whole log goes to .run-data/build.log) ..."
start=$SECONDS
if ! ./mvnw -B install -DskipTests 2>&1 | tee .run-data/build.log \
    | sed -u -n -E 's/^\[INFO\] Building (.+) [0-9][^ ]* +\[([0-9]+\/[0-9]+)\]$/  [\2] \1/p'; then
  echo "The build failed; its log ends:" >&2
  tail -n 40 .run-data/build.log >&2
  exit 1
fi
echo "Built in $((SECONDS - start)) s."
exec java -Dthroughline.home="$PWD" -jar launcher/target/throughline-launcher.jar "$@"
