//! Corrections: a reviewer's values for doubted cells, kept so that they outlive a rerun.
//!
//! `planx apply OUT_DIR corrections.csv` reads the rows of a corrections file (review.csv
//! with its `correction` column filled in, or any CSV with `file`, `table`, `row`,
//! `column` and `correction`; an optional `text` must equal the cell's text, so a
//! correction never lands on another cell than the one the reviewer saw), checks each
//! against the document's JSON, and adds it to the run's ledger [`LEDGER`] with who and
//! when. Every extract into that folder then applies the ledger after the table stage: a
//! correction holds while its cell (same document, table, row and column) still has the
//! raw text it had when it was made, and is dropped silently otherwise (the cell moved or
//! the source changed: it must be reviewed again). A corrected cell's `norm` is the
//! correction; `corrected` keeps the original, who and when; the cell and its record are
//! flagged `corrected`, and records and checks are made from the corrected value.

use crate::model::{add_flag, Extraction, Flag, Record, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The ledger of applied corrections inside a run's output folder.
pub const LEDGER: &str = "corrections-ledger.csv";

/// One correction of one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The document, as the run's manifest names it.
    pub file: String,
    /// Table id.
    pub table: String,
    /// Row index in the table's rows.
    pub row: usize,
    /// Column, 1-based (as in review.csv).
    pub column: usize,
    /// The cell's raw text when the correction was made (it must still be there).
    pub text: String,
    /// The normalized text extraction gave.
    pub original: String,
    /// The reviewer's value.
    pub correction: String,
    /// Who corrected it.
    pub who: String,
    /// When (UTC, ISO 8601).
    pub when: String,
}

/// What a corrected cell keeps of its correction (the JSON's `corrected`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corrected {
    /// The normalized text extraction gave.
    pub original: String,
    /// Who corrected it.
    pub who: String,
    /// When (UTC, ISO 8601).
    pub when: String,
}

/// The corrections of a run, one per cell (a later one for the same cell replaces it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    by_cell: BTreeMap<(String, String, usize, usize), Correction>,
}

