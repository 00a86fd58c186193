//! Speed and memory of planx against `pdftotext -layout`, measured in the same run.
//!
//! For each PDF given, interleaved runs (so that both tools see the same machine load):
//! * `planx text FILE` (one thread) against `pdftotext -layout FILE -`;
//! * `planx extract FILE` with everything on (layout, normalize, tables, records, checks,
//!   JSON and CSV), one job and one thread, against the same pdftotext runs.
//!
//! Then `planx extract --jobs 1` against `--jobs 2`, documents per second and the
//! speed-up, over all the PDFs together and, with `--batch PATH...`, over a batch of
//! files and folders (a bulk run: many documents of mixed sizes). Beside each speed-up,
//! the same set's PDFs through `pdftotext -layout` one file at a time against two at
//! once: what this machine gives two independent processes, the ceiling for planx.
//!
//! Prints wall time per page, peak RSS and the ratios. Needs `pdftotext` (poppler-utils)
//! and `/usr/bin/time` (GNU time). No timed tests: this is a measuring tool.
//!
//! planx extract writes its output (a JSON and a tables CSV per document and the run-level
//! CSVs: 10 files for one volume; 430 for the 288-page one with `--csv-per-table`) into a
//! new directory for every run, under `--scratch DIR` (default
//! `target/pdfbench`, beside the binaries), removed at the end. Where that directory lives
//! matters: creating files on a filesystem where many were just deleted is slow (ext4
//! scans past recently freed inodes); on this project's VMs, 430 files took 0.47 s in
//! /tmp and 0.04 s in a fresh directory under /work. Keep the scratch directory on the
//! disk the real output would go to.
//!
//! usage: cargo run --release --bin pdfbench -- [--runs N] [--scratch DIR] FILE.pdf... [--batch PATH...]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One measured run: wall seconds, peak RSS in KiB, user and system CPU seconds.
type Run = (f64, u64, f64, f64);

/// Runs a command under GNU time; returns (wall seconds, peak RSS in KiB, user and system
/// CPU seconds).
fn measure(cmd: &[&str], env: &[(&str, &str)]) -> Result<Run, String> {
    let tmp = std::env::temp_dir().join(format!("pdfbench-{}.time", std::process::id()));
    let mut c = Command::new("/usr/bin/time");
    c.arg("-f").arg("%M %U %S").arg("-o").arg(&tmp).args(cmd).stdout(Stdio::null()).stderr(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let t = Instant::now();
    let st = c.status().map_err(|e| format!("{}: {e}", cmd[0]))?;
    let wall = t.elapsed().as_secs_f64();
    // planx extract exits 1 when a document failed; that is still a measurement.
    if !st.success() && st.code() != Some(1) {
        return Err(format!("{} failed: {st}", cmd.join(" ")));
    }
    let times = std::fs::read_to_string(&tmp).unwrap_or_default();
    let _ = std::fs::remove_file(&tmp);
    let last: Vec<&str> = times.trim().lines().last().unwrap_or("").split_whitespace().collect();
    let field = |i: usize| last.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    Ok((wall, field(0) as u64, field(1), field(2)))
}

fn best(v: &[Run]) -> f64 {
    v.iter().map(|m| m.0).fold(f64::MAX, f64::min)
}

fn median(v: &[Run]) -> f64 {
    let mut w: Vec<f64> = v.iter().map(|m| m.0).collect();
    w.sort_by(f64::total_cmp);
    w[w.len() / 2]
}

/// Median of user and of system CPU seconds.
fn cpu(v: &[Run]) -> (f64, f64) {
    let med = |mut w: Vec<f64>| {
        w.sort_by(f64::total_cmp);
        w[w.len() / 2]
    };
    (med(v.iter().map(|m| m.2).collect()), med(v.iter().map(|m| m.3).collect()))
}

/// Files under a directory, recursively.
fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|rd| rd.flatten().map(|e| if e.path().is_dir() { count_files(&e.path()) } else { 1 }).sum()).unwrap_or(0)
}

