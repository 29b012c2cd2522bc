//! Which rules can fire. Under first-match-wins a rule is reachable iff some
//! valid account matches it and none of the rules before it. Every test of
//! a rule is a half-open integer band or a finite set, so a rule is a box in
//! the space of accounts and the question has an exact answer: is the
//! rule's box inside the **union** of the earlier rules' boxes? (A check
//! against each earlier rule alone misses a rule that two earlier rules
//! shadow together.)
//!
//! How: each band axis is cut, inside the rule's own band, at every edge of
//! an earlier band, into at most `2n + 1` segments for `n` earlier rules; every
//! earlier band is a union of whole segments, so a segment is one class of
//! equivalent values. The flags have two classes each, the tags 64. Every
//! axis thus becomes a bit set of classes and every rule a product of bit
//! sets. The sweep then takes the axes in turn: the box is covered iff, for
//! each class on the current axis, the rest of the box is covered by the
//! earlier boxes that contain that class. Classes that the same earlier
//! boxes contain are checked once; an earlier box that contains the whole
//! rest ends a branch; a class that no earlier box contains is a reachable
//! account and ends the search. Every class holds a real account (segments
//! start at an integer edge inside the rule's band; counts and tags range
//! over their whole type), so the answer is exact both ways.

use crate::error::ErrorKind;

use super::criteria::{Condition, Rule};

/// Value, employees, decision makers, integration, security review,
/// regions, verticals.
const AXES: usize = 7;

/// The band axes, first in [`AXES`] order.
const BAND_AXES: usize = 3;

/// One bit per class of an axis.
type Classes = u128;

/// A rule as a box: per axis, the classes it contains.
type Cells = [Classes; AXES];

/// The earlier rules that contain a class, one bit per earlier box.
type Boxes = u64;

/// The most earlier rules the check holds: one bit each, and their
/// `2n + 1` segments of a band axis one bit each.
const MAX_EARLIER: usize = 63;
const _: () =
    assert!(MAX_EARLIER <= Boxes::BITS as usize && 2 * MAX_EARLIER < Classes::BITS as usize);

/// Whether no account reaches `rule` because the rules in `earlier` (tried
/// before it) together match every account it matches. `N` is the policy's
/// rule capacity (at most [`MAX_EARLIER`]); more than `N` earlier rules is
/// [`ErrorKind::TooMany`].
pub(crate) fn is_unreachable<const N: usize>(
    rule: &Rule,
    earlier: &[Rule],
) -> Result<bool, ErrorKind> {
    const { assert!(N <= MAX_EARLIER) };
    let too_many = ErrorKind::TooMany {
        max: u32::try_from(N).unwrap_or(u32::MAX),
    };
    let mut target = set_axes(rule);
    let mut cells: heapless::Vec<Cells, N> = heapless::Vec::new();
    for other in earlier {
        let mut other_cells = set_axes(other);
        for (have, want) in other_cells.iter_mut().zip(&target) {
            *have &= want;
        }
        cells.push(other_cells).map_err(|_| too_many)?;
    }
    for (axis, band) in bands(rule).into_iter().enumerate() {
        if let Some(want) = target.get_mut(axis) {
            *want = compress(band, earlier, axis, &mut cells);
        }
    }
    // Only the earlier boxes that meet the rule's box matter.
    let mut boxes: heapless::Vec<Cells, N> = heapless::Vec::new();
    let mut full_from: heapless::Vec<usize, N> = heapless::Vec::new();
    let mut all: Boxes = 0;
    for other_cells in cells.iter().filter(|c| c.iter().all(|&a| a != 0)) {
        all |= box_bit(boxes.len());
        // No more than `cells` holds: cannot overflow.
        let _ = full_from.push(first_axis_of_full_rest(other_cells, &target));
        let _ = boxes.push(*other_cells);
    }
    Ok(covered(&target, &boxes, &full_from, 0, all))
}

const AXIS_INTEGRATION: usize = BAND_AXES;
const AXIS_SECURITY: usize = BAND_AXES + 1;
const AXIS_REGIONS: usize = BAND_AXES + 2;
const AXIS_VERTICALS: usize = BAND_AXES + 3;

/// The rule's flag and tag axes as classes (its band axes left empty).
fn set_axes(rule: &Rule) -> Cells {
    let mut cells: Cells = [0; AXES];
    let sets = [
        (AXIS_INTEGRATION, flag_classes(rule.technical_integration)),
        (AXIS_SECURITY, flag_classes(rule.security_review)),
        (AXIS_REGIONS, Classes::from(rule.regions.bits)),
        (AXIS_VERTICALS, Classes::from(rule.verticals.bits)),
    ];
    for (axis, classes) in sets {
        if let Some(cell) = cells.get_mut(axis) {
            *cell = classes;
        }
    }
    cells
}

