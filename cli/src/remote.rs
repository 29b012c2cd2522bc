//! `serve` and `--server`: the same question asked of a running
//! `salesphysics-service`, through its generated client.
//!
//! Requests and answers cross through the service's own conversions
//! (`salesphysics_service::convert`, one module per engine mapping each
//! type both ways): here they are only built, sent and unpacked. No figure
//! is computed: every decimal crosses as the core's own text.
//!
//! A call whose answer is one core type lives here; a command that puts
//! several answers together in a shape of its own (`capacity`'s plan,
//! `funnel`'s figures) makes its calls in its own module through
//! [`Remote::call`], so this module depends on no command.

use core::cell::RefCell;
use salesphysics_core::capacity::forward::{OwnedForwardInput, OwnedForwardPlan};
use salesphysics_core::capacity::{CoverageInput, CoveragePlan};
use salesphysics_core::compensation::{
    CreditLine, OwnedEarnings, Plan as CompPlan, ReportingLine, Transaction,
};
use salesphysics_core::flow::{OwnedFlowInput, OwnedFlowRun};
use salesphysics_core::payout::{OwnedStatement, OwnedStatementRequest};
use salesphysics_core::tiering::{Account, OwnedBatch, OwnedTieringPolicy};
use salesphysics_core::Date;
use salesphysics_service::convert::{
    self, compensation as cv_comp, coverage as cv_coverage, flow as cv_flow, forward as cv_forward,
    payout as cv_payout, tiering as cv_tiering,
};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::server;
use salesphysics_service::status::ApiError;

use tonic::transport::Channel;

use crate::fail::Failure;

/// Runs the gRPC server on `listen` until Ctrl-C, as `salesphysics-service`
/// does.
pub fn serve(listen: &str) -> Result<(), Failure> {
    let runtime = server::runtime().map_err(|e| Failure::internal(format!("runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::usage(format!("--listen {listen}: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::internal(e.to_string()))?;
        eprintln!("salesphysics: serving salesphysics.v1 on {address} (Ctrl-C stops)");
        server::serve(listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Failure::internal(format!("server: {e}")))
    })
}

/// The service at `--server`: one runtime and one connection for every
/// call a command makes (a statement run asks once per participant-month),
/// opened at the first call so that a bad input file still fails first.
pub struct Remote {
    address: String,
    runtime: tokio::runtime::Runtime,
    channel: RefCell<Option<Channel>>,
}

impl Remote {
    /// The service at `address` (`http://host:port`), not yet connected.
    pub fn new(address: String) -> Result<Remote, Failure> {
        let runtime = server::runtime().map_err(|e| Failure::internal(format!("runtime: {e}")))?;
        Ok(Remote {
            address,
            runtime,
            channel: RefCell::new(None),
        })
    }

    /// Makes one call on the connection (connecting first if need be).
    pub(crate) fn call<T, F>(&self, work: impl FnOnce(Channel) -> F) -> Result<T, Failure>
    where
        F: core::future::Future<Output = Result<tonic::Response<T>, tonic::Status>>,
    {
        let address = &self.address;
        let response = self.runtime.block_on(async {
            let open = self.channel.borrow().clone();
            let channel = match open {
                Some(channel) => channel,
                None => {
                    let channel = tonic::transport::Endpoint::from_shared(address.clone())
                        .map_err(|e| Failure::usage(format!("--server {address}: {e}")))?
                        .connect()
                        .await
                        .map_err(|e| Failure::internal(format!("--server {address}: {e}")))?;
                    *self.channel.borrow_mut() = Some(channel.clone());
                    channel
                }
            };
            work(channel)
                .await
                .map_err(|status| status_failure(address, &status))
        })?;
        Ok(response.into_inner())
    }
}

/// A rejected request is bad input, like a local core error; anything else
/// (unreachable, internal) is not the file's fault.
fn status_failure(address: &str, status: &tonic::Status) -> Failure {
    let message = format!("{address}: {}", status.message());
    if status.code() == tonic::Code::InvalidArgument {
        Failure::input(message)
    } else {
        Failure::internal(format!("{message} ({:?})", status.code()))
    }
}

/// A request the core's types cannot express in proto: bad input.
pub(crate) fn unsendable(e: &ApiError) -> Failure {
    Failure::input(format!("cannot send the request: {e}"))
}

/// An answer that does not convert back: the server's fault.
pub(crate) fn malformed(e: &ApiError) -> Failure {
    Failure::internal(format!("--server answered a malformed response: {e}"))
}

/// PlanForward on the service at `remote`.
pub fn forward(remote: &Remote, input: &OwnedForwardInput) -> Result<OwnedForwardPlan, Failure> {
    let request = cv_forward::request_out(input).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::capacity_service_client::CapacityServiceClient::new(channel)
            .plan_forward(request)
            .await
    })?;
    cv_forward::plan(&response).map_err(|e| malformed(&e))
}

