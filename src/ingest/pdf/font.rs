//! Fonts as the walker needs them: code length, advance widths, and code → Unicode from
//! the sources the font dictionary itself carries (ToUnicode, Encoding + Differences,
//! glyph names). Repair tables (see `repair`) are laid over this afterwards.

use super::cmap::{CMap, CodeMap};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::sync::Arc;

/// How a glyph's Unicode was obtained, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GlyphOrigin {
    /// A marked-content span's /ActualText.
    ActualText,
    /// The font's ToUnicode map.
    ToUnicode,
    /// The simple font's base encoding (WinAnsi, Standard, MacRoman).
    Encoding,
    /// A glyph name (Differences, or the embedded font's own names).
    GlyphName,
    /// The embedded font program's own Unicode cmap (a glyph the PDF's maps leave out).
    FontCmap,
    /// A sibling subset of the same font family in the same file.
    Sibling,
    /// A learned per-family table shipped in `rules/fonts/`.
    Learned,
    /// Filled in from Unicode order between mapped neighbours.
    Gap,
    /// The first character of a ToUnicode entry polluted with a whole cluster.
    Cluster,
    /// The outline matcher: the glyph's outline is that of a mapped glyph of the same
    /// font or family (see `outline`).
    Outline,
    /// No source gave a meaning; the text is U+FFFD.
    Unmapped,
    /// Read from the page image by OCR, with the engine's confidence in the reading
    /// (0–100); the glyph's text is a word, not one character.
    Ocr { confidence: u8 },
}

impl GlyphOrigin {
    /// True when the meaning was inferred by planx rather than read from the PDF.
    pub fn inferred(self) -> bool {
        matches!(self, GlyphOrigin::Sibling | GlyphOrigin::Learned | GlyphOrigin::Gap | GlyphOrigin::Cluster | GlyphOrigin::Outline)
    }
}

/// A font, loaded once per font object.
#[derive(Debug, Clone, Default)]
pub struct Font {
    pub object: Option<ObjectId>,
    pub base_font: String,
    pub subtype: String,
    pub composite: bool,
    /// Embedded encoding CMap of a Type0 font (for its code spaces).
    pub encoding_cmap: Option<CMap>,
    pub to_unicode: Option<CMap>,
    /// Simple fonts: code → (Unicode, origin) from base encoding and Differences.
    pub simple: CodeMap<(String, GlyphOrigin)>,
    /// Simple fonts: code → glyph name from Differences.
    pub names: CodeMap<String>,
    /// Simple font widths from FirstChar.
    pub first_char: u32,
    pub simple_widths: Vec<f32>,
    /// CID font widths (W array).
    pub cid_widths: CodeMap<f32>,
    pub default_width: f32,
    /// Glyph space → text space (1/1000, or FontMatrix of a Type3 font).
    pub scale: f32,
    /// Repaired meanings (from `repair`), tried before everything but a clean ToUnicode.
    pub repair: CodeMap<(String, GlyphOrigin)>,
    /// Codes whose ToUnicode entry was judged wrong (polluted cluster or U+FFFD).
    pub distrust: CodeMap<()>,
    /// Every mapped code's meaning as [`Font::unicode`] gives it, shared by the glyphs
    /// drawn with it (filled by [`Font::resolve`] once the maps above are final).
    pub resolved: CodeMap<(Arc<str>, GlyphOrigin)>,
}

fn name_of(o: &Object) -> Option<String> {
    match o {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

pub(crate) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    let mut cur = o;
    for _ in 0..8 {
        match cur {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(x) => cur = x,
                Err(_) => return &Object::Null,
            },
            _ => return cur,
        }
    }
    &Object::Null
}

pub(crate) fn dget<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o)).filter(|o| !matches!(o, Object::Null))
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => Some(s.decompressed_content_with_limit(super::MAX_STREAM_BYTES).ok()?),
        _ => None,
    }
}

