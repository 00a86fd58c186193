//! Run: bulk conversion of many documents. Owns finding the documents, running them in
//! parallel with each one isolated (an error, a panic or a timeout in one never stops the
//! others), the manifest `OUT/manifest.jsonl`, and resuming an interrupted run.
//!
//! Output never depends on the number of jobs: documents are named and reported in input
//! order, and each document's files depend only on that document.

use crate::error::{Error, ErrorKind};
use crate::emit::run::{Doc, RunSink};
use crate::model::Extraction;
use crate::{emit, ingest, Pipeline};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

mod discover;
mod manifest;
mod merge;
mod shard;
pub use discover::{discover, stems};
pub use manifest::{manifest_inputs, MANIFEST};
use manifest::{previous_manifest, ManifestLine};
pub use merge::{merge, MergeReport};
pub use shard::{shard_of, Shard};

/// The planx version written into the manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// This build: the git commit when known and a hash of the sources and built-in rules
/// (build.rs). `--resume` redoes documents made by another build.
pub const BUILD: &str = env!("PLANX_BUILD_ID");

/// Set when the run is interrupted (SIGINT): no new document is started, and the ones in
/// flight are abandoned (not written), so that `--resume` redoes them.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Interrupts the run (called from the SIGINT handler).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    ingest::pdf::stop_all();
}

/// True once the run was interrupted.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// A hash of the rule files in `dir` (names and contents), or "builtin": with the build,
/// the key under which `--resume` keeps a document.
pub fn rules_hash(dir: Option<&Path>) -> String {
    let Some(dir) = dir else { return "builtin".into() };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        all.extend_from_slice(f.strip_prefix(dir).unwrap_or(&f).to_string_lossy().as_bytes());
        all.push(0);
        all.extend_from_slice(&std::fs::read(&f).unwrap_or_default());
        all.push(0);
    }
    ingest::sha256_hex(&all)[..16].to_string()
}

/// How a run behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The output folder (created; refused when it holds files planx did not write).
    pub out: PathBuf,
    /// Documents at once; `None` = one per core.
    pub jobs: Option<usize>,
    /// CSV with a UTF-8 byte-order mark (Excel).
    pub excel: bool,
    /// Skip documents whose output (JSON and tables) exists from the same source, rules
    /// and planx build.
    pub resume: bool,
    /// Give up on a document after this long.
    pub timeout: Option<Duration>,
    /// The rules' hash ([`rules_hash`]), part of the `--resume` key.
    pub rules: String,
    /// Only this shard of the documents ([`Shard`]); `None` = all of them.
    pub shard: Option<Shard>,
    /// How each document's tables are written: one CSV per document (default) or one per
    /// table (`--csv-per-table`).
    pub tables: emit::TablesLayout,
}

/// Counts for a document that was written (or skipped because it already was).
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize)]
pub struct Counts {
    /// Pages of the document.
    pub pages: u32,
    /// Logical tables found.
    pub tables: usize,
    /// Table rows, headers included.
    pub rows: usize,
    /// Review items.
    pub review: usize,
    /// Typed records.
    #[serde(default)]
    pub records: usize,
}

/// What became of one document.
#[derive(Debug)]
pub enum Status {
    /// Extracted and written.
    Written(Counts),
    /// Already written by an earlier run with the same input, rules and build (`--resume`).
    Skipped(Counts),
    /// Not written: why.
    Failed(Error),
}

/// One document's line in the report and the manifest.
#[derive(Debug)]
pub struct Report {
    /// The input file.
    pub path: PathBuf,
    /// The name its outputs have in the output folder (unique within the run).
    pub stem: String,
    /// SHA-256 of the input, when it could be read.
    pub sha256: Option<String>,
    /// What became of it.
    pub status: Status,
    /// Time spent on it.
    pub elapsed: Duration,
    /// The document's share of the run-level outputs (records per template, review).
    pub part: Option<RunSink>,
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_else(|| "unknown panic".into())
}

