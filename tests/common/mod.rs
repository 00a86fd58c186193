//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs the `planx` binary built for the tests with `args`.
pub fn planx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planx")).args(args).output().expect("run planx")
}

/// A new empty folder under the system's temporary folder, named for this test process
/// and `name` (unique within a test binary).
pub fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("planx-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every file under `dir` by relative path, with its bytes; the manifest's timings
/// (`"ms":N,`) are removed, as they differ between any two runs.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    let timings = regex::Regex::new(r#""ms":\d+,"#).unwrap();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut bytes = std::fs::read(&p).unwrap();
                if p.file_name().unwrap() == "manifest.jsonl" {
                    let text = String::from_utf8(bytes).unwrap();
                    bytes = timings.replace_all(&text, "").into_owned().into_bytes();
                }
                m.insert(p.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    m
}
