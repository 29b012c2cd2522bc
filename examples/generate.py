#!/usr/bin/env python3
"""Generates the example organization's synthetic CRM data.

Python 3.11 standard library only; seeded, so the same command always writes
the same bytes (the expected outputs in cli/tests/expected/ depend on it):

    python3 examples/generate.py                  # examples/org/{accounts,deals,events}.csv, capacity.toml, flow.toml
    python3 examples/generate.py --bench DIR      # 1,000,000 deals, 10,000 reps

What it writes (all USD, calendar year 2026):

* accounts.csv  - 40 accounts for `salesphysics tier`: first-year value,
                  employees, decision makers, integration and security needs.
* deals.csv     - a year of CRM opportunity rows for `earnings`/`statement`:
                  inbound and outbound SMB deals (inside-sales AEs), enterprise
                  deals (field AEs), expansion/contraction/churn on the book
                  (AM with the CSM as overlay: the mirrored NRR incentive),
                  customer go-lives (CSM onboarding), SQLs accepted (MDR for
                  inbound, SDR for outbound) and leads accepted by sales (the
                  lead-gen manager), weekly activity rows with a quantity.
* events.csv    - deal events: each new deal's go-live (releases the AE's
                  holdback) and the churn of a few young deals (claws back).
* capacity.toml - the hiring model: roles, PODs, the SDR:AE ratio rule and
                  the workload table, month x segment x role.
* flow.toml     - the lead-flow model for `salesphysics flow`: the
                  process-engineering seed's scenario, a year of arrivals.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

SEED = 2026
YEAR = 2026

# Participants (ids as in examples/org/comp.toml).
LEAD_GEN = 100
MDRS = [110, 111]
SDRS = [120, 121]
AES = [130, 131, 132, 133]
FIELD_AES = [140, 141]
CSM = 150
AM = 160

HEADER = "id,close_date,amount,currency,term,type,owner,splits,tier,channel,quantity,product\n"


def day(rng, month):
    """A random business-ish day of `month` (1st-28th)."""
    return dt.date(YEAR, month, rng.randint(1, 28))


def row(i, date, amount, kind, owner, splits="", tier="", channel="", quantity="", term="", product=""):
    return f"{i},{date.isoformat()},{amount},USD,{term},{kind},{owner},{splits},{tier},{channel},{quantity},{product}\n"


def org(out: Path):
    rng = random.Random(SEED)
    deals, events = [], []
    next_id = 1000
    booked = []  # (id, date, mrr, owner) of new deals, for go-lives and churn

    def new_id():
        nonlocal next_id
        next_id += 1
        return next_id

    for month in range(1, 13):
        # Inbound and outbound SMB: inside-sales AEs, 12-month terms.
        for channel, count in (("inbound", 8), ("outbound", 5)):
            for _ in range(count):
                i, date = new_id(), day(rng, month)
                mrr = rng.randrange(500, 2550, 50)
                owner = rng.choice(AES)
                splits = ""
                if rng.random() < 0.15:  # a shared deal: half each
                    other = rng.choice([a for a in AES if a != owner])
                    splits = f"{owner}:0.5;{other}:0.5"
                deals.append((date, row(i, date, f"{mrr}.00", "new", owner, splits, "smb", channel, term=12, product="Team")))
                booked.append((i, date, mrr, owner))
        # Enterprise: field AEs, multi-year terms.
        i, date = new_id(), day(rng, month)
        mrr = rng.randrange(8000, 20500, 500)
        owner = FIELD_AES[month % 2]
        deals.append((date, row(i, date, f"{mrr}.00", "new", owner, "", "enterprise", "outbound", term=rng.choice([12, 24, 36]), product="Enterprise")))
        booked.append((i, date, mrr, owner))
        # The book: expansion, contraction, churn; AM revenue, CSM overlay.
        for _ in range(3):
            i, date = new_id(), day(rng, month)
            mrr = rng.randrange(200, 1550, 50)
            deals.append((date, row(i, date, f"{mrr}.00", "expansion", AM, f"{AM}:1;{CSM}:1:overlay", "smb", "expansion", term=12, product="Seats")))
        if month % 2 == 0:
            i, date = new_id(), day(rng, month)
            mrr = rng.randrange(100, 550, 50)
            deals.append((date, row(i, date, f"-{mrr}.00", "contraction", AM, f"{AM}:1;{CSM}:1:overlay", "smb", "expansion", term=12, product="Seats")))
        i, date = new_id(), day(rng, month)
        mrr = rng.randrange(300, 1250, 50)
        deals.append((date, row(i, date, f"-{mrr}.00", "churn", AM, f"{AM}:1;{CSM}:1:overlay", "smb", "expansion", product="Team")))
        # Weekly activity: SQLs accepted (inbound by MDRs, outbound by SDRs),
        # leads accepted by sales (the lead-gen manager).
        for week in range(4):
            date = dt.date(YEAR, month, 1 + 7 * week)
            for mdr in MDRS:
                deals.append((date, row(new_id(), date, "0", "sql_accepted", mdr, channel="inbound", quantity=rng.randint(3, 7))))
            for sdr in SDRS:
                deals.append((date, row(new_id(), date, "0", "sql_accepted", sdr, channel="outbound", quantity=rng.randint(2, 5))))
            deals.append((date, row(new_id(), date, "0", "lead_accepted", LEAD_GEN, channel="inbound", quantity=rng.randint(20, 40))))

    # Go-lives 10-45 days after booking: release the AE's hold (events.csv)
    # and count for the CSM's onboarding (a customer_live row).
    for i, date, _mrr, _owner in booked:
        live = date + dt.timedelta(days=rng.randint(10, 45))
        if live.year != YEAR:
            continue
        events.append((live, f"{i},customer_live,{live.isoformat()},1\n"))
        deals.append((live, row(new_id(), live, "0", "customer_live", CSM, tier="smb")))
    # One young deal in ten churns within 90 days: the AE's clawback.
    for i, date, _mrr, _owner in booked:
        if rng.random() < 0.1:
            gone = date + dt.timedelta(days=rng.randint(50, 85))
            if gone.year == YEAR:
                events.append((gone, f"{i},churn,{gone.isoformat()},1\n"))

    deals.sort(key=lambda d: d[0])
    events.sort(key=lambda e: e[0])
    (out / "deals.csv").write_text(HEADER + "".join(r for _, r in deals))
    (out / "events.csv").write_text("deal_id,event,date,level\n" + "".join(r for _, r in events))
    accounts(out, rng)
    capacity(out)
    flow(out)


def accounts(out: Path, rng):
    lines = ["id,first_year_value,currency,employees,decision_makers,technical_integration,security_review,region,vertical\n"]
    for i in range(1, 41):
        size = rng.choice(["vsb", "vsb", "smb", "smb", "smb", "ent"])
        if size == "vsb":
            value, employees, makers = rng.randrange(300, 5000, 100), rng.randint(1, 10), 1
        elif size == "smb":
            value, employees, makers = rng.randrange(5000, 100000, 500), rng.randint(10, 300), rng.randint(1, 3)
        else:
            value, employees, makers = rng.randrange(60000, 400000, 5000), rng.randint(300, 5000), rng.randint(2, 6)
        integration = "true" if size == "ent" or rng.random() < 0.2 else "false"
        security = "true" if size == "ent" else "false"
        lines.append(f"{i},{value}.00,USD,{employees},{makers},{integration},{security},{rng.randint(0, 2)},{rng.randint(0, 4)}\n")
    (out / "accounts.csv").write_text("".join(lines))


# Segments: 0 inbound SMB, 1 outbound SMB, 2 enterprise. Roles, in the order
# of CAPACITY below: AE, field AE, MDR, SDR, CSM.
def capacity(out: Path):
    cells = []
    live = 40  # accounts on the CSMs' books at the start
    for m in range(12):
        inbound_sqls = 40 + 4 * m            # SQLs for inside-sales AEs
        outbound_sqls = 20 + 3 * m
        inbound_companies = 6 * inbound_sqls  # MQL companies the MDRs qualify
        outbound_companies = 266 + 20 * m     # target companies the SDRs work
        enterprise_opps = 6 + m // 2
        wins = (inbound_sqls + outbound_sqls) // 4 + enterprise_opps // 3
        live += wins
        table = [
            # AE, field AE, MDR, SDR, CSM: (flow a month, stock held)
            [(inbound_sqls, 0), (0, 0), (inbound_companies, 0), (0, 0), (wins * 2 // 3, live * 2 // 3)],
            [(outbound_sqls, 0), (0, 0), (0, 0), (outbound_companies, 0), (wins // 3, live // 3)],
            [(0, 0), (enterprise_opps, 0), (0, 0), (0, 0), (enterprise_opps // 3, 8 + m)],
        ]
        cells.append(f"  # month {m + 1}\n")
        for segment in table:
            cells.append("  " + " ".join(f'{{ flow = "{f}", stock = "{s}" }},' for f, s in segment) + "\n")
    (out / "capacity.toml").write_text(CAPACITY.replace("WORKLOAD", "".join(cells)))


CAPACITY = """\
# The example org's hiring model for `salesphysics capacity`.
# Written by examples/generate.py (edit the script, not this file).
#
# Segments: 0 inbound SMB, 1 outbound SMB, 2 enterprise.
# Roles: 0 AE, 1 field AE, 2 MDR, 3 SDR, 4 CSM.
# Capacities from the seed material: an inbound SDR/MDR handles about 400
# contacts, at 3 contacts a company about 133 companies a month; one
# outbound SDR per 2-3 AEs (the ratio rule below flags months outside
# 0.33-0.5); AEs come up through MDR -> SDR -> AE in 3-month steps, so an AE
# requisition is opened 3 months ahead.