/// Extracts one document, isolated: a panic becomes an error, and with a timeout the work
/// runs on its own thread that is abandoned when time is up (and told to stop, so that it
/// stops using memory and time soon after).
fn extract_isolated(pipeline: &Arc<Pipeline>, file: &Path, timeout: Option<Duration>) -> Result<crate::model::Extraction, Error> {
    let cancel = Arc::new(AtomicBool::new(false));
    let run = {
        let pipeline = Arc::clone(pipeline);
        let file = file.to_path_buf();
        let cancel = Arc::clone(&cancel);
        move || {
            ingest::pdf::with_cancel(cancel, || match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.extract(&file))) {
                Ok(r) => r,
                Err(p) => Err(Error::new(&file, ErrorKind::Internal(format!("panic: {}", panic_message(p))))),
            })
        }
    };
    let Some(limit) = timeout else { return run() };
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("planx-doc".into()).spawn(move || {
        let _ = tx.send(run());
    });
    if let Err(e) = spawned {
        return Err(Error::new(file, ErrorKind::Internal(format!("cannot start a thread: {e}"))));
    }
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            cancel.store(true, Ordering::Relaxed);
            Err(Error::new(file, ErrorKind::Timeout(limit)))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::new(file, ErrorKind::Internal("worker thread died".into()))),
    }
}

fn part_of(file: &Path, x: &Extraction) -> RunSink {
    let mut part = RunSink::new();
    part.add(&Doc { file: file.display().to_string(), x });
    part
}

/// Counts of a document as reported, its review items those it adds to review.csv.
fn counts_of(x: &Extraction, part: &RunSink) -> Counts {
    Counts {
        pages: x.source.pages,
        tables: x.tables.len(),
        rows: x.tables.iter().map(|t| t.rows.len() - t.header_rows).sum(),
        review: part.review_len(),
        records: x.records.len(),
    }
}

/// Removes the table CSVs of an earlier run (`OUT/<stem>.tables.csv`, `OUT/<stem>/*.csv`)
/// that this one did not write.
fn remove_other_tables(out: &Path, stem: &str, written: &[PathBuf]) {
    let combined = out.join(emit::tables_csv_name(stem));
    if !written.contains(&combined) {
        let _ = std::fs::remove_file(&combined);
    }
    let dir = out.join(stem);
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    // A set, not a scan of `written` per file: a 288-page volume writes 424 tables.
    let written: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "csv") && !written.contains(p.as_path()) {
            let _ = std::fs::remove_file(&p);
        }
    }
    let _ = std::fs::remove_dir(&dir); // only when empty
}

fn process(pipeline: &Arc<Pipeline>, file: &Path, stem: &str, opts: &Options, previous: &HashMap<String, ManifestLine>) -> Report {
    let start = Instant::now();
    let json = opts.out.join(format!("{stem}.json"));
    let hash_file = || std::fs::read(file).ok().map(|b| ingest::sha256_hex(&b));
    // Ingest hashes the file anyway; hash it up front only when --resume must compare.
    let mut sha256 = if opts.resume { hash_file() } else { None };
    if opts.resume {
        if let (Some(prev), Some(sha)) = (previous.get(&format!("{stem}.json")), &sha256) {
            // The same input, rules and build: the output would be the same.
            let same = prev.status != "failed"
                && prev.sha256.as_ref() == Some(sha)
                && prev.planx == VERSION
                && prev.build.as_deref() == Some(BUILD)
                && prev.rules.as_deref() == Some(opts.rules.as_str())
                && json.exists();
            // The run-level outputs need the document again: read back what was written;
            // its tables must be there too, as this run would write them.
            let earlier = same.then(|| std::fs::read(&json).ok().and_then(|b| serde_json::from_slice::<Extraction>(&b).ok())).flatten();
            let tables = earlier.as_ref().map(|x| emit::tables_written(&opts.out, stem, x, opts.excel, opts.tables));
            if let (Some(x), Some((tables, true))) = (earlier, tables) {
                remove_other_tables(&opts.out, stem, &tables);
                let part = part_of(file, &x);
                let counts = counts_of(&x, &part);
                return Report { path: file.to_path_buf(), stem: stem.into(), sha256, status: Status::Skipped(counts), elapsed: start.elapsed(), part: Some(part) };
            }
        }
    }
    let mut part = None;
    let status = match extract_isolated(pipeline, file, opts.timeout) {
        // Interrupted while it ran: its reading may have been cut short, so it is not
        // written (a later --resume redoes it).
        Ok(_) if interrupted() => Status::Failed(Error::new(file, ErrorKind::Interrupted)),
        Ok(x) => match rayon::join(|| emit::write_document(&opts.out, stem, &x, opts.excel, opts.tables), || part_of(file, &x)) {
            (Ok(written), document_part) => {
                remove_other_tables(&opts.out, stem, &written);
                sha256 = Some(x.source.sha256.clone());
                let counts = counts_of(&x, &document_part);
                part = Some(document_part);
                Status::Written(counts)
            }
            (Err(e), _) => Status::Failed(e),
        },
        Err(_) if interrupted() => Status::Failed(Error::new(file, ErrorKind::Interrupted)),
        Err(e) => Status::Failed(e),
    };
    if sha256.is_none() {
        // A failed document: the manifest still names the bytes that failed.
        sha256 = hash_file();
    }
    Report { path: file.to_path_buf(), stem: stem.into(), sha256, status, elapsed: start.elapsed(), part }
}

