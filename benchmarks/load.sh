#!/usr/bin/env bash
# End-to-end load benchmark: starts the local product with one worker, then two, drives each with an open-loop
# upload profile and prints latency, throughput, backlog drain and memory. Plots (PNG) and the product's logs go
# to local-run/target/load-results/ (docs/ holds the published ones, copied from there).
# Usage: benchmarks/load.sh [full|short] [base-url]
#   full: 5/s 30 s, 10/s 30 s, 35/s 90 s; short: the same rates for 10/10/20 s.
#   base-url: drive a running deployment (e.g. http://localhost:8080 from ./run.sh) instead of starting one;
#   with auth on, export DARKROOM_TOKEN=<jwt>.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${1:-full}
CORPUS=${CORPUS:-$PWD/testdata/images}   # any folder of JPEG/PNG photos
mvn -B -q -DskipTests -Dspotless.check.skip install
mvn -B -q -pl local-run dependency:build-classpath -Dmdep.outputFile=target/load.classpath -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=api,worker
java -Xmx1g -Ddarkroom.home="$PWD" \
  -cp "local-run/target/test-classes:local-run/target/classes:$(cat local-run/target/load.classpath)" \
  io.darkroom.local.LoadBenchmark "$CORPUS" local-run/target/load-results "$PROFILE" ${2:-}
