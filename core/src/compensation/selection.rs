//! Which of a plan's rules count a credit: additive components when their
//! measure matches, in each rule group only the first that does, and the
//! SPIFs whose measure matches.
//!
//! [`Measure::matches`] says what a match is. A [`Selector`] compiles the
//! plan's measures once per run into masks, one bit per rule, so a credit
//! is checked filter by filter for all rules at once: a table lookup for
//! its kind and channel, a pass over the few rules that name a product,
//! territory, custom attribute, day limit or category, and one mask per
//! rule group to keep its first match. Checking each measure in turn walked
//! the components (kilobytes apart, rate tables inline) and every
//! category's ancestors for every credit, which cost more than rating it.

use crate::limits::{MAX_CATEGORIES, MAX_COMPONENTS, MAX_SPIFS};
use crate::ALL_CHANNELS;
use heapless::Vec;

use super::attributes::{AttributeSet, CategoryIndex};
use super::crediting::CreditLine;
use super::measure::Measure;
use super::plan::Plan;
use super::transaction::{SplitKind, ALL_TRANSACTION_KINDS};

/// Components and SPIFs: the rules a selector decides on.
const MAX_RULES: usize = MAX_COMPONENTS + MAX_SPIFS;

/// The rules that count one credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Selected {
    /// Bit `i` for `components[i]`.
    pub(crate) components: u32,
    /// Bit `k` for `spifs[k]`.
    pub(crate) spifs: u32,
}

/// A plan's measures compiled to masks over its rules: bit `i` for
/// `components[i]`, bit `MAX_COMPONENTS + k` for `spifs[k]`.
#[derive(Debug, Clone)]
pub(crate) struct Selector {
    /// Per transaction kind (by declaration order), the rules counting it.
    by_kind: [u32; ALL_TRANSACTION_KINDS.len()],
    /// The rules counting revenue splits only.
    revenue_only: u32,
    /// The rules naming channels, and per channel those counting it.
    channel_filtered: u32,
    by_channel: [u32; ALL_CHANNELS.len()],
    /// The rules counting expansions signed with a renewal only.
    renewal_only: u32,
    /// `(limit, rule)` for each rule counting events within days.
    within_days: Vec<(u32, u32), MAX_RULES>,
    /// `(product, rule)` for each rule naming a product.
    products: Vec<(u32, u32), MAX_RULES>,
    /// `(territory, rule)` for each rule naming a territory.
    territories: Vec<(u32, u32), MAX_RULES>,
    /// `(required, rule)` for each rule naming custom attributes.
    custom: Vec<(AttributeSet, u32), MAX_RULES>,
    /// The category filters, when a rule names a category.
    categories: Option<CategoryRules>,
    /// Each rule group's components.
    groups: Vec<u32, MAX_COMPONENTS>,
}

/// The rules naming a category, as masks per node of the plan's tree.
#[derive(Debug, Clone)]
struct CategoryRules {
    index: CategoryIndex,
    /// Per tree node, the rules whose category is the node or an ancestor.
    admitted: [u32; MAX_CATEGORIES],
    /// `(category, rule)` for each rule naming a category.
    rules: Vec<(u32, u32), MAX_RULES>,
    /// The union of those rules.
    filtered: u32,
}

impl CategoryRules {
    /// The rules naming a category that admit `category`: a category the
    /// tree does not hold is its own lineage.
    fn admitting(&self, category: Option<u32>) -> u32 {
        let Some(id) = category else {
            return 0;
        };
        match self.index.position(id) {
            Some(node) => self.admitted.get(usize::from(node)).copied().unwrap_or(0),
            None => self
                .rules
                .iter()
                .filter(|(named, _)| *named == id)
                .fold(0, |rules, (_, rule)| rules | rule),
        }
    }
}

