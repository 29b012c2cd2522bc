//! Every capacity limit of the core, in one place (as smoltcp keeps its
//! tunables in one `config`), each with the real-world size it was chosen
//! for. A limit exists because the no-allocator API holds its lists in
//! fixed-capacity storage; going past one is
//! [`crate::ErrorKind::TooMany`]` { max }` naming the list, never a panic
//! or a silent truncation. One name per meaning: the rate-table tiers of a
//! compensation plan and the tiers of a tiering policy are different
//! limits with different names.
//!
//! The owned entry points of the `alloc` feature size their output buffers
//! from the engines' needs, so output lengths are not limited here; input
//! lists and per-participant state are.

// ------------------------------------------------------------ foundation

/// Parts one [`crate::allocate`] call splits into: a deal's splits or a
/// POD's members, with room to spare.
pub const MAX_ALLOCATION_PARTS: usize = 64;

/// Segments a [`crate::FieldPath`] keeps; deeper paths keep their
/// outermost segments and are marked truncated. Five covers the deepest
/// input, `plans[2].components[1].rate_table.tiers[3].rate`.
pub const MAX_PATH_DEPTH: usize = 5;

/// Segments (tiers) of a funnel or capacity model: the seed's three tiers
/// plus mid-market, regions or verticals.
pub const MAX_SEGMENTS: usize = 8;

/// Months of a ramp to full productivity (capacity) or to full quota
/// (payout relief): enterprise field AEs ramp in 6 to 12 months; 24 leaves
/// room for custom curves.
pub const MAX_RAMP_MONTHS: usize = 24;

// ---------------------------------------------------------------- funnel

/// Months of a revenue goal: ten years of plan.
pub const MAX_GOAL_MONTHS: usize = 120;

/// Whole months between entering the funnel's first stage and winning,
/// each step's lag rounded up: an enterprise cycle of a year and more,
/// with room. A plan starts this long before its first goal month.
pub const MAX_LEAD_MONTHS: usize = 24;

/// Months of a capacity plan or an MRR bridge: a goal horizon plus its
/// longest lead.
pub const MAX_PLAN_MONTHS: usize = MAX_GOAL_MONTHS + MAX_LEAD_MONTHS;

/// Channels of a funnel model: every [`crate::Channel`].
pub const MAX_CHANNELS: usize = crate::ALL_CHANNELS.len();

/// Stages of a funnel model (suspect, lead, MQL, SQL, opportunity, won,
/// live…), so at most `MAX_STAGES - 1` conversion steps.
pub const MAX_STAGES: usize = 8;

/// Lead-SLA rules one evaluation takes.
pub const MAX_SLA_RULES: usize = 16;

/// The longest horizon a capped LTV or a payback search looks at: 50 years.
pub const MAX_ECONOMICS_MONTHS: u32 = 600;

// -------------------------------------------------------------- capacity

/// Roles of one capacity plan: every [`crate::Role`] plus a spare for a
/// role split by channel or tier.
pub const MAX_ROLES: usize = 12;

/// Months from opening a requisition to the hire's first day.
pub const MAX_HIRING_LEAD_MONTHS: u32 = 24;

/// Roles one ratio driver may be anchored on (1 SE per 2 AEs and 1 field
/// AE…).
pub const MAX_RATIO_ANCHORS: usize = 4;

/// Hand-off rules and ratio rules of one mismatch check, each.
pub const MAX_MISMATCH_RULES: usize = MAX_ROLES;

/// Mismatch flags one check reports: four kinds × segments × roles.
pub const MAX_MISMATCH_FLAGS: usize = 4 * MAX_SEGMENTS * MAX_ROLES;

/// Funnel-to-workload feeds one adapter call maps.
pub const MAX_FEEDS: usize = 16;

/// `(role, segment)` lines of a forward plan: every role in every segment.
pub const MAX_FORWARD_LINES: usize = MAX_ROLES * MAX_SEGMENTS;

/// Whole months of tenure a forward plan's starting staff may bring: ten
/// years (anniversary attrition needs the exact tenure; longer-serving
/// people are entered at a tenure ten years or less with the same month of
/// the year).
pub const MAX_STARTING_TENURE_MONTHS: u32 = 120;

// ------------------------------------------------------------------ flow

/// Days of a lead-flow simulation: two years of days (a leap year and
/// one), room for a year's run with its ramp-up.
pub const MAX_FLOW_DAYS: usize = 731;

/// Reps of a lead-flow simulation: a large inside-sales floor.
pub const MAX_FLOW_REPS: usize = 256;

/// Leads of one lead-flow simulation (the sum of its arrivals): 5,000 a
/// day for a year with room to spare. The run keeps about 20 bytes a lead,
/// so a run stays within 40 MB; two `u32` arrival counts could otherwise
/// ask for billions of lead slots.
pub const MAX_FLOW_LEADS: usize = 2_000_000;

