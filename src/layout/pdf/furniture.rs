//! Page furniture: the page number printed on each page. A page's topmost or bottommost
//! line that is a number alone ("12", "- 12 -") is its printed number when the number runs
//! on from a neighbouring page at the same place (the next page prints the next number):
//! repetition across pages, not a rule for one document. Its glyphs are taken out of the
//! page's layout (never a table cell or header) and it is kept as a text line flagged
//! `page_furniture`; the number itself goes to the page data of the output.

use super::lines::{line_of, TLine};
use super::words::{items, Item};
use super::LayoutSettings;
use crate::celltext::{ascii_digits, is_digit};
use crate::ingest::pdf::{Glyph, PdfPage};

/// A page number printed on a page: its text and the line it stands on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PrintedNumber {
    /// As printed ("12", "- 12 -"), Thai digits kept.
    pub text: String,
    value: u32,
    /// Printed at the page's foot rather than its head.
    pub bottom: bool,
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
}

impl PrintedNumber {
    /// The number alone in ASCII digits ("12").
    pub fn number(&self) -> String {
        self.value.to_string()
    }

    /// True when a glyph belongs to the printed number's line.
    pub fn holds(&self, g: &Glyph, set: &LayoutSettings) -> bool {
        (g.y - self.y).abs() <= set.baseline_tol * self.size && g.x >= self.x0 - set.column_slack && g.x <= self.x1 + set.column_slack
    }
}

/// A line that is a page number alone: one segment, digits (at most
/// `page_number_max_digits`) with optional dashes around them.
fn number_line(l: &TLine, bottom: bool, set: &LayoutSettings) -> Option<PrintedNumber> {
    let [seg] = l.segs.as_slice() else { return None };
    let text = seg.text.trim();
    let core = text.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if core.is_empty() || core.chars().count() > set.page_number_max_digits || !core.chars().all(is_digit) {
        return None;
    }
    let value = ascii_digits(core).parse().ok()?;
    Some(PrintedNumber { text: text.to_string(), value, bottom, y: l.y, size: l.size, x0: seg.x0, x1: seg.x1 })
}

/// The head and foot candidates of one page. Only those two lines are built (every
/// page's lines are built again by its layout).
fn candidates(p: &PdfPage, set: &LayoutSettings) -> [Option<PrintedNumber>; 2] {
    let its = items(&p.glyphs, set);
    let gs = baseline_groups(&its, set);
    let top = gs.iter().enumerate().max_by(|a, b| a.1 .0.total_cmp(&b.1 .0)).map(|(i, _)| i);
    let foot = gs.iter().enumerate().min_by(|a, b| a.1 .0.total_cmp(&b.1 .0)).map(|(i, _)| i).filter(|_| gs.len() > 1);
    let line = |i: usize| line_of(gs[i].0, gs[i].1.iter().map(|&k| its[k].clone()).collect(), set);
    [top.and_then(|i| number_line(&line(i), false, set)), foot.and_then(|i| number_line(&line(i), true, set))]
}

/// [`super::lines::baselines`] as indices into `its`: each group's baseline and its items' indices, in
/// the same order. The items stay where they are: a page's head and foot are two of its
/// lines, and sorting and regrouping every item only to find them cost a fifth of the
/// search.
fn baseline_groups(its: &[Item], set: &LayoutSettings) -> Vec<(f32, Vec<usize>)> {
    let mut order: Vec<usize> = (0..its.len()).collect();
    // The comparison `baselines` sorts by (a stable sort: ties keep drawing order).
    order.sort_by(|&a, &b| its[b].y.total_cmp(&its[a].y).then(its[a].x0.total_cmp(&its[b].x0)));
    let mut groups: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for k in order {
        let it = &its[k];
        match groups.last_mut() {
            Some((y, sz, v)) if (*y - it.y).abs() <= set.baseline_tol * sz.min(it.size) => v.push(k),
            _ => groups.push((it.y, it.size, vec![k])),
        }
    }
    groups.into_iter().map(|(y, _, v)| (y, v)).collect()
}

/// The printed page number of each page (`None` where none is recognised): a head or
/// foot candidate whose number runs on from the candidate at the same place on the
/// page before or after (numbers differ as the pages do).
pub(super) fn printed_numbers(pages: &[PdfPage], set: &LayoutSettings) -> Vec<Option<PrintedNumber>> {
    use rayon::prelude::*;
    let cands: Vec<[Option<PrintedNumber>; 2]> = pages.par_iter().map(|p| candidates(p, set)).collect();
    let runs_on = |i: usize, j: usize, k: usize| match (&cands[i][k], &cands[j][k]) {
        (Some(a), Some(b)) => i64::from(b.value) - i64::from(a.value) == i64::from(pages[j].number) - i64::from(pages[i].number),
        _ => false,
    };
    (0..pages.len())
        .map(|i| {
            (0..2).find(|&k| (i > 0 && runs_on(i - 1, i, k)) || (i + 1 < pages.len() && runs_on(i, i + 1, k))).and_then(|k| cands[i][k].clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::lines::baselines;
    use super::super::testutil::{page, word};
    use super::*;

    #[test]
    fn baseline_groups_are_the_baselines() {
        let set = LayoutSettings::default();
        // Lines at nearby baselines, a smaller glyph just off one, ties in x and in y.
        let mut g = [word("head 7", 300.0, 800.0), word("a b", 100.0, 799.0), word("x", 100.0, 799.0), word("foot", 50.0, 40.0)].concat();
        g.extend(word("note", 400.0, 797.5).into_iter().map(|mut x| {
            x.size = 4.0;
            x
        }));
        g.extend(word("body 1,000", 120.0, 500.0));
        let its = items(&g, &set);
        let want: Vec<(f32, Vec<String>)> = baselines(its.clone(), &set).into_iter().map(|(y, v)| (y, v.into_iter().map(|i| format!("{} {}", i.text, i.x0)).collect())).collect();
        let got: Vec<(f32, Vec<String>)> =
            baseline_groups(&its, &set).into_iter().map(|(y, v)| (y, v.into_iter().map(|k| format!("{} {}", its[k].text, its[k].x0)).collect())).collect();
        assert_eq!(got, want);
        assert!(got.len() >= 4);
    }

    #[test]
    fn a_number_that_runs_on_across_pages_is_the_printed_page_number() {
        let set = LayoutSettings::default();
        // Pages 1-3 print "11", "12", "13" at the head over a body line; page 4 prints
        // "7" (no run) and a number on a body line is never one.
        let mk = |n: u32, head: &str| page(n, [word(head, 500.0, 800.0), word("body 2,000", 100.0, 700.0), word("5", 100.0, 680.0)].concat(), Vec::new());
        let pages = vec![mk(1, "11"), mk(2, "- 12 -"), mk(3, "13"), mk(4, "7")];
        let got: Vec<Option<String>> = printed_numbers(&pages, &set).iter().map(|p| p.as_ref().map(|p| p.number())).collect();
        assert_eq!(got, vec![Some("11".into()), Some("12".into()), Some("13".into()), None]);
        // The foot line "5" of every page does not run on: no number there.
        let p = printed_numbers(&pages, &set)[1].clone().expect("a number");
        assert!(!p.bottom && p.text == "- 12 -");
        assert!(p.holds(&pages[1].glyphs[0], &set) && !pages[1].glyphs.iter().skip(6).any(|g| p.holds(g, &set)));
    }
}
