//! Multi-year commitments under an item: "วงเงินทั้งสิ้น …" (the total) and the year
//! lines ("ปี 2565 ตั้งงบประมาณ …", "ปี 2566 - 2568 ผูกพันงบประมาณ …"), kept exactly as
//! printed: a range of years with one amount stays one line (never spread over its years).

use super::recognise::{Amount, Read};
use super::rules::BudgetRules;
use crate::model::{BudgetItem, Commitment, CommitmentYear};

/// A year line's years (Buddhist era) and whether they are obliged ahead.
pub struct YearLine {
    pub start_be: u32,
    pub end_be: u32,
    pub obliged: bool,
}

/// The year line `seg` is, if it is one.
pub fn year_line(seg: &str, rules: &BudgetRules) -> Option<YearLine> {
    let c = rules.commit_year.captures(seg)?;
    let start_be: u32 = c.get(1)?.as_str().parse().ok()?;
    let end_be = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(start_be);
    let obliged = c.get(3).is_some_and(|m| m.as_str().contains(rules.obliged_word.as_str()));
    Some(YearLine { start_be, end_be: end_be.max(start_be), obliged })
}

fn commitment(it: &mut BudgetItem) -> &mut Commitment {
    it.commitment.get_or_insert_with(|| Commitment { total: None, budget_money: None, years: Vec::new() })
}

/// Adds a year line to the item above it.
pub fn add_year(it: &mut BudgetItem, y: YearLine, amount: Option<Amount>, r: &Read, printed: Option<u32>) {
    let (value, text, bbox) = match amount {
        Some(a) => (a.value, a.text, a.bbox),
        None => (None, String::new(), None),
    };
    commitment(it).years.push(CommitmentYear {
        start_be: y.start_be,
        end_be: y.end_be,
        obliged: y.obliged,
        amount: value,
        amount_text: text,
        page: r.page,
        line: r.line,
        printed_page: printed,
        bbox,
        raw: r.raw.clone(),
    });
}

/// Sets the budget's share of the commitment on the item above it.
pub fn set_budget_money(it: &mut BudgetItem, amount: Option<Amount>) {
    commitment(it).budget_money = amount.and_then(|a| a.value);
}

/// Sets the commitment's total on the item above it.
pub fn set_total(it: &mut BudgetItem, amount: Option<Amount>) {
    commitment(it).total = amount.and_then(|a| a.value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_stays_one_line() {
        let r = BudgetRules::builtin();
        let y = year_line("ปี 2566 - 2568 ผูกพันงบประมาณ", &r).unwrap();
        assert_eq!((y.start_be, y.end_be, y.obliged), (2566, 2568, true));
        let y = year_line("ปี 2565 ตั้งงบประมาณ", &r).unwrap();
        assert_eq!((y.start_be, y.end_be, y.obliged), (2565, 2565, false));
        assert!(year_line("วงเงินทั้งสิ้น", &r).is_none());
    }
}
