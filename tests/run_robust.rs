//! Repeat runs, interruptions and odd inputs of `planx extract` and `planx text`: the
//! output folder belongs to one run, --resume keys by input, rules and build, Ctrl-C
//! leaves a resumable state, and every message says what is wrong.

mod common;

use common::planx;

use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("planx-robust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn a_reused_output_folder_keeps_nothing_of_the_earlier_run() {
    let samples = common::samples();
    let out = tmp("reuse");
    let all: Vec<&str> = samples.iter().map(|p| s(p)).collect();
    let mut args = vec!["extract"];
    args.extend(&all);
    args.extend(["--out", s(&out), "--quiet", "--csv-per-table"]);
    assert_eq!(planx(&args).status.code(), Some(0));
    // Now one document only, in the default layout: the others' JSON, tables and records
    // rows are gone, and so are the per-table CSVs of the one kept.
    let o = planx(&["extract", all[0], "--out", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let fresh = tmp("reuse-fresh");
    planx(&["extract", all[0], "--out", s(&fresh), "--quiet"]);
    assert_eq!(files(&out), files(&fresh), "the reused folder holds what a fresh run writes");
    for f in files(&fresh) {
        if f != "manifest.jsonl" {
            assert_eq!(std::fs::read(out.join(&f)).unwrap(), std::fs::read(fresh.join(&f)).unwrap(), "{f}");
        }
    }
    // A folder of other things, and a file, are refused as usage errors.
    let other = tmp("reuse-other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let o = planx(&["extract", all[0], "--out", s(&other)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&o.stderr));
    let file = other.join("notes.txt");
    let o = planx(&["extract", all[0], "--out", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("names a file, not a folder"));
    for d in [out, fresh, other] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn resume_redoes_documents_made_with_other_rules() {
    let sample = common::samples().remove(0);
    let out = tmp("resume-rules");
    assert_eq!(planx(&["extract", s(&sample), "--out", s(&out), "--quiet"]).status.code(), Some(0));
    let o = planx(&["extract", s(&sample), "--out", s(&out), "--resume"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 skipped"));
    // The same rules copied into a folder: another rules hash, so the document is redone.
    let rules = tmp("resume-rules-dir");
    for e in walkdir::WalkDir::new(common::root().join("rules")).into_iter().flatten() {
        let rel = e.path().strip_prefix(common::root().join("rules")).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(rules.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), rules.join(rel)).unwrap();
        }
    }
    let o = planx(&["extract", s(&sample), "--out", s(&out), "--resume", "--rules", s(&rules)]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 documents written, 0 skipped"), "{}", String::from_utf8_lossy(&o.stdout));
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert!(manifest.contains("\"build\"") && manifest.contains("\"rules\""), "{manifest}");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&rules);
}

#[cfg(unix)]
#[test]
fn link_loops_and_fifos_do_not_hang_and_missing_files_are_listed() {
    let dir = tmp("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(&common::samples()[0], dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/loop")).unwrap();
    let fifo = dir.join("x.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let out = tmp("walk-out");
    let missing = dir.join("missing.txt");
    let o = Command::new("timeout").args(["60", env!("CARGO_BIN_EXE_planx"), "extract", s(&dir), s(&missing), "--out", s(&out)]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains("a.txt"), "{report}");
    assert!(report.lines().any(|l| l.starts_with("failed:") && l.contains("missing.txt")), "the missing file is listed:\n{report}");
    if made {
        assert!(report.lines().any(|l| l.starts_with("failed:") && l.contains("x.pdf") && l.contains("not a regular file")), "{report}");
    }
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert!(manifest.contains("missing.txt"), "the missing file is in the manifest");
    // One line per document when stdout and stderr are the same file.
    let log = out.with_extension("log");
    let f = std::fs::File::create(&log).unwrap();
    let out2 = tmp("walk-out2");
    Command::new(env!("CARGO_BIN_EXE_planx"))
        .args(["extract", s(&dir.join("a.txt")), "--out", s(&out2)])
        .stdout(f.try_clone().unwrap())
        .stderr(f)
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("a.txt").count(), 1, "{text}");
    for d in [dir, out, out2] {
        let _ = std::fs::remove_dir_all(d);
    }
    let _ = std::fs::remove_file(log);
}

#[test]
fn text_command_names_what_is_wrong() {
    let sample = common::samples().remove(0);
    let o = planx(&["text", s(&sample)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("planx extract"), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = tmp("text");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("one.pdf");
    std::fs::write(&pdf, planx::dev::one_page_pdf("/MediaBox [0 0 595 842]", b"BT /F1 12 Tf 72 700 Td (Hi) Tj ET")).unwrap();
    let o = planx(&["text", s(&pdf), "--pages", "99"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("page 99 asked for, but the document has 1 page"), "{}", String::from_utf8_lossy(&o.stderr));
    let png = dir.join("image.pdf");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let o = planx(&["text", s(&png)]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("PNG image"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Ctrl-C: exit 130 with a message, a manifest line per document finished, run-level
/// outputs, and `--resume` finishes to the same bytes as an uninterrupted run.
#[cfg(unix)]
#[test]
fn an_interrupted_run_says_so_and_resumes() {
    // Enough documents that the run is still going when the signal comes.
    let dir = tmp("int-in");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..40 {
        for p in common::samples() {
            std::fs::copy(&p, dir.join(format!("{i:02}-{}", p.file_name().unwrap().to_string_lossy()))).unwrap();
        }
    }
    let out = tmp("int-out");
    let child = Command::new(env!("CARGO_BIN_EXE_planx"))
        .args(["extract", s(&dir), "--out", s(&out), "--jobs", "1", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    if o.status.code() == Some(0) {
        eprintln!("skipped: the run finished before the signal");
        return;
    }
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted") && err.contains("--resume"), "{err}");
    assert!(out.join("manifest.jsonl").exists() && out.join("review.csv").exists());
    let o = planx(&["extract", s(&dir), "--out", s(&out), "--resume", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let fresh = tmp("int-fresh");
    planx(&["extract", s(&dir), "--out", s(&fresh), "--quiet"]);
    assert_eq!(files(&out), files(&fresh));
    for f in files(&fresh) {
        if f != "manifest.jsonl" {
            assert!(std::fs::read(out.join(&f)).unwrap() == std::fs::read(fresh.join(&f)).unwrap(), "{f} differs after resume");
        }
    }
    for d in [dir, out, fresh] {
        let _ = std::fs::remove_dir_all(d);
    }
}
