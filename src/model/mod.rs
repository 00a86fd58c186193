//! The data that flows between the pipeline stages.
//!
//! ingest → layout → normalize → tables → records → checks → emit
//!
//! * ingest produces [`Line`]s: one source line (text path) or one visual row (PDF path),
//!   already split into raw [`Cell`]s, each with its page and position;
//! * layout groups lines into [`Block`]s (table blocks and text blocks, in document order);
//! * normalize fills [`Cell::norm`] and adds repair flags;
//! * tables turns table blocks into logical [`Table`]s of [`Row`]s;
//! * emit writes an [`Extraction`] as JSON and CSV.
//!
//! Every type here is plain data: the stages own the logic.

mod budget;
mod draft;
mod extraction;
mod value;

pub(crate) use draft::{Draft, Field, Run};
pub use budget::{BudgetItem, BudgetItems, BudgetUnit, Commitment, CommitmentYear, BUDGET_SCHEMA};
pub use extraction::{Extraction, PageInfo, Record, ReviewItem, SourceInfo, SCHEMA};
pub use value::{Arrow, Kind, Value, Year, BE_OFFSET};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A rectangle on a PDF page, in PDF points, origin bottom-left (as the PDF draws it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    /// Left edge.
    pub x0: f32,
    /// Bottom edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Top edge.
    pub y1: f32,
}

impl BBox {
    /// The box with its edges rounded to a hundredth of a point: what the JSON carries
    /// (finer than any printed text, and the same bytes on every platform).
    pub fn rounded(self) -> BBox {
        let r = |v: f32| (v * 100.0).round() / 100.0;
        BBox { x0: r(self.x0), y0: r(self.y0), x1: r(self.x1), y1: r(self.y1) }
    }
    /// The smallest box holding both.
    pub fn union(self, o: BBox) -> BBox {
        BBox { x0: self.x0.min(o.x0), y0: self.y0.min(o.y0), x1: self.x1.max(o.x1), y1: self.y1.max(o.y1) }
    }
}

/// A box on one page of a PDF (a table's part on that page).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageBox {
    /// The 1-based page.
    pub page: u32,
    /// The box on it ([`BBox`]: PDF points, origin bottom-left of the page as displayed).
    #[serde(flatten)]
    pub bbox: BBox,
}

/// The boxes of a run of (page, box) pairs merged per page, pages in first-seen order.
pub fn page_boxes(items: impl IntoIterator<Item = (u32, BBox)>) -> Vec<PageBox> {
    let mut out: Vec<PageBox> = Vec::new();
    for (page, b) in items {
        match out.iter_mut().find(|p| p.page == page) {
            Some(p) => p.bbox = p.bbox.union(b),
            None => out.push(PageBox { page, bbox: b }),
        }
    }
    out
}

/// A reason for doubt, or a note on how a value was obtained. Serialized in snake_case;
/// the README lists what each one means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Thai letters were repaired (split SARA AM, PUA glyph, reordered or doubled marks).
    ThaiRepair,
    /// Thai digits were converted to ASCII digits in `norm`.
    ThaiDigits,
    /// Converter artifacts (`**`, `#`, `<b>`, zero-width characters) were removed.
    ArtifactRemoved,
    /// A token that looks like a Thai abbreviation is not in `rules/abbreviations.tsv`.
    UnknownAbbreviation,
    /// The row has more non-empty cells than the header has columns.
    ExtraCells,
    /// The row's cells do not line up with the header (shifted or missing cells).
    ShiftedCells,
    /// A row that only continues the text of the row above was joined to it.
    JoinedContinuation,
    /// A row with text in the first column only that does not look like a heading.
    OrphanText,
    /// The table repeats an earlier table of the same document (duplicated pages).
    Duplicate,
    /// A header repeated after a page break was recognised and dropped from the body.
    RepeatedHeader,
    /// The glyph's Unicode was inferred (font repair), not read from the PDF.
    GlyphInferred,
    /// A glyph could not be mapped to Unicode at all.
    GlyphUnmapped,
    /// Text came from OCR.
    Ocr,
    /// A value did not parse as the type its column holds.
    ParseError,
    /// A sum does not add up.
    SumMismatch,
    /// Line of text kept as residue: it fits no table or text block.
    Residue,
    /// No template fits the table: its records have inferred column types.
    NoTemplate,
    /// A row holds more or fewer values than its header has slots (check `cell_count`).
    CellCount,
    /// A totals row differs from the sum of the rows above it (check `column_sum`).
    TotalMismatch,
    /// A value's type differs from the other values of its column (check `column_type`).
    MixedTypes,
    /// An outline code does not follow the one before it (check `code_order`).
    CodeOrder,
    /// The years of a header do not run in order (check `year_order`).
    YearOrder,
    /// Page furniture (a printed page number) kept as text, out of every table.
    PageFurniture,
    /// A cell holds two or more amounts, or a header row holds an amount: no record can
    /// use them as they stand (joined printed lines, or a cell printed with several).
    MergedAmounts,
    /// A reviewer corrected the cell (`planx apply`); the record holds a corrected cell.
    Corrected,
    /// A Thai tone mark OCR dropped was put back from the word list (`norm` only).
    OcrToneRepair,
}

