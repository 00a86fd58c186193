//! The line items of a budget bill (`budget_items` of the document JSON and
//! `budget_items.csv`): plain data the `budget` stage fills and emit writes.

use super::BBox;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The schema name and version of the budget items (JSON `budget_items.schema` and the
/// CSV's sidecar). A change that removes, renames or retypes a column bumps it.
pub const BUDGET_SCHEMA: &str = "planx-budget-items/1";

/// A budget bill's line items and the units they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetItems {
    /// [`BUDGET_SCHEMA`].
    pub schema: String,
    /// The volume as the budget community names it: fiscal year CE, issue, volume
    /// ("2022.3.17"); empty when the cover does not say.
    pub ref_doc: String,
    /// The fiscal year (Buddhist era) the bill is for, from its cover.
    pub fiscal_year_be: Option<u32>,
    /// The budgetary units, in document order.
    pub units: Vec<BudgetUnit>,
    /// The items, in document order (parents before their children).
    pub items: Vec<BudgetItem>,
}

/// A budgetary unit (หน่วยรับงบประมาณ) as its first page names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetUnit {
    /// The ministry line above the unit's name.
    pub ministry: String,
    /// The unit's name.
    pub name: String,
    /// The PDF page of its first page.
    pub page: u32,
    /// The unit's total for the bill's year as its summary prints it, in baht.
    pub total: Option<Decimal>,
}

/// One numbered line item (or the year line of a multi-year commitment under one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetItem {
    /// Running number in the document, from 0.
    pub seq: usize,
    /// Index of its unit in [`BudgetItems::units`].
    pub unit: Option<usize>,
    /// PDF page (1-based) and line number of the amount.
    pub page: u32,
    /// Line number on the page.
    pub line: u32,
    /// The page number printed in the page header.
    pub printed_page: Option<u32>,
    /// The box of the cell the amount was read from.
    pub bbox: Option<BBox>,
    /// The plan (แผนงาน…).
    pub plan: String,
    /// True under a cross-function plan (แผนงานบูรณาการ…).
    pub cross_function: bool,
    /// The output (ผลผลิต), or empty.
    pub output: String,
    /// The project (โครงการ), or empty.
    pub project: String,
    /// The names of the items above it, the expense category first.
    pub path: Vec<String>,
    /// The number as printed ("1.", "1.1", "1)", "(1)").
    pub code: String,
    /// Depth under the output or project: 1 for an expense category.
    pub level: usize,
    /// The item's own name.
    pub description: String,
    /// The amount in baht for the bill's year; `None` when printed as "-" or missing.
    pub amount: Option<Decimal>,
    /// The amount as printed ("" when none was found).
    pub amount_text: String,
    /// Money from outside the budget printed beside it (เงินนอกงบประมาณ), in baht.
    pub off_budget: Option<Decimal>,
    /// Index (in `items`) of the item above it.
    pub parent: Option<usize>,
    /// True when no item is below it.
    pub leaf: bool,
    /// A multi-year commitment printed under it.
    pub commitment: Option<Commitment>,
    /// The line's text as read (cells joined by a space).
    pub raw: String,
    /// How far the row can be trusted (1 = every check passed).
    pub confidence: f64,
    /// Names of the checks that failed or doubts found, with a short reason each.
    pub doubts: Vec<String>,
}

/// A multi-year commitment: "วงเงินทั้งสิ้น …" and one line a fiscal year or range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// The total (วงเงินทั้งสิ้น), in baht.
    pub total: Option<Decimal>,
    /// The budget's share of the total (เงินงบประมาณ) when printed: the year lines sum to it.
    pub budget_money: Option<Decimal>,
    /// The year lines as printed.
    pub years: Vec<CommitmentYear>,
}

/// One year line (or a range of years printed with one amount) of a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentYear {
    /// First fiscal year (Buddhist era).
    pub start_be: u32,
    /// Last fiscal year (the same for a single year).
    pub end_be: u32,
    /// True for a year obliged ahead (ผูกพัน), false for one set (ตั้ง).
    pub obliged: bool,
    /// The amount in baht; `None` when printed as "-".
    pub amount: Option<Decimal>,
    /// The amount as printed.
    pub amount_text: String,
    /// PDF page and line.
    pub page: u32,
    /// Line number on the page.
    pub line: u32,
    /// Printed page number.
    pub printed_page: Option<u32>,
    /// The box of the amount's cell.
    pub bbox: Option<BBox>,
    /// The line's text.
    pub raw: String,
}
