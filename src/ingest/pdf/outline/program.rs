//! A font's embedded program (TrueType/OpenType `FontFile2`/`FontFile3`, or a bare CFF
//! `FontFile3`) as the outline matcher reads it: code → glyph id, the program's own
//! glyph name and cmap Unicode of a glyph, and a glyph's [`Shape`].

use super::raster::{Edges, Shape};
use crate::ingest::pdf::font::{dget, Font};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use ttf_parser::GlyphId;

/// The bytes of an embedded program and how to read them.
pub struct Program {
    data: Vec<u8>,
    /// A bare CFF program (`Type1C`, `CIDFontType0C`) rather than an sfnt.
    cff: bool,
    composite: bool,
    /// A composite TrueType font's CIDToGIDMap stream (CID → GID), when not Identity.
    cid_to_gid: Option<Vec<u8>>,
}

/// A program parsed for reading glyphs (borrowing the bytes of a [`Program`]).
pub enum Parsed<'a> {
    Sfnt(Box<ttf_parser::Face<'a>>),
    Cff(Box<ttf_parser::cff::Table<'a>>),
}

fn stream(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match o {
        Object::Stream(s) => s.decompressed_content_with_limit(crate::ingest::pdf::MAX_STREAM_BYTES).ok(),
        _ => None,
    }
    .or_else(|| match o {
        Object::Reference(id) => stream(doc, doc.get_object(*id).ok()?),
        _ => None,
    })
}

impl Program {
    /// The embedded program of a font, if it has one planx can read (not Type 1).
    pub fn load(doc: &Document, f: &Font) -> Option<Program> {
        let d = doc.get_dictionary(f.object?).ok()?;
        let (desc, cid_to_gid): (&Dictionary, Option<Vec<u8>>) = if f.composite {
            let cd = match dget(doc, d, b"DescendantFonts")? {
                Object::Array(a) => match a.first()? {
                    Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                    Object::Dictionary(cd) => cd,
                    _ => return None,
                },
                _ => return None,
            };
            let map = cd.get(b"CIDToGIDMap").ok().and_then(|o| stream(doc, o));
            (cd, map)
        } else {
            (d, None)
        };
        let Object::Dictionary(fd) = dget(doc, desc, b"FontDescriptor")? else { return None };
        let (data, cff) = if let Ok(o) = fd.get(b"FontFile2") {
            (stream(doc, o)?, false)
        } else {
            let o = fd.get(b"FontFile3").ok()?;
            let data = stream(doc, o)?;
            // FontFile3 holds an OpenType font (`/Subtype /OpenType`) or a bare CFF.
            let sfnt = matches!(data.get(..4), Some(b"OTTO" | b"\0\x01\0\0" | b"true"));
            (data, !sfnt)
        };
        Some(Program { data, cff, composite: f.composite, cid_to_gid })
    }

    /// The program parsed, if its header and tables are readable.
    pub fn parse(&self) -> Option<Parsed<'_>> {
        if self.cff {
            ttf_parser::cff::Table::parse(&self.data).map(|t| Parsed::Cff(Box::new(t)))
        } else {
            ttf_parser::Face::parse(&self.data, 0).ok().map(|f| Parsed::Sfnt(Box::new(f)))
        }
    }

    /// The glyph a code draws: a composite font's CID through its CIDToGIDMap; a simple
    /// font's code through its Differences name, or the program's own (3,0)/(1,0)
    /// cmap or CFF encoding; `unicode` (known for mapped codes) through a (3,1) cmap.
    pub fn gid(&self, p: &Parsed, code: u32, name: Option<&str>, unicode: Option<char>) -> Option<GlyphId> {
        if self.composite {
            let g = match &self.cid_to_gid {
                Some(m) => {
                    let i = code as usize * 2;
                    u16::from_be_bytes([*m.get(i)?, *m.get(i + 1)?])
                }
                None => u16::try_from(code).ok()?,
            };
            return Some(GlyphId(g));
        }
        let byte = u8::try_from(code).ok()?;
        match p {
            Parsed::Cff(t) => name.and_then(|n| t.glyph_index_by_name(n)).or_else(|| t.glyph_index(byte)),
            Parsed::Sfnt(face) => {
                let cmap = face.tables().cmap?;
                let mut found = None;
                for st in cmap.subtables {
                    let (pid, eid) = (st.platform_id, st.encoding_id);
                    let g = match (pid, eid) {
                        (ttf_parser::PlatformId::Windows, 0) => st.glyph_index(0xF000 | code).or_else(|| st.glyph_index(code)),
                        (ttf_parser::PlatformId::Macintosh, 0) => st.glyph_index(code),
                        _ if st.is_unicode() => unicode.and_then(|c| st.glyph_index(c as u32)),
                        _ => None,
                    };
                    if let Some(g) = g.filter(|g| g.0 != 0) {
                        found = Some(g);
                        break;
                    }
                }
                found.or_else(|| name.and_then(|n| face.glyph_index_by_name(n)))
            }
        }
    }

    /// The program's own name of a glyph (`post` table or CFF charset).
    pub fn glyph_name<'a>(&self, p: &'a Parsed, g: GlyphId) -> Option<&'a str> {
        match p {
            Parsed::Sfnt(face) => face.glyph_name(g),
            Parsed::Cff(t) => t.glyph_name(g),
        }
    }

    /// The shape of a glyph, or `None` for an empty or unreadable one.
    pub fn shape(&self, p: &Parsed, g: GlyphId) -> Option<Shape> {
        let mut e = Edges::default();
        match p {
            Parsed::Sfnt(face) => {
                face.outline_glyph(g, &mut e)?;
                e.shape(face.units_per_em() as f32)
            }
            Parsed::Cff(t) => {
                t.outline(g, &mut e).ok()?;
                // CFF glyph space is a thousandth of an em unless the FontMatrix says otherwise.
                let sx = t.matrix().sx;
                e.shape(if sx > 0.0 { 1.0 / sx } else { 1000.0 })
            }
        }
    }
}

/// GID → Unicode from an sfnt's Unicode cmap subtables (lowest code point wins).
pub fn unicode_by_gid(p: &Parsed) -> HashMap<u16, char> {
    let mut out: HashMap<u16, char> = HashMap::new();
    let Parsed::Sfnt(face) = p else { return out };
    let Some(cmap) = face.tables().cmap else { return out };
    for st in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        let mut n = 0usize;
        st.codepoints(|cp| {
            n += 1;
            if n > 0x2_0000 {
                return;
            }
            if let (Some(g), Some(c)) = (st.glyph_index(cp), char::from_u32(cp)) {
                let e = out.entry(g.0).or_insert(c);
                if c < *e {
                    *e = c;
                }
            }
        });
    }
    out
}