/// Unicode for a glyph name: AGL names, `uniXXXX[XXXX...]`, `uXXXX[XX]`, and the legacy
/// Thai PUA names (`uniF70A` → MAI EK) mapped to the standard marks.
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut s = String::new();
            for k in (0..hex.len()).step_by(4) {
                let v = u32::from_str_radix(&hex[k..k + 4], 16).ok()?;
                s.push(legacy_thai_pua(v).or_else(|| char::from_u32(v))?);
            }
            return Some(s);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return legacy_thai_pua(v).or_else(|| char::from_u32(v)).map(String::from);
        }
    }
    if base.len() == 1 && base.as_bytes()[0].is_ascii_alphabetic() {
        return Some(base.to_string());
    }
    let c = match base {
        "space" | "nbspace" | "nonbreakingspace" => ' ',
        "exclam" => '!', "quotedbl" => '"', "numbersign" => '#', "dollar" => '$', "percent" => '%',
        "ampersand" => '&', "quotesingle" => '\'', "quoteright" => '\u{2019}', "quoteleft" => '\u{2018}',
        "parenleft" => '(', "parenright" => ')', "asterisk" => '*', "plus" => '+', "comma" => ',',
        "hyphen" | "minus" => '-', "period" => '.', "slash" => '/', "zero" => '0', "one" => '1', "two" => '2',
        "three" => '3', "four" => '4', "five" => '5', "six" => '6', "seven" => '7', "eight" => '8', "nine" => '9',
        "colon" => ':', "semicolon" => ';', "less" => '<', "equal" => '=', "greater" => '>', "question" => '?',
        "at" => '@', "bracketleft" => '[', "backslash" => '\\', "bracketright" => ']', "asciicircum" => '^',
        "underscore" => '_', "grave" => '`', "braceleft" => '{', "bar" => '|', "braceright" => '}',
        "asciitilde" => '~', "bullet" => '\u{2022}', "endash" => '\u{2013}', "emdash" => '\u{2014}',
        "quotedblleft" => '\u{201C}', "quotedblright" => '\u{201D}', "ellipsis" => '\u{2026}',
        "degree" => '\u{B0}', "section" => '\u{A7}', "copyright" => '\u{A9}', "registered" => '\u{AE}',
        "periodcentered" => '\u{B7}', "multiply" => '\u{D7}', "divide" => '\u{F7}', "Euro" => '\u{20AC}',
        "fi" => return Some("fi".into()), "fl" => return Some("fl".into()),
        _ => return agl_name(base),
    };
    Some(c.to_string())
}

/// A name the table above lacks: the Adobe Glyph List, or a ligature of listed names
/// joined by `_` (`f_f_i`).
fn agl_name(base: &str) -> Option<String> {
    if let Some(c) = super::encodings::agl_char(base) {
        // Latin ligatures are spelt out, as `fi` and `fl` are above.
        let lig = match c {
            '\u{FB00}' => "ff", '\u{FB01}' => "fi", '\u{FB02}' => "fl", '\u{FB03}' => "ffi", '\u{FB04}' => "ffl",
            '\u{FB05}' | '\u{FB06}' => "st",
            _ => return Some(c.to_string()),
        };
        return Some(lig.to_string());
    }
    if base.contains('_') && !base.starts_with('_') {
        return base.split('_').map(|part| glyph_name_to_unicode(part).filter(|_| !part.is_empty())).collect();
    }
    None
}

/// WinAnsi 0x80–0x9F (the rest of WinAnsi is Latin-1).
const WIN_ANSI_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// A base encoding's character for a code (WinAnsi exact; Standard and MacRoman agree
/// with it on printable ASCII but for two quotes, and above it their tables in
/// [`super::encodings`] give the glyph; the Symbol font's encoding is its own table).
fn base_char(enc: &str, code: u32) -> Option<char> {
    match (enc, code) {
        ("SymbolEncoding", _) => super::encodings::encoding_char(enc, code),
        (_, 0..=31) | (_, 127) => None,
        ("StandardEncoding", 0x27) => Some('\u{2019}'),
        ("StandardEncoding", 0x60) => Some('\u{2018}'),
        (_, 32..=126) => char::from_u32(code),
        ("WinAnsiEncoding", 0x80..=0x9F) => char::from_u32(WIN_ANSI_HIGH[(code - 0x80) as usize] as u32).filter(|&c| c != '\0'),
        ("WinAnsiEncoding", 0xA0..=0xFF) => char::from_u32(code),
        (_, 128..=255) => super::encodings::encoding_char(enc, code),
        _ => None,
    }
}

/// The legacy Thai PUA glyphs (Microsoft / Adobe Thai fonts, U+F700–U+F71A): shifted
/// and lowered variants of the standard marks, mapped to the standard code point.
pub fn legacy_thai_pua(v: u32) -> Option<char> {
    let c = match v {
        0xF700 => '\u{0E10}', // THO THAN without descender
        0xF701 => '\u{0E34}',
        0xF702 => '\u{0E35}',
        0xF703 => '\u{0E36}',
        0xF704 => '\u{0E37}',
        0xF705 => '\u{0E48}',
        0xF706 => '\u{0E49}',
        0xF707 => '\u{0E4A}',
        0xF708 => '\u{0E4B}',
        0xF709 => '\u{0E4C}',
        0xF70A => '\u{0E48}',
        0xF70B => '\u{0E49}',
        0xF70C => '\u{0E4A}',
        0xF70D => '\u{0E4B}',
        0xF70E => '\u{0E4C}',
        0xF70F => '\u{0E0D}', // YO YING without descender
        0xF710 => '\u{0E31}',
        0xF711 => '\u{0E4D}',
        0xF712 => '\u{0E47}',
        0xF713 => '\u{0E48}',
        0xF714 => '\u{0E49}',
        0xF715 => '\u{0E4A}',
        0xF716 => '\u{0E4B}',
        0xF717 => '\u{0E4C}',
        0xF718 => '\u{0E38}',
        0xF719 => '\u{0E39}',
        0xF71A => '\u{0E3A}',
        _ => return None,
    };
    Some(c)
}

