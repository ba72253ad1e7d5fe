#!/usr/bin/env bash
# Builds the product and runs all of it locally: PostgreSQL, Kafka and an S3 server (embedded, no Docker),
# the api on http://localhost:8080 and a worker. Data lives in ./.data. Ctrl-C stops everything.
# Options are passed on: ./run.sh --workers=2 --api-port=8081
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -Dspotless.check.skip package
exec java -Xmx768m -Ddarkroom.home="$PWD" -jar local-run/target/local-run-0.2.0-SNAPSHOT.jar "$@"
