//! The `planx` command line: argument parsing and reporting only. The work is done by the
//! library: `planx::run` for bulk extraction, `planx::Pipeline` for one document.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use indicatif::{ProgressBar, ProgressStyle};
use planx::run::{self, Options, Report, Status};
use planx::Pipeline;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

// mimalloc rather than the system allocator: the pipeline makes many small strings (a
// glyph, a cell, a JSON value), and glibc's malloc/free took 12% of `planx extract` on a
// budget volume.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` (the fifth entry of `mi_option_e` in mimalloc.h, v2
/// and v3 alike).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// `mi_option_purge_delay` (the sixteenth entry of `mi_option_e`, v2 and v3 alike).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commits arena memory as it is used rather than up front: with eager commit, peak RSS
/// on the 288-page volume was 90 MB against 58 MB with glibc; without it 54 MB, at the
/// same speed. The option must be set before mimalloc maps its first arena, which
/// happens at the first allocation, before `main`: hence a constructor.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn tune() {
        // SAFETY: sets a plain integer option; mimalloc reads it when it maps an arena.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
    }
    tune
};

/// Exit code when every document was written.
const EXIT_OK: u8 = 0;
/// Exit code when at least one document failed (the others were still written).
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for a usage error (bad arguments, an unusable --out) or when there was
/// nothing to do.
const EXIT_USAGE: u8 = 2;
/// Exit code when output could not be written (disk full, no permission): the run stopped,
/// its temporary files were removed, and `--resume` goes on from what was written.
const EXIT_WRITE: u8 = 3;
/// Exit code when the run was interrupted (Ctrl-C, SIGINT): what finished was written,
/// with the manifest and run-level outputs; `--resume` goes on from there.
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let code = run(Cli::parse());
    skip_purge_at_exit();
    code
}

/// At exit mimalloc hands every freed page back to the system (`madvise`, 322 calls on
/// the 288-page volume: a few percent of a run's time) although the process is about
/// to end and the system takes all its memory anyway. Turning purging off now (purge
/// delay -1) skips that; during the run freed memory is still handed back after the
/// usual delay, so a long bulk run keeps its memory bounded.
fn skip_purge_at_exit() {
    // SAFETY: sets a plain integer option; mimalloc reads it when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Extract { paths, out, jobs, timeout, resume, rules, excel, csv_per_table, quiet, shard } => {
            let timeout = match timeout {
                Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
                Some(s) => {
                    eprintln!("planx: error: --timeout must be a positive number of seconds, not {s}");
                    return ExitCode::from(EXIT_USAGE);
                }
                None => None,
            };
            let rules_hash = run::rules_hash(rules.as_deref());
            run_extract(&paths, Options { out, jobs, excel, resume, timeout, rules: rules_hash, shard, tables: tables_layout(csv_per_table) }, rules.as_deref(), quiet)
        }
        Command::Review { out, dpi } => run_review(&out, dpi),
        Command::Apply { out, corrections, who, rules, excel, csv_per_table } => run_apply(&out, &corrections, who, rules.as_deref(), excel, tables_layout(csv_per_table)),
        Command::Merge { shards, out, excel, quiet } => run_merge(&shards, &out, excel, quiet),
        Command::Normalize => run_normalize(),
        Command::Text { file, pages, rules } => run_text(&file, pages.as_deref(), rules.as_deref()),
    }
}

/// The tables layout `--csv-per-table` asks for.
fn tables_layout(csv_per_table: bool) -> planx::emit::TablesLayout {
    if csv_per_table { planx::emit::TablesLayout::PerTable } else { planx::emit::TablesLayout::OneFile }
}

fn run_apply(out: &Path, corrections: &Path, who: Option<String>, rules: Option<&Path>, excel: bool, tables: planx::emit::TablesLayout) -> ExitCode {
    use planx::review::apply::{now_utc, read_corrections, Ledger};
    let who = who.or_else(|| std::env::var("USER").ok()).filter(|w| !w.trim().is_empty()).unwrap_or_else(|| "unknown".into());
    let (new, refused) = match read_corrections(out, corrections, &who, &now_utc()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("planx apply: error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for r in &refused {
        eprintln!("planx apply: refused: {}: {r}", corrections.display());
    }
    let mut ledger = match Ledger::load(out) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("planx apply: error: {e}");
            return ExitCode::from(1);
        }
    };
    let added = new.len();
    for c in new {
        ledger.add(c);
    }
    if let Err(e) = ledger.save(out) {
        eprintln!("planx apply: error: {e}");
        return ExitCode::from(1);
    }
    println!("{added} corrections added ({} refused), {} in the ledger; extracting again", refused.len(), ledger.len());
    let paths: Vec<PathBuf> = match run::manifest_inputs(out) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("planx apply: error: {e}");
            return ExitCode::from(1);
        }
    };
    let rules_hash = run::rules_hash(rules);
    let code = run_extract(&paths, Options { out: out.to_path_buf(), jobs: None, excel, resume: false, timeout: None, rules: rules_hash, shard: None, tables }, rules, true);
    if refused.is_empty() { code } else { ExitCode::from(1) }
}

