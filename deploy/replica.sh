#!/usr/bin/env bash
# One replica for deploy/run.sh: starts the server and restarts it whenever
# it exits after `kill -TERM $(cat PREFIX.pid)` — a stand-in for a
# supervisor (systemd, Kubernetes) — until this script itself is sent
# SIGTERM. Usage: replica.sh BIN PORT METRICS_PORT PREFIX
set -uo pipefail
BIN=$1 PORT=$2 METRICS=$3 PREFIX=$4
stopping=0
child=0
trap 'stopping=1; kill -TERM "$child" 2>/dev/null' TERM INT
while [ "$stopping" -eq 0 ]; do
  "$BIN" --listen "127.0.0.1:$PORT" --metrics-listen "127.0.0.1:$METRICS" \
    --log "${REPLICA_LOG:-warn}" >>"$PREFIX.log" 2>&1 &
  child=$!
  echo "$child" >"$PREFIX.pid"
  wait "$child"
  status=$?
  # `wait` returns early when a trapped signal arrives: wait again.
  while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
  echo "replica on $PORT exited with $status" >>"$PREFIX.log"
  [ "$stopping" -eq 0 ] && sleep "${RESTART_DELAY:-1}"
done