/// PlanCoverage on the service at `remote`.
pub fn coverage(remote: &Remote, input: &CoverageInput) -> Result<CoveragePlan, Failure> {
    let request = cv_coverage::request_out(input).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::capacity_service_client::CapacityServiceClient::new(channel)
            .plan_coverage(request)
            .await
    })?;
    cv_coverage::plan(&response).map_err(|e| malformed(&e))
}

/// SimulateFlow on the service at `remote`.
pub fn flow(remote: &Remote, input: &OwnedFlowInput) -> Result<OwnedFlowRun, Failure> {
    let request = cv_flow::request_out(input).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::flow_service_client::FlowServiceClient::new(channel)
            .simulate_flow(request)
            .await
    })?;
    cv_flow::run(&response).map_err(|e| malformed(&e))
}

/// ClassifyAccounts on the service at `remote`.
pub fn tier(
    remote: &Remote,
    policy: &OwnedTieringPolicy,
    accounts: &[Account],
) -> Result<OwnedBatch, Failure> {
    let request = tier_request(policy, accounts).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::tiering_service_client::TieringServiceClient::new(channel)
            .classify_accounts(request)
            .await
    })?;
    cv_tiering::batch(&response).map_err(|e| malformed(&e))
}

fn tier_request(
    policy: &OwnedTieringPolicy,
    accounts: &[Account],
) -> Result<pb::ClassifyAccountsRequest, ApiError> {
    Ok(pb::ClassifyAccountsRequest {
        policy: Some(cv_tiering::policy_out(policy)?),
        accounts: accounts
            .iter()
            .map(cv_tiering::account_out)
            .collect::<Result<_, _>>()?,
    })
}

/// CreditTransactions on the service at `remote`.
pub fn credit(
    remote: &Remote,
    transactions: &[Transaction],
    hierarchy: &[ReportingLine],
) -> Result<Vec<CreditLine>, Failure> {
    let request = credit_request(transactions, hierarchy).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::compensation_service_client::CompensationServiceClient::new(channel)
            .credit_transactions(request)
            .await
    })?;
    convert::list(&response.credits, "credits", cv_comp::credit_line).map_err(|e| malformed(&e))
}

fn credit_request(
    transactions: &[Transaction],
    hierarchy: &[ReportingLine],
) -> Result<pb::CreditTransactionsRequest, ApiError> {
    Ok(pb::CreditTransactionsRequest {
        transactions: transactions
            .iter()
            .enumerate()
            .map(|(i, t)| cv_comp::transaction_out(t).map_err(|e| e.at_index("transactions", i)))
            .collect::<Result<_, _>>()?,
        hierarchy: hierarchy.iter().map(cv_comp::reporting_line_out).collect(),
    })
}

/// ComputeEarnings for one participant on the service at `remote`.
pub fn earnings(
    remote: &Remote,
    plan: &CompPlan,
    participant_id: u64,
    credits: &[CreditLine],
    through: Date,
) -> Result<OwnedEarnings, Failure> {
    let request =
        earnings_request(plan, participant_id, credits, through).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::compensation_service_client::CompensationServiceClient::new(channel)
            .compute_earnings(request)
            .await
    })?;
    owned_earnings(&response, plan).map_err(|e| malformed(&e))
}

fn earnings_request(
    plan: &CompPlan,
    participant_id: u64,
    credits: &[CreditLine],
    through: Date,
) -> Result<pb::ComputeEarningsRequest, ApiError> {
    Ok(pb::ComputeEarningsRequest {
        plan: Some(cv_comp::plan_out(plan).map_err(|e| e.at("plan"))?),
        participant_id: convert::int64_out(participant_id),
        credits: credits
            .iter()
            .enumerate()
            .map(|(i, c)| cv_comp::credit_line_out(c).map_err(|e| e.at_index("credits", i)))
            .collect::<Result<_, _>>()?,
        fx: Vec::new(),
        through: Some(convert::date_out(through)),
    })
}

/// The answer in the core's types.
fn owned_earnings(
    response: &pb::ComputeEarningsResponse,
    plan: &CompPlan,
) -> Result<OwnedEarnings, ApiError> {
    Ok(OwnedEarnings {
        summary: cv_comp::earnings_summary(convert::required(response.summary.as_ref())?)
            .map_err(|e| e.at("summary"))?,
        lines: convert::list(&response.lines, "lines", |l| {
            cv_comp::earnings_line(l, plan)
        })?,
    })
}

