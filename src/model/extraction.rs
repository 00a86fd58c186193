//! A document's output: the [`Extraction`] and its parts other than tables and text
//! (where it came from, its pages, the doubts for review, the typed records) and the
//! schema identifier. Plain data, as the rest of [`crate::model`].

use super::{BudgetItems, Flag, SourceKind, Table, TextLine, Value};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One doubt for a person to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The table the doubt is in (None for text outside tables or a whole page).
    pub table: Option<String>,
    /// The row's index in the table's `rows`.
    pub row: Option<usize>,
    /// The column's 0-based index.
    pub column: Option<usize>,
    /// The 1-based page.
    pub page: u32,
    /// The source line.
    pub line: u32,
    /// What kind of doubt it is.
    pub flag: Flag,
    /// What a person should look at, in words.
    pub message: String,
    /// The doubted cell's typed value, as its column's header frames it (the unit the
    /// header gives) under the run's value rules; None when the item names no cell or the
    /// cell holds no value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<Value>,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The path the document was read from, as given.
    pub path: String,
    /// SHA-256 of the file's bytes (hex), to tell versions of a document apart.
    pub sha256: String,
    /// Text or PDF.
    pub kind: SourceKind,
    /// The number of pages the document has (or, for text, the last page its lines name).
    pub pages: u32,
    /// PDF: each page's [width, height] in points as displayed (crop box, turned by
    /// `/Rotate`): the frame every box is in.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub page_sizes: Vec<[f32; 2]>,
}

/// Everything planx extracted from one document (schema `planx/2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The schema identifier ([`SCHEMA`]).
    pub schema: String,
    /// Where the document came from.
    pub source: SourceInfo,
    /// The logical tables, in document order.
    pub tables: Vec<Table>,
    /// Lines of text outside any table.
    pub text: Vec<TextLine>,
    /// Doubts for a person to look at.
    pub review: Vec<ReviewItem>,
    /// Typed records of the table rows (see `records`).
    pub records: Vec<Record>,
    /// PDF only: each page's text in reading order (tables row by row, cells joined by a
    /// space), for reading-order metrics and search.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub page_text: Vec<String>,
    /// A budget bill's line items (absent for other documents; see `budget_items.csv`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub budget_items: Option<BudgetItems>,
    /// PDF only: each page's data, in page order (the page number printed on it).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub pages: Vec<PageInfo>,
}

/// What is known of one page of a PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// The 1-based page (its place in the file).
    pub page: u32,
    /// The page number printed in the page's head or foot (ASCII digits), when one is
    /// recognised: a number alone that runs on from page to page.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub printed_number: Option<String>,
}

/// A typed record: one data or totals row of a table read through a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The table id.
    pub table: String,
    /// The row's index in the table's `rows`.
    pub row: usize,
    /// The template's name, or "no_template".
    pub template: String,
    /// Field name → typed value, in the template's order.
    pub fields: IndexMap<String, Value>,
    /// In [0, 1]: how far the record can be trusted (docs/records.md).
    pub confidence: f64,
    /// Flags of the record and of its fields.
    pub flags: Vec<Flag>,
    /// Field name → confidence of the cell(s) it was read from.
    pub field_confidence: IndexMap<String, f64>,
    /// Where the row is (kept out of the JSON: the table row says it).
    #[serde(skip)]
    pub page: u32,
    #[serde(skip)]
    /// The row's first source line (kept out of the JSON: the table row says it).
    pub line: u32,
}

/// The schema identifier written into every JSON output.
pub const SCHEMA: &str = "planx/2";
