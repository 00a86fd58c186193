//! Run-level outputs, across all documents of one `planx extract`:
//!
//! * `DIR/records/<template>.csv`: every record of the template, with source file, page,
//!   line, table and row, one column per field (amounts in baht, years BE, dates ISO),
//!   then confidence and flags;
//! * `DIR/review.csv`: every review item ([`crate::review::rows`]), most doubtful first,
//!   grouped by document and page;
//! * `DIR/values.csv` and its sidecar `DIR/values.csv-metadata.json`: every typed field
//!   as one row, one type per column ([`super::values`]);
//! * `DIR/budget_items.csv` and its sidecar: a budget bill's line items ([`super::budget`]).

use super::spool::Spool;
use super::write_atomic;
use crate::error::Result;
use crate::model::{Extraction, Flag, Record, ReviewItem, Table};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One document of the run: the path it was read from and what was extracted.
pub struct Doc<'a> {
    /// The input path as the run names it in its outputs.
    pub file: String,
    /// What was extracted from it.
    pub x: &'a Extraction,
}

fn csv_bytes(rows: &[Vec<String>], bom: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for r in rows {
        super::csvw::record(&mut buf, r);
    }
    buf
}

/// Confidences as CSV text ("0.950"), each distinct value formatted once: a document's
/// fields share a few confidences, and formatting a float to three places costs some
/// 1,500 instructions (values.csv has one per field).
#[derive(Debug, Default)]
pub(super) struct Confidences(HashMap<u64, String>);

impl Confidences {
    /// `c` to three decimal places, as `format!("{c:.3}")` writes it.
    pub(super) fn text(&mut self, c: f64) -> &str {
        self.0.entry(c.to_bits()).or_insert_with(|| format!("{c:.3}"))
    }
}

/// Flags as one CSV cell, space-separated.
pub(super) fn flags_str(flags: &[Flag]) -> String {
    flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
}


/// Page and line of a record's row, from its table: records read back from a document's
/// JSON (`--resume`) do not carry them.
pub(super) fn row_place(tables: &HashMap<&str, &Table>, r: &Record) -> (u32, u32) {
    tables.get(r.table.as_str()).and_then(|t| t.rows.get(r.row)).map_or((0, 0), |row| (row.page, row.line))
}

/// The value under `key`, inserted empty when absent. The key is copied only then: a
/// document's thousands of records name a few templates and fields.
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// One record as CSV cells: the lead (file, page, line, table, row), the fields by name,
/// and the tail (confidence, flags).
type RecordRow = (Vec<String>, BTreeMap<String, String>, [String; 2]);

/// Collects the run-level outputs one document at a time, so that a run never holds more
/// than one document's extraction: records as CSV cells per template, and review items
/// with their doubt. Field columns are the union of the fields seen, in first-seen order.
#[derive(Debug, Default)]
pub struct RunSink {
    fields: BTreeMap<String, Vec<String>>,
    /// The same names as a set, for quick membership tests on wide tables.
    seen: BTreeMap<String, std::collections::HashSet<String>>,
    records: BTreeMap<String, Vec<RecordRow>>,
    review: Vec<(f64, Vec<String>)>,
    /// Rows of values.csv (no header), as CSV bytes, in memory or spooled to disk
    /// ([`RunSink::spool`]).
    values: Spool,
    /// Rows of budget_items.csv (no header), likewise.
    budget: Spool,
}

impl RunSink {
    /// An empty sink.
    pub fn new() -> RunSink {
        RunSink::default()
    }

    /// Adds one document's records and review items (call in input order).
    pub fn add(&mut self, d: &Doc) {
        // Tables by id, and the confidences of each table's records by row: looked up for
        // every record and review item (a budget volume has hundreds of tables and
        // thousands of records).
        let tables: HashMap<&str, &Table> = d.x.tables.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut confidences: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
        for r in &d.x.records {
            confidences.entry(r.table.as_str()).or_default().push((r.row, r.confidence));
        }
        let mut conf_text = Confidences::default();
        for r in &d.x.records {
            let names = slot(&mut self.fields, &r.template);
            let seen = slot(&mut self.seen, &r.template);
            for k in r.fields.keys() {
                if !seen.contains(k) {
                    seen.insert(k.clone());
                    names.push(k.clone());
                }
            }
            let (page, line) = row_place(&tables, r);
            let lead = vec![d.file.clone(), page.to_string(), line.to_string(), r.table.clone(), r.row.to_string()];
            let cells = r.fields.iter().map(|(k, v)| (k.clone(), v.csv())).collect();
            let tail = [conf_text.text(r.confidence).to_string(), flags_str(&r.flags)];
            slot(&mut self.records, &r.template).push((lead, cells, tail));
        }
        super::values::append_rows(self.values.bytes_mut(), d, &tables);
        super::budget::append_rows(self.budget.bytes_mut(), d);
        // Review items the stages made, then doubts that are only flags: a page that
        // needs OCR, a cell or line holding a glyph no table maps to Unicode.
        let mut items: Vec<std::borrow::Cow<ReviewItem>> = d.x.review.iter().map(std::borrow::Cow::Borrowed).collect();
        items.extend(flag_only_items(d.x).into_iter().map(std::borrow::Cow::Owned));
        for it in items.iter().map(|c| c.as_ref()) {
            let conf = item_confidence(it.table.as_deref().and_then(|id| confidences.get(id)).map_or(&[][..], Vec::as_slice), it.row);
            self.review.push((conf, crate::review::rows::item_row(&d.file, d.x, &tables, it, conf)));
        }
    }