/// ComputeStatement on the service at `remote`: the request carries the
/// participant's stored state and the answer the state to store.
pub fn statement(
    remote: &Remote,
    request: &OwnedStatementRequest,
) -> Result<OwnedStatement, Failure> {
    let sent = cv_payout::statement_request_out(request).map_err(|e| unsendable(&e))?;
    let response = remote.call(|channel| async move {
        pb::payout_service_client::PayoutServiceClient::new(channel)
            .compute_statement(sent)
            .await
    })?;
    cv_payout::statement_response(&response, request).map_err(|e| malformed(&e))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    //! On the example org's inputs, core → proto → core is the identity
    //! both ways: the request the client builds reads back as the same
    //! input in the service, and the service's answer reads back as the
    //! local result.

    use salesphysics_core::tiering::OwnedTieringPolicy;
    use salesphysics_service::api;
    use salesphysics_service::convert::{
        compensation as cv_comp, payout as cv_payout, tiering as cv_tiering,
    };

    use crate::command::tier;
    use crate::document;
    use crate::org::example;

    #[test]
    fn forward_round_trips() {
        use salesphysics_service::convert::forward as cv_forward;

        let input: super::OwnedForwardInput = document::read(&example("forward.toml")).unwrap();
        let request = cv_forward::request_out(&input).unwrap();
        assert_eq!(cv_forward::input(&request).unwrap(), input);
        let answer = api::forward::plan_forward(&request).unwrap();
        assert_eq!(cv_forward::plan(&answer).unwrap(), input.plan().unwrap());
    }

    #[test]
    fn flow_round_trips() {
        use salesphysics_core::flow::Release;
        use salesphysics_service::convert::flow as cv_flow;

        let capped: super::OwnedFlowInput = document::read(&example("flow.toml")).unwrap();
        // The example caps WIP; the chart's comparison run releases freely.
        let free = super::OwnedFlowInput {
            release: Release::Free,
            ..capped.clone()
        };
        for input in [capped, free] {
            let request = cv_flow::request_out(&input).unwrap();
            assert_eq!(cv_flow::input(&request).unwrap(), input);
            let answer = api::flow::simulate_flow(&request).unwrap();
            assert_eq!(cv_flow::run(&answer).unwrap(), input.run().unwrap());
        }
    }

    #[test]
    fn coverage_round_trips() {
        use salesphysics_core::capacity::plan_coverage;
        use salesphysics_service::convert::coverage as cv_coverage;

        let input: super::CoverageInput = document::read(&example("coverage.toml")).unwrap();
        let request = cv_coverage::request_out(&input).unwrap();
        assert_eq!(cv_coverage::input(&request).unwrap(), input);
        let answer = api::coverage::plan_coverage(&request).unwrap();
        assert_eq!(
            cv_coverage::plan(&answer).unwrap(),
            plan_coverage(&input).unwrap()
        );
    }

    /// Attributes for deal `id`: every field set, categories 1 to 4 in turn.
    fn attributes_of(id: u64) -> salesphysics_core::compensation::Attributes {
        use salesphysics_core::compensation::{AttributeSet, Attributes};

        let small = |modulus: u64| u32::try_from(id.checked_rem(modulus).unwrap()).unwrap();
        Attributes {
            product: Some(small(5)),
            category: small(4).checked_add(1),
            territory: Some(small(3)),
            custom: AttributeSet::of(&[u8::try_from(small(64)).unwrap(), 63]).unwrap(),
        }
    }

    /// The example org with a category tree (3 under 2 under 1, and a
    /// root 4) in every plan, whose first component now counts category 1
    /// and below only, first in rule group 1, followed in the group by a
    /// catch-all copy at no weight, and lines rated at 4 places: the plan
    /// features the proto carries.
    fn category_org() -> crate::org::Org {
        use salesphysics_core::compensation::{Attributes, Category, RoundAt};

        let mut org = crate::org::Org::load(&example("comp.toml")).unwrap();
        for plan in &mut org.plans {
            plan.rounding.at = RoundAt::Places(4);
            for (id, parent) in [(1, None), (2, Some(1)), (3, Some(2)), (4, None)] {
                plan.categories.push(Category { id, parent }).unwrap();
            }
            let first = plan.components.first_mut().unwrap();
            let mut catch_all = first.clone();
            catch_all.id = first.id.checked_add(50).unwrap();
            catch_all.weight = salesphysics_core::Decimal::ZERO;
            catch_all.group = Some(1);
            first.group = Some(1);
            first.measure.attributes = Attributes {
                category: Some(1),
                ..Attributes::NONE
            };
            plan.components.push(catch_all).unwrap();
        }
        org
    }

    /// The example org with every plan on the NRF 4-5-4 calendar (fiscal
    /// 2026: 1 Feb 2026 to 30 Jan 2027) and every payout policy locking
    /// rates at posting and rating before converting: the non-default
    /// plan features the proto carries.
    fn fiscal_org() -> crate::org::Org {
        use salesphysics_core::compensation::FiscalCalendar;
        use salesphysics_core::payout::{FxOrder, FxPolicy, FxRateDate};

        let mut org = crate::org::Org::load(&example("comp.toml")).unwrap();
        let fiscal_2026 = salesphysics_core::Period::new(
            "2026-02-01".parse().unwrap(),
            "2027-01-30".parse().unwrap(),
        )
        .unwrap();
        for plan in &mut org.plans {
            plan.calendar = FiscalCalendar::NRF;
            plan.effective = fiscal_2026;
        }
        for policy in org.policies.values_mut() {
            policy.fx = FxPolicy {
                rate_date: FxRateDate::PostingDate,
                order: FxOrder::RateThenConvert,
            };
        }
        org
    }

    #[test]
    fn compensation_round_trips() {
        use salesphysics_core::compensation::{compute_earnings_owned, credit_transactions_owned};

        let org = crate::org::Org::load(&example("comp.toml")).unwrap();
        let mut transactions = crate::crm::deals(
            &example("deals.csv"),
            &crate::crm::Columns::load(None).unwrap(),
        )
        .unwrap();
        for transaction in &mut transactions {
            transaction.source.attributes = attributes_of(transaction.source.transaction_id);
        }
        let hierarchy = org.hierarchy();
        let request = super::credit_request(&transactions, &hierarchy).unwrap();
        let back: Vec<_> = request
            .transactions
            .iter()
            .map(|t| cv_comp::transaction(t).unwrap())
            .collect();
        assert_eq!(back, transactions);
        let lines: Vec<_> = request
            .hierarchy
            .iter()
            .map(|l| cv_comp::reporting_line(l).unwrap())
            .collect();
        assert_eq!(lines, hierarchy);
        let credits = credit_transactions_owned(&transactions, &hierarchy).unwrap();
        let answer = api::compensation::credit_transactions(&request).unwrap();
        let answered: Vec<_> = answer
            .credits
            .iter()
            .map(|c| cv_comp::credit_line(c).unwrap())
            .collect();
        assert_eq!(answered, credits);

        for (org, through) in [
            (org, "2026-03-31"),
            (fiscal_org(), "2026-05-31"),
            (category_org(), "2026-03-31"),
        ] {
            let through = through.parse().unwrap();
            for p in &org.participants {
                let plan = org.plan_of(p).unwrap();
                let own: Vec<_> = credits
                    .iter()
                    .filter(|c| c.participant_id == p.id)
                    .copied()
                    .collect();
                let request = super::earnings_request(plan, p.id, &own, through).unwrap();
                assert_eq!(&cv_comp::plan(request.plan.as_ref()).unwrap(), plan);
                let answer = api::compensation::compute_earnings(&request).unwrap();
                assert_eq!(
                    super::owned_earnings(&answer, plan).unwrap(),
                    compute_earnings_owned(plan, p.id, &own, &[], through).unwrap(),
                    "participant {}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn payout_round_trips() {
        use salesphysics_core::Period;

        let deals = crate::command::Deals {
            org: example("comp.toml"),
            deals: example("deals.csv"),
            columns: None,
        };
        let (org, credits) = deals.credits(None).unwrap();
        let events = crate::crm::events(&example("events.csv")).unwrap();
        for (org, month) in [(org, 1), (fiscal_org(), 5)] {
            let period = Period::month(2026, month).unwrap();
            for i in 0..org.participants.len() {
                let request =
                    crate::command::statement::request(&org, i, &credits, &events, period, None)
                        .unwrap();
                let sent = cv_payout::statement_request_out(&request).unwrap();
                assert_eq!(cv_payout::statement_request(&sent).unwrap(), request);
                let answer = api::payout::compute_statement(&sent).unwrap();
                assert_eq!(
                    cv_payout::statement_response(&answer, &request).unwrap(),
                    request.compute().unwrap(),
                    "participant {i} in 2026-{month:02}"
                );
            }
        }
    }

    #[test]
    fn tiering_round_trips() {
        let policy: OwnedTieringPolicy = document::read(&example("tiering.toml")).unwrap();
        let accounts = tier::read_accounts(&example("accounts.csv")).unwrap();
        let request = super::tier_request(&policy, &accounts).unwrap();
        assert_eq!(
            cv_tiering::policy(request.policy.as_ref().unwrap()).unwrap(),
            policy
        );
        let back: Vec<_> = request
            .accounts
            .iter()
            .map(|a| cv_tiering::account(a).unwrap())
            .collect();
        assert_eq!(back, accounts);
        let answer = api::tiering::classify_accounts(&request).unwrap();
        assert_eq!(
            cv_tiering::batch(&answer).unwrap(),
            policy.classify(&accounts).unwrap()
        );
    }
}
