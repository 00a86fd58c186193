//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared data folder beside the repository (`../shared`), if present. A clone from a
/// public host has none: tests that measure against it then skip, saying so, on CI too
/// (the suite must pass on a bare clone; .ci/run runs both).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("..").join("shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared not present");
        None
    }
}

/// The five seed texts bundled in samples/, sorted.
pub fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// The seed number of a sample ("000" for samples/000_x.txt).
pub fn seed_of(p: &Path) -> String {
    p.file_name().unwrap().to_str().unwrap()[..3].to_string()
}
