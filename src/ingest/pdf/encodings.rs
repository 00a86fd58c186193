//! Glyph-name and base-encoding tables for simple fonts: the Adobe Glyph List (name →
//! Unicode) and the PDF base encodings (MacRoman, Standard, WinAnsi, and the Symbol
//! font's built-in one), read once from `data/` on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `name HEX` lines of the Adobe Glyph List (see the file's header for its licence).
const GLYPH_LIST: &str = include_str!("data/glyphlist.txt");
/// One line per encoding: its name, then 256 glyph names (`.` = no glyph).
const ENCODINGS: &str = include_str!("data/encodings.txt");

/// The glyph list as (name, character), sorted by name (stably: of two entries with one
/// name, the later line comes later). A sorted list rather than a hash map: building the
/// map was a fixed cost of every PDF with a simple font, for a few lookups.
fn glyph_list() -> &'static [(&'static str, char)] {
    static AGL: OnceLock<Vec<(&'static str, char)>> = OnceLock::new();
    AGL.get_or_init(|| {
        let mut v: Vec<(&str, char)> = GLYPH_LIST
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, hex) = l.split_once(' ')?;
                Some((name, char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?))
            })
            .collect();
        v.sort_by_key(|e| e.0);
        v
    })
}

fn encodings() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static ENC: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    ENC.get_or_init(|| {
        ENCODINGS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split(' ');
                let name = it.next()?;
                let names: Vec<&str> = it.collect();
                (names.len() == 256).then_some((name, names))
            })
            .collect()
    })
}

/// The Adobe Glyph List's character for a glyph name (exact name, no suffix handling).
pub fn agl_char(name: &str) -> Option<char> {
    let list = glyph_list();
    // The last line naming it, as a map built from the lines in order would keep.
    let end = list.partition_point(|e| e.0 <= name);
    list[..end].last().filter(|e| e.0 == name).map(|e| e.1)
}

/// The glyph name a named encoding (`MacRomanEncoding`, `StandardEncoding`,
/// `WinAnsiEncoding`, `SymbolEncoding`) gives a code.
pub fn encoding_glyph(encoding: &str, code: u32) -> Option<&'static str> {
    let names = encodings().get(encoding)?;
    names.get(code as usize).copied().filter(|n| *n != ".")
}

/// The character a named encoding gives a code, through its glyph name.
pub fn encoding_char(encoding: &str, code: u32) -> Option<char> {
    encoding_glyph(encoding, code).and_then(agl_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        assert_eq!(agl_char("eacute"), Some('é'));
        assert_eq!(agl_char("greaterequal"), Some('≥'));
        assert_eq!(agl_char("no-such-glyph"), None);
        assert_eq!(encoding_char("MacRomanEncoding", 0x8E), Some('é'));
        assert_eq!(encoding_char("MacRomanEncoding", 0x87), Some('á'));
        assert_eq!(encoding_char("StandardEncoding", 0xE1), Some('Æ'));
        assert_eq!(encoding_char("WinAnsiEncoding", 0xE9), Some('é'));
        assert_eq!(encoding_char("SymbolEncoding", 0xB3), Some('≥'));
        assert_eq!(encoding_char("MacRomanEncoding", 0x01), None);
    }
}
