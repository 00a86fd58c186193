use lopdf::{Document, Object};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = Document::load(&a[1]).unwrap();
    let fs = planx::ingest::pdf::FontSet::load(&doc);
    for (i, f) in fs.fonts.iter().enumerate() {
        let tu = f.to_unicode.as_ref().map(|t| t.map.len()).unwrap_or(0);
        let multi = f.to_unicode.as_ref().map(|t| t.map.values().filter(|v| v.chars().count() > 1).count()).unwrap_or(0);
        let fffd = f.to_unicode.as_ref().map(|t| t.map.values().filter(|v| v.contains('\u{FFFD}')).count()).unwrap_or(0);
        println!("{i} {:?} {} {} comp={} tu={} multi={} fffd={} names={} simple={}", f.object, f.base_font, f.subtype, f.composite, tu, multi, fffd, f.names.len(), f.simple.len());
    }
    let _ = Object::Null;
}
