#!/usr/bin/env bash
# The fault-injection suite, long form: PostgreSQL stopped 15 min (past every retry window), a worker paused 12 min
# (past the production max.poll.interval.ms of 10 min), Kafka and the S3 server stopped 3 min each, a worker and the
# api killed with SIGKILL, all under steady upload traffic of the three kinds. About 45 minutes on two cores.
# The table is printed and written to local-run/target/fault-suite.md; the short form runs in mvn verify.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -pl local-run verify -Dit.test=FaultSuiteIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddarkroom.faults=long
cat local-run/target/fault-suite.md
