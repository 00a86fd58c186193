//! Compiles in every rules/templates/*.toml: adding a built-in template is dropping a file
//! there (and rebuilding); templates in `--rules DIR/templates` need no rebuild at all.

use std::io::Write;
use std::path::Path;

fn main() {
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
