//! Tests of the outline matcher on PDFs built here around a tiny TrueType font made in
//! memory (a few polygon glyphs; no font file is shipped).

use super::super::synthetic::{pdf_of_objects, stream};
use super::super::{read_pages, GlyphOrigin};
use std::path::Path;

/// Polygon glyphs in a 1000-unit em: an L, a triangle, a T.
const L: &[(i16, i16)] = &[(0, 0), (400, 0), (400, 100), (100, 100), (100, 700), (0, 700)];
const TRI: &[(i16, i16)] = &[(0, 0), (500, 0), (250, 700)];
const T: &[(i16, i16)] = &[(200, 0), (300, 0), (300, 600), (500, 600), (500, 700), (0, 700), (0, 600), (200, 600)];

fn be16(v: &mut Vec<u8>, x: i32) {
    v.extend_from_slice(&(x as u16).to_be_bytes());
}

/// A TrueType font with `.notdef` and one glyph per polygon; with `cmap`, a (1,0)
/// format 0 table mapping each byte of `cmap` to glyph 1, 2, ...
fn ttf(glyphs: &[&[(i16, i16)]], cmap: &[u8]) -> Vec<u8> {
    let mut glyf = Vec::new();
    let mut loca = vec![0u32, 0];
    for pts in glyphs {
        let (x0, x1) = (pts.iter().map(|p| p.0).min().unwrap(), pts.iter().map(|p| p.0).max().unwrap());
        let (y0, y1) = (pts.iter().map(|p| p.1).min().unwrap(), pts.iter().map(|p| p.1).max().unwrap());
        for v in [1, x0 as i32, y0 as i32, x1 as i32, y1 as i32, pts.len() as i32 - 1, 0] {
            be16(&mut glyf, v);
        }
        glyf.extend(std::iter::repeat(1u8).take(pts.len()));
        let mut prev = 0i32;
        for p in pts.iter() {
            be16(&mut glyf, p.0 as i32 - prev);
            prev = p.0 as i32;
        }
        prev = 0;
        for p in pts.iter() {
            be16(&mut glyf, p.1 as i32 - prev);
            prev = p.1 as i32;
        }
        while glyf.len() % 4 != 0 {
            glyf.push(0);
        }
        loca.push(glyf.len() as u32);
    }
    let n = glyphs.len() as i32 + 1;
    let mut head = Vec::new();
    for x in [1, 0, 1, 0, 0, 0, 0x5F0F, 0x3CF5, 0, 1000] {
        be16(&mut head, x);
    }
    head.extend([0u8; 16]);
    for x in [0, 0, 1000, 1000, 0, 8, 2, 1, 0] {
        be16(&mut head, x);
    }
    let mut hhea = Vec::new();
    for x in [1, 0, 800, -200, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0] {
        be16(&mut hhea, x);
    }
    be16(&mut hhea, n);
    let mut hmtx = Vec::new();
    for _ in 0..n {
        be16(&mut hmtx, 600);
        be16(&mut hmtx, 0);
    }
    let mut maxp = vec![0, 0, 0x50, 0];
    be16(&mut maxp, n);
    let loca: Vec<u8> = loca.iter().flat_map(|o| o.to_be_bytes()).collect();
    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::new();
    if !cmap.is_empty() {
        let mut c = Vec::new();
        for x in [0, 1, 1, 0] {
            be16(&mut c, x);
        }
        c.extend(12u32.to_be_bytes());
        for x in [0, 262, 0] {
            be16(&mut c, x);
        }
        let mut ids = [0u8; 256];
        for (i, &b) in cmap.iter().enumerate() {
            ids[b as usize] = i as u8 + 1;
        }
        c.extend(ids);
        tables.push((b"cmap", c));
    }
    tables.extend([(b"glyf", glyf), (b"head", head), (b"hhea", hhea), (b"hmtx", hmtx), (b"loca", loca), (b"maxp", maxp)]);
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    for x in [tables.len() as i32, 0, 0, 0] {
        be16(&mut out, x);
    }
    let mut off = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend_from_slice(&tag[..]);
        out.extend(0u32.to_be_bytes());
        out.extend((off as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        off = 12 + 16 * tables.len() + body.len();
    }
    out.extend(body);
    out
}

/// A one-page PDF: `/FA`, a composite subset (Identity-H, CID = GID) of `a_font` whose
/// ToUnicode maps only CID 2 to `2`; `/FB`, a WinAnsi simple subset of the same family
/// embedding `b_font`; the content draws CIDs 1–3 with `/FA` and `b_text` with `/FB`.
fn pdf(a_font: &[u8], b_font: &[u8], b_text: &str) -> Vec<u8> {
    let tu = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar <0002> <0032> endbfchar endcmap end end";
    let content = format!("BT /FA 12 Tf 50 700 Td <000100020003> Tj ET BT /FB 12 Tf 50 650 Td ({b_text}) Tj ET");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /FA 4 0 R /FB 8 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+TestSans /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_vec(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+TestSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 10 0 R /DW 600 >>".to_vec(),
        stream("", tu.as_bytes()),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /BBBBBB+TestSans /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /FontDescriptor 9 0 R >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /BBBBBB+TestSans /Flags 32 /FontFile2 11 0 R >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /AAAAAA+TestSans /Flags 4 /FontFile2 12 0 R >>".to_vec(),
        stream("", b_font),
        stream("", a_font),
    ];
    pdf_of_objects(&objects)
}

/// The composite font's three glyphs as read: (text, origin).
fn first_three(bytes: &[u8]) -> Vec<(String, GlyphOrigin)> {
    let doc = read_pages(Path::new("t.pdf"), bytes, None).unwrap();
    doc.pages[0].glyphs.iter().take(3).map(|g| (g.unicode.to_string(), g.origin)).collect()
}

#[test]
fn unmapped_glyphs_take_the_sibling_subsets_meaning_by_outline() {
    // The sibling maps 1 → L, 4 → triangle, 7 → T (its own glyph order differs).
    let a = ttf(&[L, TRI, T], b"");
    let b = ttf(&[T, L, TRI], b"714");
    let got = first_three(&pdf(&a, &b, "147"));
    assert_eq!(got[0], ("1".to_string(), GlyphOrigin::Outline));
    assert_eq!(got[1], ("2".to_string(), GlyphOrigin::ToUnicode));
    assert_eq!(got[2], ("7".to_string(), GlyphOrigin::Outline));
    assert!(GlyphOrigin::Outline.inferred());
}

#[test]
fn an_outline_shared_by_two_meanings_is_not_guessed() {
    // The sibling draws 1 and 9 with the same L: CID 1 could be either.
    let a = ttf(&[L, TRI, T], b"");
    let b = ttf(&[L, TRI, T, L], b"1479");
    let got = first_three(&pdf(&a, &b, "1479"));
    assert_eq!(got[0], ("\u{FFFD}".to_string(), GlyphOrigin::Unmapped));
    assert_eq!(got[2], ("7".to_string(), GlyphOrigin::Outline));
}

#[test]
fn a_glyph_like_no_mapped_one_stays_unmapped() {
    let a = ttf(&[L, TRI, T], b"");
    let b = ttf(&[TRI], b"4");
    let got = first_three(&pdf(&a, &b, "4"));
    assert_eq!(got[0].1, GlyphOrigin::Unmapped);
    assert_eq!(got[2].1, GlyphOrigin::Unmapped);
}

#[test]
fn truncated_or_corrupt_font_programs_never_panic() {
    let a = ttf(&[L, TRI, T], b"");
    let b = ttf(&[T, L, TRI], b"714");
    for cut in (0..a.len()).step_by(7) {
        let got = first_three(&pdf(&a[..cut], &b[..cut.min(b.len())], "147"));
        assert_eq!(got.len(), 3);
    }
    // Bytes flipped all through the program (a sum walk, no randomness).
    for k in 0..200usize {
        let mut bad = a.clone();
        let i = (k * 7919) % bad.len();
        bad[i] = bad[i].wrapping_add(97 + k as u8);
        let mut bad_b = b.clone();
        let j = (k * 104_729) % bad_b.len();
        bad_b[j] ^= 0xFF;
        let _ = first_three(&pdf(&bad, &bad_b, "147"));
    }
}

#[test]
fn a_line_holding_an_outline_match_is_flagged_glyph_inferred() {
    let a = ttf(&[L, TRI, T], b"");
    let b = ttf(&[T, L, TRI], b"714");
    let x = crate::Pipeline::new(None).unwrap().extract_bytes(Path::new("t.pdf"), &pdf(&a, &b, "147")).unwrap();
    let all: Vec<(&str, &[crate::Flag])> = x
        .text
        .iter()
        .map(|l| (l.text.as_str(), l.flags.as_slice()))
        .chain(x.tables.iter().flat_map(|t| t.rows.iter()).flat_map(|r| r.cells.iter()).map(|c| (c.text.as_str(), c.flags.as_slice())))
        .collect();
    let hit = all.iter().find(|(t, _)| t.contains("127")).unwrap_or_else(|| panic!("no 127 in {all:?}"));
    assert!(hit.1.contains(&crate::Flag::GlyphInferred), "{all:?}");
    assert!(!all.iter().any(|(t, _)| t.contains('\u{FFFD}')));
}
