//! Loads `rules/budget.toml`: the headings, numbering styles, category names and amount
//! shapes of a Thai budget bill, as patterns (checked here, compiled on first use). The meaning is the other files' job.

use crate::error::{Error, ErrorKind, Result};
use crate::rules::override_file;
use crate::rules::Pattern;
use serde::Deserialize;
use std::path::Path;

/// The built-in `rules/budget.toml`.
const BUDGET_TOML: &str = include_str!("../../rules/budget.toml");

/// One numbering style ("1.", "1.1", "1)", "(1)"): its name and the pattern whose first
/// group is the number.
#[derive(Debug, Clone)]
pub struct Numbering {
    pub kind: String,
    pub pattern: Pattern,
}

/// The budget-bill rules, compiled.
#[derive(Debug, Clone)]
pub struct BudgetRules {
    pub title: Pattern,
    pub fiscal_year: Pattern,
    pub issue: Pattern,
    pub volume: Pattern,
    pub page_number: Pattern,
    pub header_lines: usize,
    pub unit_first_page: Pattern,
    pub unit_total: Pattern,
    pub detail_start: Vec<Pattern>,
    pub detail_end: Vec<Pattern>,
    pub plan: Pattern,
    pub cross_function: Pattern,
    pub output: Pattern,
    pub project: Pattern,
    pub group: Pattern,
    pub numbering: Vec<Numbering>,
    pub categories: Vec<String>,
    pub amount: Pattern,
    pub bare_amount: Pattern,
    pub baht: Pattern,
    pub off_budget: Pattern,
    pub budget_money: Pattern,
    pub commit_total: Pattern,
    pub commit_year: Pattern,
    pub obliged_word: String,
}

#[derive(Deserialize)]
struct File {
    document: Document,
    page: Page,
    unit: Unit,
    detail: Detail,
    headings: Headings,
    items: Items,
    commitments: Commitments,
}
#[derive(Deserialize)]
struct Document {
    title: String,
    fiscal_year: String,
    issue: String,
    volume: String,
}
#[derive(Deserialize)]
struct Page {
    number: String,
    header_lines: usize,
}
#[derive(Deserialize)]
struct Unit {
    first_page: String,
    total: String,
}
#[derive(Deserialize)]
struct Detail {
    start: Vec<String>,
    end: Vec<String>,
}
#[derive(Deserialize)]
struct Headings {
    plan: String,
    cross_function: String,
    output: String,
    project: String,
    group: String,
}
#[derive(Deserialize)]
struct NumberingEntry {
    kind: String,
    pattern: String,
}
#[derive(Deserialize)]
struct Items {
    numbering: Vec<NumberingEntry>,
    categories: Vec<String>,
    amount: String,
    bare_amount: String,
    baht: String,
    off_budget: String,
}
#[derive(Deserialize)]
struct Commitments {
    total: String,
    year: String,
    obliged_word: String,
    budget_money: String,
}

impl BudgetRules {
    /// Parses the text of a `budget.toml`; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<BudgetRules> {
        let err = |m: String| Error::new(path, ErrorKind::Rules(m));
        let f: File = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let re = |p: &str| Pattern::new(p).map_err(|e| err(format!("pattern {p:?}: {e}")));
        let all = |ps: &[String]| ps.iter().map(|p| re(p)).collect::<Result<Vec<Pattern>>>();
        let numbering = f.items.numbering.iter().map(|n| Ok(Numbering { kind: n.kind.clone(), pattern: re(&n.pattern)? })).collect::<Result<Vec<_>>>()?;
        Ok(BudgetRules {
            title: re(&f.document.title)?,
            fiscal_year: re(&f.document.fiscal_year)?,
            issue: re(&f.document.issue)?,
            volume: re(&f.document.volume)?,
            page_number: re(&f.page.number)?,
            header_lines: f.page.header_lines,
            unit_first_page: re(&f.unit.first_page)?,
            unit_total: re(&f.unit.total)?,
            detail_start: all(&f.detail.start)?,
            detail_end: all(&f.detail.end)?,
            plan: re(&f.headings.plan)?,
            cross_function: re(&f.headings.cross_function)?,
            output: re(&f.headings.output)?,
            project: re(&f.headings.project)?,
            group: re(&f.headings.group)?,
            numbering,
            categories: f.items.categories,
            amount: re(&f.items.amount)?,
            bare_amount: re(&f.items.bare_amount)?,
            baht: re(&f.items.baht)?,
            off_budget: re(&f.items.off_budget)?,
            budget_money: re(&f.commitments.budget_money)?,
            commit_total: re(&f.commitments.total)?,
            commit_year: re(&f.commitments.year)?,
            obliged_word: f.commitments.obliged_word,
        })
    }

    /// The built-in rules.
    pub fn builtin() -> BudgetRules {
        BudgetRules::parse(Path::new("rules/budget.toml"), BUDGET_TOML).expect("built-in rules/budget.toml is valid")
    }

    /// `DIR/budget.toml` when it exists, else the built-in rules.
    pub fn load(dir: Option<&Path>) -> Result<BudgetRules> {
        match override_file(dir, "budget.toml")? {
            Some((p, text)) => BudgetRules::parse(&p, &text),
            None => Ok(BudgetRules::builtin()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_rules_load() {
        let r = super::BudgetRules::builtin();
        assert!(r.numbering.len() >= 3);
        assert!(r.categories.iter().any(|c| c == "งบลงทุน"));
        // Every shipped pattern compiles (they are compiled on first use, not at load).
        let single = [&r.title, &r.fiscal_year, &r.issue, &r.volume, &r.page_number, &r.unit_first_page, &r.unit_total, &r.plan, &r.cross_function, &r.output, &r.project, &r.group];
        let more = [&r.amount, &r.bare_amount, &r.baht, &r.off_budget, &r.budget_money, &r.commit_total, &r.commit_year];
        let lists = r.detail_start.iter().chain(&r.detail_end).chain(r.numbering.iter().map(|n| &n.pattern));
        for p in single.into_iter().chain(more).chain(lists) {
            assert_eq!(p.regex().as_str(), p.as_str(), "{p:?} compiles");
        }
    }
}
