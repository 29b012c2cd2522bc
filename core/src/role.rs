//! Who does the work: the roles of the seed role framework, one type for
//! every engine (tiering's teams, capacity's headcount, compensation's
//! plans) and for the proto, so a role has one name everywhere.

use crate::error::ErrorKind;

/// A customer-facing or sales-management role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Role {
    /// Marketing's lead-generation manager: paid on leads accepted by sales.
    LeadGenManager,
    /// Market development rep: qualifies inbound marketing leads (MQLs).
    MarketDevelopmentRep,
    /// Sales development rep: outbound prospecting from target lists
    /// (about 400 contacts ≈ 133 companies each), books meetings.
    SalesDevelopmentRep,
    /// Business development rep: partner-sourced and named-account pipeline.
    BusinessDevelopmentRep,
    /// Inside account executive: closes remotely, at high velocity.
    AccountExecutive,
    /// Field account executive: multi-stakeholder enterprise deals.
    FieldAccountExecutive,
    /// Sales (solutions) engineer: technical validation, an overlay.
    SalesEngineer,
    /// Customer success manager: onboarding, adoption, go-live.
    CustomerSuccessManager,
    /// Account manager: expansion (upsell, cross-sell) on the installed base.
    AccountManager,
    /// Renewals rep.
    RenewalsRep,
    /// First-line sales manager, sized by span of control.
    SalesManager,
}

/// Every role, in declaration (bit) order.
pub const ALL_ROLES: [Role; 11] = [
    Role::LeadGenManager,
    Role::MarketDevelopmentRep,
    Role::SalesDevelopmentRep,
    Role::BusinessDevelopmentRep,
    Role::AccountExecutive,
    Role::FieldAccountExecutive,
    Role::SalesEngineer,
    Role::CustomerSuccessManager,
    Role::AccountManager,
    Role::RenewalsRep,
    Role::SalesManager,
];

impl Role {
    /// This role's bit in a [`RoleSet`].
    pub const fn bit(self) -> u16 {
        // The discriminant is below 16, so the shift cannot wrap.
        1u16.wrapping_shl(self as u32)
    }

    /// The role's name, as serialized (`account_executive`).
    pub const fn name(self) -> &'static str {
        match self {
            Role::LeadGenManager => "lead_gen_manager",
            Role::MarketDevelopmentRep => "market_development_rep",
            Role::SalesDevelopmentRep => "sales_development_rep",
            Role::BusinessDevelopmentRep => "business_development_rep",
            Role::AccountExecutive => "account_executive",
            Role::FieldAccountExecutive => "field_account_executive",
            Role::SalesEngineer => "sales_engineer",
            Role::CustomerSuccessManager => "customer_success_manager",
            Role::AccountManager => "account_manager",
            Role::RenewalsRep => "renewals_rep",
            Role::SalesManager => "sales_manager",
        }
    }
}

/// A set of [`Role`]s as one copyable word: a tier's whole team.
/// Serialized as the list of its roles' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet {
    bits: u16,
}

impl RoleSet {
    /// No roles: a pure self-serve motion.
    pub const EMPTY: RoleSet = RoleSet { bits: 0 };

    /// Every bit that names a role.
    const KNOWN: u16 = (1 << ALL_ROLES.len()) - 1;

    /// The set with `role` added.
    #[must_use]
    pub const fn with(self, role: Role) -> RoleSet {
        RoleSet {
            bits: self.bits | role.bit(),
        }
    }

    /// The set of `roles`.
    pub const fn of(roles: &[Role]) -> RoleSet {
        let mut set = RoleSet::EMPTY;
        let mut rest = roles;
        while let [role, tail @ ..] = rest {
            set = set.with(*role);
            rest = tail;
        }
        set
    }

    /// Whether `role` is in the set.
    pub const fn contains(self, role: Role) -> bool {
        self.bits & role.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The roles in the set, in [`ALL_ROLES`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> + Clone {
        ALL_ROLES
            .into_iter()
            .filter(move |&role| self.contains(role))
    }

    /// The set as bits (bit `k` is the `k`-th of [`ALL_ROLES`]).
    pub const fn bits(self) -> u16 {
        self.bits
    }

    /// A set from [`RoleSet::bits`]; a bit that names no role is
    /// [`ErrorKind::OutOfRange`].
    pub const fn from_bits(bits: u16) -> Result<RoleSet, ErrorKind> {
        if bits & !Self::KNOWN != 0 {
            Err(ErrorKind::OutOfRange)
        } else {
            Ok(RoleSet { bits })
        }
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(roles: I) -> Self {
        roles.into_iter().fold(RoleSet::EMPTY, RoleSet::with)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RoleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::set_serde::serialize_members(serializer, self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RoleSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::set_serde::deserialize_set(deserializer, "a list of roles")
    }
}