    /// Review items held (rows of review.csv).
    pub fn review_len(&self) -> usize {
        self.review.len()
    }

    /// Moves the rows of values.csv and budget_items.csv to temporary files in `out`
    /// named after `key` (unique within the run: the document's input index), so that a
    /// finished document's largest outputs wait for the end of the run on disk, not in
    /// memory. [`RunSink::write`] puts them together in order and removes the files.
    pub fn spool(&mut self, out: &Path, key: usize) -> Result<()> {
        let name = |what: &str| out.join(format!(".{what}.{key}.{}", super::TMP_SUFFIX));
        self.values.spool_to(&name(super::values::VALUES_CSV))?;
        self.budget.spool_to(&name(super::budget::BUDGET_CSV))
    }

    /// Appends another sink's contents after this one's (documents stay in order).
    pub fn append(&mut self, other: RunSink) {
        for (tpl, names) in other.fields {
            let seen = self.seen.entry(tpl.clone()).or_default();
            let mine = self.fields.entry(tpl).or_default();
            for n in names {
                if seen.insert(n.clone()) {
                    mine.push(n);
                }
            }
        }
        // The first part appended to an empty sink is taken as it is, not copied: a run of
        // one volume would otherwise hold its megabytes of rows twice.
        for (tpl, rows) in other.records {
            append_vec(self.records.entry(tpl).or_default(), rows);
        }
        append_vec(&mut self.review, other.review);
        self.values.append(other.values);
        self.budget.append(other.budget);
    }

    /// The CSV rows (header first) of every template's records, keyed by template name.
    pub fn records_tables(&self) -> BTreeMap<String, Vec<Vec<String>>> {
        let mut out = BTreeMap::new();
        for (tpl, fields) in &self.fields {
            let mut head: Vec<String> = ["source", "page", "line", "table", "row"].iter().map(|s| s.to_string()).collect();
            head.extend(fields.iter().cloned());
            head.push("confidence".into());
            head.push("flags".into());
            let mut rows = vec![head];
            for (lead, cells, tail) in self.records.get(tpl).into_iter().flatten() {
                let mut row = lead.clone();
                row.extend(fields.iter().map(|f| cells.get(f).cloned().unwrap_or_default()));
                row.extend(tail.iter().cloned());
                rows.push(row);
            }
            out.insert(tpl.clone(), rows);
        }
        out
    }

    /// The CSV rows (header first) of every review item, most doubtful first.
    pub fn review_table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![crate::review::rows::COLUMNS.iter().map(|s| s.to_string()).collect()];
        rows.extend(crate::review::rows::order(&self.review).into_iter().map(|i| self.review[i].1.clone()));
        rows
    }

    /// Writes `DIR/records/<template>.csv`, `DIR/review.csv`, `DIR/values.csv` and its
    /// sidecar; returns the paths. The files are made in parallel (the end of a run has
    /// nothing else to do).
    pub fn write(&self, out: &Path, bom: bool) -> Result<Vec<PathBuf>> {
        use super::values::{csv_head as values_head, metadata_json, VALUES_CSV, VALUES_METADATA};
        use rayon::prelude::*;
        let review = || {
            let p = out.join("review.csv");
            write_atomic(&p, &csv_bytes(&self.review_table(), bom))?;
            let v = out.join(VALUES_CSV);
            self.values.write(&v, &values_head(bom))?;
            let m = out.join(VALUES_METADATA);
            write_atomic(&m, metadata_json().as_bytes())?;
            let b = out.join(super::budget::BUDGET_CSV);
            self.budget.write(&b, &super::budget::csv_head(bom))?;
            let bm = out.join(super::budget::BUDGET_METADATA);
            write_atomic(&bm, super::budget::metadata_json().as_bytes())?;
            Ok(vec![p, v, m, b, bm])
        };
        let records = || {
            let tables: Vec<(String, Vec<Vec<String>>)> = self.records_tables().into_iter().collect();
            tables
                .par_iter()
                .map(|(tpl, rows)| {
                    let p = out.join("records").join(format!("{tpl}.csv"));
                    write_atomic(&p, &csv_bytes(rows, bom)).map(|_| p)
                })
                .collect::<Result<Vec<PathBuf>>>()
        };
        let (written, review) = rayon::join(records, review);
        let mut written = written?;
        written.extend(review?);
        Ok(written)
    }
}