/// What went wrong with the output folder itself (the run stops).
#[derive(Debug)]
pub enum RunError {
    /// `--out` cannot be used: a file, or a folder holding other things than planx output.
    Out(String),
    /// Writing failed (disk full, permissions); temporaries were removed.
    Write(Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Out(why) => write!(f, "{why}"),
            RunError::Write(e) => write!(f, "{e}"),
        }
    }
}

pub use crate::error::is_disk_full;

/// Checks that `out` can hold this run's output: a folder that is missing, empty, or
/// holds an earlier planx run (its manifest); anything else is refused, so a run never
/// mixes its files with others.
fn check_out(out: &Path) -> Result<(), RunError> {
    match std::fs::metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => Err(RunError::Out(format!("{}: --out names a file, not a folder; give a folder (it is created if missing)", out.display()))),
        Ok(_) => {
            let mut entries = std::fs::read_dir(out).map_err(|e| RunError::Write(Error::io(out, e)))?;
            // A folder that holds only a corrections ledger (copied in before a shard's
            // first run) is as good as empty.
            let only_ledger = entries.all(|e| e.is_ok_and(|e| e.file_name() == crate::review::apply::LEDGER));
            if only_ledger || out.join(MANIFEST).is_file() {
                Ok(())
            } else {
                Err(RunError::Out(format!(
                    "{}: the folder is not empty and holds no planx output ({MANIFEST}); give an empty or new folder, so that this run's files are not mixed with others",
                    out.display()
                )))
            }
        }
    }
}

