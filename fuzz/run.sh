#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each.
#   fuzz/run.sh 20                  # all targets, 20 s each
#   fuzz/run.sh 300 decimal_ops     # one target, 5 minutes
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# A crash fails the run and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz target $target FAILED (input saved under fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  grep -E '^Done [0-9]+ runs' "$log" || tail -n 3 "$log"
done
echo "fuzzed ${#targets[@]} targets for ${seconds}s each: no crash"
