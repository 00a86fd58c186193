//! `extract --shard I/N` and `merge`: N shards merged give, byte for byte, the output of
//! one run over all the documents (the manifest apart from its timings).

mod common;

use common::{planx, tree};

use planx::dev::one_page_pdf;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// An input folder with the seed texts, two small PDFs, two documents with the same name
/// in different folders (their output names depend on the whole listing) and a junk file.
fn inputs(root: &Path) -> PathBuf {
    let input = root.join("in");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
    }
    for f in common::samples() {
        std::fs::copy(&f, input.join(f.file_name().unwrap())).unwrap();
    }
    let first = &common::samples()[0];
    std::fs::copy(first, input.join("a/same.txt")).unwrap();
    std::fs::copy(&common::samples()[1], input.join("b/same.txt")).unwrap();
    for (name, rows) in [("one.pdf", 3), ("two.pdf", 6)] {
        let mut c = String::new();
        for r in 0..rows {
            let y = 700 - 20 * r;
            c.push_str(&format!("BT /F1 10 Tf 1 0 0 1 60 {y} Tm (Item {r}) Tj ET\nBT /F1 10 Tf 1 0 0 1 300 {y} Tm ({},000) Tj ET\n", r + 1));
        }
        std::fs::write(
            input.join(name),
            one_page_pdf("/MediaBox [0 0 595 842]", c.as_bytes()),
        )
        .unwrap();
    }
    std::fs::write(input.join("junk.pdf"), b"not a pdf at all").unwrap();
    input
}