impl Selector {
    pub(crate) fn new(plan: &Plan) -> Selector {
        let mut selector = Selector {
            by_kind: [0; ALL_TRANSACTION_KINDS.len()],
            revenue_only: 0,
            channel_filtered: 0,
            by_channel: [0; ALL_CHANNELS.len()],
            renewal_only: 0,
            within_days: Vec::new(),
            products: Vec::new(),
            territories: Vec::new(),
            custom: Vec::new(),
            categories: None,
            groups: Vec::new(),
        };
        let mut named_categories: Vec<(u32, u32), MAX_RULES> = Vec::new();
        let components = plan.components.iter().map(|c| &c.measure);
        let spifs = plan.spifs.iter().map(|s| &s.qualifies);
        let rules = components.zip(0..).chain(spifs.zip(MAX_COMPONENTS..));
        for (measure, position) in rules {
            let rule = bit(position);
            selector.add(measure, rule);
            if let Some(category) = measure.attributes.category {
                // One entry per rule: every push fits.
                let _ = named_categories.push((category, rule));
            }
        }
        let mut group_ids: Vec<u32, MAX_COMPONENTS> = Vec::new();
        for (i, component) in plan.components.iter().enumerate() {
            let Some(group) = component.group else {
                continue;
            };
            match group_ids.iter().position(|&g| g == group) {
                Some(at) => {
                    if let Some(members) = selector.groups.get_mut(at) {
                        *members |= bit(i);
                    }
                }
                None => {
                    // At most one group per component: the pushes fit.
                    let _ = group_ids.push(group);
                    let _ = selector.groups.push(bit(i));
                }
            }
        }
        if !named_categories.is_empty() {
            selector.categories = Some(category_rules(plan, named_categories));
        }
        selector
    }

    /// Records `measure`'s filters for `rule`.
    fn add(&mut self, measure: &Measure, rule: u32) {
        for (rules, kind) in self.by_kind.iter_mut().zip(ALL_TRANSACTION_KINDS) {
            if measure.kinds.contains(kind) {
                *rules |= rule;
            }
        }
        if measure.revenue_credit_only {
            self.revenue_only |= rule;
        }
        if !measure.channels.is_empty() {
            self.channel_filtered |= rule;
            for (rules, channel) in self.by_channel.iter_mut().zip(ALL_CHANNELS) {
                if measure.channels.contains(channel) {
                    *rules |= rule;
                }
            }
        }
        if measure.at_renewal_only {
            self.renewal_only |= rule;
        }
        // One entry per rule in each list: every push fits.
        if let Some(days) = measure.within_days {
            let _ = self.within_days.push((days, rule));
        }
        let attributes = &measure.attributes;
        if let Some(product) = attributes.product {
            let _ = self.products.push((product, rule));
        }
        if let Some(territory) = attributes.territory {
            let _ = self.territories.push((territory, rule));
        }
        if attributes.custom != AttributeSet::EMPTY {
            let _ = self.custom.push((attributes.custom, rule));
        }
    }

    /// The components and SPIFs that count `credit`.
    #[inline]
    pub(crate) fn select(&self, credit: &CreditLine) -> Selected {
        let source = &credit.source;
        let attributes = &source.attributes;
        let mut rules = self.by_kind.get(source.kind as usize).copied().unwrap_or(0);
        if credit.split_kind != SplitKind::Revenue {
            rules &= !self.revenue_only;
        }
        let by_channel = source.channel.map_or(0, |channel| {
            self.by_channel.get(channel as usize).copied().unwrap_or(0)
        });
        rules &= !self.channel_filtered | by_channel;
        if !source.at_renewal {
            rules &= !self.renewal_only;
        }
        for &(days, rule) in &self.within_days {
            if source.days_to_event > days {
                rules &= !rule;
            }
        }
        for &(product, rule) in &self.products {
            if attributes.product != Some(product) {
                rules &= !rule;
            }
        }
        for &(territory, rule) in &self.territories {
            if attributes.territory != Some(territory) {
                rules &= !rule;
            }
        }
        for &(required, rule) in &self.custom {
            if !required.is_subset(attributes.custom) {
                rules &= !rule;
            }
        }
        if let Some(categories) = &self.categories {
            rules &= !categories.filtered | categories.admitting(attributes.category);
        }
        for &group in &self.groups {
            // Keep the group's lowest matching member: the first in plan order.
            let matching = rules & group;
            rules &= !group | (matching & matching.wrapping_neg());
        }
        Selected {
            components: rules & bit(MAX_COMPONENTS).wrapping_sub(1),
            spifs: rules.checked_shr(MAX_COMPONENTS as u32).unwrap_or(0),
        }
    }
}

