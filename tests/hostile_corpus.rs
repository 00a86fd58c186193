//! The bulk hostile corpus (tests/fixtures/hostile/make.py --corpus, made at test time with
//! a fixed seed): at least 150 mutations of a few good PDFs, other formats renamed, text in
//! other encodings, empty files. planx runs on all of them at once under a memory limit
//! and a timeout, and must not panic, hang or abort; the good files are written; every
//! page that yields less than the file holds is named in review.csv; refused files are
//! listed with their reason; the exit code is the documented one.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("planx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// One input of the corpus: file name, kind, expectation, the markers of its pages.
type Expected = (String, String, String, Vec<String>);

/// Makes the corpus; `None` (and a message) when python3 is missing.
fn corpus(dir: &Path) -> Option<Vec<Expected>> {
    let make = common::root().join("tests/fixtures/hostile/make.py");
    let o = match Command::new("python3").arg(&make).arg("--corpus").arg(dir).output() {
        Ok(o) => o,
        Err(_) => {
            eprintln!("skipped: python3 not found (it generates the hostile corpus)");
            return None;
        }
    };
    assert!(o.status.success(), "make.py failed: {}", String::from_utf8_lossy(&o.stderr));
    let expect = std::fs::read_to_string(dir.join("expect.tsv")).unwrap();
    std::fs::remove_file(dir.join("expect.tsv")).unwrap();
    Some(
        expect
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let markers = f.get(3).map_or(vec![], |m| m.split(',').filter(|s| !s.is_empty()).map(String::from).collect());
                (f[0].to_string(), f[1].to_string(), f[2].to_string(), markers)
            })
            .collect(),
    )
}

/// review.csv rows as (file name, page, message).
fn review_rows(out: &Path) -> Vec<(String, u32, String)> {
    let mut r = csv::Reader::from_path(out.join("review.csv")).unwrap();
    let message = r.headers().unwrap().iter().position(|h| h == "message").unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let file = Path::new(&rec[0]).file_name().unwrap().to_string_lossy().into_owned();
            (file, rec[1].parse().unwrap_or(0), rec[message].to_string())
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn hostile_corpus_is_bounded_and_nothing_is_lost_silently() {
    let dir = tmp("corpus-in");
    let Some(expect) = corpus(&dir) else { return };
    assert!(expect.len() >= 150, "{} inputs", expect.len());
    let out = tmp("corpus-out");
    // 4 GB of address space (the fan-out forms reached 7 GB before they were bounded),
    // 300 s for the whole run, 20 s per document.
    let planx = env!("CARGO_BIN_EXE_planx");
    let script = format!(
        "ulimit -v 4000000; exec timeout -s KILL 300 '{planx}' extract '{}' --out '{}' --timeout 20 --jobs 2",
        dir.display(),
        out.display()
    );
    let start = Instant::now();
    let o = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    let took = start.elapsed();
    let report = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panick") && !report.contains("panic"), "{err}");
    assert!(!err.contains("memory allocation"), "aborted on memory:\n{err}");
    assert_eq!(o.status.code(), Some(1), "exit 1 (some refused, the rest written); took {took:?}\n{err}\n{report}");
    assert!(took < Duration::from_secs(200), "took {took:?}");
    assert!(!report.contains("gave up after"), "nothing may need the timeout:\n{report}");

    let reviews = review_rows(&out);
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), expect.len(), "one manifest line per input");
    let mut outcome: HashMap<String, HashMap<&'static str, usize>> = HashMap::new();
    for (name, kind, what, markers) in &expect {
        let stem = Path::new(name).file_stem().unwrap().to_string_lossy().into_owned();
        let line = report.lines().find(|l| l.contains(&format!("/{name}"))).unwrap_or_else(|| panic!("{name} not reported:\n{report}"));
        let failed = line.starts_with("failed:");
        *outcome.entry(kind.clone()).or_default().entry(if failed { "refused" } else { "written" }).or_default() += 1;
        let json = out.join(format!("{stem}.json"));
        assert_eq!(json.exists(), !failed, "{name}: {line}");
        let named: HashSet<u32> = reviews.iter().filter(|r| &r.0 == name).map(|r| r.1).collect();
        let text = if failed { String::new() } else { squash(&std::fs::read_to_string(&json).unwrap()) };
        match what.as_str() {
            "ok" => {
                assert!(!failed, "{name} must be read: {line}");
                for m in markers {
                    assert!(text.contains(m.as_str()), "{name}: {m} is missing");
                }
            }
            "any" => {}
            "pages" => {
                if !failed {
                    let x: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
                    let pages = x["source"]["pages"].as_u64().unwrap() as u32;
                    let truncated = reviews.iter().any(|r| &r.0 == name && r.2.contains("truncated"));
                    for (i, m) in markers.iter().enumerate() {
                        let page = i as u32 + 1;
                        if !text.contains(m.as_str()) {
                            assert!(
                                named.contains(&page) || (truncated && page > pages) || (truncated && named.contains(&pages)),
                                "{name}: page {page} lost {m} without a review item; review names pages {named:?}"
                            );
                        }
                    }
                }
            }
            w if w.starts_with("review:") => {
                let page: u32 = w[7..].parse().unwrap();
                assert!(!failed, "{name} must be read: {line}");
                assert!(named.contains(&page), "{name}: page {page} must be in review.csv; {named:?}");
                for m in markers {
                    assert!(text.contains(m.as_str()), "{name}: {m} is missing");
                }
            }
            w if w.starts_with("failed:") => {
                assert!(failed, "{name} must be refused: {line}");
                assert!(line.to_lowercase().contains(&w[7..].to_lowercase()), "{name}: the reason names {}: {line}", &w[7..]);
            }
            other => panic!("unknown expectation {other}"),
        }
    }
    let mut kinds: Vec<_> = outcome.into_iter().collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, o) in kinds {
        eprintln!("{k:<18} written {:>3}  refused {:>3}", o.get("written").unwrap_or(&0), o.get("refused").unwrap_or(&0));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&out);
}

/// The same inputs give the same bytes, run after run (with two jobs, so that pages and
/// documents are scheduled differently each time): the tablesuite PDFs when ../shared is
/// there, else the generated corpus's good and damaged files.
#[test]
fn repeated_runs_give_identical_bytes() {
    let inputs = match common::shared().map(|s| s.join("tablesuite/pdfs")).filter(|p| p.is_dir()) {
        Some(p) => p,
        None => {
            let dir = tmp("det-in");
            if corpus(&dir).is_none() {
                return;
            }
            dir
        }
    };
    let mut first: Option<std::collections::BTreeMap<PathBuf, Vec<u8>>> = None;
    for round in 0..3 {
        let out = tmp(&format!("det-out-{round}"));
        let o = Command::new(env!("CARGO_BIN_EXE_planx"))
            .args(["extract", inputs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", "2", "--quiet"])
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
        let mut tree = std::collections::BTreeMap::new();
        for e in walkdir::WalkDir::new(&out).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            if e.file_name() != "manifest.jsonl" {
                tree.insert(e.path().strip_prefix(&out).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap());
            }
        }
        match &first {
            None => first = Some(tree),
            Some(f) => {
                assert_eq!(f.keys().collect::<Vec<_>>(), tree.keys().collect::<Vec<_>>(), "round {round}: other files");
                for (k, v) in f {
                    assert!(tree[k] == *v, "round {round}: {} differs", k.display());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }
}