// --------------------------------------------------------------- tiering

/// Tiers of a tiering policy: the seed's three (VSB, SMB, enterprise),
/// mid-market, and regional or vertical variants.
pub const MAX_POLICY_TIERS: usize = 16;

/// Rules of a tiering policy: a few value bands per tier plus escalation
/// rules. At most 63 for the exact reachability check (one bit per
/// earlier rule).
pub const MAX_TIERING_RULES: usize = 32;

/// Reasons one tiering match reports: one per criterion
/// ([`crate::tiering::ALL_CRITERIA`]).
pub const MAX_REASONS: usize = 7;

/// Region and vertical tag ids are below this bound, so a set of them is
/// one `u64` ([`crate::tiering::TagSet`]).
pub const MAX_TAGS: u8 = 64;

// ---------------------------------------------------------- compensation

/// Components of one compensation plan: ICM plans rarely weight more than
/// five or six measures; 16 covers product-line and SPIF-heavy plans.
pub const MAX_COMPONENTS: usize = 16;

/// Tiers of one rate table: accelerator schedules published by ICM
/// vendors use three to six.
pub const MAX_RATE_TIERS: usize = 8;

/// Slices one credit is rated in: one per rate tier plus a retroactive
/// adjustment.
pub const MAX_SLICES: usize = MAX_RATE_TIERS + 1;

/// Accelerator bands on one component.
pub const MAX_BANDS: usize = 8;

/// Kickers (deal-attribute multipliers) on one component.
pub const MAX_KICKERS: usize = 4;

/// Attainment bonuses on one component.
pub const MAX_BONUSES: usize = 4;

/// SPIFs on one plan.
pub const MAX_SPIFS: usize = 8;

/// Splits of one transaction: revenue shares plus overlays (SE, CSM, SDR
/// sourcing).
pub const MAX_SPLITS: usize = 8;

/// Product categories in one plan's category tree: a catalogue's families
/// and lines (Tryton and Odoo trees rarely pass a few dozen).
pub const MAX_CATEGORIES: usize = 64;

/// Categories from a product's own up to its root: a tree four or five
/// levels deep, with room.
pub const MAX_CATEGORY_DEPTH: usize = 8;

/// Custom attribute ids are below this bound, so a transaction's set of them
/// is one `u64` ([`crate::compensation::AttributeSet`]).
pub const MAX_CUSTOM_ATTRIBUTES: u8 = 64;

/// Quota periods in a plan year: months, at most.
pub const MAX_QUOTA_PERIODS: usize = 12;

/// The deepest reporting chain a credit rolls up through (rep, manager,
/// director, VP…); a longer chain or a cycle is an error.
pub const MAX_HIERARCHY_DEPTH: usize = 8;

/// Reporting lines one crediting run reads: one per participant of an
/// organization of 16,000 people (each credit's rollup scans them, so very
/// large organizations credit team by team).
pub const MAX_REPORTING_LINES: usize = 16_384;

// ---------------------------------------------------------------- payout

/// Holdback rules in a payout policy.
pub const MAX_HOLDBACK_RULES: usize = 4;

/// Release steps in one holdback rule.
pub const MAX_RELEASE_STEPS: usize = 4;

/// Clawback rules in a payout policy.
pub const MAX_CLAWBACK_RULES: usize = 4;

/// Items each per-deal list of a [`crate::payout::PayoutState`] holds in
/// the default inline storage ([`crate::payout::Inline`]): open holds,
/// deals in their clawback window, and the plan year's churns and
/// contractions. 512 open deals covers an enterprise or mid-market rep's
/// year; a manager's rollups or a high-velocity SMB book choose a larger
/// `Inline<N>` (the state grows by about 240 bytes per item of `N`) or the
/// growable storage of the `alloc` feature, which has no cap.
pub const DEFAULT_STATE_CAPACITY: usize = 512;

/// Clawbacks being recovered in instalments at once, per participant, in
/// the default inline storage: a churn or contraction inside a clawback
/// window each, so far fewer than deals.
pub const DEFAULT_RECOVERY_CAPACITY: usize = 64;

/// Instalments one recovery may be spread over: two years of months.
pub const MAX_INSTALMENTS: u32 = 24;

/// Dated exchange rates one statement reads.
pub const MAX_FX_RATES: usize = 64;

/// Events (go-lives, payments, churn, contraction) one statement reads.
pub const MAX_EVENTS: usize = 1024;

/// Leave periods in one quota relief.
pub const MAX_LEAVES: usize = 4;

/// Closed quota periods a payout state remembers: a year of months.
pub const MAX_CLOSED_PERIODS: usize = MAX_QUOTA_PERIODS;
