//! Emit: writes an [`Extraction`] as `DIR/<stem>.json` (schema `planx/2`) and its tables
//! as `DIR/<stem>.tables.csv` (or, with `--csv-per-table`, one CSV per table under
//! `DIR/<stem>/`, [`tables`]). The JSON and the tables CSV are written to a temporary name
//! and renamed, the JSON last, so an interrupted run never leaves a document that looks
//! complete.

pub mod budget;
mod csvw;
mod pretty;
pub mod run;
mod spool;
pub mod tables;
pub mod text;
pub mod values;

pub use run::{write_run, Doc};
pub use tables::{table_csv, tables_csv, tables_csv_name, TablesLayout};
use crate::error::{Error, Result};
use crate::model::Extraction;
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
    write_atomic_with(path, |f, tmp| f.write_all(bytes).map_err(|e| Error::io(tmp, e)))
}

/// Writes `path` atomically, creating its directory if needed: `fill` writes the content
/// to the temporary file (named in its errors by the second argument), which is then
/// renamed into place. Content too large to gather first (rows spooled to disk) is
/// streamed this way.
pub(crate) fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut std::fs::File, &Path) -> Result<()>) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let tmp = temporary(path);
    // No fsync: the rename makes the write atomic for an interrupted run, which is what
    // resuming needs (a JSON that does not parse is redone); syncing every CSV of a
    // large document cost more than reading it.
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    fill(&mut f, &tmp)?;
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

/// Writes one document's outputs under `out` with the given stem: its tables as `layout`
/// says, then its JSON; returns the paths.
pub fn write_document(out: &Path, stem: &str, x: &Extraction, bom: bool, layout: TablesLayout) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    let dir = out.join(stem);
    if layout == TablesLayout::PerTable && !x.tables.is_empty() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    // The tables in parallel with the JSON (in the caller's pool). The JSON goes straight
    // to its temporary file and is renamed last: its presence says the document is
    // complete. So an earlier run's JSON goes first; the tables CSV is written to a
    // temporary name and renamed before the JSON is, and with `--csv-per-table` the
    // table CSVs are written in place (no temporary file and rename each: creating files
    // is most of the system time of a volume with hundreds of tables); an interrupted run
    // leaves no JSON, and the document is done again.
    let json = out.join(format!("{stem}.json"));
    let json_tmp = temporary(&json);
    match std::fs::remove_file(&json) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&json, e)),
        _ => {}
    }
    let (csvs, json_written) = rayon::join(
        || match layout {
            TablesLayout::OneFile => {
                let p = out.join(tables_csv_name(stem));
                write_atomic(&p, &tables_csv(&x.tables, bom)).map(|_| vec![p])
            }
            TablesLayout::PerTable => x
                .tables
                .par_iter()
                .map(|t| {
                    let p = tables::table_csv_path(out, stem, &t.id);
                    std::fs::write(&p, table_csv(t, bom)).map_err(|e| Error::io(&p, e)).map(|_| p)
                })
                .collect::<Result<Vec<PathBuf>>>(),
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

/// The table CSVs `x` has under `out` in `layout`, and whether each holds exactly what
/// [`write_document`] writes (`--resume` redoes a document whose tables are missing, cut
/// short or written with another `--excel`).
pub fn tables_written(out: &Path, stem: &str, x: &Extraction, bom: bool, layout: TablesLayout) -> (Vec<PathBuf>, bool) {
    let same = |p: &Path, want: Vec<u8>| std::fs::read(p).is_ok_and(|b| b == want);
    match layout {
        TablesLayout::OneFile => {
            let p = out.join(tables_csv_name(stem));
            let ok = same(&p, tables_csv(&x.tables, bom));
            (vec![p], ok)
        }
        TablesLayout::PerTable => {
            let paths: Vec<PathBuf> = x.tables.iter().map(|t| tables::table_csv_path(out, stem, &t.id)).collect();
            let ok = paths.iter().zip(&x.tables).all(|(p, t)| same(p, table_csv(t, bom)));
            (paths, ok)
        }
    }
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
        let parts: [&[u8]; 3] = [b"head\n", b"", b"1,2\n3,4\n"];
        write_atomic_with(&p, |f, tmp| parts.iter().try_for_each(|b| f.write_all(b).map_err(|e| Error::io(tmp, e)))).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"head\n1,2\n3,4\n");
        write_atomic(&p, b"again").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"again");
        assert!(!temporary(&p).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
