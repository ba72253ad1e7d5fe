#!/usr/bin/env bash
# Import throughput: starts the local product with one worker and imports a 1,000-row CSV of 3,000 distinct URLs
# (three a row, unquoted) from an image server on 127.0.0.1, with the compressed preset. Prints the time to accept
# the CSV, the time to completion, images/s and the most fetches the image server saw at once. Logs go to
# local-run/target/import-results/.
# Usage: benchmarks/imports.sh [rows] [urls-per-row]
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$PWD/testdata/images}   # any folder of JPEG/PNG photos; each is scaled to fit 1000x1000
mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl local-run dependency:build-classpath -Dmdep.outputFile=target/load.classpath -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=api,worker
java -Xmx1g -Ddarkroom.home="$PWD" \
  -cp "local-run/target/test-classes:local-run/target/classes:$(cat local-run/target/load.classpath)" \
  io.darkroom.local.ImportBenchmark "$CORPUS" local-run/target/import-results "${1:-1000}" "${2:-3}"
