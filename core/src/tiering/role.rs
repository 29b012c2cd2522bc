//! Who works an account: the roles of the seed's role framework, held as a
//! bitset so a tier's whole team is one copyable word.

use crate::error::ErrorKind;

/// A sales or customer-success role. The discriminant is the role's bit in
/// a [`RoleSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Role {
    /// Marketing development rep: qualifies inbound marketing leads.
    Mdr = 1,
    /// Sales development rep: qualifies leads and books meetings.
    Sdr = 1 << 1,
    /// Business development rep: outbound prospecting into named accounts.
    Bdr = 1 << 2,
    /// Inside account executive: closes remotely, at high velocity.
    Ae = 1 << 3,
    /// Field account executive: closes multi-stakeholder enterprise deals.
    Fae = 1 << 4,
    /// Sales (solutions) engineer: technical validation and integration.
    Se = 1 << 5,
    /// Customer success manager: onboarding and adoption.
    Csm = 1 << 6,
    /// Account manager: expansion (upsell and cross-sell).
    Am = 1 << 7,
    /// Renewals rep.
    Renewals = 1 << 8,
}

/// Every role, in bit order (the order [`RoleSet::iter`] yields).
pub const ALL_ROLES: [Role; 9] = [
    Role::Mdr,
    Role::Sdr,
    Role::Bdr,
    Role::Ae,
    Role::Fae,
    Role::Se,
    Role::Csm,
    Role::Am,
    Role::Renewals,
];

/// A set of [`Role`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet {
    bits: u16,
}

impl RoleSet {
    /// No roles: a pure self-serve motion.
    pub const EMPTY: RoleSet = RoleSet { bits: 0 };

    /// Every bit that names a role.
    const KNOWN: u16 = 0x01ff;

    /// The set with `role` added.
    #[must_use]
    pub const fn with(self, role: Role) -> RoleSet {
        RoleSet {
            bits: self.bits | role as u16,
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
        self.bits & role as u16 != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The roles in the set, in [`ALL_ROLES`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        ALL_ROLES
            .into_iter()
            .filter(move |&role| self.contains(role))
    }

    /// The set as bits (bit `k` is the `k`-th of [`ALL_ROLES`]), for the wire.
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
