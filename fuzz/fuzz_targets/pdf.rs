//! Fuzzes the PDF path: any bytes, read as a `.pdf` document, through every stage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static PIPELINE: OnceLock<planx::Pipeline> = OnceLock::new();
    let p = PIPELINE.get_or_init(|| planx::Pipeline::new(None).expect("built-in rules"));
    if let Ok(x) = p.extract_bytes(Path::new("fuzz.pdf"), data) {
        let _ = planx::emit::to_json(&x);
    }
});