# New MRR a month from the funnel goal ($2M / 78), for cost ratios.
new_mrr = [
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
  { amount = "25641.03", currency = "USD" }, { amount = "25641.03", currency = "USD" },
]

[input]
currency = "USD"
months = 12
segments = 3
# Per (segment, role): inbound 2 AEs + 1 MDR + 1 CSM; outbound 2 AEs + 1 SDR;
# enterprise 1 field AE + 1 CSM.
starting_headcount = [2, 0, 1, 0, 1,  2, 0, 0, 1, 0,  0, 1, 0, 0, 1]
workload = [
WORKLOAD]

[[input.roles]]
role = "account_executive"
driver = { workload = { flow_per_fte = "25" } }   # SQLs worked a month
ramp = { linear = { months = 3 } }
annual_attrition = "0.2"
hiring_lead_months = 3                             # promoted from SDR
monthly_cost = { amount = "11000", currency = "USD" }

[[input.roles]]
role = "field_account_executive"
driver = { workload = { flow_per_fte = "4" } }    # enterprise opportunities
ramp = { linear = { months = 6 } }
annual_attrition = "0.15"
hiring_lead_months = 3
monthly_cost = { amount = "21000", currency = "USD" }

[[input.roles]]
role = "market_development_rep"
driver = { workload = { flow_per_fte = "133" } }  # 400 contacts = 133 companies
ramp = { linear = { months = 1 } }
annual_attrition = "0.3"
hiring_lead_months = 1
monthly_cost = { amount = "5500", currency = "USD" }

