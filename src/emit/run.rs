//! Run-level outputs, across all documents of one `planx extract`:
//!
//! * `DIR/records/<template>.csv`: every record of the template, with source file, page,
//!   line, table and row, one column per field (amounts in baht, years BE, dates ISO),
//!   then confidence and flags;
//! * `DIR/review.csv`: every review item (file, page, table, row, column, value, flag,
//!   message, confidence), most doubtful first.

use super::write_atomic;
use crate::error::Result;
use crate::model::{Extraction, Flag};
use crate::values::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One document of the run: the path it was read from and what was extracted.
pub struct Doc<'a> {
    pub file: String,
    pub x: &'a Extraction,
}

fn csv_bytes(rows: &[Vec<String>], bom: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        for r in rows {
            w.write_record(r).expect("write to memory");
        }
        w.flush().expect("flush to memory");
    }
    buf
}

/// A field's JSON value as one CSV cell (see `values::Value::csv`).
pub fn field_csv(v: &serde_json::Value) -> String {
    match serde_json::from_value::<Value>(v.clone()) {
        Ok(val) => val.csv(),
        Err(_) => v.to_string(),
    }
}

fn flags_str(flags: &[Flag]) -> String {
    flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
}

/// The CSV rows (header first) of every template's records, keyed by template name.
pub fn records_tables(docs: &[Doc]) -> BTreeMap<String, Vec<Vec<String>>> {
    // Field names per template, in first-seen order.
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in docs {
        for r in &d.x.records {
            let v = names.entry(r.template.clone()).or_default();
            for k in r.fields.keys() {
                if !v.contains(k) {
                    v.push(k.clone());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (tpl, fields) in names {
        let mut rows = Vec::new();
        let mut head: Vec<String> = ["source", "page", "line", "table", "row"].iter().map(|s| s.to_string()).collect();
        head.extend(fields.iter().cloned());
        head.push("confidence".into());
        head.push("flags".into());
        rows.push(head);
        for d in docs {
            for r in d.x.records.iter().filter(|r| r.template == tpl) {
                let mut row = vec![d.file.clone(), r.page.to_string(), r.line.to_string(), r.table.clone(), r.row.to_string()];
                row.extend(fields.iter().map(|f| r.fields.get(f).map(field_csv).unwrap_or_default()));
                row.push(format!("{:.3}", r.confidence));
                row.push(flags_str(&r.flags));
                rows.push(row);
            }
        }
        out.insert(tpl, rows);
    }
    out
}

/// How doubtful a review item is, in [0, 1] (lower = look first): the confidence of the
/// record of its row, or of the weakest record of its table for a table-level item.
/// Items outside any record (text, dropped rows) rank by a fixed 0.5: unknown, middling.
fn item_confidence(x: &Extraction, table: Option<&str>, row: Option<usize>) -> f64 {
    const UNKNOWN: f64 = 0.5;
    let recs = x.records.iter().filter(|r| Some(r.table.as_str()) == table);
    match row {
        Some(ri) => recs.filter(|r| r.row == ri).map(|r| r.confidence).next().unwrap_or(UNKNOWN),
        None => recs.map(|r| r.confidence).fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.min(c)))).unwrap_or(UNKNOWN),
    }
}

/// The CSV rows (header first) of every review item of the run, most doubtful first.
pub fn review_table(docs: &[Doc]) -> Vec<Vec<String>> {
    let mut items: Vec<(f64, Vec<String>)> = Vec::new();
    for d in docs {
        for it in &d.x.review {
            let t = it.table.as_deref().and_then(|id| d.x.tables.iter().find(|t| t.id == id));
            let value = match (t, it.row, it.column) {
                (Some(t), Some(r), Some(c)) => t.rows.get(r).and_then(|row| row.cells.get(c)).map(|c| c.norm.clone()).unwrap_or_default(),
                _ => String::new(),
            };
            let conf = item_confidence(d.x, it.table.as_deref(), it.row);
            items.push((
                conf,
                vec![
                    d.file.clone(),
                    it.page.to_string(),
                    it.table.clone().unwrap_or_default(),
                    it.row.map(|r| r.to_string()).unwrap_or_default(),
                    it.column.map(|c| (c + 1).to_string()).unwrap_or_default(),
                    value,
                    it.flag.as_str().to_string(),
                    it.message.clone(),
                    format!("{conf:.3}"),
                ],
            ));
        }
    }
    // Stable: equal confidences keep document order.
    items.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut rows = vec![["file", "page", "table", "row", "column", "value", "flag", "message", "confidence"].iter().map(|s| s.to_string()).collect()];
    rows.extend(items.into_iter().map(|(_, r)| r));
    rows
}

/// Writes `DIR/records/<template>.csv` and `DIR/review.csv`; returns the paths.
pub fn write_run(out: &Path, docs: &[Doc], bom: bool) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (tpl, rows) in records_tables(docs) {
        let p = out.join("records").join(format!("{tpl}.csv"));
        write_atomic(&p, &csv_bytes(&rows, bom))?;
        written.push(p);
    }
    let p = out.join("review.csv");
    write_atomic(&p, &csv_bytes(&review_table(docs), bom))?;
    written.push(p);
    Ok(written)
}
