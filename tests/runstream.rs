//! A bulk run's run-level outputs do not depend on the order its documents finish in:
//! the run starts the largest document first, and each finished document's rows are
//! spooled to disk as it finishes, yet values.csv and budget_items.csv hold the documents
//! in input order, as separate runs of each document would, and no temporary is left.

mod common;

use common::{planx, tmpdir, tree};
use std::path::Path;

/// The rows of a CSV after its header line.
fn rows(p: &Path) -> Vec<u8> {
    let b = std::fs::read(p).unwrap();
    let at = b.iter().position(|&c| c == b'\n').unwrap() + 1;
    b[at..].to_vec()
}

#[test]
fn run_level_outputs_keep_input_order_whatever_order_documents_finish_in() {
    let input = tmpdir("runstream-in");
    // Input order (by name) is smallest first; the run starts the largest first, so with
    // one job the documents finish in the reverse of input order.
    let mut samples = common::samples();
    samples.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let chosen = [&samples[0], &samples[1], &samples[samples.len() - 1]];
    let mut names = Vec::new();
    for (k, s) in chosen.iter().enumerate() {
        let name = format!("{}_{}", (b'a' + k as u8) as char, s.file_name().unwrap().to_str().unwrap());
        std::fs::copy(s, input.join(&name)).unwrap();
        names.push(name);
    }
    let one = tmpdir("runstream-j1");
    let two = tmpdir("runstream-j2");
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        assert!(planx(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", jobs, "-q"]).status.success());
    }
    assert_eq!(tree(&one), tree(&two), "the same outputs with one job and with two");
    let left: Vec<_> = std::fs::read_dir(&one).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with("planx-tmp")).collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
    for output in ["values.csv", "budget_items.csv"] {
        let mut expected = Vec::new();
        let mut documents_with_rows = 0;
        for (k, name) in names.iter().enumerate() {
            let alone = tmpdir(&format!("runstream-alone-{k}"));
            let file = input.join(name);
            assert!(planx(&["extract", file.to_str().unwrap(), "--out", alone.to_str().unwrap(), "-q"]).status.success());
            let r = rows(&alone.join(output));
            documents_with_rows += usize::from(!r.is_empty());
            expected.extend(r);
        }
        if output == "values.csv" {
            assert!(documents_with_rows >= 2, "the samples give values rows for two documents or more");
        }
        assert_eq!(String::from_utf8(rows(&one.join(output))).unwrap(), String::from_utf8(expected).unwrap(), "{output} in input order");
    }
}