[[input.roles]]
role = "sales_development_rep"
driver = { workload = { flow_per_fte = "133" } }  # 400 contacts = 133 companies
ramp = { linear = { months = 2 } }
annual_attrition = "0.3"
hiring_lead_months = 1
monthly_cost = { amount = "6500", currency = "USD" }

[[input.roles]]
role = "customer_success_manager"
driver = { workload = { flow_per_fte = "10", stock_per_fte = "60" } }  # onboardings, accounts held
ramp = { linear = { months = 2 } }
annual_attrition = "0.15"
hiring_lead_months = 2
monthly_cost = { amount = "8000", currency = "USD" }

# One POD design per segment: the unit a team is hired in.
[[pods]]
kind = "inbound"
seats = [{ role = 0, fte = "2" }, { role = 2, fte = "1" }, { role = 4, fte = "0.5" }]

[[pods]]
kind = "outbound"
seats = [{ role = 0, fte = "2.5" }, { role = 3, fte = "1" }]

[[pods]]
kind = "enterprise"
seats = [{ role = 1, fte = "1" }, { role = 4, fte = "0.5" }]

# One outbound SDR per 2-3 AEs: SDR FTE per AE FTE within [0.33, 0.5].
[[ratios]]
segment = 1
role = 3
per_role = 0
min = "0.33"
max = "0.5"
"""


def flow(out: Path):
    """The seed's scenario: 12 leads a day for a year (no randomness)."""
    days = [12] * 365
    lines = "".join(
        "  " + ", ".join(str(n) for n in days[week : week + 7]) + ",\n" for week in range(0, len(days), 7)
    )
    (out / "flow.toml").write_text(FLOW.replace("ARRIVALS", lines))


