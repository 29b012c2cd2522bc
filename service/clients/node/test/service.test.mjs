// An independent Node client of salesphysics.v1: stubs loaded from proto/
// at test time (@grpc/proto-loader), the server's address from
// SALESPHYSICS_ADDR (default 127.0.0.1:50051). Every RPC is called, figures
// are checked against hand-worked values and rich errors are decoded from
// the grpc-status-details-bin trailer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../../..');
const PROTO = path.join(ROOT, 'proto');
const CLIENT_PROTO = path.join(ROOT, 'service/clients/proto');
const ADDR = process.env.SALESPHYSICS_ADDR ?? '127.0.0.1:50051';

const definition = protoLoader.loadSync(
  ['common', 'tiering', 'funnel', 'capacity', 'compensation', 'payout', 'flow']
    .map((name) => `salesphysics/v1/${name}.proto`)
    .concat(['clientsupport/health.proto', 'clientsupport/reflection.proto']),
  { includeDirs: [PROTO, CLIENT_PROTO], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
);
const loaded = grpc.loadPackageDefinition(definition);
const v1 = loaded.salesphysics.v1;

// google.rpc.Status and its details, to decode rich errors.
const rpc = new protobuf.Root();
rpc.resolvePath = (_origin, target) => path.join(PROTO, target);
rpc.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
const Status = rpc.lookupType('google.rpc.Status');

function rejection(error) {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  const status = Status.decode(bytes);
  let reason;
  let fields = [];
  for (const detail of status.details) {
    const name = detail.type_url.split('/').pop();
    const message = rpc.lookupType(name).decode(detail.value);
    if (name === 'google.rpc.ErrorInfo') {
      reason = message.reason;
      assert.equal(message.domain, 'salesphysics.dev');
    } else if (name === 'google.rpc.BadRequest') {
      fields = message.field_violations.map((v) => v.field);
    }
  }
  return { code: error.code, reason, fields };
}

const clients = {};
before(async () => {
  for (const service of ['EngineService', 'TieringService', 'FunnelService', 'CapacityService',
    'CompensationService', 'PayoutService', 'FlowService']) {
    clients[service] = new v1[service](ADDR, grpc.credentials.createInsecure());
  }
  clients.Health = new loaded.grpc.health.v1.Health(ADDR, grpc.credentials.createInsecure());
  clients.Reflection = new loaded.grpc.reflection.v1.ServerReflection(ADDR, grpc.credentials.createInsecure());
  await new Promise((resolve, reject) =>
    clients.EngineService.waitForReady(Date.now() + 60_000, (e) => (e ? reject(e) : resolve())));
});
after(() => Object.values(clients).forEach((c) => c.close()));

const call = (service, method, request) =>
  new Promise((resolve, reject) =>
    clients[service][method](request, (error, response) => (error ? reject(error) : resolve(response))));

const usd = (units, nanos = 0) => ({ currency_code: 'USD', units, nanos });
const date = (year, month, day) => ({ year, month, day });

function tenPercentPlan() {
  return {
    id: 1, version: 1, role: 'ROLE_ACCOUNT_EXECUTIVE',
    effective: { first: date(2026, 1, 1), last: date(2026, 12, 31) },
    currency_code: 'USD', on_target_earnings: '120000', variable_share: '0.5',
    components: [{
      id: 10, weight: '1',
      measure: { kinds: ['TRANSACTION_KIND_NEW'], unit: 'MEASURE_UNIT_MRR' },
      quota: '10000', quota_period: 'QUOTA_PERIOD_MONTH',
      rate_table: { method: 'RATE_METHOD_GRADUATED', tiers: [{ lower: '0', rate: '0.10' }] },
      tier_basis: 'TIER_BASIS_PERIOD_TO_DATE', tier_axis: 'TIER_AXIS_AMOUNT',
    }],
    rounding: { at: 'ROUND_AT_LINE', mode: 'ROUNDING_MODE_HALF_EVEN' },
  };
}

const source = {
  transaction_id: 7, date: date(2026, 1, 15), kind: 'TRANSACTION_KIND_NEW', term_months: 12,
  account_tier: 'ACCOUNT_TIER_SMB', channel: 'CHANNEL_INBOUND',
};

const credit = (participant = 1, amount = usd(4800)) => ({
  participant_id: participant, kind: 'CREDIT_KIND_REVENUE', split_kind: 'SPLIT_KIND_REVENUE',
  credited_from: participant, share: '1', amount, source,
});

const january = (participant = 1, amount = usd(4800)) => ({
  participant_id: participant,
  period: { first: date(2026, 1, 1), last: date(2026, 1, 31) },
  plan: tenPercentPlan(),
  policy: {
    holdbacks: [{
      id: 20, kinds: ['TRANSACTION_KIND_NEW'], share: '0.5',
      condition: { kind: 'RELEASE_CONDITION_KIND_CUSTOMER_LIVE' },
    }],
  },
  credits: [credit(participant, amount)],
  fx_date: date(2026, 1, 31),
});

test('reflection lists every service', async () => {
  const names = await new Promise((resolve, reject) => {
    const stream = clients.Reflection.ServerReflectionInfo();
    stream.on('data', (response) => resolve(response.list_services_response.service.map((s) => s.name)));
    stream.on('error', reject);
    stream.write({ list_services: '' });
    stream.end();
  });
  for (const service of ['EngineService', 'TieringService', 'FunnelService', 'CapacityService',
    'CompensationService', 'PayoutService', 'FlowService']) {
    assert.ok(names.includes(`salesphysics.v1.${service}`), `${service} in ${names}`);
  }
  assert.ok(names.includes('grpc.health.v1.Health'));
});

test('health and engine info', async () => {
  const health = await call('Health', 'Check', { service: 'salesphysics.v1.TieringService' });
  assert.equal(health.status, 'SERVING');
  const info = await call('EngineService', 'GetEngineInfo', {});
  assert.match(info.engine_version, /^\d+\.\d+\.\d+/);
});

test('tiering: figures and a field violation', async () => {
  const response = await call('TieringService', 'ClassifyAccounts', {
    accounts: [
      { id: 1, first_year_value: usd(150000) },
      { id: 2, first_year_value: usd(12000) },
    ],
  });
  // 100,000 ÷ 150,000 = 0.6667; SMB: 5,000 ÷ 12,000 = 0.4167.
  assert.equal(response.outcomes[0].cost_alignment.cost_ratio, '0.6667');
  assert.equal(response.outcomes[1].classification.motion, 'MOTION_INSIDE_SALES');
  assert.equal(response.outcomes[1].cost_alignment.cost_ratio, '0.4167');
  await assert.rejects(
    call('TieringService', 'ClassifyAccounts', {
      accounts: [{ id: 1, first_year_value: usd(1) }, { id: 2, first_year_value: { ...usd(5), currency_code: 'EUR' } }],
    }),
    (error) => {
      assert.deepEqual(rejection(error), {
        code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_CURRENCY_MISMATCH', fields: ['accounts[1].first_year_value'],
      });
      return true;
    },
  );
});

test('funnel: every RPC', async () => {
  const goal = await call('FunnelService', 'PlanRevenueGoal', {
    goal: {
      meaning: 'GOAL_MEANING_RECOGNIZED_REVENUE', amount: usd(780000),
      basis: { horizon_months: 12, billing: 'BILLING_FROM_BOOKING_MONTH' },
    },
  });
  assert.deepEqual(goal.plan.new_mrr_per_month, usd(10000)); // 780,000 ÷ 78
  const model = {
    currency_code: 'USD', stages: ['STAGE_SQL', 'STAGE_COMMIT'], channels: ['CHANNEL_INBOUND'],
    segments: [{
      mrr_per_deal: usd(500), mrr_share: '1',
      channels: [{ share: '1', steps: [{ conversion_rate: '0.25', lag_months: '1' }] }],
    }],
  };
  const reverse = await call('FunnelService', 'ComputeReverseFunnel', { model, new_mrr: Array(12).fill(usd(10000)) });
  assert.equal(reverse.whole_units[0], 80);
  const forward = await call('FunnelService', 'ProjectForward', { model, horizon_months: 12, entering: Array(13).fill('80') });
  assert.deepEqual(forward.bookings[1].new_mrr, usd(10000));
  const bridge = await call('FunnelService', 'ComputeMrrBridge', {
    input: {
      starting_mrr: usd(10000), starting_logos: '100', expansion_rate: '0.02', contraction_rate: '0.01',
      revenue_churn_rate: '0.03', logo_churn_rate: '0.02',
    },
    bookings: [{ new_logos: '5', new_mrr: usd(2500) }],
  });
  assert.deepEqual(bridge.months[0].ending_mrr, usd(12300));
  const economics = await call('FunnelService', 'ComputeUnitEconomics', {
    cac: { spend: usd(60000), new_customers: '10' },
    lifetime_value: { arpa: usd(500), gross_margin: '0.8', monthly_churn: '0.02' },
  });
  assert.deepEqual(economics.cac, usd(6000));
  assert.equal(economics.ltv_to_cac.value, '3.333333333'); // 20,000 ÷ 6,000
  const wip = await call('FunnelService', 'ComputeWorkInProgress', { arrivals_per_month: '40', months_in_stage: '1.5', reps: '4' });
  assert.equal(wip.wip_per_rep, '15');
  const sla = await call('FunnelService', 'EvaluateLeadSla', {
    lead: { stage: 'STAGE_MQL', assigned_at: 1000 },
    rules: [{ stage: 'STAGE_MQL', from: 'MILESTONE_ASSIGNED', until: 'MILESTONE_WORKED', within_seconds: 3600, action: 'SLA_ACTION_ESCALATE' }],
    now: 2000,
  });
  assert.equal(sla.state, 'SLA_STATE_PENDING');
  assert.equal(sla.due_at, 4600);
});

test('capacity: forward plan and coverage', async () => {
  // One fully ramped AE (120,000 ARR quota a year) for 3 months at 10,000 a
  // month: month 2 ends at 30,000 ARR, net -7,500, cumulative -25,000.
  const plan = {
    currency_code: 'USD', year: 2026, first_month: 1, months: 3,
    lines: [{
      role: 'ROLE_ACCOUNT_EXECUTIVE', ramp: { kind: 'RAMP_KIND_LINEAR', months: 3 },
      starting_staff: [{ count: '1', tenure_months: 12 }],
      annual_quota: usd(120000), attainment: '1', cost: { monthly_cost: usd(10000) },
    }],
    revenue: { annual_nrr: '1', gross_margin: '1' },
  };
  const forward = await call('CapacityService', 'PlanForward', plan);
  assert.deepEqual(forward.months[2].arr, usd(30000));
  assert.deepEqual(forward.months[2].net, usd(-7500));
  assert.deepEqual(forward.months[2].cumulative, usd(-25000));
  assert.equal(forward.input_fingerprint.length, 64);
  plan.lines[0].hires = [{ month: 1, day: 31, count: '1' }]; // 31 February
  const error = await call('CapacityService', 'PlanForward', plan).catch((e) => e);
  assert.deepEqual(rejection(error), {
    code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_INVALID_DATE', fields: ['lines[0].hires[0].day'],
  });

  // 300 accounts, CSMs hold 40 each: 7.5 books, 8 AMs and 8 CSMs.
  const coverage = {
    accounts: '300', mrr: usd(600000), target_nrr: '1.1', expected_churn: '0.08',
    commercial_owner: 'ROLE_ACCOUNT_MANAGER',
    commercial: { max_accounts: '50', max_mrr: usd(100000) },
    csm: { max_accounts: '40', max_mrr: usd(150000) }, csm_per_book: '1',
  };
  const books = await call('CapacityService', 'PlanCoverage', coverage);
  assert.deepEqual([books.books, books.commercial_headcount, books.csm_headcount], ['7.5', 8, 8]);
  assert.equal(books.binding, 'COVERAGE_BINDING_CSM_ACCOUNTS');
  assert.deepEqual(books.nrr_owners, ['ROLE_ACCOUNT_MANAGER', 'ROLE_CUSTOMER_SUCCESS_MANAGER']);
  coverage.commercial_owner = 'ROLE_SALES_ENGINEER';
  const bad = await call('CapacityService', 'PlanCoverage', coverage).catch((e) => e);
  assert.deepEqual(rejection(bad), {
    code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_INVALID', fields: ['commercial_owner'],
  });
});

test('funnel: a revenue goal with NRR', async () => {
  // q = 1 - 0.05 + 0.15 = 1.1: C = 1 + 2.1 + 3.31 = 6.41; 641,000 / 6.41 = 100,000.
  const goal = {
    meaning: 'GOAL_MEANING_RECOGNIZED_REVENUE', amount: usd(641000), horizon_months: 3,
    billing: 'BILLING_FROM_BOOKING_MONTH', retention: { monthly_churn: '0.05', monthly_expansion: '0.15' },
  };
  const response = await call('FunnelService', 'PlanNrrGoal', { goal });
  assert.equal(response.plan.compounded_months, '6.41');
  assert.deepEqual(response.plan.new_mrr_per_month, usd(100000));
  assert.equal(response.annual_nrr, '3.138428377');
  goal.horizon_months = 0;
  const error = await call('FunnelService', 'PlanNrrGoal', { goal }).catch((e) => e);
  assert.deepEqual(rejection(error), {
    code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_EMPTY', fields: ['goal.horizon_months'],
  });
});

test('flow: free and capped release', async () => {
  // Three leads a day for 14 days to one rep working two: freely released,
  // WIP ends at 14; capped at 2 it never exceeds 2.
  const request = (release) => ({
    arrivals: Array(14).fill(3), reps: 1, work_per_rep_per_day: 2, release, stage: 'STAGE_LEAD',
    conversion: { initial: '1', daily_retention: '1' }, seed: 7,
  });
  const free = await call('FlowService', 'SimulateFlow', request({ kind: 'RELEASE_KIND_FREE' }));
  assert.equal(free.summary.total.wip, 14);
  assert.equal(free.summary.peak_wip_per_rep, 14);
  assert.equal(free.weeks.length, 2);
  const capped = await call('FlowService', 'SimulateFlow', request({ kind: 'RELEASE_KIND_CAPPED', wip_per_rep: 2 }));
  assert.ok(capped.summary.peak_wip_per_rep <= 2);
  assert.equal(capped.summary.total.worked, 28);
  const error = await call('FlowService', 'SimulateFlow', { ...request({ kind: 'RELEASE_KIND_FREE' }), reps: 0 })
    .catch((e) => e);
  assert.deepEqual(rejection(error), {
    code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_NOT_POSITIVE', fields: ['reps'],
  });
});

test('capacity: a linear ramp', async () => {
  const response = await call('CapacityService', 'PlanCapacity', {
    currency_code: 'USD', months: 6, segments: 1,
    roles: [{
      role: 'ROLE_ACCOUNT_EXECUTIVE', driver: { kind: 'DRIVER_KIND_WORKLOAD', flow_per_fte: '10' },
      ramp: { kind: 'RAMP_KIND_LINEAR', months: 4 }, monthly_cost: usd(10000),
    }],
    workload: Array(6).fill({ flow: '40' }),
  });
  assert.deepEqual(response.cells.map((c) => c.effective_fte), ['1', '2', '3', '4', '4', '4']);
  assert.deepEqual(response.costs[0].total, usd(40000));
});

test('compensation: credits, earnings and a what-if', async () => {
  const credited = await call('CompensationService', 'CreditTransactions', {
    transactions: [{
      source, amount: usd(1000),
      splits: [
        { participant_id: 1, kind: 'SPLIT_KIND_REVENUE', share: '0.6' },
        { participant_id: 2, kind: 'SPLIT_KIND_REVENUE', share: '0.4' },
      ],
    }],
  });
  assert.deepEqual(credited.credits.map((c) => [c.participant_id, c.amount.units]), [[1, 600], [2, 400]]);
  const earnings = await call('CompensationService', 'ComputeEarnings', {
    plan: tenPercentPlan(), participant_id: 1, credits: [credit()], through: date(2026, 1, 31),
  });
  assert.deepEqual(earnings.summary.total, usd(480));
  assert.equal(earnings.lines[0].rate, '0.1');

  // What-if (Spiff's published marginal example): 145,000 booked in May at
  // 4 % to 150,000 and 6 % beyond; a 20,000 deal adds 5,000 × 4 % +
  // 15,000 × 6 % = 1,100, reaching tier 1, attainment 0.58 → 0.66.
  const plan = tenPercentPlan();
  plan.components[0].quota = '250000';
  plan.components[0].rate_table.tiers = [
    { lower: '0', upper: '150000', rate: '0.04' },
    { lower: '150000', rate: '0.06' },
  ];
  const request = {
    plan, participant_id: 1, through: date(2026, 5, 31),
    credits: [{ ...credit(), amount: usd(145000), source: { ...source, date: date(2026, 5, 5) } }],
    hypothetical: [{
      source: { ...source, transaction_id: 8, date: date(2026, 5, 20) }, amount: usd(20000),
      splits: [{ participant_id: 1, kind: 'SPLIT_KIND_REVENUE', share: '1' }],
    }],
  };
  const { estimate } = await call('CompensationService', 'EstimateEarnings', request);
  assert.deepEqual([estimate.earned_before, estimate.incremental], [usd(5800), usd(1100)]);
  assert.deepEqual(estimate.components.map((c) => [c.tier_reached, c.attainment_before, c.attainment_after]),
    [[1, '0.58', '0.66']]);
  request.hypothetical[0].source.transaction_id = 7;
  const error = await call('CompensationService', 'EstimateEarnings', request).catch((e) => e);
  assert.deepEqual(rejection(error), {
    code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_INVALID',
    fields: ['hypothetical[0].source.transaction_id'],
  });
});

test('payout: statement, next month, batch and stream', async () => {
  const jan = await call('PayoutService', 'ComputeStatement', january());
  assert.deepEqual(jan.statement.net, usd(240)); // 480 earned, half held
  assert.deepEqual(jan.lines.map((l) => l.kind), ['PAYOUT_LINE_KIND_EARNINGS', 'PAYOUT_LINE_KIND_HOLD']);
  const feb = await call('PayoutService', 'ComputeStatement', {
    ...january(),
    period: { first: date(2026, 2, 1), last: date(2026, 2, 28) },
    fx_date: date(2026, 2, 28),
    events: [{ transaction_id: 7, kind: 'EVENT_KIND_CUSTOMER_LIVE', date: date(2026, 2, 10), level: '1' }],
    state: jan.state,
  });
  assert.deepEqual(feb.statement.totals.released, usd(240));

  const requests = [january(), january(2, usd(1234, 560000000))];
  const batch = await call('PayoutService', 'BatchComputeStatements', { statements: requests });
  assert.deepEqual(batch.statements[1].statement.totals.earned, usd(123, 460000000));
  const streamed = await new Promise((resolve, reject) => {
    const results = [];
    const stream = clients.PayoutService.StreamStatements();
    stream.on('data', (response) => results.push(response.statement));
    stream.on('end', () => resolve(results));
    stream.on('error', reject);
    requests.forEach((statement) => stream.write({ statement }));
    stream.end();
  });
  assert.deepEqual(streamed, batch.statements);

  const bad = january(2);
  bad.credits[0].amount = usd(4800, -1);
  await assert.rejects(call('PayoutService', 'BatchComputeStatements', { statements: [january(), bad] }), (error) => {
    assert.deepEqual(rejection(error), {
      code: grpc.status.INVALID_ARGUMENT, reason: 'SALESPHYSICS_OUT_OF_RANGE', fields: ['statements[1].credits[0].amount.nanos'],
    });
    return true;
  });
});
