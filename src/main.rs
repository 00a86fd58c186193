//! The `planx` command line: argument parsing, file discovery and reporting only; the
//! work is done by the library (`planx::Pipeline`).

use clap::{Parser, Subcommand};
use planx::error::Error;
use planx::{emit, ingest, Pipeline};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code when every document was written.
const EXIT_OK: u8 = 0;
/// Exit code when at least one document failed (the others were still written).
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for a usage error or when there was nothing to do.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(name = "planx", version, about = "Thai government plan and budget documents → clean, typed, checked table data",
    long_about = "planx reads Thai plan and budget documents (PDF, or text already extracted from them with \
TAB-separated table rows) and writes their tables as JSON (schema planx/1) and CSV, with \
normalized Thai, provenance for every value and a review list of everything doubtful.\n\n\
Exit codes: 0 all documents written; 1 some documents failed (the others were written); 2 usage error or no documents.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract tables and text from documents into DIR (one JSON and CSVs per document).
    Extract {
        /// Files or directories (searched recursively for .txt, .md and .pdf).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Documents processed at once (default: one per core).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Read rule files from this directory instead of the built-in rules/.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Write CSV with a UTF-8 byte-order mark, so that Excel shows Thai correctly.
        #[arg(long)]
        excel: bool,
        /// Print only errors and the final summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Normalize Thai text: read standard input, write the normalized text to standard output.
    Normalize,
    /// Print a PDF's pages as text: table cells separated by TAB, a form feed between pages.
    Text {
        file: PathBuf,
        /// Pages to print: N or FIRST-LAST (1-based).
        #[arg(long)]
        pages: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths, out, jobs, rules, excel, quiet } => run_extract(&paths, &out, jobs, rules.as_deref(), excel, quiet),
        Command::Normalize => run_normalize(),
        Command::Text { file, pages } => run_text(&file, pages.as_deref()),
    }
}

fn run_text(file: &Path, pages: Option<&str>) -> ExitCode {
    let range = match pages.map(parse_pages) {
        None => None,
        Some(Some(r)) => Some(r),
        Some(None) => {
            eprintln!("planx: error: --pages takes N or FIRST-LAST, e.g. 3-5");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match planx::pdf_text(file, range) {
        Ok(t) => {
            let _ = std::io::stdout().lock().write_all(t.as_bytes());
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!("planx: error: {e}");
            ExitCode::from(EXIT_SOME_FAILED)
        }
    }
}

fn parse_pages(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a >= 1 && a <= b).then_some((a, b))
}

/// Files under the given paths that planx reads, sorted, each once. Paths that do not
/// exist and directories without documents are returned as errors.
fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = files.len();
            walk(p, &mut files, &mut errors);
            if files.len() == before {
                errors.push(Error::new(p, planx::error::ErrorKind::NotADocument("directory holds no .txt, .md or .pdf documents".into())));
            }
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push(Error::io(p, std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
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
            walk(&p, files, errors);
        } else if ingest::kind_of(&p).is_some() {
            files.push(p);
        }
    }
}

/// Output stems, one per input, made unique in input order ("a", "a-2", ...).
fn stems(files: &[PathBuf]) -> Vec<String> {
    let mut used = std::collections::HashMap::new();
    files
        .iter()
        .map(|f| {
            let base = f.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { base } else { format!("{base}-{n}") }
        })
        .collect()
}

struct Done {
    tables: usize,
    rows: usize,
    review: usize,
    pages: u32,
}

fn process(pipeline: &Pipeline, file: &Path, out: &Path, stem: &str, excel: bool) -> Result<Done, Error> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.extract(file)));
    let x = match result {
        Ok(r) => r?,
        Err(panic) => {
            let msg = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            return Err(Error::new(file, planx::error::ErrorKind::Internal(format!("panic: {msg}"))));
        }
    };
    emit::write_document(out, stem, &x, excel)?;
    Ok(Done {
        tables: x.tables.len(),
        rows: x.tables.iter().map(|t| t.rows.len() - t.header_rows).sum(),
        review: x.review.len(),
        pages: x.source.pages,
    })
}

fn run_extract(paths: &[PathBuf], out: &Path, jobs: Option<usize>, rules: Option<&Path>, excel: bool, quiet: bool) -> ExitCode {
    let pipeline = match Pipeline::new(rules) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("planx: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (files, errors) = discover(paths);
    for e in &errors {
        eprintln!("planx: error: {e}");
    }
    if files.is_empty() {
        eprintln!("planx: no documents to read");
        return ExitCode::from(EXIT_USAGE);
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("planx: error: {}: cannot create output directory: {e}", out.display());
        return ExitCode::from(EXIT_USAGE);
    }
    // rayon panics in a worker are caught per document in `process`; the pool is local.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs.unwrap_or(0)).build().expect("thread pool");
    let names = stems(&files);
    let results: Vec<Result<Done, Error>> =
        pool.install(|| files.par_iter().zip(names.par_iter()).map(|(f, s)| process(&pipeline, f, out, s, excel)).collect());
    let (mut ok, mut failed, mut tables, mut rows, mut review, mut pages) = (0, errors.len(), 0, 0, 0, 0u32);
    let stdout = std::io::stdout();
    let mut so = stdout.lock();
    for ((file, stem), r) in files.iter().zip(&names).zip(results) {
        match r {
            Ok(d) => {
                ok += 1;
                tables += d.tables;
                rows += d.rows;
                review += d.review;
                pages += d.pages;
                if !quiet {
                    let _ = writeln!(so, "{}: {} pages, {} tables, {} rows, {} to review -> {}", file.display(), d.pages, d.tables, d.rows, d.review, out.join(format!("{stem}.json")).display());
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("planx: error: {e}");
            }
        }
    }
    let _ = writeln!(so, "total: {ok} documents written, {failed} failed; {pages} pages, {tables} tables, {rows} rows, {review} to review");
    ExitCode::from(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

fn run_normalize() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("planx: error: standard input: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    let text = match String::from_utf8(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("planx: error: standard input: not UTF-8 (first invalid byte at offset {})", e.utf8_error().valid_up_to());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let n = planx::normalize::Normalizer::builtin();
    let stdout = std::io::stdout();
    let mut so = stdout.lock();
    for line in text.lines() {
        let _ = writeln!(so, "{}", n.normalize(line).text);
    }
    ExitCode::from(EXIT_OK)
}