#[test]
fn shards_merged_equal_one_run() {
    let root = std::env::temp_dir().join(format!("planx-shards-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let input = inputs(&root);
    let one = root.join("one");
    let r = planx(&["extract", s(&input), "--out", s(&one), "--quiet"]);
    assert_eq!(
        r.status.code(),
        Some(1),
        "junk.pdf fails: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    let one_per_table = root.join("one-per-table");
    planx(&["extract", s(&input), "--out", s(&one_per_table), "--quiet", "--csv-per-table"]);
    // The shards' own layout is copied as it is: with --csv-per-table, one CSV per table.
    for (n, layout) in [(1u32, ""), (3, ""), (4, ""), (3, "--csv-per-table")] {
        let whole = tree(if layout.is_empty() { &one } else { &one_per_table });
        let mut dirs = Vec::new();
        for i in 0..n {
            let d = root.join(format!("s{n}{layout}-{i}"));
            let shard = format!("{i}/{n}");
            let mut args = vec!["extract", s(&input), "--shard", &shard, "--out", s(&d), "--quiet", "--jobs", "2"];
            if !layout.is_empty() {
                args.push(layout);
            }
            planx(&args);
            dirs.push(d);
        }
        let merged = root.join(format!("m{n}{layout}"));
        let mut args = vec!["merge".to_string()];
        args.extend(dirs.iter().map(|d| s(d).to_string()));
        args.extend(["--out".into(), s(&merged).into(), "--quiet".into()]);
        let r = planx(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            r.status.code(),
            Some(1),
            "merge reports the failed input: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        let got = tree(&merged);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            whole.keys().collect::<Vec<_>>(),
            "{n} shards: the same files"
        );
        for (k, v) in &whole {
            assert!(got[k] == *v, "{n} shards: {} differs", k.display());
        }
        // Every document was run by exactly one shard.
        let is_doc = |p: &Path| {
            p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with("-metadata.json")
        };
        let outputs: usize = dirs
            .iter()
            .map(|d| {
                std::fs::read_dir(d)
                    .unwrap()
                    .flatten()
                    .filter(|e| is_doc(&e.path()))
                    .count()
            })
            .sum();
        assert_eq!(
            outputs,
            whole
                .keys()
                .filter(|k| is_doc(k) && k.parent() == Some(Path::new("")))
                .count()
        );
    }
    std::fs::remove_dir_all(&root).ok();
}

/// A reviewer's correction applied to one run, and the same ledger copied into each shard
/// folder before the shards' first extract (the README's workflow): the merged folder
/// equals the corrected run, ledger included. A merge into a folder whose ledger holds a
/// correction no shard has keeps it and says so.
#[test]
fn corrections_ledger_survives_shards_and_merge() {
    let root = std::env::temp_dir().join(format!("planx-shards-ledger-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let input = inputs(&root);
    let one = root.join("one");
    planx(&["extract", s(&input), "--out", s(&one), "--quiet"]);
    // The first review row that names a cell, corrected.
    let mut r = csv::Reader::from_path(one.join("review.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h.trim_start_matches('\u{feff}') == n).unwrap();
    let mut row: Vec<String> = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .find(|r| !r[col("column")].is_empty() && !r[col("text")].is_empty())
        .expect("a review row naming a cell");
    row[col("correction")] = "12345".into();
    let corr = root.join("corrections.csv");
    let mut w = csv::Writer::from_path(&corr).unwrap();
    w.write_record(&head).unwrap();
    w.write_record(&row).unwrap();
    w.flush().unwrap();
    let a = planx(&["apply", s(&one), s(&corr), "--who", "reviewer"]);
    // Exit 1: the rerun meets junk.pdf again, as the first run did.
    assert_eq!(a.status.code(), Some(1), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(String::from_utf8_lossy(&a.stdout).contains("1 corrections added (0 refused)"), "{}", String::from_utf8_lossy(&a.stdout));
    let ledger = std::fs::read(one.join("corrections-ledger.csv")).unwrap();
    let whole = tree(&one);
    let mut dirs = Vec::new();
    for i in 0..2 {
        let d = root.join(format!("s{i}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("corrections-ledger.csv"), &ledger).unwrap();
        let r = planx(&["extract", s(&input), "--shard", &format!("{i}/2"), "--out", s(&d), "--quiet"]);
        assert_ne!(r.status.code(), Some(2), "a folder holding only a ledger is accepted: {}", String::from_utf8_lossy(&r.stderr));
        dirs.push(d);
    }
    let merged = root.join("m");
    planx(&["merge", s(&dirs[0]), s(&dirs[1]), "--out", s(&merged), "--quiet"]);
    let got = tree(&merged);
    assert_eq!(got.keys().collect::<Vec<_>>(), whole.keys().collect::<Vec<_>>());
    for (k, v) in &whole {
        assert!(got[k] == *v, "{} differs", k.display());
    }
    // Shards without the ledger merged again into the corrected folder: the correction stays.
    for (i, d) in dirs.iter().enumerate() {
        std::fs::remove_file(d.join("corrections-ledger.csv")).unwrap();
        planx(&["extract", s(&input), "--shard", &format!("{i}/2"), "--out", s(d), "--quiet"]);
    }
    let r = planx(&["merge", s(&dirs[0]), s(&dirs[1]), "--out", s(&merged), "--quiet"]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("in no shard's ledger"), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(std::fs::read(merged.join("corrections-ledger.csv")).unwrap(), ledger);
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn merge_refuses_overlap_and_mixed_builds() {
    let root = std::env::temp_dir().join(format!("planx-merge-refuse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let input = inputs(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    planx(&[
        "extract",
        s(&input),
        "--shard",
        "0/2",
        "--out",
        s(&a),
        "--quiet",
    ]);
    planx(&[
        "extract",
        s(&input),
        "--shard",
        "0/2",
        "--out",
        s(&b),
        "--quiet",
    ]);
    let r = planx(&["merge", s(&a), s(&b), "--out", s(&root.join("m"))]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("overlap"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    // Shard 1 of 2 as if made by another build.
    planx(&[
        "extract",
        s(&input),
        "--shard",
        "1/2",
        "--out",
        s(&b),
        "--quiet",
    ]);
    let m = b.join("manifest.jsonl");
    let text = std::fs::read_to_string(&m).unwrap();
    std::fs::write(
        &m,
        regex::Regex::new(r#""build":"[^"]*""#)
            .unwrap()
            .replace_all(&text, r#""build":"other""#)
            .as_bytes(),
    )
    .unwrap();
    let r = planx(&["merge", s(&a), s(&b), "--out", s(&root.join("m"))]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("another planx build"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let r = planx(&[
        "merge",
        s(&root.join("nothing")),
        "--out",
        s(&root.join("m")),
    ]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "a folder without a manifest is refused"
    );
    let r = planx(&[
        "extract",
        s(&input),
        "--shard",
        "2/2",
        "--out",
        s(&root.join("x")),
    ]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "shard index out of range is a usage error"
    );
    std::fs::remove_dir_all(&root).ok();
}

/// The command of a Kubernetes Job manifest's container (`args:` then `- COMMAND`), and
/// the value of a top-level-ish `key: N` line.
fn manifest_command(yaml: &str) -> String {
    let mut lines = yaml.lines().skip_while(|l| l.trim() != "args:");
    lines.next();
    lines.next().expect("a command after args:").trim().trim_start_matches("- ").to_string()
}

fn yaml_number(yaml: &str, key: &str) -> Option<u32> {
    yaml.lines().find_map(|l| l.trim().strip_prefix(&format!("{key}:"))).and_then(|v| v.trim().trim_matches('"').parse().ok())
}

/// `PATH` with the planx binary's folder first, as in the container image.
fn path_with_planx() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_planx")).parent().unwrap().to_path_buf();
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

#[test]
fn cluster_recipes_run_and_merge_to_one_run() {
    let root = std::env::temp_dir().join(format!("planx-recipes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let input = inputs(&root);
    let one = root.join("one");
    planx(&["extract", s(&input), "--out", s(&one), "--quiet"]);
    let whole = tree(&one);
    let recipes = common::root().join("examples/cluster");

    // Kubernetes: every index of the Indexed Job, then the merge Job, with the manifests' own commands.
    let job = std::fs::read_to_string(recipes.join("k8s-indexed-job.yaml")).unwrap();
    let shards = yaml_number(&job, "completions").expect("completions");
    assert_eq!(yaml_number(&job, "parallelism"), Some(shards));
    let env_shards = job.lines().skip_while(|l| !l.contains("name: SHARDS")).nth(1).and_then(|l| l.trim().strip_prefix("value:")).map(|v| v.trim().trim_matches('"').to_string());
    assert_eq!(env_shards, Some(shards.to_string()), "SHARDS equals completions");
    let out = root.join("k8s");
    for i in 0..shards {
        let r = Command::new("/bin/sh").arg("-c").arg(manifest_command(&job)).env("PATH", path_with_planx()).env("INPUT", &input).env("OUTPUT", &out).env("SHARDS", shards.to_string()).env("JOB_COMPLETION_INDEX", i.to_string()).output().unwrap();
        assert!(r.status.success(), "shard {i}: {}", String::from_utf8_lossy(&r.stderr));
    }
    let merge = std::fs::read_to_string(recipes.join("k8s-merge-job.yaml")).unwrap();
    let r = Command::new("/bin/sh").arg("-c").arg(manifest_command(&merge)).env("PATH", path_with_planx()).env("OUTPUT", &out).output().unwrap();
    assert!(r.status.success(), "merge: {}", String::from_utf8_lossy(&r.stderr));
    assert!(tree(&out.join("merged")) == whole, "the Kubernetes recipe's output equals one run");

    // Slurm: the array script for each task id, then its merge step.
    let out = root.join("slurm");
    let script = recipes.join("slurm-array.sh");
    for i in 0..3 {
        let r = Command::new("/bin/sh").arg(&script).env("PLANX", env!("CARGO_BIN_EXE_planx")).env("INPUT", &input).env("OUTPUT", &out).env("SLURM_ARRAY_TASK_ID", i.to_string()).env("SLURM_ARRAY_TASK_COUNT", "3").output().unwrap();
        assert!(r.status.success(), "task {i}: {}", String::from_utf8_lossy(&r.stderr));
    }
    let r = Command::new("/bin/sh").arg(&script).env("PLANX", env!("CARGO_BIN_EXE_planx")).env("OUTPUT", &out).env("PLANX_STEP", "merge").output().unwrap();
    assert!(r.status.success(), "merge: {}", String::from_utf8_lossy(&r.stderr));
    assert!(tree(&out.join("merged")) == whole, "the Slurm recipe's output equals one run");
    std::fs::remove_dir_all(&root).ok();
}