/// Appends `more` to `to`, taking `more`'s buffer as it is when `to` is empty.
fn append_vec<T>(to: &mut Vec<T>, mut more: Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, &mut more);
    } else {
        to.append(&mut more);
    }
}

/// Review items for doubts that the stages only flag: text lines flagged `ocr` or
/// `glyph_unmapped`, and table cells flagged `glyph_unmapped`, that no review item of the
/// document names already (one per line or cell).
fn flag_only_items(x: &Extraction) -> Vec<ReviewItem> {
    let mut out = Vec::new();
    let named_text: std::collections::HashSet<(u32, u32, Flag)> =
        x.review.iter().filter(|r| r.table.is_none()).map(|r| (r.page, r.line, r.flag)).collect();
    for l in &x.text {
        for flag in [Flag::Ocr, Flag::GlyphUnmapped] {
            if l.flags.contains(&flag) && !named_text.contains(&(l.page, l.line, flag)) {
                let message = match flag {
                    Flag::Ocr => l.text.clone(),
                    _ => format!("a glyph with no known Unicode (shown as U+FFFD): {}", l.text),
                };
                out.push(ReviewItem { table: None, row: None, column: None, page: l.page, line: l.line, flag, message, value: None });
            }
        }
    }
    let named_cells: std::collections::HashSet<(&str, usize, usize)> = x
        .review
        .iter()
        .filter(|r| r.flag == Flag::GlyphUnmapped)
        .filter_map(|r| Some((r.table.as_deref()?, r.row?, r.column?)))
        .collect();
    for t in &x.tables {
        for (ri, row) in t.rows.iter().enumerate() {
            for (ci, c) in row.cells.iter().enumerate() {
                if c.flags.contains(&Flag::GlyphUnmapped) && !named_cells.contains(&(t.id.as_str(), ri, ci)) {
                    out.push(ReviewItem {
                        table: Some(t.id.clone()),
                        row: Some(ri),
                        column: Some(ci),
                        page: row.page,
                        line: row.line,
                        flag: Flag::GlyphUnmapped,
                        message: format!("a glyph with no known Unicode (shown as U+FFFD): {}", c.text),
                        value: None,
                    });
                }
            }
        }
    }
    out
}

fn sink_of(docs: &[Doc]) -> RunSink {
    let mut sink = RunSink::new();
    for d in docs {
        sink.add(d);
    }
    sink
}

/// The CSV rows (header first) of every template's records, keyed by template name.
pub fn records_tables(docs: &[Doc]) -> BTreeMap<String, Vec<Vec<String>>> {
    sink_of(docs).records_tables()
}

/// How doubtful a review item is, in [0, 1] (lower = look first): the confidence of the
/// record of its row, or of the weakest record of its table for a table-level item.
/// `records` are (row, confidence) of the item's table. Items outside any record (text,
/// dropped rows) rank by a fixed 0.5: unknown, middling.
fn item_confidence(records: &[(usize, f64)], row: Option<usize>) -> f64 {
    const UNKNOWN: f64 = 0.5;
    match row {
        Some(ri) => records.iter().find(|r| r.0 == ri).map_or(UNKNOWN, |r| r.1),
        None => records.iter().map(|r| r.1).fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.min(c)))).unwrap_or(UNKNOWN),
    }
}

/// The CSV rows (header first) of every review item of the run, most doubtful first.
pub fn review_table(docs: &[Doc]) -> Vec<Vec<String>> {
    sink_of(docs).review_table()
}

/// Writes the run-level outputs ([`RunSink::write`]); returns the paths.
pub fn write_run(out: &Path, docs: &[Doc], bom: bool) -> Result<Vec<PathBuf>> {
    sink_of(docs).write(out, bom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidences_read_as_format_writes_them() {
        let mut c = Confidences::default();
        for x in [0.0, 1.0, 0.95, 0.0625, 0.0005, 0.9995, 0.123456, -0.0, 0.95] {
            assert_eq!(c.text(x), format!("{x:.3}"));
        }
    }

    #[test]
    fn appending_to_an_empty_vec_takes_the_buffer_and_keeps_the_order() {
        let mut to: Vec<u8> = Vec::new();
        let more = b"a,b\n".to_vec();
        let at = more.as_ptr();
        append_vec(&mut to, more);
        assert_eq!(to.as_ptr(), at);
        append_vec(&mut to, b"c\n".to_vec());
        append_vec(&mut to, Vec::new());
        assert_eq!(to, b"a,b\nc\n");
    }

    #[test]
    fn slot_inserts_an_empty_value_once_and_then_returns_it() {
        let mut m: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        slot(&mut m, "budget_bill").push(1);
        slot(&mut m, "budget_bill").push(2);
        slot(&mut m, "no_template").push(3);
        assert_eq!(m.len(), 2);
        assert_eq!(m["budget_bill"], vec![1, 2]);
        assert_eq!(m["no_template"], vec![3]);
    }
}
