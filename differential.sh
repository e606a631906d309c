#!/usr/bin/env bash
# Differential testing of our gateway against Apollo's @apollo/gateway: random valid operations over several test
# supergraphs, sent to both gateways on the same supergraph file, every difference categorised and shrunk.
# Settings as -D options after the script name, e.g. ./differential.sh -Ddifferential.operations=50
# -Ddifferential.seed=7 -Ddifferential.supergraphs=abstract-types,keys-arguments. See benchmark/README.md.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "Node.js and npm are missing: Apollo's gateway and composition need them" >&2; exit 1; }
./mvnw -B -q -pl benchmark -am install -DskipTests
exec java -Dthroughline.home="$PWD" "$@" -cp benchmark/target/throughline-benchmark.jar \
  org.throughline.benchmark.differential.DifferentialTesting