/// The category masks of `named` (category, rule) pairs over `plan`'s tree.
fn category_rules(plan: &Plan, named: Vec<(u32, u32), MAX_RULES>) -> CategoryRules {
    let index = CategoryIndex::new(&plan.categories);
    let mut admitted = [0u32; MAX_CATEGORIES];
    for (rules, node) in admitted.iter_mut().zip(&plan.categories) {
        let lineage = index.lineage(Some(node.id));
        for &(category, rule) in &named {
            if lineage.contains(category) {
                *rules |= rule;
            }
        }
    }
    let filtered = named.iter().fold(0, |rules, (_, rule)| rules | rule);
    CategoryRules {
        index,
        admitted,
        rules: named,
        filtered,
    }
}

/// Bit `i` of a mask (none past the 32nd: a plan has at most
/// [`MAX_RULES`] rules).
fn bit(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1u32.checked_shl(i))
        .unwrap_or(0)
}

/// The indices in a mask of [`Selected`], in ascending order: a credit
/// mostly counts for one or two components, so the rating loop visits
/// those instead of testing every component.
pub(crate) fn counted(mut rules: u32) -> impl Iterator<Item = usize> {
    core::iter::from_fn(move || {
        let index = rules.trailing_zeros();
        // Clear the lowest set bit (no bit left: the set is done).
        rules &= rules.checked_sub(1)?;
        usize::try_from(index).ok()
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::*;
    use crate::compensation::{
        Attributes, Category, Component, EventCondition, KindSet, MeasureUnit, QuotaPeriod, Spif,
        TransactionKind,
    };
    use crate::{ChannelSet, Currency, Date, Decimal, Period, Role};

    /// Roots 1 and 2; 3, 4 under 1; 5 under 3; 6 under 2. Rules and
    /// credits also name 7, which the tree does not hold.
    const TREE: [(u32, Option<u32>); 6] = [
        (1, None),
        (2, None),
        (3, Some(1)),
        (4, Some(1)),
        (5, Some(3)),
        (6, Some(2)),
    ];

    fn id() -> impl Strategy<Value = Option<u32>> {
        prop_oneof![Just(None), (1u32..8).prop_map(Some)]
    }

    fn kinds() -> impl Strategy<Value = KindSet> {
        (1u16..(1 << ALL_TRANSACTION_KINDS.len())).prop_map(KindSet)
    }

    fn channels() -> impl Strategy<Value = ChannelSet> {
        prop_oneof![
            Just(ChannelSet::EMPTY),
            proptest::collection::vec(select(&ALL_CHANNELS[..]), 1..3)
                .prop_map(|c| ChannelSet::of(&c)),
        ]
    }

    fn measure() -> impl Strategy<Value = Measure> {
        let filters = (
            channels(),
            prop::option::of(0u32..60),
            any::<bool>(),
            any::<bool>(),
        );
        let attributes = (id(), id(), id(), 0u64..4);
        (kinds(), filters, attributes).prop_map(
            |(kinds, (channels, within_days, at_renewal_only, revenue_credit_only), a)| Measure {
                channels,
                within_days,
                at_renewal_only,
                revenue_credit_only,
                attributes: Attributes {
                    product: a.0,
                    category: a.1,
                    territory: a.2,
                    custom: AttributeSet(a.3),
                },
                ..Measure::of(kinds, MeasureUnit::Mrr)
            },
        )
    }

    fn credit() -> impl Strategy<Value = CreditLine> {
        let facts = (
            select(&ALL_TRANSACTION_KINDS[..]),
            prop::option::of(select(&ALL_CHANNELS[..])),
            any::<bool>(),
            any::<bool>(),
            0u32..90,
        );
        (facts, (id(), id(), id(), 0u64..4)).prop_map(|(f, a)| {
            let mut credit = CreditLine::EMPTY;
            credit.source.kind = f.0;
            credit.source.channel = f.1;
            credit.source.at_renewal = f.2;
            credit.split_kind = if f.3 {
                SplitKind::Revenue
            } else {
                SplitKind::Overlay
            };
            credit.source.days_to_event = f.4;
            credit.source.attributes = Attributes {
                product: a.0,
                category: a.1,
                territory: a.2,
                custom: AttributeSet(a.3),
            };
            credit
        })
    }

    fn plan(rules: &[(Measure, Option<u32>)], spifs: &[Measure]) -> Plan {
        let effective = Period::new(
            Date::new(2026, 1, 1).unwrap(),
            Date::new(2026, 12, 31).unwrap(),
        )
        .unwrap();
        let mut plan = Plan::new(
            1,
            Role::AccountExecutive,
            effective,
            Currency::USD,
            Decimal::from(100),
            Decimal::ONE,
        );
        for (i, (measure, group)) in rules.iter().enumerate() {
            let mut component = Component::flat(
                i as u32,
                *measure,
                Decimal::ONE,
                QuotaPeriod::Year,
                Decimal::ONE,
            );
            component.group = *group;
            plan.components.push(component).unwrap();
        }
        for (k, qualifies) in spifs.iter().enumerate() {
            let spif = Spif {
                id: 100 + k as u32,
                qualifies: *qualifies,
                condition: EventCondition::Always,
                amount: Decimal::ONE,
            };
            plan.spifs.push(spif).unwrap();
        }
        for (id, parent) in TREE {
            plan.categories.push(Category { id, parent }).unwrap();
        }
        plan
    }

    /// The definition, rule by rule: every matching additive component,
    /// the first matching component of each group, every matching SPIF.
    fn selected_one_by_one(plan: &Plan, credit: &CreditLine) -> Selected {
        let lineage =
            CategoryIndex::new(&plan.categories).lineage(credit.source.attributes.category);
        let mut groups_taken: Vec<u32, MAX_COMPONENTS> = Vec::new();
        let mut components = 0;
        for (i, component) in plan.components.iter().enumerate() {
            if !component.measure.matches(credit, &lineage) {
                continue;
            }
            if let Some(group) = component.group {
                if groups_taken.contains(&group) {
                    continue;
                }
                groups_taken.push(group).unwrap();
            }
            components |= 1 << i;
        }
        let spifs = plan
            .spifs
            .iter()
            .enumerate()
            .filter(|(_, spif)| spif.qualifies.matches(credit, &lineage))
            .fold(0, |spifs, (k, _)| spifs | 1 << k);
        Selected { components, spifs }
    }

    proptest! {
        #[test]
        fn the_masks_select_what_the_measures_match(
            rules in proptest::collection::vec((measure(), prop::option::of(0u32..3)), 0..=MAX_COMPONENTS),
            spifs in proptest::collection::vec(measure(), 0..=MAX_SPIFS),
            credits in proptest::collection::vec(credit(), 1..40),
        ) {
            let plan = plan(&rules, &spifs);
            let selector = Selector::new(&plan);
            for credit in &credits {
                prop_assert_eq!(selector.select(credit), selected_one_by_one(&plan, credit));
            }
        }
    }

    #[test]
    fn a_category_rule_admits_its_sub_categories_and_a_group_its_first_match() {
        // Component 0 on category 1 (group 9), 1 on product 4 (group 9),
        // 2 additive on category 3; a SPIF on category 7 (not in the tree).
        let on = |category: Option<u32>, product: Option<u32>| Measure {
            attributes: Attributes {
                category,
                product,
                ..Attributes::NONE
            },
            ..Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr)
        };
        let plan = plan(
            &[
                (on(Some(1), None), Some(9)),
                (on(None, Some(4)), Some(9)),
                (on(Some(3), None), None),
            ],
            &[on(Some(7), None)],
        );
        let selector = Selector::new(&plan);
        let credit = |category, product| {
            let mut credit = CreditLine::EMPTY;
            credit.source.attributes.category = category;
            credit.source.attributes.product = product;
            credit
        };
        let select = |category, product| selector.select(&credit(category, product));
        // 5 lies under 3 under 1: component 0 wins the group, 2 adds.
        assert_eq!(
            select(Some(5), Some(4)),
            Selected {
                components: 0b101,
                spifs: 0
            }
        );
        // 6 lies under 2: the group falls to product 4.
        assert_eq!(
            select(Some(6), Some(4)),
            Selected {
                components: 0b010,
                spifs: 0
            }
        );
        // 7 is its own lineage; no product: only the SPIF.
        assert_eq!(
            select(Some(7), None),
            Selected {
                components: 0,
                spifs: 0b1
            }
        );
        assert_eq!(
            select(None, None),
            Selected {
                components: 0,
                spifs: 0
            }
        );
        let indices: Vec<usize, 8> = counted(0b1010_0110).collect();
        assert_eq!(indices, [1, 2, 5, 7]);
    }
}
