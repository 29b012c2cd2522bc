#!/usr/bin/env python3
"""The per-iteration spread of a criterion benchmark's samples.

On the project's shared 2-core VM another tenant's work on the same
physical core slows whole stretches of a run by about 1.6x (seen as two
clusters of samples), so criterion's estimate for one binary moves by tens
of percent from run to run. The samples keep the undisturbed figure: this
prints criterion's estimate next to the samples' minimum, 10th, 50th and
90th percentile time per iteration, so a reader can tell a slower build
from a busier host.

usage: benches/sample_spread.py DIR [DIR ...]
  DIR: a benchmark's criterion folder, e.g.
       $CARGO_TARGET_DIR/criterion/compensation/first_match_plan_1000_lines
       (criterion writes `target/criterion` under the current directory
       when its binary is run directly).
"""

import json
import sys
from pathlib import Path


def spread(folder: Path) -> str:
    new = folder / "new"
    samples = json.loads((new / "sample.json").read_text())
    estimates = json.loads((new / "estimates.json").read_text())
    # Criterion reports the slope in linear sampling, the mean in flat.
    estimate = (estimates.get("slope") or estimates["mean"])["point_estimate"]
    per_iteration = sorted(t / n for n, t in zip(samples["iters"], samples["times"]))
    count = len(per_iteration)

    def at(fraction: float) -> float:
        return per_iteration[min(count - 1, int(fraction * count))] / 1000

    name = json.loads((new / "benchmark.json").read_text())["full_id"]
    return (
        f"{name}: estimate {estimate / 1000:.1f} µs; {count} samples: "
        f"min {at(0):.1f}, p10 {at(0.1):.1f}, p50 {at(0.5):.1f}, "
        f"p90 {at(0.9):.1f} µs per iteration"
    )


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    for arg in sys.argv[1:]:
        try:
            print(spread(Path(arg)))
        except (OSError, KeyError, ValueError) as error:
            print(f"{arg}: not a criterion benchmark folder ({error})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
