//! Transaction attributes — product, product category, territory and custom
//! attribute ids — and the category tree a rule on a category reads.
//!
//! One [`Attributes`] value describes a transaction (what it *is*) and, on a
//! [`super::Measure`], what a rule *requires*: each id the rule names must
//! match, a category matching its sub-categories too, as Tryton's
//! commission plan lines do (a line on "Software" pays on a product in
//! "Software / Licences"). Ids are the caller's; the engine only compares
//! them, so the tree is the only master data it needs.

use crate::limits::{MAX_CATEGORIES, MAX_CATEGORY_DEPTH, MAX_CUSTOM_ATTRIBUTES};

use crate::{Error, ErrorKind};

/// A set of custom attribute ids below [`MAX_CUSTOM_ATTRIBUTES`] (a deal
/// flag such as "multi-year", "partner-sourced", "strategic account"), one
/// bit each, so a check is one mask. Serialized as the list of its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AttributeSet(pub u64);

impl AttributeSet {
    /// The empty set.
    pub const EMPTY: AttributeSet = AttributeSet(0);

    /// The set of `ids`; fails on an id of [`MAX_CUSTOM_ATTRIBUTES`] or more.
    pub fn of(ids: &[u8]) -> Result<AttributeSet, ErrorKind> {
        let mut bits = 0u64;
        for &id in ids {
            bits |= Self::bit(id).ok_or(ErrorKind::OutOfRange)?;
        }
        Ok(AttributeSet(bits))
    }

    fn bit(id: u8) -> Option<u64> {
        (id < MAX_CUSTOM_ATTRIBUTES).then(|| 1u64.wrapping_shl(u32::from(id)))
    }

    /// Whether `id` is in the set.
    pub fn contains(self, id: u8) -> bool {
        Self::bit(id).is_some_and(|bit| self.0 & bit != 0)
    }

    /// Whether every id of `self` is in `other`.
    pub const fn is_subset(self, other: AttributeSet) -> bool {
        self.0 & !other.0 == 0
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for AttributeSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let set = *self;
        crate::set_serde::serialize_members(
            serializer,
            (0..MAX_CUSTOM_ATTRIBUTES).filter(move |id| set.contains(*id)),
        )
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for AttributeSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids: heapless::Vec<u8, { MAX_CUSTOM_ATTRIBUTES as usize }> =
            serde::Deserialize::deserialize(deserializer)?;
        AttributeSet::of(&ids).map_err(|_| {
            serde::de::Error::custom("custom attribute ids must be below MAX_CUSTOM_ATTRIBUTES")
        })
    }
}

/// What a transaction is about, or (on a measure) what a rule requires.
/// `None` means "not recorded" on a transaction and "any" on a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Attributes {
    /// The product id.
    #[cfg_attr(feature = "serde", serde(default))]
    pub product: Option<u32>,
    /// The product category id; on a rule it matches its sub-categories.
    #[cfg_attr(feature = "serde", serde(default))]
    pub category: Option<u32>,
    /// The territory (region) id.
    #[cfg_attr(feature = "serde", serde(default))]
    pub territory: Option<u32>,
    /// Custom attribute ids; a rule requires all of its ids.
    #[cfg_attr(feature = "serde", serde(default))]
    pub custom: AttributeSet,
}

impl Attributes {
    /// No attribute recorded (on a transaction) or required (on a rule).
    pub const NONE: Attributes = Attributes {
        product: None,
        category: None,
        territory: None,
        custom: AttributeSet::EMPTY,
    };

    /// Whether a transaction with `attributes`, whose category has the
    /// `lineage`, meets these requirements.
    #[inline]
    pub fn admit(&self, attributes: &Attributes, lineage: &Lineage) -> bool {
        self.product.is_none_or(|p| attributes.product == Some(p))
            && self
                .territory
                .is_none_or(|t| attributes.territory == Some(t))
            && self.category.is_none_or(|c| lineage.contains(c))
            && self.custom.is_subset(attributes.custom)
    }
}

/// One node of a product category tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Category {
    /// The category id.
    pub id: u32,
    /// The parent category; `None` for a root.
    #[cfg_attr(feature = "serde", serde(default))]
    pub parent: Option<u32>,
}

/// A transaction's category and its ancestors, nearest first: found once
/// per credit (see [`CategoryIndex::lineage`]), so each rule's category
/// check is a few comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lineage {
    ids: [u32; MAX_CATEGORY_DEPTH],
    len: usize,
}

impl Lineage {
    /// Whether `category` is the transaction's category or an ancestor.
    #[inline]
    pub fn contains(&self, category: u32) -> bool {
        self.ids
            .get(..self.len)
            .is_some_and(|ids| ids.contains(&category))
    }
}

/// A category tree indexed once per run: each node found by a hash of its
/// id and each node's parent held as a position, so a credit's lineage is
/// one lookup for its category and then steps up by index (searching the
/// tree for every ancestor of every credit cost more than rating the
/// credit, and scanning the ids for its category a tenth of rating it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CategoryIndex {
    ids: [u32; MAX_CATEGORIES],
    parents: [Option<u32>; MAX_CATEGORIES],
    /// The position of each node's parent, when the tree holds it.
    parent_at: [Option<u8>; MAX_CATEGORIES],
    /// Open addressing by id: position + 1 of the node whose id hashes to
    /// the slot or, probing on, a later one; 0 for an empty slot. Twice the
    /// tree's capacity, so a probe ends within a slot or two.
    slots: [u8; SLOTS],
    len: usize,
}