fn base_encoding(name: &str) -> Option<&'static str> {
    match name {
        "WinAnsiEncoding" => Some("WinAnsiEncoding"),
        "MacRomanEncoding" => Some("MacRomanEncoding"),
        "StandardEncoding" => Some("StandardEncoding"),
        "SymbolEncoding" => Some("SymbolEncoding"),
        _ => None,
    }
}

impl Font {
    /// Loads a font dictionary. Never fails: missing parts leave the font without them.
    pub fn load(doc: &Document, object: Option<ObjectId>, d: &Dictionary) -> Font {
        let mut f = Font { object, scale: 0.001, default_width: 1000.0, ..Font::default() };
        f.base_font = dget(doc, d, b"BaseFont").and_then(name_of).unwrap_or_default();
        f.subtype = dget(doc, d, b"Subtype").and_then(name_of).unwrap_or_default();
        f.composite = f.subtype == "Type0";
        if let Some(tu) = d.get(b"ToUnicode").ok().and_then(|o| stream_bytes(doc, o)) {
            f.to_unicode = Some(CMap::parse(&tu));
        }
        if f.composite {
            if let Some(enc) = d.get(b"Encoding").ok().and_then(|o| stream_bytes(doc, o)) {
                f.encoding_cmap = Some(CMap::parse(&enc));
            }
            let desc = match dget(doc, d, b"DescendantFonts") {
                Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
                _ => None,
            };
            if let Some(Object::Dictionary(cd)) = desc {
                if let Some(dw) = dget(doc, cd, b"DW").and_then(num) {
                    f.default_width = dw;
                }
                if let Some(Object::Array(w)) = dget(doc, cd, b"W") {
                    f.cid_widths = parse_w(doc, w);
                }
            }
        } else {
            if f.subtype == "Type3" {
                if let Some(Object::Array(m)) = dget(doc, d, b"FontMatrix") {
                    if let Some(a) = m.first().and_then(|o| num(deref(doc, o))) {
                        f.scale = a;
                    }
                }
            }
            f.first_char = dget(doc, d, b"FirstChar").and_then(num).unwrap_or(0.0).max(0.0) as u32;
            let has_widths = if let Some(Object::Array(w)) = dget(doc, d, b"Widths") {
                f.simple_widths = w.iter().map(|o| num(deref(doc, o)).unwrap_or(0.0)).collect();
                true
            } else {
                false
            };
            // The standard 14 fonts may come without /Widths: then glyphs still advance,
            // by an average width (half an em), so that words stay apart.
            const NO_WIDTHS_ADVANCE: f32 = 500.0;
            f.default_width = dget(doc, d, b"FontDescriptor")
                .and_then(|o| if let Object::Dictionary(fd) = o { dget(doc, fd, b"MissingWidth").and_then(num) } else { None })
                .unwrap_or(if has_widths { 0.0 } else { NO_WIDTHS_ADVANCE });
            f.load_simple_encoding(doc, d);
            if !has_widths {
                f.standard_widths();
            }
        }
        f
    }

    /// A standard 14 font drawn without `/Widths` advances by its published metrics
    /// (see [`super::std14`]); codes the table lacks keep the default advance.
    fn standard_widths(&mut self) {
        if !super::std14::is_standard(&self.base_font) {
            return;
        }
        self.first_char = 0;
        self.simple_widths = (0..256u32)
            .map(|code| {
                let c = self.simple.get(&code).and_then(|(u, _)| u.chars().next());
                c.and_then(|c| super::std14::width(&self.base_font, c)).unwrap_or(self.default_width)
            })
            .collect();
    }

