#!/usr/bin/env bash
# The api's side of docs/scaling.md: starts the local product with no worker and measures, for 20 s each, direct
# uploads and presigned registrations from 16 connections (uploads/s, the api's CPU per upload, database commits and
# rows written per upload), then the relay emptying 20,000 commands from the outbox (commands/s).
# Usage: benchmarks/scaling.sh   (CORPUS=<folder of JPEGs> to use other photos; those under 2 MB are sent)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$PWD/testdata/images}
mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl local-run dependency:build-classpath -Dmdep.outputFile=target/load.classpath -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=api,worker
java -Xmx1g -Ddarkroom.home="$PWD" \
  -cp "local-run/target/test-classes:local-run/target/classes:$(cat local-run/target/load.classpath)" \
  io.darkroom.local.ScalingBenchmark "$CORPUS" local-run/target/scaling-results
