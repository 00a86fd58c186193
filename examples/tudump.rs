fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).unwrap();
    let fs = planx::ingest::pdf::FontSet::load(&doc);
    for f in &fs.fonts {
        if !f.base_font.contains(&a[2]) { continue; }
        println!("== {} repair={:?} distrust={:?}", f.base_font, { let mut v: Vec<_> = f.repair.iter().collect(); v.sort(); v }, f.distrust.len());
        if let Some(t) = &f.to_unicode {
            let mut v: Vec<_> = t.map.iter().collect();
            v.sort();
            for (k, s) in v { print!("{k}={} ", s.chars().map(|c| format!("{:04X}", c as u32)).collect::<Vec<_>>().join("+")); }
            println!();
        }
    }
}
#[allow(dead_code)]
fn x() {}
