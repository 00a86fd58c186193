fn main() {
    let a: Vec<String> = std::env::args().collect();
    let p: u32 = a[2].parse().unwrap();
    let bytes = std::fs::read(&a[1]).unwrap();
    let doc = planx::ingest::pdf::read_pages(std::path::Path::new(&a[1]), &bytes, Some((p, p))).unwrap();
    let pg = &doc.pages[0];
    println!("rulings {}", pg.rulings.len());
    for r in &pg.rulings { println!("R {:.1} {:.1} {:.1} {:.1}", r.x0, r.y0, r.x1, r.y1); }
    let mut last = -1e9f32;
    for g in &pg.glyphs {
        if (g.y - last).abs() > 1.0 { print!("\n{:.1} {:.1} s{:.1}: ", g.y, g.x, g.size); last = g.y; }
        print!("{}", g.unicode);
    }
    println!();
}
