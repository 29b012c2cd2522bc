//! A CRM opportunity export (Salesforce, HubSpot, or the example org's)
//! read into the core's transactions, through a header map so an export
//! works without editing.

use std::collections::BTreeMap;
use std::path::Path;

use salesphysics_core::compensation::{AccountTier, Split, SplitKind, Transaction};
use salesphysics_core::heapless;
use salesphysics_core::payout::{EventKind, PayoutEvent};
use salesphysics_core::{Decimal, Money};
use serde::Deserialize;

use crate::document;
use crate::fail::Failure;
use crate::sheet::{Row, Sheet};

/// Which header holds each field (`--columns map.toml`); the defaults are
/// the example org's own headers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Columns {
    /// The deal id (a whole number).
    pub id: String,
    /// The close (credit) date, `YYYY-MM-DD`.
    pub close_date: String,
    /// The MRR the deal adds (negative for churn and contraction).
    pub amount: String,
    /// The amount's ISO 4217 code.
    pub currency: String,
    /// The contract term in months.
    pub term: String,
    /// The deal type, a core kind name or a key of `types`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The owner's participant id.
    pub owner: String,
    /// `11:0.6;12:0.4`: participant:share pairs; empty = all to the owner.
    pub splits: String,
    /// Optional: the account tier (`self_serve`, `smb`, `mid_market`, `enterprise`).
    pub tier: String,
    /// Optional: the channel (`inbound`, `outbound`, `partner`…).
    pub channel: String,
    /// Optional: units of an activity row (SQLs accepted that week); empty
    /// = 1 for activities, 0 for revenue.
    pub quantity: String,
    /// CRM type labels → core kinds (`"New Business" = "new"`).
    pub types: BTreeMap<String, String>,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            id: "id".into(),
            close_date: "close_date".into(),
            amount: "amount".into(),
            currency: "currency".into(),
            term: "term".into(),
            kind: "type".into(),
            owner: "owner".into(),
            splits: "splits".into(),
            tier: "tier".into(),
            channel: "channel".into(),
            quantity: "quantity".into(),
            types: BTreeMap::new(),
        }
    }
}

impl Columns {
    /// The map in `path`, or the defaults.
    pub fn load(path: Option<&Path>) -> Result<Columns, Failure> {
        path.map_or_else(|| Ok(Columns::default()), document::read)
    }
}

/// Reads every deal of `path`, in file order.
pub fn deals(path: &Path, columns: &Columns) -> Result<Vec<Transaction>, Failure> {
    let mut sheet = Sheet::open(path)?;
    let c = columns;
    sheet.require(&[
        &c.id,
        &c.close_date,
        &c.amount,
        &c.currency,
        &c.term,
        &c.kind,
        &c.owner,
    ])?;
    let mut out = Vec::new();
    sheet.rows(|row| {
        out.push(deal(row, c)?);
        Ok(())
    })?;
    Ok(out)
}

fn deal(row: &Row<'_>, c: &Columns) -> Result<Transaction, Failure> {
    let amount = Money::new(row.decimal(&c.amount)?, row.currency(&c.currency)?);
    let label = row.text(&c.kind);
    let kind_name = c.types.get(label).map_or(label, String::as_str);
    let owner: u64 = row.whole(&c.owner)?;
    let mut transaction = Transaction::deal(
        row.whole(&c.id)?,
        row.date(&c.close_date)?,
        row.named(&c.kind, kind_name)?,
        amount,
        owner,
    );
    transaction.source.term_months = match row.text(&c.term) {
        "" => 0,
        _ => row.whole(&c.term)?,
    };
    transaction.source.account_tier = match row.text(&c.tier) {
        "" => AccountTier::Unspecified,
        text => row.named(&c.tier, text)?,
    };
    transaction.source.channel = match row.text(&c.channel) {
        "" => None,
        text => Some(row.named(&c.channel, text)?),
    };
    transaction.quantity = match row.text(&c.quantity) {
        "" if transaction.source.kind.is_revenue() => Decimal::ZERO,
        "" => Decimal::ONE,
        _ => row.decimal(&c.quantity)?,
    };
    let splits = row.text(&c.splits);
    if !splits.is_empty() {
        transaction.splits = parse_splits(splits).ok_or_else(|| {
            row.fail(
                &c.splits,
                format!("\"{splits}\" is not a list of participant:share pairs (11:0.6;12:0.4 or 15:1:overlay)"),
            )
        })?;
    }
    Ok(transaction)
}

/// `11:0.6;12:0.4;15:1:overlay` → splits (revenue unless marked
/// `overlay`); `None` when malformed or too many.
fn parse_splits(
    text: &str,
) -> Option<heapless::Vec<Split, { salesphysics_core::limits::MAX_SPLITS }>> {
    let mut splits = heapless::Vec::new();
    for pair in text.split(';') {
        let mut parts = pair.split(':').map(str::trim);
        let (id, share) = (parts.next()?, parts.next()?);
        let kind = match parts.next() {
            None | Some("revenue") => SplitKind::Revenue,
            Some("overlay") => SplitKind::Overlay,
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        splits
            .push(Split {
                participant_id: id.parse().ok()?,
                kind,
                share: share.trim().parse::<Decimal>().ok()?,
            })
            .ok()?;
    }
    Some(splits)
}

/// Reads a deal-event export: `deal_id,event,date,level` (go-lives,
/// first payments, churn), the events that release holds or claw back.
pub fn events(path: &Path) -> Result<Vec<PayoutEvent>, Failure> {
    let mut sheet = Sheet::open(path)?;
    sheet.require(&["deal_id", "event", "date", "level"])?;
    let mut out = Vec::new();
    sheet.rows(|row| {
        out.push(PayoutEvent {
            transaction_id: row.whole("deal_id")?,
            kind: row.named::<EventKind>("event", row.text("event"))?,
            date: row.date("date")?,
            level: row.decimal("level")?,
        });
        Ok(())
    })?;
    Ok(out)
}
