#!/usr/bin/env bash
# The serving figures of docs/benchmarks.md, back to back in one run: one
# release server (per-call log lines off: --log warn) and the load generator
# on the same machine, over loopback.
#
#   cargo build --release -p salesphysics-service --bins
#   service/benches/loadgen.sh [SECONDS]     # default 10 per scenario
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
SECS=${1:-10}
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TARGET/release/salesphysics-service" --listen "127.0.0.1:$PORT" --log warn &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true' EXIT
sleep 1
load() { "$TARGET/release/loadgen" --addr "http://127.0.0.1:$PORT" --server-pid "$SERVER" \
  --duration-secs "$SECS" "$@"; }

load --scenario noop --concurrency 32 | tee /tmp/loadgen-noop.out
load --scenario unary --concurrency 32 | tee /tmp/loadgen-unary.out
peak=$(sed -E 's/.*calls_per_s=([0-9]+).*/\1/' /tmp/loadgen-unary.out)
load --scenario unary --rate $((peak / 2)) --concurrency 1024
load --scenario tiering --accounts 1000 --concurrency 8
load --scenario batch --statements 100 --lines 100 --concurrency 4
load --scenario unary --concurrency 32 --basic-view
load --scenario batch --statements 100 --lines 100 --concurrency 4 --basic-view
