//! The sales motions of the seed's three tiers, cheapest touch first, and
//! what each costs to win one account.

use crate::currency::Currency;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::money::Money;

/// How an account is sold. Ordered by touch: self-serve < inside < field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Motion {
    /// Bought online, with as much web support as possible and no seller.
    SelfServe,
    /// Sold remotely by an inside account executive, at high velocity.
    InsideSales,
    /// Sold by a field account executive with a sales engineer, to several
    /// stakeholders.
    FieldSales,
}

/// Every motion, lowest touch first.
pub const ALL_MOTIONS: [Motion; 3] = [Motion::SelfServe, Motion::InsideSales, Motion::FieldSales];

/// The fully loaded cost of winning one account with each motion (people,
/// tools and programs divided by wins), in the policy's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct MotionCosts {
    /// Cost per win of the self-serve motion.
    pub self_serve: Money,
    /// Cost per win of the inside-sales motion.
    pub inside_sales: Money,
    /// Cost per win of the field-sales motion.
    pub field_sales: Money,
}

impl MotionCosts {
    /// The cost per win of `motion`.
    pub const fn of(&self, motion: Motion) -> Money {
        match motion {
            Motion::SelfServe => self.self_serve,
            Motion::InsideSales => self.inside_sales,
            Motion::FieldSales => self.field_sales,
        }
    }

    /// Every cost is in `currency` and not negative.
    pub fn validate(&self, currency: Currency) -> Result<(), Error> {
        check_cost(self.self_serve, currency).at("self_serve")?;
        check_cost(self.inside_sales, currency).at("inside_sales")?;
        check_cost(self.field_sales, currency).at("field_sales")
    }
}

fn check_cost(cost: Money, currency: Currency) -> Result<(), ErrorKind> {
    cost.expect_currency(currency)?;
    if cost.is_negative() {
        return Err(ErrorKind::Negative);
    }
    Ok(())
}
