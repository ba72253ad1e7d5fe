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
# Ours runs twice: with the Java JPEG decoder, then with libjpeg-turbo when libturbojpeg0 is installed.
bench() {
  java -Xmx512m ${JAVA_OPTS:-} -cp "worker/target/test-classes:worker/target/classes:$(cat worker/target/bench.classpath)" \
    io.darkroom.worker.bench.PipelineBenchmark "$CORPUS" "$ROUNDS" "$1"
}
JAVA_OUT=$(bench java)
echo "$JAVA_OUT"
TURBO_OUT=""
if PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -q libturbojpeg.so.0; then
  TURBO_OUT=$(bench libjpeg-turbo)
  echo "$TURBO_OUT"
else
  echo "== libturbojpeg0 is not installed: ours runs with the Java decoder only"
fi
SHARP_OUT=$(UV_THREADPOOL_SIZE=2 node benchmarks/sharp-bench.js "$CORPUS" "$ROUNDS" 2)
echo "$SHARP_OUT"
cpu() { grep "^$1 1 thread" | sed -E 's/.*cpu\/image=([0-9]+).*/\1/'; }
sharp_cpu=$(echo "$SHARP_OUT" | cpu sharp)
cascade_cpu=$(echo "$SHARP_OUT" | cpu cascade)
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
for ours in java libjpeg-turbo; do
  out=$JAVA_OUT
  [ "$ours" = java ] || out=$TURBO_OUT
  [ -n "$out" ] || continue
  c=$(echo "$out" | cpu "$ours")
  echo "== CPU per image, one thread, ours with the $ours decoder: ${c} ms; sharp with a full decode ${sharp_cpu} ms, ratio $(ratio "$c" "$sharp_cpu")x; sharp's cascade (shrink-on-load) ${cascade_cpu} ms, ratio $(ratio "$c" "$cascade_cpu")x"
done
# file by file against the cascade, with the last decoder measured
ours_out=${TURBO_OUT:-$JAVA_OUT}
echo "== CPU per image, file by file (ms): ours ($( [ -n "$TURBO_OUT" ] && echo libjpeg-turbo || echo java )) / sharp's cascade / ratio"
echo "$SHARP_OUT" | grep '^cascade-per-image' | while read -r _ file theirs; do
  mine=$(echo "$ours_out" | grep -- "-per-image $file " | awk '{print $3}')
  printf '   %-40s %6s %6s  %sx\n' "$file" "$mine" "$theirs" "$(ratio "$mine" "$theirs")"
done