/// Removes what an earlier run wrote into `out` (by its manifest) that this run will not
/// write again: documents no longer in the run, and records CSVs (rewritten at the end).
fn remove_earlier_outputs(out: &Path, stems: &[String]) {
    let keep: HashSet<String> = stems.iter().map(|s| format!("{s}.json")).collect();
    for (output, _) in previous_manifest(out) {
        // Only names this run could have written: no path separators, no `..`.
        let Some(stem) = output.strip_suffix(".json") else { continue };
        if keep.contains(&output) || stem.is_empty() || stem.contains(['/', '\\']) || stem == ".." || stem == "." {
            continue;
        }
        let _ = std::fs::remove_file(out.join(&output));
        remove_other_tables(out, stem, &[]);
    }
    if let Ok(rd) = std::fs::read_dir(out.join("records")) {
        for e in rd.flatten() {
            if e.path().extension().is_some_and(|x| x == "csv") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Runs every file; `on_done` hears of each document as it finishes (in any order).
/// Returns the reports in input order (then those of `unreadable`, inputs that discovery
/// could not use), rewrites the manifest in that order, and writes the run-level outputs
/// (`records/<template>.csv`, `review.csv`) of every document written or skipped.
///
/// When the run is interrupted ([`interrupt`]), no new document is started; the reports
/// hold what finished (and the documents abandoned, as failed), and the run-level outputs
/// and manifest are written for them, so that `--resume` goes on from there.
pub fn extract_all(pipeline: Arc<Pipeline>, files: &[PathBuf], opts: &Options, on_done: &(dyn Fn(&Report) + Sync)) -> Result<Vec<Report>, RunError> {
    extract_run(pipeline, files, Vec::new(), opts, on_done)
}

/// [`extract_all`], with the inputs discovery refused reported (and written to the
/// manifest) as failed documents.
pub fn extract_run(
    pipeline: Arc<Pipeline>,
    files: &[PathBuf],
    unreadable: Vec<Error>,
    opts: &Options,
    on_done: &(dyn Fn(&Report) + Sync),
) -> Result<Vec<Report>, RunError> {
    check_out(&opts.out)?;
    let write_err = |e: Error| {
        emit::remove_stale_temporaries(&opts.out);
        RunError::Write(e)
    };
    std::fs::create_dir_all(&opts.out).map_err(|e| write_err(Error::io(&opts.out, e)))?;
    emit::remove_stale_temporaries(&opts.out);
    let previous = if opts.resume { previous_manifest(&opts.out) } else { HashMap::new() };
    // Names come from the whole input list, so that a document has the same name in
    // its shard as in a run over everything; then only this shard's documents are run.
    let names = stems(files);
    let chosen: Vec<usize> = (0..files.len()).filter(|&i| opts.shard.map_or(true, |s| s.keeps(&names[i]))).collect();
    let chosen_names: Vec<String> = chosen.iter().map(|&i| names[i].clone()).collect();
    remove_earlier_outputs(&opts.out, &chosen_names);
    let line_of = |r: &Report, i: Option<usize>| {
        let mut line = r.manifest_line(&opts.rules);
        if let Some(s) = opts.shard {
            line.shard = Some(s.to_string());
            line.index = i;
        }
        line
    };
    // Each finished document is appended at once, so a killed run keeps what it did.
    let manifest = opts.out.join(MANIFEST);
    let log = std::fs::OpenOptions::new().create(true).append(true).open(&manifest).map_err(|e| write_err(Error::io(&manifest, e)))?;
    let log = Mutex::new(log);
    if !opts.resume {
        log.lock().expect("manifest lock").set_len(0).map_err(|e| write_err(Error::io(&manifest, e)))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| RunError::Write(Error::new(&opts.out, ErrorKind::Internal(e.to_string()))))?;
    // Largest documents first, from one queue: each worker takes the next document when
    // it is free, so a big volume starts at once instead of last and the small ones fill
    // the other workers around it; a worker left without documents helps with the pages
    // and tables of those still running (rayon work stealing). Reports go back to input
    // order afterwards, so the output does not depend on the schedule.
    let mut order = chosen;
    let size = |i: &usize| std::fs::metadata(&files[*i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let spool = order.len() > 1;
    // A full disk stops the run: no new document is started.
    let disk_full: Mutex<Option<Error>> = Mutex::new(None);
    let finished: Mutex<Vec<(usize, Report)>> = Mutex::new(Vec::with_capacity(files.len()));
    let work = || {
        while !interrupted() && disk_full.lock().expect("disk lock").is_none() {
            let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
            let mut r = process(&pipeline, &files[i], &names[i], opts, &previous);
            // Its largest run-level rows go to disk now, not at the end of the run (a run
            // of one document has nothing to wait for: its rows stay in memory).
            if let Some(Err(e)) = r.part.as_mut().filter(|_| spool).map(|p| p.spool(&opts.out, i)) {
                r.part = None;
                r.status = Status::Failed(e);
            }
            if let Status::Failed(Error { kind: ErrorKind::Io(io), path, .. }) = &r.status {
                if is_disk_full(io) && path.starts_with(&opts.out) {
                    let mut d = disk_full.lock().expect("disk lock");
                    if d.is_none() {
                        *d = Some(Error::io(path, io.raw_os_error().map_or_else(|| std::io::Error::new(io.kind(), io.to_string()), std::io::Error::from_raw_os_error)));
                    }
                }
            }
            if let Ok(line) = serde_json::to_string(&line_of(&r, Some(i))) {
                let mut w = log.lock().expect("manifest lock");
                let _ = writeln!(w, "{line}");
                let _ = w.flush();
            }
            on_done(&r);
            finished.lock().expect("reports lock").push((i, r));
        }
    };
    pool.install(|| {
        rayon::scope(|s| {
            for _ in 0..rayon::current_num_threads().min(order.len()) {
                s.spawn(|_| work());
            }
        })
    });
    let mut done = finished.into_inner().expect("reports lock");
    done.sort_by_key(|(i, _)| *i);
    let indices: Vec<usize> = done.iter().map(|(i, _)| *i).collect();
    let mut reports: Vec<Report> = done.into_iter().map(|(_, r)| r).collect();
    // Inputs that could not be used belong to no document: the first shard reports them.
    let unreadable = if opts.shard.map_or(true, |s| s.index == 0) { unreadable } else { Vec::new() };
    for e in unreadable {
        let r = Report { path: e.path.clone(), stem: String::new(), sha256: None, status: Status::Failed(e), elapsed: Duration::ZERO, part: None };
        reports.push(r);
    }
    if let Some(e) = disk_full.into_inner().expect("disk lock") {
        return Err(write_err(e));
    }
    let mut sink = RunSink::new();
    for r in &mut reports {
        if let Some(p) = r.part.take() {
            sink.append(p);
        }
    }
    sink.write(&opts.out, opts.excel).map_err(write_err)?;
    let mut text = String::new();
    for (k, r) in reports.iter().enumerate() {
        text.push_str(&serde_json::to_string(&line_of(r, indices.get(k).copied())).unwrap_or_default());
        text.push('\n');
    }
    emit::write_atomic(&opts.out.join(MANIFEST), text.as_bytes()).map_err(write_err)?;
    Ok(reports)
}