fn run_review(out: &Path, dpi: u32) -> ExitCode {
    match planx::review::html::write_report(out, dpi.clamp(20, 600)) {
        Ok(s) => {
            for w in &s.warnings {
                eprintln!("planx review: warning: {w}");
            }
            println!(
                "{} items ({} outlined on {} page images) -> {}",
                s.items,
                s.outlined,
                s.pages,
                s.written.first().map(|p| p.display().to_string()).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("planx review: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_text(file: &Path, pages: Option<&str>, rules: Option<&Path>) -> ExitCode {
    let range = match pages.map(parse_pages) {
        None => None,
        Some(Some(r)) => Some(r),
        Some(None) => {
            eprintln!("planx: error: --pages takes N or FIRST-LAST, e.g. 3-5");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let settings = match planx::LayoutSettings::load(rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("planx: error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match planx::emit::text::pdf_text(file, range, &settings) {
        Ok(t) => {
            let _ = std::io::stdout().lock().write_all(t.as_bytes());
            ExitCode::from(EXIT_OK)
        }
        // `planx text` reads PDFs only: a file that is not one is a usage error.
        Err(e) if matches!(e.kind, planx::ErrorKind::NotADocument(_)) => {
            eprintln!("planx: error: {e}");
            ExitCode::from(EXIT_USAGE)
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

fn describe(r: &Report, out: &Path) -> String {
    match &r.status {
        Status::Written(c) | Status::Skipped(c) => format!(
            "{}: {} pages, {} tables, {} rows, {} records, {} to review -> {}{}",
            r.path.display(),
            c.pages,
            c.tables,
            c.rows,
            c.records,
            c.review,
            out.join(format!("{}.json", r.stem)).display(),
            if matches!(r.status, Status::Skipped(_)) { " (unchanged, skipped)" } else { "" }
        ),
        Status::Failed(e) => format!("error: {e}"),
    }
}

/// True when standard output and standard error are the same file (`> log 2>&1`): the
/// per-document lines on stderr would repeat the report on stdout.
#[cfg(unix)]
fn same_output() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let meta = |fd: std::os::fd::BorrowedFd| fd.try_clone_to_owned().ok().and_then(|o| std::fs::File::from(o).metadata().ok());
    match (meta(std::io::stdout().as_fd()), meta(std::io::stderr().as_fd())) {
        (Some(a), Some(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_output() -> bool {
    false
}

fn run_extract(paths: &[PathBuf], mut opts: Options, rules: Option<&Path>, quiet: bool) -> ExitCode {
    // A reviewer's corrections of an earlier run into this folder (planx apply) are kept.
    let ledger = match planx::review::apply::Ledger::load(&opts.out) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("planx: error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let fp = ledger.fingerprint();
    if !fp.is_empty() {
        opts.rules = format!("{}+corrections-{fp}", opts.rules);
    }
    let pipeline = match Pipeline::new(rules) {
        Ok(p) => Arc::new(p.with_corrections(ledger)),
        Err(e) => {
            eprintln!("planx: error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (files, errors) = run::discover(paths);
    let echo = !same_output();
    if echo {
        for e in &errors {
            eprintln!("planx: error: {e}");
        }
    }
    if files.is_empty() {
        if !echo {
            for e in &errors {
                eprintln!("planx: error: {e}");
            }
        }
        eprintln!("planx: no documents to read");
        return ExitCode::from(EXIT_USAGE);
    }
    // Ctrl-C: stop taking documents, write what finished, exit 130; a second one exits now.
    let _ = ctrlc::set_handler(|| {
        if run::interrupted() {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        eprintln!("\nplanx: interrupted: finishing the manifest and run-level outputs (Ctrl-C again to quit at once)");
        run::interrupt();
    });
    // A bar on a terminal; plain lines (one per document, as they finish) otherwise.
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} documents, {per_sec}, ETA {eta} {wide_msg}")
                .expect("valid template"),
        );
        b
    });
    let out = opts.out.clone();
    let pages_done = std::sync::atomic::AtomicU64::new(0);
    let on_done = |r: &Report| match &bar {
        Some(b) => {
            b.inc(1);
            if let Status::Written(c) | Status::Skipped(c) = &r.status {
                pages_done.fetch_add(u64::from(c.pages), std::sync::atomic::Ordering::Relaxed);
            }
            let name = r.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            b.set_message(format!("{} pages; {name}", pages_done.load(std::sync::atomic::Ordering::Relaxed)));
            if let Status::Failed(e) = &r.status {
                b.println(format!("planx: error: {e}"));
            }
        }
        // With stdout and stderr in one file, the report on stdout says it all.
        None if !echo => {}
        None if !quiet => eprintln!("planx: {}", describe(r, &out)),
        None => {
            if let Status::Failed(e) = &r.status {
                eprintln!("planx: error: {e}");
            }
        }
    };
    let reports = match run::extract_run(pipeline, &files, errors, &opts, &on_done) {
        Ok(r) => r,
        Err(e @ run::RunError::Out(_)) => {
            eprintln!("planx: error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e @ run::RunError::Write(_)) => {
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            eprintln!("planx: error: writing the output stopped: {e}");
            eprintln!("planx: the run stopped; its temporary files were removed. {} lists the documents written: run again with --resume once the problem is fixed", opts.out.join(run::MANIFEST).display());
            return ExitCode::from(EXIT_WRITE);
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let stdout = std::io::stdout();
    let mut so = stdout.lock();
    let (mut written, mut skipped, mut failed) = (0, 0, 0);
    let (mut pages, mut tables, mut rows, mut records, mut review) = (0u64, 0, 0, 0, 0);
    for r in &reports {
        match &r.status {
            Status::Written(c) | Status::Skipped(c) => {
                if matches!(r.status, Status::Written(_)) { written += 1 } else { skipped += 1 }
                pages += u64::from(c.pages);
                tables += c.tables;
                rows += c.rows;
                records += c.records;
                review += c.review;
                if !quiet {
                    let _ = writeln!(so, "{}", describe(r, &opts.out));
                }
            }
            Status::Failed(e) => {
                failed += 1;
                let _ = writeln!(so, "failed: {e}");
            }
        }
    }
    let _ = writeln!(
        so,
        "total: {written} documents written, {skipped} skipped, {failed} failed; {pages} pages, {tables} tables, {rows} rows, {records} records, {review} to review"
    );
    if run::interrupted() {
        let abandoned = reports.iter().filter(|r| matches!(&r.status, Status::Failed(e) if e.reason() == "interrupted")).count();
        let started = reports.len() - abandoned;
        let _ = so.flush();
        eprintln!(
            "planx: interrupted: {} of {} documents done, {abandoned} abandoned, {} not started; {} and the run-level outputs hold what was done: run the same command with --resume to finish",
            started.saturating_sub(errors_len(&reports)),
            files.len(),
            files.len().saturating_sub(started.saturating_sub(errors_len(&reports)) + abandoned),
            opts.out.join(run::MANIFEST).display()
        );
        return ExitCode::from(EXIT_INTERRUPTED);
    }
    ExitCode::from(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// Reports of inputs discovery refused (no output stem).
fn errors_len(reports: &[Report]) -> usize {
    reports.iter().filter(|r| r.stem.is_empty()).count()
}

fn run_merge(shards: &[PathBuf], out: &Path, excel: bool, quiet: bool) -> ExitCode {
    match run::merge(shards, out, excel) {
        Ok(r) => {
            if !quiet {
                println!("merged {} shards into {}", shards.len(), out.display());
            }
            println!("total: {} documents, {} failed; {} files written", r.documents, r.failed, r.files);
            if r.corrections_not_in_shards > 0 {
                eprintln!(
                    "planx: note: {} of the {} corrections in {}/{} are in no shard's ledger: they are kept and apply at the next extract into {}; to apply them in the shards, copy that ledger into each shard folder before extracting the shards again",
                    r.corrections_not_in_shards, r.corrections, out.display(), planx::review::apply::LEDGER, out.display()
                );
            }
            ExitCode::from(if r.failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
        }
        Err(e @ run::RunError::Out(_)) => {
            eprintln!("planx: error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(e @ run::RunError::Write(_)) => {
            eprintln!("planx: error: writing the merged output stopped: {e}");
            ExitCode::from(EXIT_WRITE)
        }
    }
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
    let n = planx::Normalizer::builtin();
    let stdout = std::io::stdout();
    let mut so = stdout.lock();
    for line in text.lines() {
        let _ = writeln!(so, "{}", n.normalize(line).text);
    }
    ExitCode::from(EXIT_OK)
}
