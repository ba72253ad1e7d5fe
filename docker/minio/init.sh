#!/bin/sh
# Run by compose's minio-init with the root credentials, which nothing else uses: makes the buckets and one
# user per service, each with only what that service does (api-policy.json, worker-policy.json). Safe to run again:
# users get their current secret, policies their current text.
set -eu

for name in MINIO_ROOT_PASSWORD MINIO_API_SECRET_KEY MINIO_WORKER_SECRET_KEY; do
  eval "value=\${$name:-}"
  if [ "${#value}" -lt 24 ]; then
    echo "minio-init: $name must have at least 24 characters (openssl rand -base64 24)" >&2
    exit 1
  fi
  case "$value" in
    *[Cc][Hh][Aa][Nn][Gg][Ee]*[Mm][Ee]*)
      echo "minio-init: $name is still the placeholder of .env.example" >&2
      exit 1 ;;
  esac
done
if [ "$MINIO_API_SECRET_KEY" = "$MINIO_ROOT_PASSWORD" ] || [ "$MINIO_WORKER_SECRET_KEY" = "$MINIO_ROOT_PASSWORD" ] \
   || [ "$MINIO_API_SECRET_KEY" = "$MINIO_WORKER_SECRET_KEY" ]; then
  echo "minio-init: the root, api and worker storage secrets must all differ" >&2
  exit 1
fi

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing local/uploads local/processed

for service in api worker; do
  user="darkroom-$service"
  if [ "$service" = api ]; then secret="$MINIO_API_SECRET_KEY"; else secret="$MINIO_WORKER_SECRET_KEY"; fi
  mc admin user add local "$user" "$secret" >/dev/null
  mc admin policy create local "$user" "/policies/$service-policy.json" >/dev/null
  # attaching an attached policy is refused; what matters is that it is attached afterwards
  mc admin policy attach local "$user" --user "$user" >/dev/null 2>&1 || true
  info="$(mc admin user info local "$user" --json)"
  case "$info" in
    *[Pp]olicy[Nn]ame*"$user"*) ;;
    *) echo "minio-init: $user has no policy: $info" >&2; exit 1 ;;
  esac
  echo "minio-init: $user can do what $service-policy.json allows, nothing else"
done
