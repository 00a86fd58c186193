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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The planx version written into the manifest; `--resume` redoes documents made by another.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The manifest's file name inside the output directory.
pub const MANIFEST: &str = "manifest.jsonl";

/// How a run behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub out: PathBuf,
    /// Documents at once; `None` = one per core.
    pub jobs: Option<usize>,
    /// CSV with a UTF-8 byte-order mark (Excel).
    pub excel: bool,
    /// Skip documents whose output exists from the same source and planx version.
    pub resume: bool,
    /// Give up on a document after this long.
    pub timeout: Option<Duration>,
}

/// Counts for a document that was written (or skipped because it already was).
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize)]
pub struct Counts {
    pub pages: u32,
    pub tables: usize,
    pub rows: usize,
    pub review: usize,
    #[serde(default)]
    pub records: usize,
}

/// What became of one document.
#[derive(Debug)]
pub enum Status {
    Written(Counts),
    Skipped(Counts),
    Failed(Error),
}

/// One document's line in the report and the manifest.
#[derive(Debug)]
pub struct Report {
    pub path: PathBuf,
    pub stem: String,
    pub sha256: Option<String>,
    pub status: Status,
    pub elapsed: Duration,
    /// The document's share of the run-level outputs (records per template, review).
    pub part: Option<RunSink>,
}

#[derive(Serialize, serde::Deserialize)]
struct ManifestLine {
    path: String,
    output: String,
    sha256: Option<String>,
    planx: String,
    status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    page: Option<u32>,
    ms: u64,
    #[serde(flatten)]
    counts: Counts,
}

impl Report {
    fn manifest_line(&self) -> ManifestLine {
        let (status, counts, err) = match &self.status {
            Status::Written(c) => ("ok", *c, None),
            Status::Skipped(c) => ("skipped", *c, None),
            Status::Failed(e) => ("failed", Counts::default(), Some(e)),
        };
        ManifestLine {
            path: self.path.display().to_string(),
            output: format!("{}.json", self.stem),
            sha256: self.sha256.clone(),
            planx: VERSION.to_string(),
            status: status.to_string(),
            reason: err.map(|e| e.reason().to_string()),
            message: err.map(|e| e.to_string()),
            page: err.and_then(|e| e.page),
            ms: self.elapsed.as_millis() as u64,
            counts,
        }
    }
}

/// Files under the given paths that planx reads, sorted, each once. Paths that do not
/// exist and directories without documents come back as errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = files.len();
            walk(p, &mut files, &mut errors, 0);
            if files.len() == before {
                errors.push(Error::new(p, ErrorKind::NotADocument("directory holds no .txt, .md or .pdf documents".into())));
            }
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push(Error::io(p, std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

/// Directory depth beyond which `walk` stops (guards against link loops).
const MAX_DEPTH: usize = 64;

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>, depth: usize) {
    if depth > MAX_DEPTH {
        errors.push(Error::new(dir, ErrorKind::NotADocument("directories nested too deep (a link loop?)".into())));
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(Error::io(dir, e));
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files, errors, depth + 1);
        } else if ingest::kind_of(&p).is_some() {
            files.push(p);
        }
    }
}

/// Output stems, one per input, made unique in input order ("a", "a-2", ...).
pub fn stems(files: &[PathBuf]) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    files
        .iter()
        .map(|f| {
            let base = f.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        })
        .collect()
}

/// Manifest lines of an earlier run, by output file name (the last line of each wins).
fn previous_manifest(out: &Path) -> HashMap<String, ManifestLine> {
    let mut m = HashMap::new();
    if let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) {
        for line in text.lines() {
            if let Ok(l) = serde_json::from_str::<ManifestLine>(line) {
                m.insert(l.output.clone(), l);
            }
        }
    }
    m
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_else(|| "unknown panic".into())
}

/// Extracts one document, isolated: a panic becomes an error, and with a timeout the work
/// runs on its own thread that is abandoned when time is up.
fn extract_isolated(pipeline: &Arc<Pipeline>, file: &Path, timeout: Option<Duration>) -> Result<crate::model::Extraction, Error> {
    let run = {
        let pipeline = Arc::clone(pipeline);
        let file = file.to_path_buf();
        move || match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.extract(&file))) {
            Ok(r) => r,
            Err(p) => Err(Error::new(&file, ErrorKind::Internal(format!("panic: {}", panic_message(p))))),
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
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::new(file, ErrorKind::Timeout(limit))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::new(file, ErrorKind::Internal("worker thread died".into()))),
    }
}

fn part_of(file: &Path, x: &Extraction) -> RunSink {
    let mut part = RunSink::new();
    part.add(&Doc { file: file.display().to_string(), x });
    part
}