/// Median wall seconds to create `n` empty files in a new directory under `base` (new
/// for each run): what the filesystem alone charges for extract's output files.
fn file_creation(base: &Path, n: usize, runs: usize) -> f64 {
    let mut w: Vec<f64> = (0..runs)
        .map(|r| {
            let d = base.join(format!("files-{r}"));
            let _ = std::fs::create_dir_all(&d);
            let t = Instant::now();
            for i in 0..n {
                let _ = std::fs::File::create(d.join(format!("f{i}.csv")));
            }
            t.elapsed().as_secs_f64()
        })
        .collect();
    w.sort_by(f64::total_cmp);
    w[w.len() / 2]
}

fn peak_mb(v: &[Run]) -> f64 {
    v.iter().map(|m| m.1).max().unwrap_or(0) as f64 / 1024.0
}

/// Pages of a PDF, from pdfinfo (poppler-utils); 1 if unknown.
fn pages(pdf: &str) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().ok();
    out.and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().find(|l| l.starts_with("Pages:")).and_then(|l| l[6..].trim().parse().ok()))
        .unwrap_or(1)
}

fn or_exit<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| {
        eprintln!("pdfbench: {e}");
        std::process::exit(1)
    })
}

const USAGE: &str = "usage: pdfbench [--runs N] [--scratch DIR] FILE.pdf... [--batch PATH...]";

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}\n\nMeasures planx against pdftotext -layout in the same run (wall time per page, peak RSS, ratios);\nsee the doc comment of src/bin/pdfbench.rs.");
        return;
    }
    let mut runs = 5usize;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(runs).max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    let mut scratch_base: Option<PathBuf> = None;
    if let Some(i) = args.iter().position(|a| a == "--scratch") {
        scratch_base = args.get(i + 1).map(PathBuf::from);
        args.drain(i..(i + 2).min(args.len()));
    }
    let batch: Vec<String> = match args.iter().position(|a| a == "--batch") {
        Some(i) => args.split_off(i).into_iter().skip(1).collect(),
        None => Vec::new(),
    };
    if args.is_empty() {
        eprintln!("{USAGE}");
        std::process::exit(2);
    }
    let bin_dir = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf));
    let exe = bin_dir.as_ref().map(|d| d.join("planx")).unwrap_or_else(|| PathBuf::from("planx"));
    let exe = exe.to_string_lossy().into_owned();
    let scratch = scratch_base
        .or_else(|| bin_dir.as_ref().and_then(|d| d.parent()).map(|t| t.join("pdfbench")))
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("run-{}", std::process::id()));
    or_exit(std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display())));
    // A new output directory for every run: nothing is deleted while measuring.
    let mut outs = 0usize;
    let mut fresh_out = || {
        outs += 1;
        scratch.join(format!("out-{outs}")).to_string_lossy().into_owned()
    };
    let one = [("RAYON_NUM_THREADS", "1")];

    for pdf in &args {
        let n = pages(pdf);
        let (mut text, mut extract, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
        let mut files = 0;
        for _ in 0..runs {
            text.push(or_exit(measure(&[&exe, "text", pdf], &one)));
            let out = fresh_out();
            extract.push(or_exit(measure(&[&exe, "extract", pdf, "--out", &out, "--jobs", "1", "--quiet"], &one)));
            files = count_files(Path::new(&out));
            theirs.push(or_exit(measure(&["pdftotext", "-layout", pdf, "-"], &[])));
        }
        let ms = |v: &[Run]| 1000.0 * median(v) / f64::from(n);
        println!("file: {pdf}: {n} pages ({runs} runs each, interleaved, one thread)");
        println!("  pdftotext -layout : median {:.3} s, {:.2} ms/page, peak RSS {:.1} MB", median(&theirs), ms(&theirs), peak_mb(&theirs));
        println!("  planx text        : median {:.3} s, {:.2} ms/page, peak RSS {:.1} MB", median(&text), ms(&text), peak_mb(&text));
        println!("  planx extract     : median {:.3} s, {:.2} ms/page, peak RSS {:.1} MB", median(&extract), ms(&extract), peak_mb(&extract));
        println!("  ratio text/pdftotext    : best {:.2}x, median {:.2}x", best(&text) / best(&theirs), median(&text) / median(&theirs));
        println!("  ratio extract/pdftotext : best {:.2}x, median {:.2}x", best(&extract) / best(&theirs), median(&extract) / median(&theirs));
        // Where the wall time of extract goes beyond computing: its output files. The same
        // number of empty files created here shows what this disk charges for them.
        let ((eu, es), (tu, ts)) = (cpu(&extract), cpu(&theirs));
        println!("  CPU median: extract user {eu:.3} s + system {es:.3} s, pdftotext user {tu:.3} s + system {ts:.3} s; user ratio {:.2}x", eu / tu.max(1e-9));
        let fc = file_creation(Path::new(&fresh_out()), files, runs);
        println!("  extract writes {files} files; creating {files} empty files on this disk takes {fc:.3} s (median), {:.0}% of extract's median", 100.0 * fc / median(&extract));
    }

    // Scaling: one job against two, over the PDFs together, then over the batch.
    let mut sets = vec![args.clone()];
    if !batch.is_empty() {
        sets.push(batch);
    }
    for set in &sets {
        let found = discovered(set);
        let docs = found.len();
        let pdfs: Vec<PathBuf> = found.into_iter().filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))).collect();
        let (mut j1, mut j2, mut r1, mut r2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            r1.push(pdftotext_batch(&pdfs, 1));
            r2.push(pdftotext_batch(&pdfs, 2));
            for (jobs, into) in [("1", &mut j1), ("2", &mut j2)] {
                let out = fresh_out();
                let mut cmd: Vec<&str> = vec![&exe, "extract"];
                cmd.extend(set.iter().map(String::as_str));
                cmd.extend(["--out", &out, "--jobs", jobs, "--quiet"]);
                into.push(or_exit(measure(&cmd, &[])));
            }
        }
        println!("scaling: {docs} documents in {} ({runs} runs each)", set.join(" "));
        let per_s = |v: &[Run]| docs as f64 / median(v);
        println!("  --jobs 1 : median {:.3} s, {:.2} documents/s, peak RSS {:.1} MB", median(&j1), per_s(&j1), peak_mb(&j1));
        println!("  --jobs 2 : median {:.3} s, {:.2} documents/s, peak RSS {:.1} MB", median(&j2), per_s(&j2), peak_mb(&j2));
        println!("  throughput 2 jobs / 1 job: {:.2}x", median(&j1) / median(&j2));
        let (m1, m2) = (median(&r1), median(&r2));
        if pdfs.is_empty() {
            continue;
        }
        println!("  reference, pdftotext -layout on its {} PDFs, one at a time {m1:.3} s, two at once {m2:.3} s: {:.2}x", pdfs.len(), m1 / m2);
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The documents planx reads from these files and folders (its own discovery).
fn discovered(paths: &[String]) -> Vec<PathBuf> {
    planx::run::discover(&paths.iter().map(PathBuf::from).collect::<Vec<_>>()).0
}

/// Wall seconds for `pdftotext -layout` over `pdfs` with `workers` processes at a time,
/// each taking the next file when free (no peak RSS: several processes).
fn pdftotext_batch(pdfs: &[PathBuf], workers: usize) -> Run {
    let next = AtomicUsize::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(p) = pdfs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let _ = Command::new("pdftotext").arg("-layout").arg(p).arg("-").stdout(Stdio::null()).stderr(Stdio::null()).status();
                }
            });
        }
    });
    (t.elapsed().as_secs_f64(), 0, 0.0, 0.0)
}
