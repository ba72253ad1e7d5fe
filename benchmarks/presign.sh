#!/usr/bin/env bash
# Requests per second of the presign endpoint alone: 64 keep-alive connections ask for the next upload URL as
# soon as the last is answered; 10 s warm-up (reported, not counted), then the measured window.
# Usage: benchmarks/presign.sh [base-url] [connections] [seconds]   (DARKROOM_TOKEN=... when auth is on)
# Each request records an awaiting_upload image; they expire after darkroom.upload.awaiting-upload-ttl.
set -euo pipefail
cd "$(dirname "$0")/.."
exec java local-run/src/test/java/io/darkroom/local/load/PresignRate.java \
  "${1:-http://localhost:8080}" "${2:-64}" "${3:-20}"
