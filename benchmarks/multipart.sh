#!/usr/bin/env bash
# Resumable-upload throughput: starts the local product (no worker) and uploads a 200 MB uncompressed TIFF through
# the multipart flow with 1, 3 and 6 parts in flight. Prints MB/s, the time to complete and the api's CPU per GB.
# Usage: benchmarks/multipart.sh [file-MB] [part-MB] [parallelism,...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl local-run dependency:build-classpath -Dmdep.outputFile=target/load.classpath -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=api,worker
java -Xmx1500m -Ddarkroom.home="$PWD" \
  -cp "local-run/target/test-classes:local-run/target/classes:$(cat local-run/target/load.classpath)" \
  io.darkroom.local.MultipartBenchmark local-run/target/multipart-results "${1:-200}" "${2:-10}" "${3:-1,3,6}"