/// Bits of a category id's hash: slots for twice [`MAX_CATEGORIES`] nodes.
const SLOT_BITS: u32 = 7;
const SLOTS: usize = 1 << SLOT_BITS;
const _: () = assert!(SLOTS >= 2 * MAX_CATEGORIES && MAX_CATEGORIES < u8::MAX as usize);

/// The slot where the search for `id` starts: the top bits of a
/// multiplicative (Fibonacci) hash, which spreads consecutive ids.
fn first_slot(id: u32) -> usize {
    usize::try_from(id.wrapping_mul(0x9E37_79B9) >> (u32::BITS - SLOT_BITS)).unwrap_or(0)
}

/// The slot after `slot`, wrapping around the table.
fn next_slot(slot: usize) -> usize {
    slot.wrapping_add(1) & (SLOTS - 1)
}

impl CategoryIndex {
    /// The index of `tree`'s first [`MAX_CATEGORIES`] nodes (a plan's tree
    /// holds no more).
    pub fn new(tree: &[Category]) -> CategoryIndex {
        let mut index = CategoryIndex {
            ids: [0; MAX_CATEGORIES],
            parents: [None; MAX_CATEGORIES],
            parent_at: [None; MAX_CATEGORIES],
            slots: [0; SLOTS],
            len: tree.len().min(MAX_CATEGORIES),
        };
        for ((id, parent), node) in index.ids.iter_mut().zip(&mut index.parents).zip(tree) {
            *id = node.id;
            *parent = node.parent;
        }
        for (at, node) in (1u8..).zip(tree.iter().take(index.len)) {
            // A repeated id (in a tree not yet validated) keeps its first node.
            if index.position(node.id).is_some() {
                continue;
            }
            let mut slot = first_slot(node.id);
            // Fewer nodes than slots: an empty one is always found.
            for _ in 0..SLOTS {
                match index.slots.get_mut(slot) {
                    Some(entry) if *entry == 0 => {
                        *entry = at;
                        break;
                    }
                    _ => slot = next_slot(slot),
                }
            }
        }
        let mut parent_at = [None; MAX_CATEGORIES];
        for (at, parent) in parent_at.iter_mut().zip(&index.parents) {
            *at = parent.and_then(|id| index.position(id));
        }
        CategoryIndex { parent_at, ..index }
    }

    /// The position of the first node with `id`.
    pub(crate) fn position(&self, id: u32) -> Option<u8> {
        let mut slot = first_slot(id);
        for _ in 0..SLOTS {
            let at = self.slots.get(slot)?.checked_sub(1)?;
            if self.ids.get(usize::from(at)) == Some(&id) {
                return Some(at);
            }
            slot = next_slot(slot);
        }
        None
    }

    /// The lineage of `category`. A category the tree does not hold is its
    /// own lineage; a tree that passed [`validate_categories`] is never
    /// deeper than [`MAX_CATEGORY_DEPTH`] (deeper ancestors of an unchecked
    /// tree are left out).
    pub fn lineage(&self, category: Option<u32>) -> Lineage {
        let mut lineage = Lineage::default();
        let mut next = category;
        let mut at = category.and_then(|id| self.position(id));
        for slot in lineage.ids.iter_mut() {
            let Some(id) = next else { break };
            *slot = id;
            lineage.len = lineage.len.saturating_add(1);
            let Some(node) = at.map(usize::from) else {
                break;
            };
            next = self.parents.get(node).copied().flatten();
            at = self.parent_at.get(node).copied().flatten();
        }
        lineage
    }
}

/// Checks a category tree: ids unique, every parent in the tree, and no
/// chain deeper than [`MAX_CATEGORY_DEPTH`] (which also rules out cycles).
/// Errors name the entry (`categories[3].parent`).
pub fn validate_categories(tree: &[Category]) -> Result<(), Error> {
    if tree.len() > MAX_CATEGORIES {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_CATEGORIES as u32,
        })
        .at("categories"));
    }
    for (i, category) in tree.iter().enumerate() {
        let earlier = tree.get(..i).unwrap_or_default();
        if earlier.iter().any(|c| c.id == category.id) {
            return Err(
                Error::from(ErrorKind::Invalid("category ids must be unique"))
                    .at("id")
                    .at_index("categories", i),
            );
        }
        let mut parent = category.parent;
        // A lineage holds the category and its ancestors: depth − 1 parents.
        for _ in 1..MAX_CATEGORY_DEPTH {
            let Some(id) = parent else { break };
            let Some(node) = tree.iter().find(|c| c.id == id) else {
                return Err(Error::from(ErrorKind::Invalid(
                    "parent is not a category of the tree",
                ))
                .at("parent")
                .at_index("categories", i));
            };
            parent = node.parent;
        }
        if parent.is_some() {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_CATEGORY_DEPTH as u32,
            })
            .at("parent")
            .at_index("categories", i));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use proptest::prelude::*;
    use std::vec::Vec;

    proptest! {
        /// The hashed lookup finds what a scan of the ids finds: the first
        /// node with the id, or nothing. Ids from a narrow range repeat and
        /// collide; from the whole range they spread.
        #[test]
        fn the_hashed_position_is_the_first_node_with_the_id(
            ids in prop_oneof![
                proptest::collection::vec(0u32..40, 0..=MAX_CATEGORIES),
                proptest::collection::vec(any::<u32>(), 0..=MAX_CATEGORIES),
            ],
            probes in proptest::collection::vec(any::<u32>(), 0..20),
        ) {
            let tree: Vec<Category> = ids.iter().map(|&id| Category { id, parent: None }).collect();
            let index = CategoryIndex::new(&tree);
            for &id in ids.iter().chain(&probes) {
                let scanned = ids.iter().position(|&node| node == id);
                prop_assert_eq!(index.position(id).map(usize::from), scanned);
            }
        }
    }
}