impl Flag {
    /// The flag's name as written in JSON and CSV (`thai_repair`).
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::ThaiRepair => "thai_repair",
            Flag::ThaiDigits => "thai_digits",
            Flag::ArtifactRemoved => "artifact_removed",
            Flag::UnknownAbbreviation => "unknown_abbreviation",
            Flag::ExtraCells => "extra_cells",
            Flag::ShiftedCells => "shifted_cells",
            Flag::JoinedContinuation => "joined_continuation",
            Flag::OrphanText => "orphan_text",
            Flag::Duplicate => "duplicate",
            Flag::RepeatedHeader => "repeated_header",
            Flag::GlyphInferred => "glyph_inferred",
            Flag::GlyphUnmapped => "glyph_unmapped",
            Flag::Ocr => "ocr",
            Flag::ParseError => "parse_error",
            Flag::SumMismatch => "sum_mismatch",
            Flag::Residue => "residue",
            Flag::NoTemplate => "no_template",
            Flag::CellCount => "cell_count",
            Flag::TotalMismatch => "total_mismatch",
            Flag::MixedTypes => "mixed_types",
            Flag::CodeOrder => "code_order",
            Flag::YearOrder => "year_order",
            Flag::MergedAmounts => "merged_amounts",
            Flag::PageFurniture => "page_furniture",
            Flag::Corrected => "corrected",
            Flag::OcrToneRepair => "ocr_tone_repair",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Adds a flag once.
pub fn add_flag(flags: &mut Vec<Flag>, f: Flag) {
    if !flags.contains(&f) {
        flags.push(f);
    }
}

/// One cell as read from the source: raw text, normalized text, position, flags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Exactly as the source gave it.
    pub text: String,
    /// Normalized (see `normalize`); filled by the normalize stage.
    pub norm: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    /// Repairs made and doubts found in this cell.
    pub flags: Vec<Flag>,
    /// Abbreviations expanded (filled by normalize when any were).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expanded: Option<String>,
    #[serde(skip)]
    /// Where the cell is on its PDF page (text input has none).
    pub bbox: Option<BBox>,
    /// Read by OCR: the engine's lowest word confidence in the cell (0–100).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ocr_confidence: Option<u32>,
    #[serde(skip)]
    /// PDF: the printed words of `text` with their boxes, in text order (empty for text
    /// input), so that a later stage cutting the cell can give each part its own box.
    pub pieces: Vec<Piece>,
}

/// A printed word of a cell's text: its byte range in [`Cell::text`] and its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// First byte of the word in the cell's text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Where it is printed.
    pub bbox: BBox,
}

impl Cell {
    /// The box of the bytes `from..to` of the cell's text: the union of the printed words
    /// it touches; the cell's box when its words are not known or no longer fit its text.
    pub fn part_box(&self, from: usize, to: usize) -> Option<BBox> {
        let fits = self.pieces.iter().all(|p| p.start <= p.end && p.end <= self.text.len());
        if !fits {
            return self.bbox;
        }
        self.pieces.iter().filter(|p| p.start < to && p.end > from).map(|p| p.bbox).reduce(BBox::union).or(self.bbox)
    }
    /// A cell holding `text` as read, not yet normalized.
    pub fn raw(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }
    /// True when the cell holds nothing but whitespace.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One line of a page: a source line of a text file, or a visual row of a PDF page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// 1-based line number in the source file (text) or on the page (PDF).
    pub number: u32,
    /// Cells left to right. A text line that is not tabular has exactly one cell.
    pub cells: Vec<Cell>,
    /// True when the source marks this line as a table row (TAB-separated, or cells
    /// found by the PDF layout).
    pub tabular: bool,
    /// Where the line is on its PDF page (text input has none).
    pub bbox: Option<BBox>,
}

