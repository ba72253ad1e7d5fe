#!/usr/bin/env bash
# Worker pipeline vs libvips (sharp) on the corpus with the default presets; prints both and the CPU ratio.
# Usage: benchmarks/pipeline-vs-sharp.sh [rounds]   (needs npm; installs sharp under benchmarks/node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
CORPUS=${CORPUS:-$PWD/testdata/images}   # any folder of JPEG/PNG photos
# Builds what it needs itself (as load.sh does): the worker and the modules it depends on, installed so that the
# classpath below resolves on a fresh clone.
mvn -B -q -DskipTests -Dspotless.check.skip -pl worker -am install
mvn -B -q -pl worker dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
[ -d benchmarks/node_modules/sharp ] || npm install --silent --prefix benchmarks sharp@0.34 >/dev/null
echo "== corpus: $CORPUS ($(ls "$CORPUS" | grep -cE '\.(jpg|png)$') images), $ROUNDS rounds, presets 100x100 cover + 320/1024/2048 inside, JPEG q82"
# Each result is printed once it is in (not through tee /dev/stderr, which clobbers a redirected log).
JAVA_OUT=$(java -Xmx512m ${JAVA_OPTS:-} -cp "worker/target/test-classes:worker/target/classes:$(cat worker/target/bench.classpath)" \
  io.darkroom.worker.bench.PipelineBenchmark "$CORPUS" "$ROUNDS")
echo "$JAVA_OUT"
SHARP_OUT=$(UV_THREADPOOL_SIZE=2 node benchmarks/sharp-bench.js "$CORPUS" "$ROUNDS" 2)
echo "$SHARP_OUT"
java_cpu=$(echo "$JAVA_OUT" | grep '^java 1 thread' | sed -E 's/.*cpu\/image=([0-9]+).*/\1/')
sharp_cpu=$(echo "$SHARP_OUT" | grep '^sharp 1 thread' | sed -E 's/.*cpu\/image=([0-9]+).*/\1/')
cascade_cpu=$(echo "$SHARP_OUT" | grep '^cascade 1 thread' | sed -E 's/.*cpu\/image=([0-9]+).*/\1/')
echo "== CPU per image, one thread: java ${java_cpu} ms; sharp with a full decode ${sharp_cpu} ms, ratio $(awk "BEGIN { printf \"%.2f\", $java_cpu / $sharp_cpu }")x; sharp's cascade (shrink-on-load) ${cascade_cpu} ms, ratio $(awk "BEGIN { printf \"%.2f\", $java_cpu / $cascade_cpu }")x"
