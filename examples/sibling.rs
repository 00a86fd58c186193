use lopdf::{Document, Object};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = Document::load(&a[1]).unwrap();
    for (id, o) in &doc.objects {
        let Object::Dictionary(d) = o else { continue };
        let Ok(Object::Reference(ff)) = d.get(b"FontFile2") else { continue };
        let name = d.get(b"FontName").ok().and_then(|n| n.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
        let Ok(Object::Stream(s)) = doc.get_object(*ff) else { continue };
        let data = s.decompressed_content().unwrap_or_default();
        let names = planx::ingest::pdf::repair::truetype_glyph_names(&data);
        let thai = names.values().filter(|n| n.starts_with("uni0E") || n.starts_with("uniF7")).count();
        let mut v: Vec<_> = names.iter().filter(|(_, n)| n.starts_with("uni")).collect();
        v.sort();
        println!("{id:?} {name} bytes={} names={} thai={} sample={:?}", data.len(), names.len(), thai, &v[..v.len().min(8)]);
    }
}
