//! Inputs the fuzzers found interesting (`tests/fuzz_corpus/<target>/`), replayed through
//! the pipeline: none may panic. See README "Fuzzing" for how the corpus is made.

mod common;

use std::path::Path;

/// Replays every input of a target's corpus; `wrap` turns an input into the document bytes.
fn replay(target: &str, name_hint: &str, wrap: fn(&[u8]) -> Vec<u8>) -> usize {
    let dir = common::root().join("tests/fuzz_corpus").join(target);
    let Ok(rd) = std::fs::read_dir(&dir) else { return 0 };
    let pipeline = planx::Pipeline::new(None).unwrap();
    let mut n = 0;
    for e in rd.flatten() {
        let bytes = wrap(&std::fs::read(e.path()).unwrap());
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
    let n = replay("text", "fuzz.txt", <[u8]>::to_vec);
    assert!(n > 0, "the text corpus is committed");
}

#[test]
fn pdf_corpus_never_panics() {
    replay("pdf", "fuzz.pdf", <[u8]>::to_vec);
}

/// The `content` target's inputs are content streams, run on a one-page PDF.
#[test]
fn content_corpus_never_panics() {
    replay("content", "fuzz.pdf", |c| planx::dev::one_page_pdf("/MediaBox [0 0 595 842]", c));
}
