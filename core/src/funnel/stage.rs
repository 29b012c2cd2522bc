//! The named stages a prospect passes through and the channels it comes from.
//!
//! Stages are ordered top of funnel first; a model lists the subset it uses,
//! in this order, so every channel of every segment has the same stage slots
//! and volume tables stay rectangular.

/// A funnel stage, top of funnel first (the derived order is the funnel order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Stage {
    /// A company or contact in the target market, not yet engaged.
    Suspect,
    /// An engaged contact (an inquiry, a reply, a sign-up).
    Lead,
    /// Marketing qualified lead.
    Mql,
    /// Sales accepted lead.
    Sal,
    /// Sales qualified lead.
    Sql,
    /// An opportunity being worked by an account executive.
    Opportunity,
    /// A won deal (commit / closed-won).
    Commit,
    /// An onboarded, live account: where MRR is usually counted.
    Live,
}
