//! Fuzzes the content-stream reader: any bytes, as the uncompressed content stream of a
//! one-page PDF with a simple and a composite font, through every stage. (Bytes fed to the
//! `pdf` target rarely get past the compressed streams of a real file.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static PIPELINE: OnceLock<planx::Pipeline> = OnceLock::new();
    let p = PIPELINE.get_or_init(|| planx::Pipeline::new(None).expect("built-in rules"));
    let pdf = planx::dev::one_page_pdf("/MediaBox [0 0 595 842]", data);
    if let Ok(x) = p.extract_bytes(Path::new("fuzz.pdf"), &pdf) {
        let _ = planx::emit::to_json(&x);
    }
});