impl Ledger {
    /// The ledger of the run in `out`; empty when there is none. An unreadable ledger is
    /// an error (corrections must not be lost quietly).
    pub fn load(out: &Path) -> Result<Ledger, String> {
        let p = out.join(LEDGER);
        if !p.exists() {
            return Ok(Ledger::default());
        }
        let mut r = csv::Reader::from_path(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let mut l = Ledger::default();
        for c in r.deserialize::<Correction>() {
            l.add(c.map_err(|e| format!("{}: {e}", p.display()))?);
        }
        Ok(l)
    }

    /// Adds (or replaces) a correction.
    pub fn add(&mut self, c: Correction) {
        self.by_cell.insert((c.file.clone(), c.table.clone(), c.row, c.column), c);
    }

    /// Adds every correction of `other`; where both hold one for the same cell, the later
    /// one (by `when`) stays. Returns how many of `self`'s corrections `other` did not hold.
    pub fn absorb(&mut self, other: Ledger) -> usize {
        let only_here = self.by_cell.keys().filter(|k| !other.by_cell.contains_key(*k)).count();
        for (k, c) in other.by_cell {
            if !self.by_cell.get(&k).is_some_and(|old| old.when > c.when) {
                self.by_cell.insert(k, c);
            }
        }
        only_here
    }

    /// The corrections held.
    pub fn len(&self) -> usize {
        self.by_cell.len()
    }

    /// True when the ledger holds none.
    pub fn is_empty(&self) -> bool {
        self.by_cell.is_empty()
    }

    /// Writes the ledger into `out`.
    pub fn save(&self, out: &Path) -> Result<(), String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        for c in self.by_cell.values() {
            w.serialize(c).map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        crate::emit::write_atomic(&out.join(LEDGER), &bytes).map_err(|e| e.to_string())
    }

    /// A short fingerprint of the ledger (empty when there is none): part of the
    /// `--resume` key, so that a document is redone when its corrections change.
    pub fn fingerprint(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let text: String = self.by_cell.values().map(|c| format!("{}\t{}\t{}\t{}\t{}\t{}\n", c.file, c.table, c.row, c.column, c.text, c.correction)).collect();
        crate::ingest::sha256_hex(text.as_bytes())[..16].to_string()
    }

    /// Applies the corrections of document `file` whose cell still holds the same raw
    /// text; returns how many were applied.
    pub fn apply(&self, file: &str, tables: &mut [Table]) -> usize {
        let mut n = 0;
        for c in self.by_cell.values().filter(|c| c.file == file) {
            let Some(t) = tables.iter_mut().find(|t| t.id == c.table) else { continue };
            let Some(cell) = c.column.checked_sub(1).and_then(|col| t.rows.get_mut(c.row)?.cells.get_mut(col)) else { continue };
            if cell.text != c.text {
                continue;
            }
            let original = std::mem::replace(&mut cell.norm, c.correction.clone());
            cell.corrected = Some(Corrected { original, who: c.who.clone(), when: c.when.clone() });
            add_flag(&mut cell.flags, Flag::Corrected);
            n += 1;
        }
        n
    }
}

/// Flags `corrected` every record whose row holds a corrected cell.
pub fn mark_records(tables: &[Table], records: &mut [Record]) {
    for r in records.iter_mut() {
        let row = tables.iter().find(|t| t.id == r.table).and_then(|t| t.rows.get(r.row));
        if row.is_some_and(|row| row.cells.iter().any(|c| c.corrected.is_some())) {
            add_flag(&mut r.flags, Flag::Corrected);
        }
    }
}

/// The current time, UTC, ISO 8601 to the second.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// Reads the filled-in rows of a corrections CSV and checks each against the run's JSON
/// in `out`: the ledger entries to add, and a message for every row refused.
pub fn read_corrections(out: &Path, csv_path: &Path, who: &str, when: &str) -> Result<(Vec<Correction>, Vec<String>), String> {
    let mut r = csv::Reader::from_path(csv_path).map_err(|e| format!("{}: {e}", csv_path.display()))?;
    let head = r.headers().map_err(|e| format!("{}: {e}", csv_path.display()))?.clone();
    let at = |name: &str| head.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    for need in ["file", "table", "row", "column", "correction"] {
        if at(need).is_none() {
            return Err(format!("{}: no `{need}` column (fill the `correction` column of review.csv)", csv_path.display()));
        }
    }
    let docs = super::html::manifest_outputs(out)?;
    let mut loaded: BTreeMap<String, Option<Extraction>> = BTreeMap::new();
    let (mut ok, mut refused) = (Vec::new(), Vec::new());
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("{}: {e}", csv_path.display()))?;
        let get = |name: &str| at(name).and_then(|j| rec.get(j)).unwrap_or("").to_string();
        let correction = get("correction");
        if correction.trim().is_empty() {
            continue;
        }
        let line = i + 2;
        let file = get("file");
        let (Ok(row), Ok(column)) = (get("row").parse::<usize>(), get("column").parse::<usize>()) else {
            refused.push(format!("line {line}: a correction needs a row and a column (a cell), not a whole row or table"));
            continue;
        };
        let x = loaded.entry(file.clone()).or_insert_with(|| {
            let output = docs.iter().find(|(p, _)| *p == file)?.1.clone();
            serde_json::from_str(&std::fs::read_to_string(out.join(output)).ok()?).ok()
        });
        let Some(x) = x.as_ref() else {
            refused.push(format!("line {line}: {file} is not a document of this run"));
            continue;
        };
        let table = get("table");
        let cell = x.tables.iter().find(|t| t.id == table).and_then(|t| t.rows.get(row)).and_then(|r| r.cells.get(column.wrapping_sub(1)));
        let Some(cell) = cell else {
            refused.push(format!("line {line}: {file} has no cell at table {table}, row {row}, column {column}"));
            continue;
        };
        let seen = get("text");
        let original = cell.corrected.as_ref().map_or(&cell.norm, |c| &c.original).clone();
        if at("text").is_some() && seen != original && seen != cell.norm {
            refused.push(format!("line {line}: the cell now reads {:?}, not {seen:?}: review it again", cell.norm));
            continue;
        }
        ok.push(Correction { file, table, row, column, text: cell.text.clone(), original, correction, who: who.to_string(), when: when.to_string() });
    }
    Ok((ok, refused))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(cell: usize, correction: &str, when: &str) -> Correction {
        Correction { file: "a.pdf".into(), table: "t1".into(), row: 1, column: cell, text: "1O0".into(), original: "1O0".into(), correction: correction.into(), who: "r".into(), when: when.into() }
    }

    #[test]
    fn absorb_keeps_the_later_correction_of_a_cell() {
        let mut here = Ledger::default();
        here.add(fix(1, "100", "2026-01-02T00:00:00Z"));
        here.add(fix(2, "200", "2026-01-01T00:00:00Z"));
        here.add(fix(3, "300", "2026-01-01T00:00:00Z"));
        let mut shard = Ledger::default();
        shard.add(fix(1, "101", "2026-01-01T00:00:00Z"));
        shard.add(fix(2, "201", "2026-01-03T00:00:00Z"));
        shard.add(fix(4, "400", "2026-01-01T00:00:00Z"));
        assert_eq!(here.absorb(shard), 1, "cell 3 is in no shard's ledger");
        let got: Vec<&str> = here.by_cell.values().map(|c| c.correction.as_str()).collect();
        assert_eq!(got, ["100", "201", "300", "400"]);
    }

    #[test]
    fn now_is_iso_utc() {
        let n = now_utc();
        assert_eq!(n.len(), 20, "{n}");
        assert!(n.starts_with("20") && n.ends_with('Z') && n.as_bytes()[10] == b'T', "{n}");
    }
}
