fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).unwrap();
    let p: u32 = a[2].parse().unwrap();
    let id = doc.get_pages()[&p];
    let c = doc.get_page_content(id);
    std::io::Write::write_all(&mut std::io::stdout(), &c).unwrap();
}
