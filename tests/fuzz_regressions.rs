//! Inputs the fuzzers found interesting (`tests/fuzz_corpus/<target>/`), replayed through
//! the pipeline: none may panic. See README "Fuzzing" for how the corpus is made.

mod common;

use std::path::Path;

fn replay(target: &str, name_hint: &str) -> usize {
    let dir = common::root().join("tests/fuzz_corpus").join(target);
    let Ok(rd) = std::fs::read_dir(&dir) else { return 0 };
    let pipeline = planx::Pipeline::new(None).unwrap();
    let mut n = 0;
    for e in rd.flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(x) = pipeline.extract_bytes(Path::new(name_hint), &bytes) {
                let _ = planx::emit::to_json(&x);
            }
        }));
        assert!(r.is_ok(), "panic on {}", e.path().display());
        n += 1;
    }
    n
}

#[test]
fn text_corpus_never_panics() {
    let n = replay("text", "fuzz.txt");
    assert!(n > 0, "the text corpus is committed");
}

#[test]
fn pdf_corpus_never_panics() {
    replay("pdf", "fuzz.pdf");
}
