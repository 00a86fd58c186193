//! Tables printed twice: a table whose header and body cells repeat an earlier one's is
//! marked `duplicate_of` the first copy (both stay in the output). Part of [`crate::tables`].

use super::{squash_cells, Reconstructed};
use crate::model::{add_flag, Flag, ReviewItem, Table};
use crate::rules::TableRules;
use rayon::prelude::*;
use std::collections::HashMap;

/// A multiset of squashed cell texts, with a fast fixed hasher: a volume's hundreds of
/// tables are compared pairwise, and only the counts are read (never the map's order).
type Bag = HashMap<String, usize, foldhash::fast::FixedState>;

/// Squashed normalized body cells of a table, as a multiset.
fn body_bag(t: &Table) -> Bag {
    let mut bag = Bag::default();
    for r in &t.rows[t.header_rows..] {
        for c in &r.cells {
            let s: String = c.norm.chars().filter(|c| !c.is_whitespace()).collect();
            if !s.is_empty() {
                *bag.entry(s).or_insert(0) += 1;
            }
        }
    }
    bag
}

/// The cells two bodies have in common (the size of the multisets' intersection), looked
/// up from the bag with fewer distinct texts: the same count either way, fewer lookups.
fn common(a: &Bag, b: &Bag) -> usize {
    let (few, many) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    few.iter().map(|(k, &v)| v.min(*many.get(k).unwrap_or(&0))).sum()
}

/// Marks a table that repeats an earlier one (same header, body cells mostly equal) as
/// `duplicate_of` the first copy. Both copies stay in the output.
pub(super) fn mark_duplicates(out: &mut Reconstructed, rules: &TableRules) {
    let bags: Vec<Bag> = out.tables.par_iter().map(body_bag).collect();
    let sizes: Vec<usize> = bags.iter().map(|b| b.values().sum()).collect();
    let heads: Vec<Vec<Vec<String>>> = out
        .tables
        .iter()
        .map(|t| {
            t.rows[..t.header_rows].iter().map(|r| squash_cells(r.cells.iter().map(|c| c.norm.as_str()))).collect()
        })
        .collect();
    for j in 1..out.tables.len() {
        let nj = sizes[j];
        if nj == 0 {
            continue;
        }
        for i in 0..j {
            if out.tables[i].duplicate_of.is_some() || heads[i] != heads[j] {
                continue;
            }
            let ni = sizes[i];
            // The share can reach the threshold only if the smaller body is large enough.
            if (ni.min(nj) as f64) < rules.duplicate_share * ni.max(nj) as f64 {
                continue;
            }
            let common = common(&bags[i], &bags[j]);
            let share = common as f64 / ni.max(nj) as f64;
            if share >= rules.duplicate_share {
                let first = out.tables[i].id.clone();
                let t = &mut out.tables[j];
                t.duplicate_of = Some(first.clone());
                add_flag(&mut t.flags, Flag::Duplicate);
                out.review.push(ReviewItem {
                    table: Some(t.id.clone()),
                    row: None,
                    column: None,
                    page: t.pages[0],
                    line: t.source_lines[0][0],
                    flag: Flag::Duplicate,
                    message: format!("repeats table {first} ({:.0}% of body cells equal); kept, not to be counted twice", share * 100.0),
                    value: None,
                });
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{common, Bag};

    fn bag(cells: &[(&str, usize)]) -> Bag {
        cells.iter().map(|&(k, n)| (k.to_string(), n)).collect()
    }

    #[test]
    fn common_cells_are_the_multiset_intersection_either_way() {
        let a = bag(&[("1,000", 3), ("รวม", 1), ("x", 2)]);
        let b = bag(&[("1,000", 1), ("x", 5), ("y", 1), ("z", 1)]);
        assert_eq!(common(&a, &b), 3);
        assert_eq!(common(&b, &a), 3);
        assert_eq!(common(&a, &Bag::default()), 0);
    }
}