/// The rule's bands as `[min, max)` on integers (value in nanos); an
/// unbounded band ends at `i128::MAX`, which no value or count reaches.
fn bands(rule: &Rule) -> [(i128, i128); BAND_AXES] {
    let count = |band: &super::criteria::CountBand| {
        (i128::from(band.min), band.max.map_or(i128::MAX, i128::from))
    };
    [
        (
            rule.first_year_value.min.nanos(),
            rule.first_year_value
                .max
                .map_or(i128::MAX, |max| max.nanos()),
        ),
        count(&rule.employees),
        count(&rule.decision_makers),
    ]
}

/// The classes (no, yes) a flag condition contains: bit 0 "not needed",
/// bit 1 "needed".
const fn flag_classes(condition: Condition) -> Classes {
    match condition {
        Condition::Any => 0b11,
        Condition::Required => 0b10,
        Condition::NotRequired => 0b01,
    }
}

/// Cuts `own` at every edge of the earlier rules' bands on `axis` that
/// lies strictly inside it, writes each earlier rule's segments into
/// `earlier_cells[k][axis]`, and returns the rule's own (all segments).
fn compress(
    own: (i128, i128),
    earlier: &[Rule],
    axis: usize,
    earlier_cells: &mut [Cells],
) -> Classes {
    let (low, high) = own;
    let mut edges: heapless::Vec<i128, { Classes::BITS as usize }> = heapless::Vec::new();
    for other in earlier {
        let band = bands(other).get(axis).copied().unwrap_or((0, 0));
        for edge in [band.0, band.1] {
            if low < edge && edge < high && !edges.contains(&edge) {
                // Two edges per earlier rule, at most MAX_EARLIER of
                // them: cannot overflow.
                let _ = edges.push(edge);
            }
        }
    }
    edges.sort_unstable();
    // Segment k is [starts[k], ends[k]).
    let starts = core::iter::once(low).chain(edges.iter().copied());
    let ends = edges.iter().copied().chain(core::iter::once(high));
    let mut own_classes: Classes = 0;
    for (k, (start, end)) in starts.zip(ends).enumerate() {
        let bit = class_bit(k);
        own_classes |= bit;
        for (cells, other) in earlier_cells.iter_mut().zip(earlier) {
            let (min, max) = bands(other).get(axis).copied().unwrap_or((0, 0));
            if min <= start && end <= max {
                if let Some(cell) = cells.get_mut(axis) {
                    *cell |= bit;
                }
            }
        }
    }
    own_classes
}

/// The bit of class `k` (zero past the width, which the segment bound
/// above rules out).
fn class_bit(k: usize) -> Classes {
    u32::try_from(k)
        .ok()
        .and_then(|k| Classes::from(1u8).checked_shl(k))
        .unwrap_or(0)
}

/// The first axis from which `cells` contains all of `target`: the box
/// covers any remainder of the rule that starts at or after that axis.
fn first_axis_of_full_rest(cells: &Cells, target: &Cells) -> usize {
    let mut from = AXES;
    for (axis, (have, want)) in cells.iter().zip(target).enumerate().rev() {
        if have != want {
            break;
        }
        from = axis;
    }
    from
}

/// Whether the part of `target` from `axis` on is inside the union of the
/// `active` boxes (for a class already fixed on every earlier axis).
fn covered(
    target: &Cells,
    boxes: &[Cells],
    full_from: &[usize],
    axis: usize,
    active: Boxes,
) -> bool {
    if active == 0 {
        return false;
    }
    if members(active).any(|i| full_from.get(i).is_some_and(|&from| from <= axis)) {
        return true;
    }
    let Some(&want) = target.get(axis) else {
        // Past the last axis every active box contains the point; the
        // check above has already answered.
        return true;
    };
    let mut seen: heapless::Vec<Boxes, { Classes::BITS as usize }> = heapless::Vec::new();
    let mut rest = want;
    while rest != 0 {
        let class = rest.trailing_zeros();
        // Clears the lowest set bit; `rest` is not zero, so no wrap.
        rest &= rest.wrapping_sub(1);
        let mut containing: Boxes = 0;
        for i in members(active) {
            let contains = boxes
                .get(i)
                .and_then(|cells| cells.get(axis))
                .is_some_and(|&classes| classes.checked_shr(class).unwrap_or(0) & 1 != 0);
            if contains {
                containing |= box_bit(i);
            }
        }
        if seen.contains(&containing) {
            continue;
        }
        // At most one entry per class: cannot overflow.
        let _ = seen.push(containing);
        if !covered(target, boxes, full_from, axis.saturating_add(1), containing) {
            return false;
        }
    }
    true
}

/// The indices of the boxes in `set`.
fn members(set: Boxes) -> impl Iterator<Item = usize> {
    let mut rest = set;
    core::iter::from_fn(move || {
        if rest == 0 {
            return None;
        }
        let i = rest.trailing_zeros();
        rest &= rest.wrapping_sub(1);
        usize::try_from(i).ok()
    })
}

/// The bit of box `i`.
fn box_bit(i: usize) -> Boxes {
    u32::try_from(i)
        .ok()
        .and_then(|i| Boxes::from(1u8).checked_shl(i))
        .unwrap_or(0)
}
