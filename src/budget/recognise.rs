//! Recognises the parts of a budget-bill line: the printed page number in the page
//! header, amounts in baht (with the box of the cell each came from), and numbering
//! openers ("1.", "1.1", "1)", "(1)") where an item starts.

use super::rules::BudgetRules;
use crate::model::{BBox, Line};
use rust_decimal::Decimal;
use std::str::FromStr;

/// An amount read from a line: the decimal (`None` for a printed nil "-"), its text and
/// the box of its cell.
#[derive(Debug, Clone)]
pub struct Amount {
    pub value: Option<Decimal>,
    pub text: String,
    pub bbox: Option<BBox>,
}

/// One line as the budget reader sees it: its text without amounts and baht words, the
/// amounts in order, and the raw text (cells joined by a space).
#[derive(Debug, Clone)]
pub struct Read {
    pub page: u32,
    pub line: u32,
    pub text: String,
    pub amounts: Vec<Amount>,
    pub raw: String,
}

/// A numbering opener at the start of some text: the style's index in the rules, the
/// number's parts and the opener as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Opener {
    pub kind: usize,
    pub number: Vec<u32>,
    pub printed: String,
    /// Bytes of the text the opener takes (with the space after it).
    pub len: usize,
}

/// The printed page number of a page's lines (a header cell holding only a number in
/// the first `header_lines` lines), with the line and cell it was found in.
pub fn printed_page(lines: &[&Line], rules: &BudgetRules) -> Option<(u32, usize, usize)> {
    for (li, l) in lines.iter().take(rules.header_lines).enumerate() {
        for (ci, c) in l.cells.iter().enumerate() {
            let t = c.norm.trim();
            if rules.page_number.is_match(t) {
                if let Ok(n) = t.parse() {
                    return Some((n, li, ci));
                }
            }
        }
    }
    None
}

/// Reads one line, leaving out cell `skip` (the page number).
pub fn read(l: &Line, skip: Option<usize>, rules: &BudgetRules) -> Read {
    let mut toks: Vec<(&str, usize)> = Vec::new();
    for (ci, c) in l.cells.iter().enumerate() {
        if Some(ci) == skip {
            continue;
        }
        toks.extend(c.norm.split_whitespace().map(|t| (t, ci)));
    }
    let raw = toks.iter().map(|t| t.0).collect::<Vec<_>>().join(" ");
    let is_amt = |t: &str| rules.amount.is_match(t);
    let mut amount_at = vec![false; toks.len()];
    let mut baht_at = vec![false; toks.len()];
    for i in 0..toks.len() {
        if rules.baht.is_match(toks[i].0) {
            baht_at[i] = true;
            // Amounts directly before a baht word (past other amounts) are amounts.
            // (only grouped numbers and "-" past the first: "ระยะที่ 1 17,117,000 บาท").
            let mut j = i;
            while j > 0 && is_amt(toks[j - 1].0) && (j == i || rules.bare_amount.is_match(toks[j - 1].0) || toks[j - 1].0 == "-") {
                j -= 1;
                amount_at[j] = true;
            }
        }
    }
    // A trailing run of grouped numbers whose unit is printed elsewhere.
    let mut j = toks.len();
    while j > 0 && rules.bare_amount.is_match(toks[j - 1].0) {
        j -= 1;
        amount_at[j] = true;
    }
    let mut text = Vec::new();
    let mut amounts = Vec::new();
    for (i, (t, ci)) in toks.iter().enumerate() {
        if amount_at[i] {
            let value = if *t == "-" { None } else { Decimal::from_str(&t.replace(',', "")).ok() };
            amounts.push(Amount { value, text: t.to_string(), bbox: l.cells[*ci].bbox });
        } else if !baht_at[i] {
            text.push(*t);
        }
    }
    Read { page: l.page, line: l.number, text: text.join(" "), amounts, raw }
}

/// The opener at the start of `text`, if any.
pub fn opener(text: &str, rules: &BudgetRules) -> Option<Opener> {
    for (kind, n) in rules.numbering.iter().enumerate() {
        if let Some(c) = n.pattern.captures(text) {
            let m = c.get(1)?;
            let number: Vec<u32> = m.as_str().split('.').filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
            if number.is_empty() {
                continue;
            }
            let all = c.get(0)?;
            return Some(Opener { kind, number, printed: all.as_str().trim().to_string(), len: all.end() });
        }
    }
    None
}

/// Byte offsets (after a space) where an opener starts inside `text`, past its start.
pub fn inner_openers(text: &str, rules: &BudgetRules) -> Vec<(usize, Opener)> {
    let mut out = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch == ' ' {
            let at = i + 1;
            if let Some(o) = opener(&text[at..], rules) {
                out.push((at, o));
            }
        }
    }
    out
}

/// Whether `name` is one of the allowed level-1 categories (spaces ignored).
pub fn is_category(name: &str, rules: &BudgetRules) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let n = squash(name);
    rules.categories.iter().any(|c| squash(c) == n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn line(cells: &[&str]) -> Line {
        Line {
            page: 1,
            number: 1,
            cells: cells.iter().map(|c| Cell { text: c.to_string(), norm: c.to_string(), flags: vec![], expanded: None, bbox: None, ocr_confidence: None, pieces: Vec::new() }).collect(),
            tabular: true,
            bbox: None,
        }
    }

    #[test]
    fn merged_amounts_and_nil() {
        let r = BudgetRules::builtin();
        let x = read(&line(&["1.1 เงินอุดหนุนทั่วไป 1) ค่าใช้จ่ายบุคลากร", "78,459,000 บาท 78,400 บาท"]), None, &r);
        assert_eq!(x.text, "1.1 เงินอุดหนุนทั่วไป 1) ค่าใช้จ่ายบุคลากร");
        assert_eq!(x.amounts.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(), ["78,459,000", "78,400"]);
        let x = read(&line(&["(1) ระบบ 1 ระบบ", "-", "บาท"]), None, &r);
        assert_eq!((x.text.as_str(), x.amounts.len(), x.amounts[0].value), ("(1) ระบบ 1 ระบบ", 1, None));
        let x = read(&line(&["แผนงาน ก", "80,437,800 80,437,800", "บาทบาท"]), None, &r);
        assert_eq!(x.amounts.len(), 2);
    }

    #[test]
    fn openers() {
        let r = BudgetRules::builtin();
        assert_eq!(opener("1.2 ค่า", &r).unwrap().number, vec![1, 2]);
        assert_eq!(opener("3. งบลงทุน", &r).unwrap().number, vec![3]);
        assert_eq!(opener("(4.1) ค่า", &r).unwrap().number, vec![4, 1]);
        assert!(opener("1 ระบบ", &r).is_none());
        assert_ne!(opener("1) ก", &r).unwrap().kind, opener("(1) ก", &r).unwrap().kind);
        assert_eq!(inner_openers("2) ค่าครุภัณฑ์ (1) ครุภัณฑ์", &r).len(), 1);
    }
}
