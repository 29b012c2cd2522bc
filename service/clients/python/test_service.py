"""An independent Python client of salesphysics.v1.

Stubs are generated from proto/ at test time (grpcio-tools); the server's
address comes from SALESPHYSICS_ADDR (default 127.0.0.1:50051). Every RPC is
called; figures are checked against hand-worked values and errors are
decoded from the rich status (grpcio-status).

    python test_service.py            # unittest, then "N passed, N failed"
"""

import os
import sys
import tempfile
import unittest
from pathlib import Path

import grpc
from grpc_status import rpc_status
from grpc_tools import protoc
from google.rpc import error_details_pb2

ROOT = Path(__file__).resolve().parents[3]
PROTO = ROOT / "proto"
CLIENT_PROTO = ROOT / "service" / "clients" / "proto"
ADDR = os.environ.get("SALESPHYSICS_ADDR", "127.0.0.1:50051")


def generate_stubs():
    """Compiles the contract (and the health/reflection subsets) to Python."""
    out = Path(tempfile.mkdtemp(prefix="salesphysics-stubs-"))
    files = sorted(str(p.relative_to(PROTO)) for p in (PROTO / "salesphysics" / "v1").glob("*.proto"))
    files += ["clientsupport/health.proto", "clientsupport/reflection.proto"]
    include = protoc._get_resource_file_name("grpc_tools", "_proto")
    code = protoc.main(
        ["protoc", f"-I{PROTO}", f"-I{CLIENT_PROTO}", f"-I{include}",
         f"--python_out={out}", f"--grpc_python_out={out}", *files]
    )
    if code != 0:
        raise RuntimeError(f"protoc failed with {code}")
    sys.path.insert(0, str(out))


generate_stubs()

from salesphysics.v1 import (  # noqa: E402  (generated above)
    capacity_pb2, capacity_pb2_grpc, common_pb2, common_pb2_grpc, compensation_pb2,
    compensation_pb2_grpc, flow_pb2, flow_pb2_grpc, funnel_pb2, funnel_pb2_grpc, payout_pb2,
    payout_pb2_grpc, tiering_pb2, tiering_pb2_grpc,
)
from clientsupport import health_pb2, health_pb2_grpc  # noqa: E402
from clientsupport import reflection_pb2, reflection_pb2_grpc  # noqa: E402
from google.type import date_pb2, money_pb2  # noqa: E402
from google.protobuf import json_format  # noqa: E402

EXAMPLE = ROOT / "service" / "examples" / "compute_statement.json"


def usd(units, nanos=0):
    return money_pb2.Money(currency_code="USD", units=units, nanos=nanos)


def date(y, m, d):
    return date_pb2.Date(year=y, month=m, day=d)


def rejection(error):
    """(code, ErrorInfo reason, [field paths]) of a failed call."""
    status = rpc_status.from_call(error)
    reason, fields = None, []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
            assert info.domain == "salesphysics.dev", info.domain
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields = [v.field for v in bad.field_violations]
    return error.code(), reason, fields


def ten_percent_plan():
    """The core's documented example plan: 10 % of new MRR."""
    c = compensation_pb2
    return c.Plan(
        id=1, version=1, role=common_pb2.ROLE_ACCOUNT_EXECUTIVE,
        effective=common_pb2.Period(first=date(2026, 1, 1), last=date(2026, 12, 31)),
        currency_code="USD", on_target_earnings="120000", variable_share="0.5",
        components=[c.Component(
            id=10, weight="1",
            measure=c.Measure(kinds=[c.TRANSACTION_KIND_NEW], unit=c.MEASURE_UNIT_MRR),
            quota="10000", quota_period=c.QUOTA_PERIOD_MONTH,
            rate_table=c.RateTable(method=c.RATE_METHOD_GRADUATED,
                                   tiers=[c.RateTier(lower="0", rate="0.10")]),
            tier_basis=c.TIER_BASIS_PERIOD_TO_DATE, tier_axis=c.TIER_AXIS_AMOUNT)],
        rounding=c.RoundingPolicy(at=c.ROUND_AT_LINE, mode=common_pb2.ROUNDING_MODE_HALF_EVEN),
    )


def source(transaction_id=7):
    c = compensation_pb2
    return c.Source(transaction_id=transaction_id, date=date(2026, 1, 15),
                    kind=c.TRANSACTION_KIND_NEW, term_months=12,
                    account_tier=c.ACCOUNT_TIER_SMB, channel=common_pb2.CHANNEL_INBOUND)


