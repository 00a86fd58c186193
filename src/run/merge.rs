//! Merge: shard outputs (`planx extract --shard I/N`) combined into the output one run over
//! all the documents gives.
//!
//! Each document's own files (its JSON and tables CSV, or table CSVs) are copied as they are; the
//! run-level outputs (records CSVs, review, values, ...) are made again from the documents'
//! JSON in the whole run's input order, exactly as a single run makes them, so that their
//! columns and rows do not depend on how the documents were split. The shards' corrections
//! ledgers (`planx apply`) are joined into the merged folder's ledger.

use super::{
    check_out, part_of, remove_earlier_outputs, remove_other_tables, ManifestLine, RunError,
    MANIFEST,
};
use crate::emit::{self, run::RunSink};
use crate::error::{Error, ErrorKind};
use crate::model::Extraction;
use crate::review::apply::Ledger;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a merge did.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// Documents written or skipped in the shards, now in the merged output.
    pub documents: usize,
    /// Documents (or inputs) the shards report as failed.
    pub failed: usize,
    /// Files written.
    pub files: usize,
    /// Corrections in the merged ledger (`corrections-ledger.csv`): the shards' ledgers and
    /// the one `out` already held.
    pub corrections: usize,
    /// Corrections `out`'s ledger held that no shard's ledger holds: they are kept, and apply
    /// at the next extract into `out` (the merged documents were made without them).
    pub corrections_not_in_shards: usize,
}

fn usage(path: &Path, why: String) -> RunError {
    RunError::Out(format!("{}: {why}", path.display()))
}

fn read_manifest(dir: &Path) -> Result<Vec<ManifestLine>, RunError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| usage(&path, format!("not a planx output folder ({e})")))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| usage(&path, format!("line {}: not a manifest line ({e})", n + 1)))
        })
        .collect()
}

/// Merges the shard output folders `shards` into `out` (which must be new, empty, or an
/// earlier planx output). Refuses shards made by different planx builds or rules, and a
/// document that two shards both hold. `bom` as `--excel`: the run-level CSVs get a
/// UTF-8 byte-order mark (the copied table CSVs keep theirs).
pub fn merge(shards: &[PathBuf], out: &Path, bom: bool) -> Result<MergeReport, RunError> {
    check_out(out)?;
    let mut lines: Vec<(ManifestLine, &Path)> = Vec::new();
    for dir in shards {
        if dir
            .canonicalize()
            .ok()
            .is_some_and(|d| out.canonicalize().ok() == Some(d))
        {
            return Err(usage(dir, "is also --out: merge into a new folder".into()));
        }
        lines.extend(read_manifest(dir)?.into_iter().map(|l| (l, dir.as_path())));
    }
    let key = |l: &ManifestLine| (l.build.clone(), l.rules.clone(), l.planx.clone());
    if let Some((first, dir0)) = lines.first() {
        if let Some((_, dir)) = lines.iter().find(|(l, _)| key(l) != key(first)) {
            return Err(usage(dir, format!("made by another planx build or rules than {}: shards must come from one build with the same rules", dir0.display())));
        }
    }
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for (l, dir) in &lines {
        if l.output.is_empty() {
            continue;
        }
        if let Some(other) = seen.insert(l.output.clone(), dir) {
            return Err(usage(dir, format!("{} is also in {}: the shards overlap (each must be run with its own --shard I/N)", l.output, other.display())));
        }
    }
    // The whole run's input order; inputs that were no document (no index) last, as a run lists them.
    lines.sort_by_key(|(l, _)| (l.index.is_none(), l.index.unwrap_or(0)));
    let write_err = |e: Error| {
        emit::remove_stale_temporaries(out);
        RunError::Write(e)
    };
    std::fs::create_dir_all(out).map_err(|e| write_err(Error::io(out, e)))?;
    // Merging again into the same folder: what the earlier merge wrote and this one does not is removed.
    let stems: Vec<String> = lines
        .iter()
        .filter_map(|(l, _)| l.output.strip_suffix(".json").map(str::to_string))
        .collect();
    remove_earlier_outputs(out, &stems);
    let mut report = MergeReport::default();
    let mut sink = RunSink::new();
    let mut manifest = String::new();
    for (mut line, dir) in lines {
        if line.status == "failed" {
            report.failed += 1;
        } else if let Some(stem) = line.output.strip_suffix(".json") {
            let src = dir.join(&line.output);
            let bytes = std::fs::read(&src).map_err(|e| {
                usage(
                    &src,
                    format!("listed in the manifest but cannot be read ({e})"),
                )
            })?;
            let x: Extraction = serde_json::from_slice(&bytes)
                .map_err(|e| usage(&src, format!("not a planx document JSON ({e})")))?;
            let copied = copy_tables(dir, out, stem).map_err(write_err)?;
            remove_other_tables(out, stem, &copied);
            report.files += copied.len();
            emit::write_atomic(&out.join(&line.output), &bytes).map_err(write_err)?;
            report.files += 1;
            sink.append(part_of(Path::new(&line.path), &x));
            report.documents += 1;
        }
        line.shard = None;
        line.index = None;
        manifest.push_str(
            &serde_json::to_string(&line)
                .map_err(|e| write_err(Error::new(out, ErrorKind::Internal(e.to_string()))))?,
        );
        manifest.push('\n');
    }
    report.files += sink.write(out, bom).map_err(write_err)?.len();
    let (ledger, not_in_shards) = merged_ledger(shards, out)?;
    if !ledger.is_empty() {
        ledger.save(out).map_err(|e| write_err(Error::new(out, ErrorKind::Internal(e))))?;
        report.files += 1;
    }
    report.corrections = ledger.len();
    report.corrections_not_in_shards = not_in_shards;
    emit::write_atomic(&out.join(MANIFEST), manifest.as_bytes()).map_err(write_err)?;
    report.files += 1;
    Ok(report)
}

/// The shards' corrections ledgers joined with the one `out` already holds (a later
/// correction of a cell wins), so that a reviewer's corrections are never dropped by a
/// merge; with the count of `out`'s corrections no shard holds.
fn merged_ledger(shards: &[PathBuf], out: &Path) -> Result<(Ledger, usize), RunError> {
    let mut shards_ledger = Ledger::default();
    for dir in shards {
        shards_ledger.absorb(Ledger::load(dir).map_err(RunError::Out)?);
    }
    let mut ledger = Ledger::load(out).map_err(RunError::Out)?;
    let not_in_shards = ledger.absorb(shards_ledger);
    Ok((ledger, not_in_shards))
}

/// Copies a document's table CSVs from shard folder `from` to `to`, in whichever layout
/// the shard wrote them (`<stem>.tables.csv`, or `<stem>/*.csv` with `--csv-per-table`);
/// returns the copies.
fn copy_tables(from: &Path, to: &Path, stem: &str) -> crate::error::Result<Vec<PathBuf>> {
    let combined = emit::tables_csv_name(stem);
    let mut names: Vec<(PathBuf, PathBuf)> = Vec::new();
    if from.join(&combined).is_file() {
        names.push((from.join(&combined), to.join(&combined)));
    }
    if let Ok(rd) = std::fs::read_dir(from.join(stem)) {
        let mut per_table: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        per_table.sort();
        let to_dir = to.join(stem);
        names.extend(per_table.into_iter().map(|p| {
            let copy = to_dir.join(p.file_name().map(PathBuf::from).unwrap_or_default());
            (p, copy)
        }));
    }
    let mut copies = Vec::with_capacity(names.len());
    for (p, copy) in names {
        let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
        emit::write_atomic(&copy, &bytes)?;
        copies.push(copy);
    }
    Ok(copies)
}
