//! The budget stage: reads a Thai budget bill's line items (unit, plan, output or
//! project, expense category and the numbered items below it, multi-year commitments)
//! from the document's lines, and checks their sums. Every heading, numbering style and
//! category name comes from `rules/budget.toml`; this module is only the mechanism.
//!
//! It runs on the normalized lines (which still know each cell's box, so every amount
//! keeps where it was printed); documents that are not budget bills get nothing.

mod checks;
mod commitments;
mod hierarchy;
mod recognise;
pub(crate) mod rules;

use crate::model::{BudgetItems, Line, ReviewItem, BUDGET_SCHEMA};
use rules::BudgetRules;

/// Lines from the start of a document searched for its cover (title, year, volume).
const COVER_LINES: usize = 40;

/// The budget items of a document, with the review items of failed checks; `None` when
/// the document is not a budget bill.
pub fn extract(lines: &[Line], rules: &BudgetRules) -> Option<(BudgetItems, Vec<ReviewItem>)> {
    let text = |l: &Line| l.cells.iter().map(|c| c.norm.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
    let cover: Vec<String> = lines.iter().take(COVER_LINES).map(text).collect();
    if !cover.iter().any(|t| rules.title.is_match(t)) {
        return None;
    }
    if !lines.iter().any(|l| rules.detail_start.iter().any(|m| m.is_match(&text(l)))) {
        return None;
    }
    let first = |re: &crate::rules::Pattern| cover.iter().find_map(|t| re.captures(t).and_then(|c| c.get(1)).map(|m| m.as_str().split_whitespace().collect::<String>()));
    let fiscal_year_be: Option<u32> = first(&rules.fiscal_year).and_then(|y| y.parse().ok());
    let ref_doc = match (fiscal_year_be, first(&rules.issue), first(&rules.volume)) {
        (Some(y), Some(i), Some(v)) => format!("{}.{i}.{v}", y - crate::model::BE_OFFSET as u32),
        _ => String::new(),
    };
    let mut walker = hierarchy::Walker::new(rules);
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = start + lines[start..].iter().take_while(|l| l.page == page).count();
        let page_lines: Vec<&Line> = lines[start..end].iter().collect();
        let printed = recognise::printed_page(&page_lines, rules);
        for (li, l) in page_lines.iter().enumerate() {
            let skip = printed.filter(|p| p.1 == li).map(|p| p.2);
            let r = recognise::read(l, skip, rules);
            walker.line(&r, printed.map(|p| p.0));
        }
        start = end;
    }
    let mut items = std::mem::take(&mut walker.items);
    let review = checks::run(&mut items, &walker.units, &walker.headings, fiscal_year_be, rules);
    let units = std::mem::take(&mut walker.units);
    Some((BudgetItems { schema: BUDGET_SCHEMA.to_string(), ref_doc, fiscal_year_be, units, items }, review))
}
