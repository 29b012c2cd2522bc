#!/usr/bin/env bash
# The serving figures of docs/benchmarks.md, back to back in one run: one
# release server (per-call log lines off: --log warn) and the load generator
# on the same machine, over loopback. The last lines summarise every figure
# issues 12 and 13 set a target for, with the load average around the run,
# and the floors (`loadgen --floor`): the same requests decoded by the
# server and refused at once, the most any handler could reach with them.
#
#   cargo build --release -p salesphysics-service --bins
#   service/benches/loadgen.sh [SECONDS]     # default 10 per scenario
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
SECS=${1:-10}
OUT=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TARGET/release/salesphysics-service" --listen "127.0.0.1:$PORT" --log warn &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true; rm -rf "$OUT"' EXIT
sleep 1
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# load NAME ARGS...: one scenario, its line kept as $OUT/NAME.
load() {
  local name=$1
  shift
  "$TARGET/release/loadgen" --addr "http://127.0.0.1:$PORT" --server-pid "$SERVER" \
    --duration-secs "$SECS" "$@" | tee "$OUT/$name"
}
# field NAME KEY: the value of KEY=… in scenario NAME's line.
field() { sed -E "s/.* $2=([^ ]+).*/\1/" "$OUT/$1"; }

load noop --scenario noop --concurrency 32
load unary_floor --scenario unary --concurrency 32 --floor
load unary --scenario unary --concurrency 32
peak=$(field unary calls_per_s)
load half --scenario unary --rate $((peak / 2)) --concurrency 1024
load tiering --scenario tiering --accounts 1000 --concurrency 8
load batch_floor --scenario batch --statements 100 --lines 100 --concurrency 4 --floor
load batch --scenario batch --statements 100 --lines 100 --concurrency 4
load unary_basic --scenario unary --concurrency 32 --basic-view
load batch_basic --scenario batch --statements 100 --lines 100 --concurrency 4 --basic-view
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo "--- issue 12/13 targets (load average before: $LOAD_BEFORE, after: $LOAD_AFTER; $(nproc) cores)"
awk -v u="$(field unary calls_per_s)" -v n="$(field noop calls_per_s)" \
  'BEGIN { printf "unary statement 100 lines: %d calls/s = %.1f %% of no-op %d calls/s (target >= 70 %%)\n", u, (n > 0 ? 100 * u / n : 0), n }'
awk -v f="$(field unary_floor calls_per_s)" -v n="$(field noop calls_per_s)" \
  'BEGIN { printf "  floor (request decoded, then refused): %d calls/s = %.1f %% of no-op, the most any handler can reach\n", f, (n > 0 ? 100 * f / n : 0) }'
echo "p99 at half the unary peak ($((peak / 2)) calls/s): $(field half p99_us) us (target <= 2000 us)"
echo "batch 100 x 100 lines: $(field batch lines_per_s) lines/s full view, $(field batch_basic lines_per_s) basic view (target >= 2000000)"
echo "  floor (batch decoded, then refused): $(field batch_floor lines_per_s) lines/s"
echo "server peak RSS (VmHWM) over the run: $(field batch_basic server_peak_rss | cut -d: -f2) (target <= 100 MiB)"
