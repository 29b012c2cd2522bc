#!/usr/bin/env bash
# Starts N salesphysics replicas and nginx (deploy/nginx.conf) in front of
# them, all on loopback, and stays in the foreground until interrupted.
#
#   deploy/run.sh [REPLICAS]          # default 2
#
# Environment: SALESPHYSICS_BIN (default: the release binary in the
# target dir), LB_PORT (50051), REPLICA_BASE_PORT (50061: replicas on 50061,
# 50062, …), METRICS_BASE_PORT (9091: replica i's Prometheus endpoint on
# 9090+i), RUN_DIR (scratch: config, pids, logs; default a temp folder).
# Replica i's pid is in $RUN_DIR/replica-i.pid, its log in replica-i.log;
# `deploy/run.sh` writes $RUN_DIR/ready when nginx answers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPLICAS=${1:-2}
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN=${SALESPHYSICS_BIN:-$TARGET/release/salesphysics-service}
LB_PORT=${LB_PORT:-50051}
REPLICA_BASE_PORT=${REPLICA_BASE_PORT:-50061}
METRICS_BASE_PORT=${METRICS_BASE_PORT:-9091}
RUN_DIR=${RUN_DIR:-$(mktemp -d /tmp/salesphysics-deploy.XXXXXX)}
mkdir -p "$RUN_DIR"
# nginx's workers (nobody, when started as root) write large request
# bodies to these.
for temp in client_body proxy fastcgi uwsgi scgi; do
  mkdir -p "$RUN_DIR/$temp" && chmod 0777 "$RUN_DIR/$temp"
done
chmod 0755 "$RUN_DIR"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

upstreams=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((REPLICA_BASE_PORT + i - 1))
  metrics=$((METRICS_BASE_PORT + i - 1))
  "$ROOT/deploy/replica.sh" "$BIN" "$port" "$metrics" "$RUN_DIR/replica-$i" &
  pids+=("$!")
  upstreams="$upstreams server 127.0.0.1:$port max_fails=1 fail_timeout=1s;"
done

sed -e "s|@RUN@|$RUN_DIR|g" -e "s|@LISTEN@|127.0.0.1:$LB_PORT|g" \
  -e "s|@UPSTREAMS@|$upstreams|g" "$ROOT/deploy/nginx.conf" >"$RUN_DIR/nginx.conf"
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/nginx-error.log" &
pids+=("$!")

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$LB_PORT") 2>/dev/null; then
    echo "nginx on 127.0.0.1:$LB_PORT -> $REPLICAS replicas (run dir $RUN_DIR)"
    touch "$RUN_DIR/ready"
    wait
    exit 0
  fi
  sleep 0.1
done
echo "nginx did not start; $RUN_DIR/nginx-error.log:" >&2
cat "$RUN_DIR/nginx-error.log" >&2 || true
exit 1
