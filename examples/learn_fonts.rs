//! Learns per-family GID → Unicode tables from the sibling simple TrueType subsets of
//! the given PDFs and writes them to DIR/<family>.tsv (see rules/fonts/README.md).
//!
//! usage: cargo run --release --features dev --example learn_fonts -- DIR FILE.pdf...
use std::collections::BTreeMap;
use std::io::Write;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&a[1]);
    let mut tables: BTreeMap<String, (BTreeMap<u32, String>, Vec<String>)> = BTreeMap::new();
    for pdf in &a[2..] {
        let doc = lopdf::Document::load(pdf).expect("readable PDF");
        let fs = planx::dev::FontSet::load(&doc);
        for (fam, ts) in planx::dev::sibling_tables(&doc, &fs.fonts) {
            let e = tables.entry(fam).or_default();
            let name = std::path::Path::new(pdf).file_name().unwrap().to_string_lossy().into_owned();
            if !e.1.contains(&name) {
                e.1.push(name);
            }
            for t in ts {
                for (g, u) in t {
                    // Keep what every sibling agrees on; drop a glyph on disagreement.
                    match e.0.get(&g) {
                        Some(old) if *old != u => {
                            e.0.insert(g, String::new());
                        }
                        _ => {
                            e.0.entry(g).or_insert(u);
                        }
                    }
                }
            }
        }
    }
    for (fam, (t, from)) in tables {
        let path = dir.join(format!("{fam}.tsv"));
        let mut f = std::fs::File::create(&path).expect("writable");
        writeln!(f, "# {fam}: glyph id -> Unicode, learned by examples/learn_fonts.rs from the cmap and").unwrap();
        writeln!(f, "# glyph names of the simple TrueType subset(s) of this family embedded in: {}", from.join(", ")).unwrap();
        writeln!(f, "# (original glyph numbering, so CID = GID in the Identity-H subsets; legacy PUA -> standard marks).").unwrap();
        for (g, u) in t.iter().filter(|(_, u)| !u.is_empty()) {
            let cps: Vec<String> = u.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
            writeln!(f, "{g}\t{}", cps.join(" ")).unwrap();
        }
        println!("{} ({} glyphs)", path.display(), t.len());
    }
}