    fn load_simple_encoding(&mut self, doc: &Document, d: &Dictionary) {
        // The built-in encoding applies where the dictionary names none: the Symbol
        // font's own, Standard for other Type 1 fonts, WinAnsi for TrueType.
        let default = if super::repair::family(&self.base_font) == "Symbol" {
            "SymbolEncoding"
        } else if self.subtype == "TrueType" {
            "WinAnsiEncoding"
        } else {
            "StandardEncoding"
        };
        let mut base = base_encoding(default);
        let mut diffs: Option<&Vec<Object>> = None;
        match dget(doc, d, b"Encoding") {
            Some(Object::Name(n)) => base = base_encoding(&String::from_utf8_lossy(n)).or(base),
            Some(Object::Dictionary(ed)) => {
                if let Some(n) = dget(doc, ed, b"BaseEncoding").and_then(name_of) {
                    base = base_encoding(&n).or(base);
                }
                if let Some(Object::Array(a)) = dget(doc, ed, b"Differences") {
                    diffs = Some(a);
                }
            }
            _ => {}
        }
        if let Some(enc) = base {
            for code in 0..256u32 {
                if let Some(c) = base_char(enc, code) {
                    self.simple.insert(code, (c.to_string(), GlyphOrigin::Encoding));
                }
            }
        }
        if let Some(a) = diffs {
            let mut code = 0u32;
            for o in a {
                match deref(doc, o) {
                    Object::Integer(i) => code = (*i).clamp(0, 255) as u32,
                    Object::Name(n) => {
                        let name = String::from_utf8_lossy(n).into_owned();
                        if let Some(u) = glyph_name_to_unicode(&name) {
                            self.simple.insert(code, (u, GlyphOrigin::GlyphName));
                        } else {
                            self.simple.remove(&code);
                        }
                        self.names.insert(code, name);
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
    }

    /// Byte length of the next code in `bytes`.
    #[inline]
    pub fn code_len(&self, bytes: &[u8]) -> usize {
        if !self.composite {
            return 1;
        }
        match &self.encoding_cmap {
            Some(cm) if !cm.spaces.is_empty() => cm.code_len(bytes, true),
            _ => 2,
        }
    }

    /// Advance width of a code in glyph units (thousandths for most fonts).
    #[inline]
    pub fn width(&self, code: u32) -> f32 {
        if self.composite {
            *self.cid_widths.get(&code).unwrap_or(&self.default_width)
        } else {
            code.checked_sub(self.first_char)
                .and_then(|i| self.simple_widths.get(i as usize).copied())
                .unwrap_or(self.default_width)
        }
    }

    /// Unicode of a code and how it was obtained.
    pub fn unicode(&self, code: u32) -> (String, GlyphOrigin) {
        if let Some(tu) = &self.to_unicode {
            if !self.distrust.contains_key(&code) {
                if let Some(s) = tu.map.get(&code) {
                    if !s.is_empty() && s != "\u{FFFD}" {
                        return (s.clone(), GlyphOrigin::ToUnicode);
                    }
                }
            }
        }
        if let Some((s, o)) = self.repair.get(&code) {
            return (s.clone(), *o);
        }
        if !self.composite {
            if let Some((s, o)) = self.simple.get(&code) {
                return (s.clone(), *o);
            }
        }
        ("\u{FFFD}".to_string(), GlyphOrigin::Unmapped)
    }

    /// Fills [`Font::resolved`] from the maps as they are now: call it after the last
    /// change to `to_unicode`, `repair`, `distrust` or `simple`.
    pub fn resolve(&mut self) {
        let codes = self.to_unicode.iter().flat_map(|t| t.map.keys()).chain(self.repair.keys()).chain(self.simple.keys());
        let mut resolved = CodeMap::default();
        for &code in codes {
            resolved.entry(code).or_insert_with(|| {
                let (s, o) = self.unicode(code);
                (Arc::from(s), o)
            });
        }
        self.resolved = resolved;
    }

    /// [`Font::unicode`] as glyphs carry it: shared from [`Font::resolved`] (a code no map
    /// has, or a font not resolved, gets a string of its own).
    pub fn glyph_text(&self, code: u32) -> (Arc<str>, GlyphOrigin) {
        match self.resolved.get(&code) {
            Some((s, o)) => (Arc::clone(s), *o),
            None => {
                let (s, o) = self.unicode(code);
                (Arc::from(s), o)
            }
        }
    }
}

/// Parses a CID font's W array: `c [w1 w2 ...]` and `cfirst clast w`.
fn parse_w(doc: &Document, w: &[Object]) -> CodeMap<f32> {
    let mut out = CodeMap::default();
    let mut i = 0;
    while i < w.len() {
        let first = match num(deref(doc, &w[i])) {
            Some(v) => v.max(0.0) as u32,
            None => break,
        };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num(deref(doc, o)) {
                        out.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(first as f32).max(0.0) as u32;
                let v = w.get(i + 2).and_then(|o| num(deref(doc, o))).unwrap_or(0.0);
                for c in first..=last.min(first + 0x1_0000) {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests;
