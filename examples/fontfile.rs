use lopdf::{Document, Object};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = Document::load(&a[1]).unwrap();
    let id: u32 = a[2].parse().unwrap();
    let Ok(Object::Dictionary(d)) = doc.get_object((id, 0)) else { return };
    let Ok(Object::Reference(ff)) = d.get(b"FontFile2") else { return };
    let Ok(Object::Stream(s)) = doc.get_object(*ff) else { return };
    let data = s.decompressed_content().unwrap_or_default();
    std::fs::write(&a[3], data).unwrap();
}
