//! Confidence: a number in [0, 1] per field (cell) and per record, the product of
//! documented factors. docs/records.md explains each; every constant says why it is what
//! it is. The numbers are a ranking device for review (most doubtful first), not
//! probabilities: their order matters more than their size.

use crate::model::Flag;

/// A template fits the table: the column types are known. Full trust on that score.
pub const TEMPLATE_FIT: f64 = 1.0;
/// No template fits: the column types are guessed from the values. A guess is right most of
/// the time but a record nobody described should never outrank one that was.
pub const NO_TEMPLATE_FIT: f64 = 0.6;

/// The cell does not read as the type its field holds (text in an amount column): the
/// value is kept but is as likely wrong as right.
pub const PARSE_FAILED: f64 = 0.5;
/// Letters were repaired by the normalizer (split SARA AM, PUA glyphs, marks): the text is
/// very likely right, but it is no longer what the source said.
pub const REPAIRED: f64 = 0.9;
/// Converter artifacts were removed: cosmetic, rarely changes a value.
pub const ARTIFACT_REMOVED: f64 = 0.95;
/// A glyph's Unicode was inferred from font data: usually right, occasionally a
/// look-alike digit or mark.
pub const GLYPH_INFERRED: f64 = 0.85;
/// A glyph could not be mapped at all: something is missing from the text.
pub const GLYPH_UNMAPPED: f64 = 0.5;
/// Text from OCR: digits are misread often enough (8/3, 1/7) to matter in sums.
pub const OCR: f64 = 0.8;

/// The table stage found the row's cells shifted or missing: any value may be in the
/// wrong column.
pub const ROW_SHIFTED: f64 = 0.7;
/// The row has text beyond the header's columns: usually one stray cell.
pub const ROW_EXTRA_CELLS: f64 = 0.85;
/// The row was joined from continuation lines: texts are fine, values rarely affected.
pub const ROW_JOINED: f64 = 0.95;

/// A sum check failed on this cell (row total or totals row): at least one of the cells
/// involved is wrong, and the check cannot tell which; all of them drop to half.
pub const SUM_FAILED: f64 = 0.5;
/// The row has more or fewer values than slots: the values after the gap or the extra
/// are in the wrong slot.
pub const CELL_COUNT_FAILED: f64 = 0.6;
/// The value's type differs from its column's: a misplaced or misread cell.
pub const MIXED_TYPE: f64 = 0.7;
/// An outline code out of order: the code (or a row) is misread or missing; the values
/// of the row are not affected, so only the code field drops.
pub const CODE_ORDER: f64 = 0.8;
/// Header years out of order: the per-year fields may carry the wrong year.
pub const YEAR_ORDER: f64 = 0.8;

/// The factor of a source cell's own flags.
pub fn cell_factor(flags: &[Flag]) -> f64 {
    flags
        .iter()
        .map(|f| match f {
            Flag::ThaiRepair => REPAIRED,
            Flag::ArtifactRemoved => ARTIFACT_REMOVED,
            Flag::GlyphInferred => GLYPH_INFERRED,
            Flag::GlyphUnmapped => GLYPH_UNMAPPED,
            Flag::Ocr => OCR,
            // Thai digits converted to ASCII: an exact, lossless mapping.
            _ => 1.0,
        })
        .product()
}

/// The factor of the row's flags from the table stage.
pub fn row_factor(flags: &[Flag]) -> f64 {
    flags
        .iter()
        .map(|f| match f {
            Flag::ShiftedCells => ROW_SHIFTED,
            Flag::ExtraCells => ROW_EXTRA_CELLS,
            Flag::JoinedContinuation => ROW_JOINED,
            _ => 1.0,
        })
        .product()
}

/// A record is as good as its weakest field, times how well its template fits.
pub fn record(d: &super::Draft) -> f64 {
    let weakest = d.fields.iter().filter(|f| f.column.is_some()).map(|f| f.confidence).fold(1.0_f64, f64::min);
    round(d.fit * weakest)
}

/// Three decimals: enough to rank, short in CSV.
pub fn round(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
