//! The `planx` binary end to end: the samples, the JSON schema, the CSVs, and the errors
//! a user sees for inputs planx cannot read.

mod common;

use common::{planx, tmpdir, tree};

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().expect("an object").keys().map(String::as_str).collect()
}

/// Checks one output document against schema planx/2 (docs/schema.md): required fields,
/// their order, and their types.
fn check_schema(doc: &Value) {
    assert_eq!(doc["schema"], "planx/2");
    assert_eq!(&keys(doc)[..5], ["schema", "source", "tables", "text", "review"]);
    let src = &doc["source"];
    assert_eq!(keys(src), ["path", "sha256", "kind", "pages"]);
    assert_eq!(src["sha256"].as_str().unwrap().len(), 64);
    assert!(["text", "pdf"].contains(&src["kind"].as_str().unwrap()));
    assert!(src["pages"].as_u64().unwrap() >= 1);
    let ids: Vec<&str> = doc["tables"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    for t in doc["tables"].as_array().unwrap() {
        assert_eq!(&keys(t)[..5], ["id", "pages", "header_rows", "columns", "rows"]);
        let ncols = t["columns"].as_array().unwrap().len();
        for (i, c) in t["columns"].as_array().unwrap().iter().enumerate() {
            assert_eq!(keys(c), ["index", "path"]);
            assert_eq!(c["index"].as_u64().unwrap() as usize, i);
        }
        let h = t["header_rows"].as_u64().unwrap() as usize;
        for (ri, r) in t["rows"].as_array().unwrap().iter().enumerate() {
            assert_eq!(&keys(r)[..6], ["kind", "page", "line", "section", "cells", "flags"]);
            let kind = r["kind"].as_str().unwrap();
            assert!(["header", "section", "data", "total", "note"].contains(&kind));
            assert_eq!(kind == "header", ri < h, "header rows come first");
            assert_eq!(r["cells"].as_array().unwrap().len(), ncols, "every row has a cell per column");
            for c in r["cells"].as_array().unwrap() {
                assert_eq!(&keys(c)[..3], ["text", "norm", "flags"]);
            }
        }
        if let Some(d) = t.get("duplicate_of") {
            assert!(ids.contains(&d.as_str().unwrap()));
        }
    }
    for tl in doc["text"].as_array().unwrap() {
        assert_eq!(&keys(tl)[..4], ["page", "line", "text", "norm"]);
    }
    for r in doc["review"].as_array().unwrap() {
        assert_eq!(&keys(r)[..3], ["table", "row", "column"]);
        assert!(r["flag"].is_string() && r["message"].is_string());
    }
}

#[test]
fn extracts_the_samples_into_json_and_csv() {
    let out = tmpdir("samples");
    let o = planx(&["extract", common::root().join("samples").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 6, "one line per document and a total:\n{stdout}");
    assert!(stdout.lines().last().unwrap().starts_with("total: 5 documents written, 0 skipped, 0 failed"));
    for sample in common::samples() {
        let stem = sample.file_stem().unwrap().to_str().unwrap();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(out.join(format!("{stem}.json"))).unwrap()).unwrap();
        check_schema(&doc);
        let tables = doc["tables"].as_array().unwrap();
        assert!(!tables.is_empty(), "{stem} has tables");
        assert!(!out.join(stem).exists(), "no folder of per-table CSVs by default");
        // One CSV for all the tables: as wide as the widest, each table's columns row
        // then its rows.
        let all = csv_rows(&out.join(format!("{stem}.tables.csv")));
        let widest = tables.iter().map(|t| t["columns"].as_array().unwrap().len()).max().unwrap();
        assert_eq!(all[0][..5], ["table", "kind", "page", "line", "section"]);
        assert_eq!(all[0].len(), 5 + widest);
        assert!(all.iter().all(|r| r.len() == 5 + widest), "{stem}: rectangular");
        let mut at = 1;
        for t in tables {
            let (id, rows) = (t["id"].as_str().unwrap(), t["rows"].as_array().unwrap());
            let part = &all[at..at + 1 + rows.len()];
            assert!(part.iter().all(|r| r[0] == id), "{stem} {id}: its rows together");
            assert_eq!(part[0][1], "columns");
            for (r, jr) in part[1..].iter().zip(rows) {
                assert_eq!(r[1], jr["kind"].as_str().unwrap());
                let norms: Vec<&str> = jr["cells"].as_array().unwrap().iter().map(|c| c["norm"].as_str().unwrap()).collect();
                assert_eq!(r[5..5 + norms.len()], norms[..], "{stem} {id}: normalized cells");
                assert!(r[5 + norms.len()..].iter().all(String::is_empty), "padded with empty fields");
            }
            at += 1 + rows.len();
        }
        assert_eq!(at, all.len());
    }
    // --csv-per-table: one CSV per table under <stem>/, saying what the combined CSV says.
    let per = tmpdir("samples-per-table");
    let o = planx(&["extract", common::root().join("samples").to_str().unwrap(), "--out", per.to_str().unwrap(), "--quiet", "--csv-per-table"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for sample in common::samples() {
        let stem = sample.file_stem().unwrap().to_str().unwrap();
        let json = format!("{stem}.json");
        assert_eq!(std::fs::read(out.join(&json)).unwrap(), std::fs::read(per.join(&json)).unwrap(), "the layout does not change the JSON");
        assert!(!per.join(format!("{stem}.tables.csv")).exists());
        let doc: Value = serde_json::from_slice(&std::fs::read(per.join(&json)).unwrap()).unwrap();
        let all = csv_rows(&out.join(format!("{stem}.tables.csv")));
        let tables = doc["tables"].as_array().unwrap();
        assert_eq!(std::fs::read_dir(per.join(stem)).unwrap().count(), tables.len());
        for t in tables {
            let id = t["id"].as_str().unwrap();
            let own = csv_rows(&per.join(stem).join(format!("{id}.csv")));
            let ncols = t["columns"].as_array().unwrap().len();
            assert_eq!(own[0][..4], ["kind", "page", "line", "section"]);
            assert_eq!(own[0].len(), 4 + ncols);
            assert_eq!(own.len(), 1 + t["rows"].as_array().unwrap().len());
            let part: Vec<&Vec<String>> = all.iter().filter(|r| r[0] == id).collect();
            assert_eq!(part.len(), own.len());
            assert_eq!(part[0][5..5 + ncols], own[0][4..], "{stem} {id}: the columns row is the header line");
            for (mine, theirs) in part[1..].iter().zip(&own[1..]) {
                assert_eq!(mine[1..1 + theirs.len()], theirs[..], "{stem} {id}");
            }
        }
    }
    // The road map of seed 000: one table over three printed pages, header once.
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(out.join("000_fba1480aba7cd69a.json")).unwrap()).unwrap();
    let t = &doc["tables"][0];
    assert_eq!(doc["tables"].as_array().unwrap().len(), 1);
    assert_eq!(t["header_rows"], 3);
    assert_eq!(t["pages"].as_array().unwrap().len(), 3);
    let path: Vec<&str> = t["columns"][9]["path"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(path, ["ความจำเป็นเร่งด่วน/ความพร้อมของการดำเนินงาน/โครงการ (ปี)", "บรรจุไว้ในแผนระดับ3/แผนสหกรณ์/แผนกลยุทธ์", "ปี 2569"]);
    // Seed 003 prints its project pages twice: the copies are kept and marked.
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(out.join("003_552f3d2dd88bd5ff.json")).unwrap()).unwrap();
    let dups = doc["tables"].as_array().unwrap().iter().filter(|t| t.get("duplicate_of").is_some()).count();
    assert!(dups >= 10, "seed 003 repeats most of its tables, found {dups} duplicates");
}

/// The rows of a CSV file, header included.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    r.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

/// review.csv's typed `value` follows the run's `--rules`, and the JSON carries it: a
/// reviewer's unit table that makes "ล้านบาท" a thousand baht changes the value, not the
/// text.
#[test]
fn review_values_follow_the_rules_given() {
    let doc = common::root().join("samples/002_4c5d6eec96b307b3.txt");
    let rules = tmpdir("rules-units");
    for e in std::fs::read_dir(common::root().join("rules")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), rules.join(e.file_name())).unwrap();
        }
    }
    let units = std::fs::read_to_string(rules.join("units.tsv")).unwrap();
    let changed: String = units.lines().map(|l| if l.starts_with("ล้านบาท\t") { l.replace("1000000", "1000") } else { l.to_string() } + "\n").collect();
    assert_ne!(units, changed, "units.tsv has a ล้านบาท line");
    std::fs::write(rules.join("units.tsv"), changed).unwrap();
    let value_of = |extra: &[&str], name: &str| {
        let out = tmpdir(name);
        let mut args = vec!["extract", doc.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"];
        args.extend_from_slice(extra);
        assert!(planx(&args).status.success());
        let rows = csv_rows(&out.join("review.csv"));
        let col = |n: &str| rows[0].iter().position(|c| c == n).unwrap();
        let r = rows.iter().find(|r| r[col("column_name")].contains("(ล้านบาท)") && !r[col("value")].is_empty()).expect("a review item on a ล้านบาท column").clone();
        let json: Value = serde_json::from_slice(&std::fs::read(out.join("002_4c5d6eec96b307b3.json")).unwrap()).unwrap();
        let item = json["review"].as_array().unwrap().iter().find(|i| i["value"].is_object()).expect("a review item with a value").clone();
        (r[col("text")].clone(), r[col("value")].clone(), item)
    };
    let (text, shipped, _) = value_of(&[], "rules-shipped");
    let (text2, mine, item) = value_of(&["--rules", rules.to_str().unwrap()], "rules-mine");
    assert_eq!(text, text2);
    let n: f64 = text.replace(',', "").parse().unwrap();
    assert_eq!(shipped.parse::<f64>().unwrap(), n * 1e6);
    assert_eq!(mine.parse::<f64>().unwrap(), n * 1e3);
    assert_eq!(item["value"]["type"], "amount", "{item}");
}

