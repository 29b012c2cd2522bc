"""Peer for core/tests/forward_peer.rs: runs PyPI saas-metrics `roi.gtm_cases` (case A).

Reads {"cases": [{"name", "inputs": {roi_*...}, "months", "cohorts": [[start_month, n_ae], ...]}]}
on stdin and prints, per case and month, ARR, revenue (ARR / 12), gross profit, cost, net and
cumulative, each float rounded half-even to the cent from its exact binary value, plus NPV and
annual IRR (saas-metrics' own functions).

gtm_cases models one cohort of n_ae hired in month 1. Several AEs hired over time are the sum of
shifted single-cohort runs: every series of case A is linear in n_ae (bookings, ARR recurrence,
cost, attrition and its backfills are all proportional to the cohort), so a cohort starting in plan
month s contributes the run of horizon `months - s` shifted by s months.
"""
import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal

from saas_metrics import roi

CENT = Decimal("0.01")


def cents(x: float) -> str:
    return str(Decimal(x).quantize(CENT, rounding=ROUND_HALF_EVEN))


def run(case):
    months = case["months"]
    cols = ("arr", "gross_profit", "cost", "net")
    total = {c: [0.0] * months for c in cols}
    for start, n in case["cohorts"]:
        inp = dict(case["inputs"], roi_n_ae=n)
        a = roi.gtm_cases(inp, months - start)["A"]
        for c in cols:
            for i, v in enumerate(a[c]):
                total[c][start + i] += v
    cum, rows = 0.0, []
    for m in range(months):
        cum += total["net"][m]
        rows.append({"arr": cents(total["arr"][m]), "revenue": cents(total["arr"][m] / 12),
                     "gross_profit": cents(total["gross_profit"][m]), "cost": cents(total["cost"][m]),
                     "net": cents(total["net"][m]), "cumulative": cents(cum)})
    neg = sum(1 for r in rows if Decimal(r["cumulative"]) < 0)
    irr = roi.irr_annual(total["net"])
    return {"name": case["name"], "rows": rows,
            "npv": cents(roi.npv(case["inputs"]["roi_discount"], total["net"])),
            "irr_annual": None if irr is None else repr(irr),
            "payback_month": neg + 1 if neg < months else None}


def main():
    request = json.load(sys.stdin)
    json.dump({"cases": [run(c) for c in request["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
