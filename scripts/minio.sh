#!/usr/bin/env bash
# Builds (once) and runs a real MinIO server for the tests.
#   scripts/minio.sh bin          print the server binary, building it if needed
#   scripts/minio.sh run CMD...   start a server on 127.0.0.1 with a fresh data
#                                 folder, wait until it answers, run CMD with
#                                 CHARTROOM_TEST_S3_* set, stop the server
# The binary is built from MinIO's Go module (about 10 minutes on 2 cores)
# and cached in ~/.cache/chartroom/bin; CHARTROOM_MINIO_BIN overrides it.
set -euo pipefail
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
cache=${XDG_CACHE_HOME:-$HOME/.cache}/chartroom/bin
bin=${CHARTROOM_MINIO_BIN:-$cache/minio}

build() {
  if [[ -x $bin ]]; then return; fi
  echo "building the MinIO server $MINIO_VERSION (once; about 10 minutes)..." >&2
  mkdir -p "$cache"
  (cd /tmp && GOBIN=$cache GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_VERSION") >&2
  bin=$cache/minio
}

case ${1:-} in
bin)
  build
  echo "$bin"
  ;;
run)
  shift
  build
  data=$(mktemp -d)
  port=$((20000 + RANDOM % 20000))
  export CHARTROOM_MINIO_BIN=$bin
  export CHARTROOM_TEST_S3_ENDPOINT=127.0.0.1:$port
  export CHARTROOM_TEST_S3_ACCESS_KEY=chartroom-test
  export CHARTROOM_TEST_S3_SECRET_KEY=chartroom-test-secret
  MINIO_ROOT_USER=$CHARTROOM_TEST_S3_ACCESS_KEY MINIO_ROOT_PASSWORD=$CHARTROOM_TEST_S3_SECRET_KEY \
  MINIO_BROWSER=off MINIO_UPDATE=off \
  MINIO_KMS_SECRET_KEY=chartroom-test-key:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= \
    "$bin" server --quiet --address "$CHARTROOM_TEST_S3_ENDPOINT" --console-address 127.0.0.1:0 "$data" >"$data.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
  for _ in $(seq 300); do
    curl -fs "http://$CHARTROOM_TEST_S3_ENDPOINT/minio/health/ready" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { echo "MinIO exited:" >&2; cat "$data.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fs "http://$CHARTROOM_TEST_S3_ENDPOINT/minio/health/ready" >/dev/null || { echo "MinIO did not become ready" >&2; exit 1; }
  echo "MinIO ready at $CHARTROOM_TEST_S3_ENDPOINT" >&2
  "$@"
  ;;
*)
  echo "usage: scripts/minio.sh bin | run CMD..." >&2
  exit 2
  ;;
esac
