//! planx: Thai government plan and budget documents → clean, typed, checked table data.
//!
//! The pipeline, one module a stage, each handing plain data ([`model`]) to the next:
//!
//! ```text
//! ingest (text, pdf) → layout → normalize → tables → records → checks → emit
//! ```
//!
//! [`extract`] runs it on one file; the `planx` binary adds discovery of files, parallel
//! runs and reporting.

pub mod emit;
pub mod error;
pub mod ingest;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod rules;
pub mod tables;

use error::Result;
use model::{Extraction, SCHEMA};
use std::path::Path;

/// Everything the stages need besides the document: rules and normalizer.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub table_rules: rules::TableRules,
    pub normalizer: normalize::Normalizer,
}

impl Pipeline {
    /// The pipeline with the rules shipped in `rules/`, or those of `dir` where it has them.
    pub fn new(rules_dir: Option<&Path>) -> Result<Pipeline> {
        Ok(Pipeline { table_rules: rules::TableRules::load(rules_dir)?, normalizer: normalize::Normalizer::builtin() })
    }

    /// Runs every stage on one document.
    pub fn extract(&self, path: &Path) -> Result<Extraction> {
        let doc = ingest::read(path)?;
        Ok(self.extract_lines(doc))
    }

    /// Runs the stages after ingest.
    pub fn extract_lines(&self, doc: ingest::Ingested) -> Extraction {
        let page_text = doc.page_text;
        let mut lines = doc.lines;
        self.normalizer.normalize_lines(&mut lines);
        let blocks = layout::blocks(lines);
        let rec = tables::reconstruct(blocks, &self.table_rules);
        let mut source = doc.source;
        let last_page = rec.tables.iter().flat_map(|t| t.pages.iter().copied()).chain(rec.text.iter().map(|t| t.page)).max().unwrap_or(1);
        source.pages = source.pages.max(last_page);
        Extraction { schema: SCHEMA, source, tables: rec.tables, text: rec.text, review: rec.review, page_text }
    }
}

/// The text of a PDF's pages (`first..=last`, 1-based; all when `None`) as lines with TAB
/// between cells and a form feed between pages: what `planx text` prints.
pub fn pdf_text(path: &Path, pages: Option<(u32, u32)>) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| error::Error::io(path, e))?;
    let doc = ingest::pdf::read_pages(path, &bytes, pages)?;
    let per_page = ingest::pdf_page_lines(&doc);
    Ok(layout::pdf::render_text(&per_page))
}

/// Extracts one document with the built-in rules.
pub fn extract(path: &Path) -> Result<Extraction> {
    Pipeline::new(None)?.extract(path)
}
