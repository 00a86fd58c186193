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

pub mod celltext;
pub mod checks;
pub mod emit;
pub mod error;
pub mod ingest;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod records;
pub mod rules;
pub mod run;
pub mod tables;
pub mod values;

use error::Result;
use model::{Extraction, SCHEMA};
use std::path::Path;

/// Everything the stages need besides the document: rules and normalizer.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub table_rules: rules::TableRules,
    pub normalizer: normalize::Normalizer,
    pub templates: records::Templates,
    pub values: values::ValueRules,
    pub layout: layout::LayoutSettings,
}

impl Pipeline {
    /// The pipeline with the rules shipped in `rules/`, or those of `dir` where it has them.
    pub fn new(rules_dir: Option<&Path>) -> Result<Pipeline> {
        Ok(Pipeline {
            table_rules: rules::TableRules::load(rules_dir)?,
            normalizer: normalize::Normalizer::load(rules_dir)?,
            templates: records::Templates::load(rules_dir)?,
            values: values::ValueRules::load(rules_dir)?,
            layout: layout::LayoutSettings::load(rules_dir)?,
        })
    }

    /// Runs every stage on one document.
    pub fn extract(&self, path: &Path) -> Result<Extraction> {
        let doc = ingest::read(path)?;
        Ok(self.extract_lines(doc))
    }

    /// Runs every stage on a document already in memory (`path` names it).
    pub fn extract_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Extraction> {
        Ok(self.extract_lines(ingest::from_bytes(path, bytes)?))
    }

    /// Runs the stages after ingest.
    pub fn extract_lines(&self, doc: ingest::Ingested) -> Extraction {
        let (mut lines, page_text) = match doc.source {
            ingest::Source::Text(lines) => (lines, Vec::new()),
            ingest::Source::Pdf(pdf) => {
                let pages = layout::pdf::document_lines(&pdf, &self.layout);
                let page_text = pages.iter().map(|l| emit::text::page_text(l)).collect();
                (pages.into_iter().flatten().collect(), page_text)
            }
        };
        self.normalizer.normalize_lines(&mut lines);
        let blocks = layout::blocks(lines);
        let rec = tables::reconstruct(blocks, &self.table_rules);
        let mut source = doc.info;
        let last_page = rec.tables.iter().flat_map(|t| t.pages.iter().copied()).chain(rec.text.iter().map(|t| t.page)).max().unwrap_or(1);
        source.pages = source.pages.max(last_page);
        let mut review = rec.review;
        let mut drafts = records::build(&rec.tables, &rec.text, &self.templates, &self.values);
        checks::run(&mut drafts, &rec.tables, &self.templates, &self.values, &mut review);
        let records = records::finish(drafts);
        Extraction { schema: SCHEMA.to_string(), source, tables: rec.tables, text: rec.text, review, records, page_text }
    }
}

/// The text of a PDF's pages (`first..=last`, 1-based; all when `None`) as lines with TAB
/// between cells and a form feed between pages: what `planx text` prints (built-in
/// layout settings; see [`emit::text::pdf_text`]).
pub fn pdf_text(path: &Path, pages: Option<(u32, u32)>) -> Result<String> {
    emit::text::pdf_text(path, pages, &layout::LayoutSettings::builtin())
}

/// Extracts one document with the built-in rules.
pub fn extract(path: &Path) -> Result<Extraction> {
    Pipeline::new(None)?.extract(path)
}
