use std::collections::BTreeMap;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).unwrap();
    let doc = planx::ingest::pdf::read(std::path::Path::new(&a[1]), &bytes).unwrap();
    let mut m: BTreeMap<(String, u32, String), usize> = BTreeMap::new();
    for p in &doc.pages {
        for g in &p.glyphs {
            if g.origin != planx::ingest::pdf::GlyphOrigin::ToUnicode || g.unicode.chars().count() > 1 {
                let name = doc.fonts.get(g.font as usize).map(|f| f.name.clone()).unwrap_or_default();
                *m.entry((name, g.code, format!("{:?}:{}", g.origin, g.unicode))).or_default() += 1;
            }
        }
    }
    for (k, v) in m { println!("{v}\t{}\t{}\t{}", k.0, k.1, k.2); }
}