impl Line {
    /// The line's text with cells joined by TAB (as the text path reads it).
    pub fn joined(&self) -> String {
        self.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t")
    }
    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// What the layout stage hands to the table stage: runs of lines, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Lines that are rows of a table (tabular lines, with the lines between them).
    Table(Vec<Line>),
    /// Lines of running text.
    Text(Vec<Line>),
}

/// Whether the document came from text or from a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A TAB-separated text file (text pulled out of a PDF earlier).
    Text,
    /// A PDF.
    Pdf,
}

/// What a row is, as a reader would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// A header row: its cells name the columns.
    Header,
    /// A section heading inside the table (a row with a label and no values).
    Section,
    /// A row of data.
    Data,
    /// A totals row (รวม, รวมทั้งสิ้น).
    Total,
    /// A note or footnote under the table.
    Note,
}

impl RowKind {
    /// The name it is written under (as serialized).
    pub fn name(self) -> &'static str {
        match self {
            RowKind::Header => "header",
            RowKind::Section => "section",
            RowKind::Data => "data",
            RowKind::Total => "total",
            RowKind::Note => "note",
        }
    }
}

/// A cell of an output row (raw text, normalized text, flags).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutCell {
    /// Exactly as the source gave it.
    pub text: String,
    /// Normalized (Thai repaired, digits ASCII, artifacts removed).
    pub norm: String,
    /// Repairs made and doubts found in this cell.
    pub flags: Vec<Flag>,
    /// Abbreviations expanded (never over `norm`); absent when nothing was expanded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expanded: Option<String>,
    /// PDF: where the cell's text is on the row's page; absent for a blank cell and for
    /// text input (whose cells are placed by the row's line and the column index).
    #[serde(rename = "box", skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<BBox>,
    /// A reviewer's correction applied to the cell (`norm` holds it): the original
    /// normalized text, who and when.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub corrected: Option<crate::review::apply::Corrected>,
    /// Read by OCR (flag `ocr`): the engine's lowest word confidence in the cell, 0–100;
    /// absent for text read from a text layer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ocr_confidence: Option<u32>,
}

/// A row of a logical table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What the row is.
    pub kind: RowKind,
    /// The 1-based page the row is on.
    pub page: u32,
    /// The row's first source line (line of a text file, or line on the PDF page).
    pub line: u32,
    /// The section rows above this row, outermost first.
    pub section: Vec<String>,
    /// One cell per column of the table (blank where the row has nothing).
    pub cells: Vec<OutCell>,
    /// Repairs and doubts of the row as a whole.
    pub flags: Vec<Flag>,
    /// Source lines that were joined into this row (continuations), beyond `line`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub joined_lines: Vec<u32>,
    /// PDF: the box of the row's text (joined lines included) on its page.
    #[serde(rename = "box", skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<BBox>,
}

/// A column of a logical table and its header path (outermost header first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// 0-based position of the column.
    pub index: usize,
    /// The header texts above the column, outermost first.
    pub path: Vec<String>,
}

/// A logical table: one header, rows from one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The table's id in its document (`t1`, `t2`, …).
    pub id: String,
    /// The pages the table spans.
    pub pages: Vec<u32>,
    /// How many of `rows` are header rows (they come first).
    pub header_rows: usize,
    /// The columns and their header paths.
    pub columns: Vec<Column>,
    /// Header rows, then body rows, in reading order.
    pub rows: Vec<Row>,
    /// The id of the earlier table this one repeats (duplicated pages), if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<String>,
    /// Source lines (first, last) the table was built from, one pair per block.
    pub source_lines: Vec<[u32; 2]>,
    /// Lines that repeated the header after a page break (kept out of `rows`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub repeated_header_lines: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    /// Doubts about the table as a whole.
    pub flags: Vec<Flag>,
    /// PDF: the table's box on each page it is printed on (its rows' boxes merged).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub boxes: Vec<PageBox>,
}

/// A line of text outside any table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// The 1-based page.
    pub page: u32,
    /// The source line (line of a text file, or line on the PDF page).
    pub line: u32,
    /// Exactly as the source gave it.
    pub text: String,
    /// Normalized (see [`Cell::norm`]).
    pub norm: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    /// Repairs made and doubts found in the line.
    pub flags: Vec<Flag>,
    /// PDF: where the line is on its page.
    #[serde(rename = "box", skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<BBox>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_kind_names_are_their_serialized_names() {
        for k in [RowKind::Header, RowKind::Section, RowKind::Data, RowKind::Total, RowKind::Note] {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::from(k.name()));
        }
    }
}
