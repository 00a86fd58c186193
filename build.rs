//! Compiles in every rules/templates/*.toml: adding a built-in template is dropping a file
//! there (and rebuilding); templates in `--rules DIR/templates` need no rebuild at all.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Files under `dir`, recursively, sorted.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// `PLANX_BUILD_ID`: the git commit when known (and "+" when the tree differs from it)
/// and a hash of what the output depends on (sources, built-in rules, Cargo.lock), so
/// that `--resume` redoes documents made by another build even at the same version.
fn build_id() -> String {
    let mut files = Vec::new();
    for d in ["src", "rules"] {
        println!("cargo:rerun-if-changed={d}");
        files_under(Path::new(d), &mut files);
    }
    files.push(PathBuf::from("Cargo.lock"));
    files.push(PathBuf::from("build.rs"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    files.sort();
    // FNV-1a, 64 bits, twice with different seeds: stable across Rust versions.
    let (mut a, mut b) = (0xcbf29ce484222325u64, 0x84222325cbf29ce4u64);
    let mut eat = |bytes: &[u8]| {
        for &x in bytes {
            a = (a ^ u64::from(x)).wrapping_mul(0x100000001b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x100000001b3).rotate_left(5);
        }
    };
    for f in &files {
        eat(f.to_string_lossy().as_bytes());
        eat(&[0]);
        eat(&std::fs::read(f).unwrap_or_default());
        eat(&[0]);
    }
    let git = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty());
    match git {
        Some(g) => format!("{g}-{a:016x}{b:08x}", b = b as u32),
        None => format!("{a:016x}{b:08x}", b = b as u32),
    }
}

fn main() {
    println!("cargo:rustc-env=PLANX_BUILD_ID={}", build_id());
    let dir = Path::new("rules/templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("rules/templates exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_templates.rs");
    let mut f = std::fs::File::create(out).expect("create generated file");
    writeln!(f, "/// Built-in templates: (file name, TOML text).").unwrap();
    writeln!(f, "pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[").unwrap();
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let abs = std::fs::canonicalize(p).expect("canonical path");
        writeln!(f, "    ({:?}, include_str!({:?})),", p.file_name().unwrap().to_string_lossy(), abs.display().to_string()).unwrap();
    }
    writeln!(f, "];").unwrap();
}