fn process(pipeline: &Arc<Pipeline>, file: &Path, stem: &str, opts: &Options, previous: &HashMap<String, ManifestLine>) -> Report {
    let start = Instant::now();
    let json = opts.out.join(format!("{stem}.json"));
    let hash_file = || std::fs::read(file).ok().map(|b| ingest::sha256_hex(&b));
    // Ingest hashes the file anyway; hash it up front only when --resume must compare.
    let mut sha256 = if opts.resume { hash_file() } else { None };
    if opts.resume {
        if let (Some(prev), Some(sha)) = (previous.get(&format!("{stem}.json")), &sha256) {
            let same = prev.status != "failed" && prev.sha256.as_ref() == Some(sha) && prev.planx == VERSION && json.exists();
            // The run-level outputs need the document again: read back what was written.
            let earlier = same.then(|| std::fs::read(&json).ok().and_then(|b| serde_json::from_slice::<Extraction>(&b).ok())).flatten();
            if let Some(x) = earlier {
                let part = part_of(file, &x);
                return Report { path: file.to_path_buf(), stem: stem.into(), sha256, status: Status::Skipped(prev.counts), elapsed: start.elapsed(), part: Some(part) };
            }
        }
    }
    let mut part = None;
    let status = match extract_isolated(pipeline, file, opts.timeout) {
        Ok(x) => match rayon::join(|| emit::write_document(&opts.out, stem, &x, opts.excel), || part_of(file, &x)) {
            (Ok(_), document_part) => {
                part = Some(document_part);
                sha256 = Some(x.source.sha256.clone());
                Status::Written(Counts {
                    pages: x.source.pages,
                    tables: x.tables.len(),
                    rows: x.tables.iter().map(|t| t.rows.len() - t.header_rows).sum(),
                    review: x.review.len(),
                    records: x.records.len(),
                })
            }
            (Err(e), _) => Status::Failed(e),
        },
        Err(e) => Status::Failed(e),
    };
    if sha256.is_none() {
        // A failed document: the manifest still names the bytes that failed.
        sha256 = hash_file();
    }
    Report { path: file.to_path_buf(), stem: stem.into(), sha256, status, elapsed: start.elapsed(), part }
}

/// Runs every file; `on_done` hears of each document as it finishes (in any order).
/// Returns the reports in input order, rewrites the manifest in that order, and writes
/// the run-level outputs (`records/<template>.csv`, `review.csv`) of every document
/// written or skipped.
pub fn extract_all(pipeline: Arc<Pipeline>, files: &[PathBuf], opts: &Options, on_done: &(dyn Fn(&Report) + Sync)) -> std::io::Result<Vec<Report>> {
    std::fs::create_dir_all(&opts.out)?;
    emit::remove_stale_temporaries(&opts.out);
    let previous = if opts.resume { previous_manifest(&opts.out) } else { HashMap::new() };
    let names = stems(files);
    // Each finished document is appended at once, so a killed run keeps what it did.
    let log = Mutex::new(std::fs::OpenOptions::new().create(true).append(true).open(opts.out.join(MANIFEST))?);
    if !opts.resume {
        log.lock().expect("manifest lock").set_len(0)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    // Largest documents first, from one queue: each worker takes the next document when
    // it is free, so a big volume starts at once instead of last and the small ones fill
    // the other workers around it; a worker left without documents helps with the pages
    // and tables of those still running (rayon work stealing). Reports go back to input
    // order afterwards, so the output does not depend on the schedule.
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: &usize| std::fs::metadata(&files[*i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let finished: Mutex<Vec<(usize, Report)>> = Mutex::new(Vec::with_capacity(files.len()));
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let r = process(&pipeline, &files[i], &names[i], opts, &previous);
            if let Ok(line) = serde_json::to_string(&r.manifest_line()) {
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
            for _ in 0..rayon::current_num_threads().min(files.len()) {
                s.spawn(|_| work());
            }
        })
    });
    let mut done = finished.into_inner().expect("reports lock");
    done.sort_by_key(|(i, _)| *i);
    let reports: Vec<Report> = done.into_iter().map(|(_, r)| r).collect();
    let mut reports = reports;
    let mut sink = RunSink::new();
    for r in &mut reports {
        if let Some(p) = r.part.take() {
            sink.append(p);
        }
    }
    sink.write(&opts.out, opts.excel).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut text = String::new();
    for r in &reports {
        text.push_str(&serde_json::to_string(&r.manifest_line()).unwrap_or_default());
        text.push('\n');
    }
    emit::write_atomic(&opts.out.join(MANIFEST), text.as_bytes()).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(reports)
}
