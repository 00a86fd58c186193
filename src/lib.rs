//! planx: Thai government plan and budget documents → clean, typed, checked table data.
//!
//! The pipeline, one module a stage, each handing named data ([`model`]) to the next:
//!
//! ```text
//! ingest (text lines | PDF pages of glyphs and rulings) → layout (lines and cells)
//!   → normalize (Thai repair) → tables → records → checks → emit (JSON, CSV, SQL)
//! ```
//!
//! [`extract`] runs it on one file with the rules shipped in `rules/`; a [`Pipeline`]
//! holds rules loaded once (or from a directory of your own) for many files; [`run`] is
//! the bulk runner the `planx` binary uses (discovery, parallel runs, resume, reports).
//! ARCHITECTURE.md in the repository draws the stages and says where each kind of rule
//! lives.
//!
//! # Example
//!
//! Extract a bundled sample and read one typed amount: money is exact (a
//! [`Decimal`], never a float), in the unit as written and in baht.
//!
//! ```
//! use planx::Value;
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/002_4c5d6eec96b307b3.txt");
//! let x = planx::extract(std::path::Path::new(path))?;
//! let record = x.records.iter().find(|r| r.fields.contains_key("budget_2560")).expect("a budget row");
//! match &record.fields["budget_2560"] {
//!     Value::Amount { value, unit, thb } => {
//!         assert_eq!((value.to_string(), unit.as_str()), ("5".to_string(), "ล้านบาท"));
//!         assert_eq!(thb.to_string(), "5000000.00");
//!     }
//!     other => panic!("not an amount: {other:?}"),
//! }
//! // Every record says how far it can be trusted, and where it came from.
//! assert!((0.0..=1.0).contains(&record.confidence));
//! assert_eq!(x.source.kind, planx::SourceKind::Text);
//! # Ok::<(), planx::Error>(())
//! ```
// Everything public is documented; the `dev` feature's internals are not a stable API.
#![cfg_attr(not(feature = "dev"), deny(missing_docs))]

mod budget;
mod celltext;
mod checks;
pub mod emit;
mod error;
mod ingest;
mod layout;
pub mod model;
mod normalize;
mod ocr;
mod records;
pub mod review;
mod rules;
pub mod run;
mod tables;
pub mod values;

/// Developer tools, not a stable API (the `dev` feature): small PDFs built in memory for
/// the tests and fuzzers, and the raw PDF stages the developer examples print (`glyphs`,
/// `learn_fonts`).
#[cfg(feature = "dev")]
pub mod dev {
    pub use crate::ingest::pdf::repair::sibling_tables;
    pub use crate::ingest::pdf::synthetic::one_page_pdf;
    pub use crate::ingest::pdf::{read_pages, FontSet, Glyph, PdfDocument};
}

pub use error::{Error, ErrorKind, Result};
pub use layout::LayoutSettings;
pub use model::{Extraction, Flag, PageInfo, Record, ReviewItem, Row, RowKind, SourceKind, Table, TextLine, Value};
pub use normalize::{Normalized, Normalizer};
pub use rust_decimal::Decimal;

use model::SCHEMA;
use std::path::Path;

/// The rules every stage reads (table rules, Thai repair, templates, units and months,
/// layout tolerances), loaded once and shared by every document of a run.
#[derive(Debug, Clone)]
pub struct Pipeline {
    table_rules: rules::TableRules,
    normalizer: Normalizer,
    templates: records::Templates,
    values: values::ValueRules,
    layout: LayoutSettings,
    ocr: ocr::OcrSettings,
    budget: budget::rules::BudgetRules,
    /// A reviewer's corrections, applied to the tables before records are read.
    corrections: Option<std::sync::Arc<review::apply::Ledger>>,
}

impl Pipeline {
    /// The pipeline with the rules shipped in `rules/`, or those of `dir` where it has them.
    pub fn new(rules_dir: Option<&Path>) -> Result<Pipeline> {
        Ok(Pipeline {
            table_rules: rules::TableRules::load(rules_dir)?,
            normalizer: Normalizer::load(rules_dir)?,
            templates: records::Templates::load(rules_dir)?,
            values: values::ValueRules::load(rules_dir)?,
            layout: LayoutSettings::load(rules_dir)?,
            ocr: ocr::OcrSettings::load(rules_dir)?,
            budget: budget::rules::BudgetRules::load(rules_dir)?,
            corrections: None,
        })
    }