def example_credit(participant=1, amount=usd(4800)):
    c = compensation_pb2
    return c.CreditLine(participant_id=participant, kind=c.CREDIT_KIND_REVENUE,
                        split_kind=c.SPLIT_KIND_REVENUE, credited_from=participant,
                        share="1", amount=amount, source=source())


def january(participant=1, amount=usd(4800)):
    """The core's example statement: a 50 % holdback released at go-live."""
    p = payout_pb2
    return p.ComputeStatementRequest(
        participant_id=participant,
        period=common_pb2.Period(first=date(2026, 1, 1), last=date(2026, 1, 31)),
        plan=ten_percent_plan(),
        policy=p.PayoutPolicy(holdbacks=[p.HoldbackRule(
            id=20, kinds=[compensation_pb2.TRANSACTION_KIND_NEW], share="0.5",
            condition=p.ReleaseCondition(kind=p.RELEASE_CONDITION_KIND_CUSTOMER_LIVE))]),
        credits=[example_credit(participant, amount)],
        fx_date=date(2026, 1, 31),
    )


class SalesphysicsV1(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel = grpc.insecure_channel(ADDR)
        grpc.channel_ready_future(cls.channel).result(timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def test_reflection_lists_every_service(self):
        stub = reflection_pb2_grpc.ServerReflectionStub(self.channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        response = next(stub.ServerReflectionInfo(iter([request])))
        names = {s.name for s in response.list_services_response.service}
        for name in ["EngineService", "TieringService", "FunnelService", "CapacityService",
                     "CompensationService", "PayoutService", "FlowService"]:
            self.assertIn(f"salesphysics.v1.{name}", names)
        self.assertIn("grpc.health.v1.Health", names)

    def test_health_is_serving(self):
        stub = health_pb2_grpc.HealthStub(self.channel)
        for service in ["", "salesphysics.v1.PayoutService"]:
            response = stub.Check(health_pb2.HealthCheckRequest(service=service))
            self.assertEqual(response.status, health_pb2.HealthCheckResponse.SERVING)

    def test_engine_info(self):
        info = common_pb2_grpc.EngineServiceStub(self.channel).GetEngineInfo(
            common_pb2.GetEngineInfoRequest())
        self.assertRegex(info.engine_version, r"^\d+\.\d+\.\d+")

    def test_classify_accounts_with_the_default_policy(self):
        t = tiering_pb2
        stub = tiering_pb2_grpc.TieringServiceStub(self.channel)
        response = stub.ClassifyAccounts(t.ClassifyAccountsRequest(accounts=[
            t.Account(id=1, first_year_value=usd(150000)),
            t.Account(id=3, first_year_value=usd(8000), decision_makers=4,
                      technical_integration=True),
        ]))
        first, second = response.outcomes
        # 150,000 ≥ 100,000: Enterprise by value; 100,000 ÷ 150,000 = 0.6667.
        self.assertEqual(first.classification.motion, t.MOTION_FIELD_SALES)
        self.assertEqual(first.cost_alignment.cost_ratio, "0.6667")
        # 8,000 with 4 decision makers and an integration: Enterprise by
        # complexity, misaligned; inside sales is the cheaper aligned motion.
        self.assertTrue(second.cost_alignment.misaligned)
        self.assertEqual(second.cost_alignment.cheaper_motion, t.MOTION_INSIDE_SALES)
        self.assertEqual(len(response.input_fingerprint), 64)

    def test_a_negative_value_names_the_field(self):
        t = tiering_pb2
        stub = tiering_pb2_grpc.TieringServiceStub(self.channel)
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ClassifyAccounts(t.ClassifyAccountsRequest(accounts=[
                t.Account(id=1, first_year_value=usd(10)),
                t.Account(id=2, first_year_value=usd(-5, -500000000)),
            ]))
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_NEGATIVE",
                          ["accounts[1].first_year_value"]))

    def test_funnel(self):
        f = funnel_pb2
        stub = funnel_pb2_grpc.FunnelServiceStub(self.channel)
        plan = stub.PlanRevenueGoal(f.PlanRevenueGoalRequest(goal=f.RevenueGoal(
            meaning=f.GOAL_MEANING_RECOGNIZED_REVENUE, amount=usd(780000),
            basis=f.RevenueBasis(horizon_months=12, billing=f.BILLING_FROM_BOOKING_MONTH))))
        # The rule of 78: 780,000 ÷ 78 = 10,000 of new MRR a month.
        self.assertEqual(plan.plan.new_mrr_per_month, usd(10000))

        model = f.FunnelModel(
            currency_code="USD", stages=[f.STAGE_SQL, f.STAGE_COMMIT],
            channels=[common_pb2.CHANNEL_INBOUND],
            segments=[f.SegmentFunnel(mrr_per_deal=usd(500), mrr_share="1", channels=[
                f.ChannelFunnel(share="1", steps=[f.Step(conversion_rate="0.25", lag_months="1")])])])
        reverse = stub.ComputeReverseFunnel(
            f.ComputeReverseFunnelRequest(model=model, new_mrr=[usd(10000)] * 12))
        self.assertEqual(reverse.whole_units[0], 80)  # 20 wins ÷ 25 %

        forward = stub.ProjectForward(
            f.ProjectForwardRequest(model=model, horizon_months=12, entering=["80"] * 13))
        self.assertEqual(forward.bookings[1].new_mrr, usd(10000))

        bridge = stub.ComputeMrrBridge(f.ComputeMrrBridgeRequest(
            input=f.BridgeInput(starting_mrr=usd(10000), starting_logos="100",
                                expansion_rate="0.02", contraction_rate="0.01",
                                revenue_churn_rate="0.03", logo_churn_rate="0.02"),
            bookings=[f.Bookings(new_logos="5", new_mrr=usd(2500))]))
        self.assertEqual(bridge.months[0].ending_mrr, usd(12300))

        economics = stub.ComputeUnitEconomics(f.ComputeUnitEconomicsRequest(
            payback=f.PaybackInput(cac=usd(6000), mrr_per_customer=usd(500), gross_margin="0.8")))
        self.assertEqual(economics.payback_months, "15")  # 6,000 ÷ (500 × 0.8)

        wip = stub.ComputeWorkInProgress(
            f.ComputeWorkInProgressRequest(arrivals_per_month="40", months_in_stage="1.5"))
        self.assertEqual(wip.wip, "60")

        sla = stub.EvaluateLeadSla(f.EvaluateLeadSlaRequest(
            lead=f.LeadTimeline(stage=f.STAGE_MQL, assigned_at=1000),
            rules=[f.SlaRule(stage=f.STAGE_MQL, **{"from": f.MILESTONE_ASSIGNED},
                             until=f.MILESTONE_WORKED, within_seconds=3600,
                             action=f.SLA_ACTION_REASSIGN)],
            now=5000))
        self.assertEqual((sla.state, sla.due_at), (f.SLA_STATE_DUE, 4600))

        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeUnitEconomics(f.ComputeUnitEconomicsRequest(
                lifetime_value=f.LifetimeValueInput(arpa=usd(500), gross_margin="1.5",
                                                    monthly_churn="0.02")))
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_OUT_OF_RANGE",
                          ["lifetime_value.gross_margin"]))

    def test_capacity(self):
        c = capacity_pb2
        stub = capacity_pb2_grpc.CapacityServiceStub(self.channel)
        response = stub.PlanCapacity(c.PlanCapacityRequest(
            currency_code="USD", months=6, segments=1,
            roles=[c.RolePlan(
                role=common_pb2.ROLE_ACCOUNT_EXECUTIVE,
                driver=c.Driver(kind=c.DRIVER_KIND_WORKLOAD, flow_per_fte="10"),
                ramp=c.Ramp(kind=c.RAMP_KIND_LINEAR, months=4),
                monthly_cost=usd(10000))],
            workload=[c.Workload(flow="40")] * 6))
        # 4 hires in month 0, ramping 1, 2, 3, 4 FTE; 40,000 a month.
        self.assertEqual([cell.hires for cell in response.cells], [4, 0, 0, 0, 0, 0])
        self.assertEqual([cell.effective_fte for cell in response.cells],
                         ["1", "2", "3", "4", "4", "4"])
        self.assertEqual(response.costs[0].total, usd(40000))

    def test_forward_plan_and_coverage(self):
        c = capacity_pb2
        stub = capacity_pb2_grpc.CapacityServiceStub(self.channel)
        # One fully ramped AE (120,000 ARR quota a year) for 3 months at
        # 10,000 a month: 10,000 ARR booked a month; month 2 ends at 30,000
        # ARR, revenue 2,500, net -7,500; cumulative -25,000.
        plan = c.PlanForwardRequest(
            currency_code="USD", year=2026, first_month=1, months=3,
            lines=[c.ForwardLine(
                role=common_pb2.ROLE_ACCOUNT_EXECUTIVE,
                ramp=c.Ramp(kind=c.RAMP_KIND_LINEAR, months=3),
                starting_staff=[c.Tenured(count="1", tenure_months=12)],
                annual_quota=usd(120000), attainment="1",
                cost=c.CostTerms(monthly_cost=usd(10000)))],
            revenue=c.RevenueTerms(annual_nrr="1", gross_margin="1"))
        forward = stub.PlanForward(plan)
        self.assertEqual(forward.months[2].arr, usd(30000))
        self.assertEqual(forward.months[2].net, usd(-7500))
        self.assertEqual(forward.months[2].cumulative, usd(-25000))
        self.assertFalse(forward.summary.HasField("payback_month"))
        self.assertEqual(len(forward.input_fingerprint), 64)
        plan.lines[0].hires.add(month=1, day=31, count="1")  # 31 February
        with self.assertRaises(grpc.RpcError) as caught:
            stub.PlanForward(plan)
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_INVALID_DATE",
                          ["lines[0].hires[0].day"]))

        # 300 accounts: CSMs hold 40 each, so 7.5 books, 8 AMs and 8 CSMs.
        coverage = c.PlanCoverageRequest(
            accounts="300", mrr=usd(600000), target_nrr="1.1", expected_churn="0.08",
            commercial_owner=common_pb2.ROLE_ACCOUNT_MANAGER,
            commercial=c.BookLimit(max_accounts="50", max_mrr=usd(100000)),
            csm=c.BookLimit(max_accounts="40", max_mrr=usd(150000)), csm_per_book="1")
        books = stub.PlanCoverage(coverage)
        self.assertEqual((books.books, books.commercial_headcount, books.csm_headcount),
                         ("7.5", 8, 8))
        self.assertEqual(books.binding, c.COVERAGE_BINDING_CSM_ACCOUNTS)
        self.assertEqual(books.expansion_mrr_to_sell, usd(108000))
        coverage.csm.max_accounts = "0"
        with self.assertRaises(grpc.RpcError) as caught:
            stub.PlanCoverage(coverage)
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_NOT_POSITIVE",
                          ["csm.max_accounts"]))

    def test_nrr_goal(self):
        f = funnel_pb2
        stub = funnel_pb2_grpc.FunnelServiceStub(self.channel)
        goal = f.NrrGoal(meaning=f.GOAL_MEANING_RECOGNIZED_REVENUE, amount=usd(641000),
                         horizon_months=3, billing=f.BILLING_FROM_BOOKING_MONTH,
                         retention=f.NetRetention(monthly_churn="0.05",
                                                  monthly_expansion="0.15"))
        # q = 1.1: C = 1 + 2.1 + 3.31 = 6.41; 641,000 / 6.41 = 100,000.
        response = stub.PlanNrrGoal(f.PlanNrrGoalRequest(goal=goal))
        self.assertEqual(response.plan.compounded_months, "6.41")
        self.assertEqual(response.plan.new_mrr_per_month, usd(100000))
        goal.retention.monthly_churn = "1"
        with self.assertRaises(grpc.RpcError) as caught:
            stub.PlanNrrGoal(f.PlanNrrGoalRequest(goal=goal))
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_OUT_OF_RANGE",
                          ["goal.retention.monthly_churn"]))

    def test_flow(self):
        fl = flow_pb2
        stub = flow_pb2_grpc.FlowServiceStub(self.channel)
        # Two leads on day 0, one rep working one a day: lead times 0 and 1.
        request = fl.SimulateFlowRequest(
            arrivals=[2, 0, 0], reps=1, work_per_rep_per_day=1,
            release=fl.Release(kind=fl.RELEASE_KIND_FREE), stage=funnel_pb2.STAGE_LEAD,
            conversion=fl.ConversionCurve(initial="1", daily_retention="1"), seed=7)
        response = stub.SimulateFlow(request)
        self.assertEqual([d.worked for d in response.days], [1, 1, 0])
        self.assertEqual(response.days[0].wip, 1)
        self.assertEqual(response.weeks[0].lead_time.max, 1)
        self.assertEqual(response.summary.total.converted, 2)
        request.release.kind = fl.RELEASE_KIND_CAPPED
        with self.assertRaises(grpc.RpcError) as caught:
            stub.SimulateFlow(request)
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_NOT_POSITIVE",
                          ["release.wip_per_rep"]))

    def test_compensation(self):
        c = compensation_pb2
        stub = compensation_pb2_grpc.CompensationServiceStub(self.channel)
        credited = stub.CreditTransactions(c.CreditTransactionsRequest(
            transactions=[c.Transaction(source=source(), amount=usd(1000), splits=[
                c.Split(participant_id=1, kind=c.SPLIT_KIND_REVENUE, share="0.6"),
                c.Split(participant_id=2, kind=c.SPLIT_KIND_REVENUE, share="0.4")])],
            hierarchy=[c.ReportingLine(participant_id=1, manager_id=9, effective=common_pb2.Period(
                first=date(2026, 1, 1), last=date(2026, 12, 31)))]))
        self.assertEqual([(x.participant_id, x.amount.units) for x in credited.credits],
                         [(1, 600), (9, 600), (2, 400)])

        earnings = stub.ComputeEarnings(c.ComputeEarningsRequest(
            plan=ten_percent_plan(), participant_id=1, credits=[example_credit()],
            through=date(2026, 1, 31)))
        self.assertEqual(earnings.summary.total, usd(480))
        line = earnings.lines[0]
        self.assertEqual((line.rule_id, line.tier, line.credit, line.rate), (10, 0, "4800", "0.1"))

        # What-if (Spiff's published marginal example): 145,000 booked in
        # May at 4 % to 150,000 and 6 % beyond; a 20,000 deal adds
        # 5,000 × 4 % + 15,000 × 6 % = 1,100, reaching tier 1, attainment
        # 0.58 → 0.66 of a 250,000 quota.
        plan = ten_percent_plan()
        plan.components[0].quota = "250000"
        del plan.components[0].rate_table.tiers[:]
        plan.components[0].rate_table.tiers.extend([
            c.RateTier(lower="0", upper="150000", rate="0.04"),
            c.RateTier(lower="150000", rate="0.06")])
        booked = example_credit(amount=usd(145000))
        booked.source.date.CopyFrom(date(2026, 5, 5))
        deal = c.Transaction(source=source(8), amount=usd(20000), splits=[
            c.Split(participant_id=1, kind=c.SPLIT_KIND_REVENUE, share="1")])
        deal.source.date.CopyFrom(date(2026, 5, 20))
        request = c.EstimateEarningsRequest(plan=plan, participant_id=1, credits=[booked],
                                            hypothetical=[deal], through=date(2026, 5, 31))
        estimate = stub.EstimateEarnings(request).estimate
        self.assertEqual((estimate.earned_before, estimate.incremental), (usd(5800), usd(1100)))
        self.assertEqual([(x.tier_reached, x.attainment_before, x.attainment_after)
                          for x in estimate.components], [(1, "0.58", "0.66")])
        request.hypothetical[0].source.transaction_id = 7
        with self.assertRaises(grpc.RpcError) as caught:
            stub.EstimateEarnings(request)
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_INVALID",
                          ["hypothetical[0].source.transaction_id"]))

    def test_payout_statement_batch_and_stream(self):
        p = payout_pb2
        stub = payout_pb2_grpc.PayoutServiceStub(self.channel)
        jan = stub.ComputeStatement(january())
        # 4,800 × 10 % = 480.00 earned, half held: 240.00 paid.
        self.assertEqual(jan.statement.net, usd(240))
        self.assertEqual([l.kind for l in jan.lines],
                         [p.PAYOUT_LINE_KIND_EARNINGS, p.PAYOUT_LINE_KIND_HOLD])
        explanation = jan.earnings_lines[jan.lines[0].earnings]
        self.assertEqual((explanation.rate, explanation.tier), ("0.1", 0))

        feb_request = january()
        feb_request.period.CopyFrom(common_pb2.Period(first=date(2026, 2, 1), last=date(2026, 2, 28)))
        feb_request.fx_date.CopyFrom(date(2026, 2, 28))
        feb_request.events.append(p.PayoutEvent(transaction_id=7, kind=p.EVENT_KIND_CUSTOMER_LIVE,
                                                date=date(2026, 2, 10), level="1"))
        feb_request.state.CopyFrom(jan.state)
        feb = stub.ComputeStatement(feb_request)
        self.assertEqual(feb.statement.totals.released, usd(240))

        requests = [january(), january(2, usd(1234, 560000000))]
        batch = stub.BatchComputeStatements(p.BatchComputeStatementsRequest(statements=requests))
        # 1,234.56 × 10 % = 123.456 → 123.46 (half-even).
        self.assertEqual(batch.statements[1].statement.totals.earned, usd(123, 460000000))
        streamed = [r.statement for r in stub.StreamStatements(
            iter([p.StreamStatementsRequest(statement=s) for s in requests]))]
        self.assertEqual(streamed, list(batch.statements))
        # Same request, same bytes.
        self.assertEqual(stub.ComputeStatement(january()).SerializeToString(),
                         jan.SerializeToString())

        # The documented example (docs/api.md) is this very request.
        documented = json_format.Parse(EXAMPLE.read_text(), p.ComputeStatementRequest())
        self.assertEqual(documented, january())

        bad = january(2)
        bad.credits[0].share = "half"
        with self.assertRaises(grpc.RpcError) as caught:
            stub.BatchComputeStatements(p.BatchComputeStatementsRequest(statements=[january(), bad]))
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_PARSE",
                          ["statements[1].credits[0].share"]))

    def test_fiscal_calendar_and_fx_policy(self):
        c, p = compensation_pb2, payout_pb2
        # NRF 4-5-4 fiscal 2024 (4 Feb 2024 - 1 Feb 2025), quarterly
        # period-to-date tiers, 10 % to 100,000 and 20 % above: 80,000 on
        # 3 May earns 8,000; 40,000 on 4 May (Q1's last day) 2,000 + 4,000;
        # 50,000 on 5 May opens Q2, so the tier restarts: 5,000. 19,000.
        plan = ten_percent_plan()
        plan.calendar.CopyFrom(c.FiscalCalendar(start_month=2, weeks=c.Weeks(
            pattern=c.WEEK_PATTERN_FOUR_FIVE_FOUR, ends_on=c.WEEKDAY_SATURDAY,
            year_end=c.YEAR_END_NEAREST_MONTH_END)))
        plan.effective.CopyFrom(common_pb2.Period(first=date(2024, 2, 4), last=date(2025, 2, 1)))
        component = plan.components[0]
        component.quota = "100000"
        component.quota_period = c.QUOTA_PERIOD_QUARTER
        del component.rate_table.tiers[:]
        component.rate_table.tiers.extend([
            c.RateTier(lower="0", upper="100000", rate="0.1"),
            c.RateTier(lower="100000", rate="0.2")])
        credits = []
        for deal, (day, units) in enumerate([(3, 80000), (4, 40000), (5, 50000)], start=1):
            credit = example_credit(amount=usd(units))
            credit.source.transaction_id = deal
            credit.source.date.CopyFrom(date(2024, 5, day))
            credits.append(credit)
        stub = compensation_pb2_grpc.CompensationServiceStub(self.channel)
        request = c.ComputeEarningsRequest(plan=plan, participant_id=1, credits=credits,
                                           through=date(2025, 2, 1))
        self.assertEqual(stub.ComputeEarnings(request).summary.total, usd(19000))
        request.plan.calendar.start_month = 13
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeEarnings(request)
        self.assertEqual(rejection(caught.exception),
                         (grpc.StatusCode.INVALID_ARGUMENT, "SALESPHYSICS_OUT_OF_RANGE",
                          ["plan.calendar.start_month"]))

        # EUR 1,000.05 at 1.0850, 10 %: converted then rated (the default)
        # 1,085.05 x 10 % = 108.505 -> 108.50; rated then converted
        # 108.5054250 -> 108.51.
        statement = january()
        del statement.policy.holdbacks[:]
        statement.credits[0].amount.CopyFrom(money_pb2.Money(
            currency_code="EUR", units=1000, nanos=50000000))
        statement.fx.append(p.DatedFxRate(
            rate=common_pb2.FxRate(from_currency_code="EUR", to_currency_code="USD",
                                   rate="1.0850"),
            as_of=date(2026, 1, 1)))
        pay = payout_pb2_grpc.PayoutServiceStub(self.channel)
        self.assertEqual(pay.ComputeStatement(statement).statement.net, usd(108, 500000000))
        statement.policy.fx.CopyFrom(p.FxPolicy(rate_date=p.FX_RATE_DATE_POSTING_DATE,
                                                order=p.FX_ORDER_RATE_THEN_CONVERT))
        self.assertEqual(pay.ComputeStatement(statement).statement.net, usd(108, 510000000))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"python: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.testsRun else 0)