FLOW = """\
# The example org's lead flow for `salesphysics flow`: the process-
# engineering seed's scenario (docs/flow.md, core/tests/flow.rs).
# Written by examples/generate.py (edit the script, not this file).
#
# "WIP will tend towards infinity unless checked. And inflating WIP means
# inflating lead-times." 12 inbound leads a day arrive at 5 MDRs who work 2
# a day each: 20 % more than capacity. HubSpot's answer in the seed's thread
# is the expiry rule below (not worked within 24 hours: re-assigned); the
# seed's is to choke release: at most 2 leads per rep (a day's work), and
# leads that have waited 2 days unreleased go to the nurture queue.
# `salesphysics flow --chart` draws this run against the same scenario
# released freely.

reps = 5
work_per_rep_per_day = 2
release = { capped = { wip_per_rep = 2 } }
queue_expiry_days = 2
stage = "mql"
seed = 2026

# Conversion by age: 25 % if worked the day the lead arrives, 70 % of that
# kept per day of waiting, never below 2 % (lead-response decay).
conversion = { initial = "0.25", daily_retention = "0.7", floor = "0.02" }

# Leads arriving each day, a week a line.
arrivals = [
ARRIVALS]

# Not worked within 24 hours of assignment: back to the queue's front.
[[sla_rules]]
stage = "mql"
from = "assigned"
until = "worked"
within_seconds = 86400
action = "reassign"
"""


def bench(out: Path, lines=1_000_000, reps=10_000):
    """A 1,000,000-line export for 10,000 AEs on one plan, one month."""
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "deals.csv").open("w") as f:
        f.write(HEADER)
        for i in range(1, lines + 1):
            date = dt.date(YEAR, 1, rng.randint(1, 31))
            f.write(row(i, date, f"{rng.randrange(100, 5000, 10)}.00", "new", 10_000 + i % reps, "", "smb", "inbound", term=12))
    people = "".join(
        f'[[participants]]\nid = {10_000 + r}\nname = "Rep {r}"\nplan = 3\npolicy = "ae"\n\n' for r in range(reps)
    )
    comp = (Path(__file__).parent / "org" / "comp.toml").read_text()
    head = comp.split("[[participants]]", 1)[0]
    (out / "comp.toml").write_text(head + people)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, help="write the 1,000,000-line benchmark export here instead")
    args = parser.parse_args()
    if args.bench:
        bench(args.bench)
    else:
        org(Path(__file__).parent / "org")


if __name__ == "__main__":
    main()