    /// The pipeline applying `ledger`'s corrections (`planx apply`) to every document it
    /// extracts whose cell still holds the text it was corrected on.
    pub fn with_corrections(mut self, ledger: review::apply::Ledger) -> Pipeline {
        self.corrections = (!ledger.is_empty()).then(|| std::sync::Arc::new(ledger));
        self
    }

    /// The Thai normalizer the pipeline uses (to normalize text of your own the same way).
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// Runs every stage on one document (a PDF, or TAB-separated text).
    pub fn extract(&self, path: &Path) -> Result<Extraction> {
        let doc = ingest::read(path, &self.ocr)?;
        Ok(self.extract_source(doc))
    }

    /// Runs every stage on a document already in memory (`path` names it and, by its
    /// extension, says whether it is text or PDF).
    pub fn extract_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Extraction> {
        Ok(self.extract_source(ingest::from_bytes(path, bytes, &self.ocr)?))
    }

    /// Runs the stages after ingest.
    fn extract_source(&self, doc: ingest::Ingested) -> Extraction {
        let mut sizes = Vec::new();
        let (mut lines, page_text, pages) = match doc.source {
            ingest::Source::Text(lines) => (lines, Vec::new(), Vec::new()),
            ingest::Source::Pdf(pdf) => {
                // Indexed by page number (a page not read stays [0, 0]).
                let r = |v: f32| (v * 100.0).round() / 100.0;
                sizes = vec![[0.0, 0.0]; pdf.pages.iter().map(|p| p.number as usize).max().unwrap_or(0)];
                for p in &pdf.pages {
                    if let Some(s) = (p.number as usize).checked_sub(1).and_then(|i| sizes.get_mut(i)) {
                        *s = [r(p.width), r(p.height)];
                    }
                }
                let laid = layout::pdf::document_lines(&pdf, &self.layout);
                let page_text = laid.pages.iter().map(|l| emit::text::page_text(l)).collect();
                let info = pdf.pages.iter().zip(laid.printed_numbers).map(|(p, n)| PageInfo { page: p.number, printed_number: n }).collect();
                (laid.pages.into_iter().flatten().collect(), page_text, info)
            }
        };
        self.normalizer.normalize_lines(&mut lines);
        let budget = budget::extract(&lines, &self.budget);
        let blocks = layout::blocks(lines);
        let mut rec = tables::reconstruct(blocks, &self.table_rules);
        let mut source = doc.info;
        if let Some(l) = &self.corrections {
            l.apply(&source.path, &mut rec.tables);
        }
        let last_page = rec.tables.iter().flat_map(|t| t.pages.iter().copied()).chain(rec.text.iter().map(|t| t.page)).max().unwrap_or(1);
        source.pages = source.pages.max(last_page);
        source.page_sizes = sizes;
        let mut review = rec.review;
        let mut drafts = records::build(&rec.tables, &rec.text, &self.templates, &self.values);
        checks::run(&mut drafts, &rec.tables, &self.templates, &self.values, &mut review);
        let mut records = records::finish(drafts);
        if self.corrections.is_some() {
            review::apply::mark_records(&rec.tables, &mut records);
        }
        let budget_items = budget.map(|(items, checks)| {
            review.extend(checks);
            items
        });
        review::rows::fill_values(&mut review, &rec.tables, &self.values);
        Extraction { schema: SCHEMA.to_string(), source, tables: rec.tables, text: rec.text, review, records, page_text, budget_items, pages }
    }
}

/// The text of a PDF's pages (`first..=last`, 1-based; all when `None`) as lines with TAB
/// between cells and a form feed between pages: what `planx text` prints (built-in
/// layout settings; see [`emit::text::pdf_text`]).
pub fn pdf_text(path: &Path, pages: Option<(u32, u32)>) -> Result<String> {
    emit::text::pdf_text(path, pages, &LayoutSettings::builtin())
}

/// Extracts one document with the built-in rules.
pub fn extract(path: &Path) -> Result<Extraction> {
    Pipeline::new(None)?.extract(path)
}
