//! Small PDFs made in memory around a content stream, for tests and the fuzzers: the
//! content runs on one page with a simple font (`/F1`, Helvetica) and a composite one
//! (`/F2`, Identity-H with a ToUnicode map of a few Thai letters and marks on codes
//! 1-8), so that a fuzzer's bytes reach the content-stream reader, both text decoders
//! and the layout without first getting past a compressor.

/// The ToUnicode map of `/F2`: codes 1-8 → ก า ร ั ้ ่ ำ ๑.
const F2_TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Fuzz def 1 begincodespacerange <0000> <FFFF> endcodespacerange
8 beginbfchar <0001> <0E01> <0002> <0E32> <0003> <0E23> <0004> <0E31> <0005> <0E49> <0006> <0E48> <0007> <0E33> <0008> <0E51> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end";

/// A one-page PDF with a correct cross-reference table; `page` adds entries to the page
/// dictionary (`/MediaBox [0 0 842 595] /Rotate 90`), `content` is the page's stream.
pub fn one_page_pdf(page: &str, content: &[u8]) -> Vec<u8> {
    let page_dict = format!(
        "<< /Type /Page /Parent 2 0 R {page} /Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> /Contents 5 0 R >>"
    );
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page_dict.into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream("", content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /FuzzThai /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FuzzThai /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [4 [0 0 0]] >>".to_vec(),
        stream("", F2_TO_UNICODE.as_bytes()),
    ];
    pdf_of_objects(&objects)
}

/// A stream object: `dict`'s entries with the `/Length` of `data`, then `data`.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A PDF of `objects` (object `i + 1` is `objects[i]`; object 1 is the catalog) with a
/// correct cross-reference table.
pub fn pdf_of_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend_from_slice(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fonts_decode() {
        let pdf = one_page_pdf("/MediaBox [0 0 595 842]", b"BT /F1 12 Tf 72 700 Td (Rice 12) Tj /F2 12 Tf 0 -20 Td <00010002000300010004> Tj ET");
        let doc = super::super::read_pages(std::path::Path::new("x.pdf"), &pdf, None).expect("reads");
        let text: String = doc.pages[0].glyphs.iter().map(|g| &*g.unicode).collect();
        assert_eq!(text, "Rice 12การกั");
    }
}