#[test]
fn output_is_identical_whatever_the_number_of_jobs() {
    let (a, b) = (tmpdir("jobs1"), tmpdir("jobs2"));
    let samples = common::root().join("samples");
    assert!(planx(&["extract", samples.to_str().unwrap(), "--out", a.to_str().unwrap(), "--jobs", "1", "-q"]).status.success());
    assert!(planx(&["extract", samples.to_str().unwrap(), "--out", b.to_str().unwrap(), "--jobs", "3", "-q"]).status.success());
    for s in common::samples() {
        let name = format!("{}.json", s.file_stem().unwrap().to_str().unwrap());
        assert_eq!(std::fs::read(a.join(&name)).unwrap(), std::fs::read(b.join(&name)).unwrap());
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_inputs_are_named_and_the_good_ones_still_written() {
    let dir = tmpdir("bad-in");
    let out = tmpdir("bad-out");
    let good = write(&dir, "good.txt", "หัว\tเรื่อง\nก\t1\n".as_bytes());
    let binary = write(&dir, "junk.txt", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    let latin = write(&dir, "tis620.txt", &[0xCA, 0xC7, 0xD1, 0xCA, 0xB4, 0xD5, b'\n']);
    let empty_dir = tmpdir("empty-dir");
    let missing = dir.join("nope.txt");
    let o = planx(&[
        "extract",
        good.to_str().unwrap(),
        binary.to_str().unwrap(),
        latin.to_str().unwrap(),
        missing.to_str().unwrap(),
        empty_dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "some documents failed: exit 1\n{err}");
    for (path, why) in [(&binary, "binary"), (&latin, "not UTF-8"), (&missing, "no such file"), (&empty_dir, "no .txt")] {
        let line = err.lines().find(|l| l.contains(path.to_str().unwrap())).unwrap_or_else(|| panic!("{} not named in:\n{err}", path.display()));
        assert!(line.contains(why), "{line}");
    }
    assert!(out.join("good.json").exists(), "the good file is still written");
    assert!(!out.join("junk.json").exists());
}

#[test]
fn nothing_to_do_is_a_usage_error() {
    let empty = tmpdir("nothing");
    let o = planx(&["extract", empty.to_str().unwrap(), "--out", tmpdir("nothing-out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no .txt, .md or .pdf documents"));
}

#[test]
fn resume_redoes_only_what_is_missing_or_changed() {
    let src = tmpdir("resume-src");
    for s in common::samples() {
        std::fs::copy(&s, src.join(s.file_name().unwrap())).unwrap();
    }
    let (a, b) = (tmpdir("resume-a"), tmpdir("resume-b"));
    assert!(planx(&["extract", src.to_str().unwrap(), "--out", a.to_str().unwrap(), "-q"]).status.success());
    assert!(planx(&["extract", src.to_str().unwrap(), "--out", b.to_str().unwrap(), "-q"]).status.success());
    // As if a run had been killed before the last documents: their JSON is missing.
    std::fs::remove_file(b.join("004_204ce6610c53fb32.json")).unwrap();
    // One tables CSV cut short, another gone: those documents are done again too.
    let cut = b.join("001_1cfff08c6abf4ed1.tables.csv");
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::remove_file(b.join("002_4c5d6eec96b307b3.tables.csv")).unwrap();
    // And one source changed since.
    let changed = src.join("000_fba1480aba7cd69a.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nบรรทัดใหม่\n");
    std::fs::write(&changed, text).unwrap();
    let o = planx(&["extract", src.to_str().unwrap(), "--out", b.to_str().unwrap(), "--resume"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(stdout.contains("total: 4 documents written, 1 skipped, 0 failed"), "{stdout}");
    let others = ["001_1cfff08c6abf4ed1", "002_4c5d6eec96b307b3", "003_552f3d2dd88bd5ff", "004_204ce6610c53fb32"];
    for s in others {
        for name in [format!("{s}.json"), format!("{s}.tables.csv")] {
            assert_eq!(std::fs::read(a.join(&name)).unwrap(), std::fs::read(b.join(&name)).unwrap(), "{name}");
        }
    }
    let manifest = std::fs::read_to_string(b.join("manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), 5, "one line per document, in input order");
    assert!(manifest.lines().next().unwrap().contains("000_fba1480aba7cd69a.json"));
    // Resumed in the other layout: every document's tables are written again, the
    // combined CSVs removed; resumed once more in it, nothing is redone.
    let resume_per_table = || planx(&["extract", src.to_str().unwrap(), "--out", b.to_str().unwrap(), "--resume", "--csv-per-table"]);
    let o = resume_per_table();
    assert!(String::from_utf8_lossy(&o.stdout).contains("total: 5 documents written, 0 skipped"), "{}", String::from_utf8_lossy(&o.stdout));
    for s in others {
        assert!(!b.join(format!("{s}.tables.csv")).exists() && b.join(s).is_dir(), "{s}");
    }
    std::fs::remove_file(b.join("003_552f3d2dd88bd5ff").join("t1.csv")).unwrap();
    let o = resume_per_table();
    assert!(String::from_utf8_lossy(&o.stdout).contains("total: 1 documents written, 4 skipped"), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(b.join("003_552f3d2dd88bd5ff").join("t1.csv").is_file());
}

#[test]
fn hostile_text_inputs_fail_cleanly() {
    let dir = tmpdir("hostile");
    let out = tmpdir("hostile-out");
    // Pseudo-random bytes from a fixed seed (xorshift), so the test is repeatable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    write(&dir, "empty.txt", b"");
    write(&dir, "random.txt", &random);
    write(&dir, "fake.txt", b"%PDF-1.7\n%junk");
    // One enormous table line and one enormous text line: slow paths must stay linear.
    let wide = (0..20_000).map(|i| i.to_string()).collect::<Vec<_>>().join("\t");
    write(&dir, "wide.txt", format!("a\tb\n{wide}\n{}\n", "ก".repeat(200_000)).as_bytes());
    let o = planx(&["extract", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--timeout", "60"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panic"), "{err}");
    for (name, why) in [("empty.txt", "empty"), ("random.txt", "binary"), ("fake.txt", "PDF")] {
        assert!(err.lines().any(|l| l.contains(name) && l.contains(why)), "{name}: {why} not in\n{err}");
    }
    assert!(out.join("wide.json").exists());
}

#[test]
fn a_killed_run_resumed_gives_the_same_output_as_an_uninterrupted_one() {
    let Some(shared) = common::shared() else { return };
    let src = shared.join("planbench/dev");
    let (whole, killed) = (tmpdir("whole"), tmpdir("killed"));
    assert_eq!(planx(&["extract", src.to_str().unwrap(), "--out", whole.to_str().unwrap(), "-q", "--jobs", "1"]).status.code(), Some(0));
    let mut child = Command::new(env!("CARGO_BIN_EXE_planx"))
        .args(["extract", src.to_str().unwrap(), "--out", killed.to_str().unwrap(), "-q", "--jobs", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let it write some documents, then kill it without warning. The largest documents
    // come first and a scanned one goes through OCR, so wait for two written however long
    // that takes on a loaded machine (bounded, in case the run hangs).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(900);
    while std::fs::read_to_string(killed.join("manifest.jsonl")).map_or(0, |m| m.lines().count()) < 2
        && std::time::Instant::now() < deadline
        && child.try_wait().ok().flatten().is_none()
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    let o = planx(&["extract", src.to_str().unwrap(), "--out", killed.to_str().unwrap(), "--resume", "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(!stdout.contains(" 0 skipped"), "the resumed run skipped what the killed one wrote:\n{stdout}");
    let (mut a, mut b) = (tree(&whole), tree(&killed));
    // The manifest records how each run went (the killed one resumed); the outputs must match.
    a.remove(Path::new("manifest.jsonl"));
    b.remove(Path::new("manifest.jsonl"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same files");
    for (k, v) in &a {
        assert!(b[k] == *v, "{} differs after resuming", k.display());
    }
}
