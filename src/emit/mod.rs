//! Emit: writes an [`Extraction`] as `DIR/<stem>.json` (schema `planx/2`) and one CSV per
//! table under `DIR/<stem>/`. Every file is written to a temporary name and renamed, so an
//! interrupted run never leaves half a file.

pub mod budget;
mod csvw;
mod pretty;
pub mod run;
pub mod text;
pub mod values;

pub use run::{write_run, Doc};
use crate::error::{Error, Result};
use crate::model::{Extraction, Table};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The suffix of files being written; a run that was killed may leave some behind, and the
/// next run in the same directory removes them (`remove_stale_temporaries`).
pub const TMP_SUFFIX: &str = "planx-tmp";

/// Removes temporary files a killed run left in `out` and its document folders.
pub fn remove_stale_temporaries(out: &Path) {
    let is_tmp = |p: &Path| p.extension().is_some_and(|e| e == TMP_SUFFIX);
    let Ok(rd) = std::fs::read_dir(out) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            for f in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                if is_tmp(&f.path()) {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        } else if is_tmp(&p) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same directory, then rename),
/// creating the directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    replace_file(path, bytes)
}

/// [`write_atomic`] of the concatenation of `parts`, written one after the other (a
/// header and megabytes of rows are not first copied into one buffer).
pub fn write_atomic_parts(path: &Path, parts: &[&[u8]]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    replace_file_parts(path, parts)
}

/// Writes `bytes` to `path` atomically in a directory that exists.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file_parts(path, &[bytes])
}

/// Writes `parts`, one after the other, to `path` atomically in a directory that exists.
fn replace_file_parts(path: &Path, parts: &[&[u8]]) -> Result<()> {
    use std::io::Write;
    let tmp = temporary(path);
    // No fsync: the rename makes the write atomic for an interrupted run, which is what
    // resuming needs (a JSON that does not parse is redone); syncing every CSV of a
    // large document cost more than reading it.
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    for part in parts {
        f.write_all(part).map_err(|e| Error::io(&tmp, e))?;
    }
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// The temporary name a file is written under before it is renamed into place.
fn temporary(path: &Path) -> PathBuf {
    path.with_extension(format!("{}.{TMP_SUFFIX}", path.extension().and_then(|e| e.to_str()).unwrap_or("")))
}

/// The JSON text of an extraction (pretty, stable field order, UTF-8 unescaped).
pub fn to_json(x: &Extraction) -> String {
    let mut v = Vec::new();
    pretty::to_writer(&mut v, x).expect("extraction serializes");
    v.push(b'\n');
    String::from_utf8(v).expect("JSON is UTF-8")
}

/// A table as CSV: one header line (`kind,page,line,section`, then each column's header
/// path joined with " / "), then every row, header rows included, with normalized text.
pub fn table_csv(t: &Table, bom: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut head = vec!["kind".to_string(), "page".into(), "line".into(), "section".into()];
    head.extend(t.columns.iter().map(|c| if c.path.is_empty() { format!("column {}", c.index + 1) } else { c.path.join(" / ") }));
    csvw::record(&mut buf, &head);
    for r in &t.rows {
        let (page, line, section) = (r.page.to_string(), r.line.to_string(), r.section.join(" > "));
        let lead = [r.kind.name(), &page, &line, &section];
        csvw::record(&mut buf, lead.into_iter().chain(r.cells.iter().map(|c| c.norm.as_str())));
    }
    buf
}

/// Writes one document's outputs under `out` with the given stem; returns the paths.
pub fn write_document(out: &Path, stem: &str, x: &Extraction, bom: bool) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    let dir = out.join(stem);
    if !x.tables.is_empty() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    // The CSVs in parallel with the JSON (in the caller's pool). The JSON goes straight to
    // its temporary file and is renamed last: its presence says the document is complete.
    // So an earlier run's JSON goes first, and the table CSVs are then written in place
    // (no temporary file and rename each: creating files is most of the system time of a
    // volume with hundreds of tables); an interrupted run leaves no JSON, and the document
    // is done again.
    let json = out.join(format!("{stem}.json"));
    let json_tmp = temporary(&json);
    match std::fs::remove_file(&json) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&json, e)),
        _ => {}
    }
    let (csvs, json_written) = rayon::join(
        || {
            x.tables
                .par_iter()
                .map(|t| {
                    let p = dir.join(format!("{}.csv", t.id));
                    std::fs::write(&p, table_csv(t, bom)).map_err(|e| Error::io(&p, e)).map(|_| p)
                })
                .collect::<Result<Vec<PathBuf>>>()
        },
        || write_json(&json_tmp, x),
    );
    let written = csvs.and_then(|w| json_written.map(|_| w));
    if written.is_err() {
        let _ = std::fs::remove_file(&json_tmp);
    }
    let mut written = written?;
    std::fs::rename(&json_tmp, &json).map_err(|e| Error::io(&json, e))?;
    written.push(json);
    Ok(written)
}

/// Writes the JSON text of an extraction (as [`to_json`]) to `path`.
fn write_json(path: &Path, x: &Extraction) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
    pretty::to_writer(&mut w, x).map_err(|e| Error::io(path, std::io::Error::other(e)))?;
    w.write_all(b"\n").map_err(|e| Error::io(path, e))?;
    w.flush().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_one_after_the_other() {
        let dir = std::env::temp_dir().join(format!("planx-parts-{}", std::process::id()));
        let p = dir.join("sub").join("x.csv");
        write_atomic_parts(&p, &[b"head\n", b"", b"1,2\n3,4\n"]).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"head\n1,2\n3,4\n");
        write_atomic(&p, b"again").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"again");
        assert!(!temporary(&p).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
