//! Named checks on budget items. Each failed check adds a doubt (its name and why) to the
//! items it concerns, lowers their confidence and makes a review item; the book's
//! figures are never rewritten.
//!
//! | check              | what must hold                                                        |
//! |--------------------|-----------------------------------------------------------------------|
//! | `children_sum`     | an item's amount = the sum of the items numbered below it            |
//! | `heading_sum`      | an output's, project's or list's total = the sum of its categories   |
//! | `unit_total`       | a unit's total (its summary) = the sum of all its categories         |
//! | `commitment_sum`   | a commitment's total = the sum of its year lines                     |
//! | `commitment_year`  | the year line of the bill's year = the item's amount                 |
//! | `category`         | a level-1 item is an allowed expense category (`rules/budget.toml`)   |
//! | `no_amount`        | every item has an amount (a printed "-" counts)                       |

use super::hierarchy::Heading;
use super::recognise::is_category;
use super::rules::BudgetRules;
use crate::model::{BudgetItem, BudgetUnit, Flag, ReviewItem};
use rust_decimal::Decimal;

/// Confidence kept by an item whose sum check failed.
const SUM_FAILED: f64 = 0.6;
/// … whose amount is missing.
const NO_AMOUNT: f64 = 0.5;
/// … whose category is not allowed.
const UNKNOWN_CATEGORY: f64 = 0.7;
/// … whose numbering or line split was unusual (noted while reading).
const READ_DOUBT: f64 = 0.9;

fn baht(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*c);
    }
    format!("{}{}{}", if neg { "-" } else { "" }, out, frac.map(|f| format!(".{f}")).unwrap_or_default())
}

struct Ctx<'a> {
    items: &'a mut [BudgetItem],
    review: Vec<ReviewItem>,
}

impl Ctx<'_> {
    fn fail(&mut self, on: &[usize], flag: Flag, name: &str, why: String) {
        for &i in on {
            self.items[i].doubts.push(format!("{name}: {why}"));
        }
        if let Some(&i) = on.first() {
            let it = &self.items[i];
            self.review.push(ReviewItem { table: None, row: None, column: None, page: it.page, line: it.line, flag, message: format!("budget check {name}: {why}"), value: None });
        }
    }
}

fn sum(items: &[BudgetItem], of: &[usize]) -> Decimal {
    of.iter().filter_map(|&i| items[i].amount).sum()
}

/// Runs every check; returns the review items. Confidence is set from the doubts.
pub fn run(items: &mut [BudgetItem], units: &[BudgetUnit], headings: &[Heading], fiscal_be: Option<u32>, rules: &BudgetRules) -> Vec<ReviewItem> {
    let read_doubts: Vec<usize> = items.iter().map(|i| i.doubts.len()).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, it) in items.iter().enumerate() {
        if let Some(p) = it.parent {
            children[p].push(i);
        }
    }
    let mut c = Ctx { items, review: Vec::new() };
    for (i, kids) in children.iter().enumerate() {
        let Some(total) = c.items[i].amount else { continue };
        if kids.is_empty() || kids.iter().all(|&k| c.items[k].amount_text.is_empty()) {
            continue;
        }
        let s = sum(c.items, kids);
        if s != total {
            let why = format!("{} {} = {} but its {} items below sum to {}", c.items[i].code, c.items[i].description, baht(total), kids.len(), baht(s));
            c.fail(&[i], Flag::SumMismatch, "children_sum", why);
        }
    }
    for h in headings {
        let Some(total) = h.amount.as_ref().and_then(|a| a.value) else { continue };
        let cats: Vec<usize> = h.items.iter().copied().filter(|&i| c.items[i].level == 1).collect();
        if cats.is_empty() {
            continue;
        }
        let s = sum(c.items, &cats);
        if s != total {
            c.fail(&cats, Flag::SumMismatch, "heading_sum", format!("{} = {} but its categories sum to {}", h.name, baht(total), baht(s)));
        }
    }
    for (u, unit) in units.iter().enumerate() {
        let Some(total) = unit.total else { continue };
        let cats: Vec<usize> = (0..c.items.len()).filter(|&i| c.items[i].unit == Some(u) && c.items[i].level == 1).collect();
        let s = sum(c.items, &cats);
        if s != total {
            c.fail(&cats, Flag::TotalMismatch, "unit_total", format!("{} = {} but its categories sum to {}", unit.name, baht(total), baht(s)));
        }
    }
    for i in 0..c.items.len() {
        let Some(com) = c.items[i].commitment.clone() else { continue };
        if let Some(total) = com.budget_money.or(com.total) {
            let s: Decimal = com.years.iter().filter_map(|y| y.amount).sum();
            if !com.years.is_empty() && s != total {
                c.fail(&[i], Flag::SumMismatch, "commitment_sum", format!("total {} but its {} year lines sum to {}", baht(total), com.years.len(), baht(s)));
            }
        }
        if let Some(fy) = fiscal_be {
            if let Some(y) = com.years.iter().find(|y| y.start_be == fy && y.end_be == fy) {
                if y.amount != c.items[i].amount {
                    let show = |d: Option<Decimal>| d.map_or("-".to_string(), baht);
                    c.fail(&[i], Flag::SumMismatch, "commitment_year", format!("year {fy} line {} but the item {}", show(y.amount), show(c.items[i].amount)));
                }
            }
        }
    }
    for i in 0..c.items.len() {
        if c.items[i].level == 1 && !is_category(&c.items[i].description, rules) {
            let why = format!("{} is not an expense category", c.items[i].description);
            c.fail(&[i], Flag::CodeOrder, "category", why);
        }
        if c.items[i].amount_text.is_empty() {
            let why = format!("{} {} has no amount", c.items[i].code, c.items[i].description);
            c.fail(&[i], Flag::ParseError, "no_amount", why);
        }
    }
    let review = std::mem::take(&mut c.review);
    for (i, it) in c.items.iter_mut().enumerate() {
        let mut conf = 1.0;
        for (k, d) in it.doubts.iter().enumerate() {
            conf *= if k < read_doubts[i] {
                READ_DOUBT
            } else if d.starts_with("no_amount") {
                NO_AMOUNT
            } else if d.starts_with("category") {
                UNKNOWN_CATEGORY
            } else {
                SUM_FAILED
            };
        }
        it.confidence = conf;
    }
    review
}

#[cfg(test)]
mod tests {
    #[test]
    fn baht_groups_thousands() {
        use std::str::FromStr;
        assert_eq!(super::baht(rust_decimal::Decimal::from_str("78459000").unwrap()), "78,459,000");
        assert_eq!(super::baht(rust_decimal::Decimal::from_str("100.50").unwrap()), "100.5");
    }
}
