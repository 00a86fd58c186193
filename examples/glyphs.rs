//! Prints the glyphs of one PDF page: x, y, advance, font, code, origin of the Unicode,
//! Unicode. usage: cargo run --release --features dev --example glyphs -- FILE.pdf PAGE
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let p: u32 = a[2].parse().unwrap();
    let bytes = std::fs::read(&a[1]).unwrap();
    let doc = planx::dev::read_pages(std::path::Path::new(&a[1]), &bytes, Some((p, p))).unwrap();
    for g in &doc.pages[0].glyphs {
        println!("{:.1}\t{:.1}\tw{:.1}\tf{}\tc{}\t{:?}\t{}", g.x, g.y, g.width, g.font, g.code, g.origin, g.unicode);
    }
}
