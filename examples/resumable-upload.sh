#!/usr/bin/env bash
# Uploads a large file to Darkroom through a resumable (S3 multipart) upload, the way @uppy/aws-s3 does: the api
# signs each part's URL, the part goes straight to storage. Kill it at any point and run it again: it asks which
# parts storage holds and sends only the rest. Needs curl and python3.
# Usage: examples/resumable-upload.sh FILE [API]      (API defaults to http://localhost:8080)
#   PART_MB=8 (5..5120)  DARKROOM_TOKEN=<jwt> when auth is on
set -euo pipefail
FILE=${1:?usage: resumable-upload.sh FILE [API]}
API=${2:-http://localhost:8080}/api/v1/uploads/s3/multipart
PART=$(( ${PART_MB:-8} * 1024 * 1024 ))
STATE="$FILE.darkroom-upload"        # the upload id and key, kept until the upload completes
AUTH=()
[[ -n "${DARKROOM_TOKEN:-}" ]] && AUTH=(-H "Authorization: Bearer $DARKROOM_TOKEN")
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
urlencode() { python3 -c "import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$1"; }

SIZE=$(stat -c %s "$FILE")
PARTS=$(( (SIZE + PART - 1) / PART ))
TYPE=$(python3 -c "import mimetypes,sys; print(mimetypes.guess_type(sys.argv[1])[0] or 'application/octet-stream')" "$FILE")

if [[ ! -f "$STATE" ]]; then
  curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"$(basename "$FILE")\",\"type\":\"$TYPE\",\"metadata\":{\"size\":$SIZE}}" "$API" > "$STATE"
  echo "started upload $(json "d['uploadId']" < "$STATE") of image $(json "d['imageId']" < "$STATE"): $PARTS parts"
else
  echo "resuming upload $(json "d['uploadId']" < "$STATE")"
fi
UPLOAD=$(json "d['uploadId']" < "$STATE")
KEY=$(urlencode "$(json "d['key']" < "$STATE")")
IMAGE=$(json "d['imageId']" < "$STATE")

HAVE=$(curl -sf "${AUTH[@]}" "$API/$UPLOAD?key=$KEY" | json "' '.join(str(p['PartNumber']) for p in d)")
for (( n = 1; n <= PARTS; n++ )); do
  if [[ " $HAVE " == *" $n "* ]]; then echo "part $n/$PARTS: already in storage"; continue; fi
  URL=$(curl -sf "${AUTH[@]}" "$API/$UPLOAD/$n?key=$KEY" | json "d['url']")
  # the part's bytes, straight from the file to storage; the URL is signed, so no token goes with it (and no
  # Content-Type: curl would send a form's, which storage refuses for a part)
  dd if="$FILE" bs="$PART" skip=$(( n - 1 )) count=1 status=none |
    curl -sf -X PUT -H 'Content-Type:' --data-binary @- -o /dev/null "$URL"
  echo "part $n/$PARTS: sent"
done

BODY=$(curl -sf "${AUTH[@]}" "$API/$UPLOAD?key=$KEY" |
  json "json.dumps({'parts': [{'PartNumber': p['PartNumber'], 'ETag': p['ETag']} for p in d]})")
curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -d "$BODY" "$API/$UPLOAD/complete?key=$KEY" > /dev/null
rm -f "$STATE"
echo "completed: image $IMAGE is pending; follow it at ${2:-http://localhost:8080}/api/v1/images/$IMAGE"
