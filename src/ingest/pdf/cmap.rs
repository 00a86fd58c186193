//! Our own CMap reader: ToUnicode maps (bfchar / bfrange, multi-character targets, the
//! array form) and the code-space ranges of embedded encoding CMaps.
//!
//! Written here rather than taken from a crate because the broken maps of real volumes
//! must be read exactly as they are (a polluted multi-character entry is kept whole, so
//! that the repair layer can judge it), and because a malformed map must never panic.

use std::collections::HashMap;

/// A code-space range: codes of `bytes` bytes between `lo` and `hi` (inclusive, per byte
/// in the PDF sense, approximated here as a numeric range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSpace {
    pub bytes: u8,
    pub lo: u32,
    pub hi: u32,
}

/// A parsed CMap: code spaces and code → Unicode string entries.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    pub spaces: Vec<CodeSpace>,
    pub map: HashMap<u32, String>,
    /// `usecmap` names, for information (predefined CMaps are not bundled).
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(String),
    Word(String),
    Int(i64),
    Open,
    Close,
}

fn tokenize(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = data.len();
    while i < n {
        let c = data[i];
        match c {
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if i + 1 < n && data[i + 1] == b'<' => {
                i += 2;
            }
            b'>' if i + 1 < n && data[i + 1] == b'>' => {
                i += 2;
            }
            b'<' => {
                i += 1;
                let mut nyb: Vec<u8> = Vec::new();
                while i < n && data[i] != b'>' {
                    let d = data[i];
                    let v = match d {
                        b'0'..=b'9' => Some(d - b'0'),
                        b'a'..=b'f' => Some(d - b'a' + 10),
                        b'A'..=b'F' => Some(d - b'A' + 10),
                        _ => None,
                    };
                    if let Some(v) = v {
                        nyb.push(v);
                    }
                    i += 1;
                }
                i += 1;
                if nyb.len() % 2 == 1 {
                    nyb.push(0);
                }
                out.push(Tok::Hex(nyb.chunks(2).map(|p| p[0] << 4 | p[1]).collect()));
            }
            b'(' => {
                // Literal string with escapes and nested parentheses.
                i += 1;
                let mut depth = 1;
                let mut s = Vec::new();
                while i < n {
                    let d = data[i];
                    i += 1;
                    match d {
                        b'\\' if i < n => {
                            let e = data[i];
                            i += 1;
                            match e {
                                b'n' => s.push(b'\n'),
                                b'r' => s.push(b'\r'),
                                b't' => s.push(b'\t'),
                                b'b' => s.push(8),
                                b'f' => s.push(12),
                                b'0'..=b'7' => {
                                    let mut v = (e - b'0') as u32;
                                    for _ in 0..2 {
                                        if i < n && (b'0'..=b'7').contains(&data[i]) {
                                            v = v * 8 + (data[i] - b'0') as u32;
                                            i += 1;
                                        }
                                    }
                                    s.push(v as u8);
                                }
                                b'\r' | b'\n' => {}
                                other => s.push(other),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(d);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            s.push(d);
                        }
                        _ => s.push(d),
                    }
                }
                out.push(Tok::Str(s));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'/' => {
                i += 1;
                let st = i;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                out.push(Tok::Name(String::from_utf8_lossy(&data[st..i]).into_owned()));
            }
            _ if is_ws(c) => i += 1,
            _ => {
                let st = i;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                if i == st {
                    i += 1;
                    continue;
                }
                let w = &data[st..i];
                match std::str::from_utf8(w).ok().and_then(|s| s.parse::<i64>().ok()) {
                    Some(v) => out.push(Tok::Int(v)),
                    None => out.push(Tok::Word(String::from_utf8_lossy(w).into_owned())),
                }
            }
        }
    }
    out
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 12)
}
fn is_delim(c: u8) -> bool {
    is_ws(c) || matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | x as u32)
}

/// Decodes UTF-16BE (a ToUnicode target); lone surrogates become U+FFFD.
pub fn utf16be(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks(2).map(|p| if p.len() == 2 { (p[0] as u16) << 8 | p[1] as u16 } else { p[0] as u16 }).collect();
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// Adds `k` to the last UTF-16 unit of a target (bfrange with one target).
fn bump(b: &[u8], k: u32) -> String {
    let mut v = b.to_vec();
    if v.len() >= 2 {
        let l = v.len();
        let last = ((v[l - 2] as u32) << 8 | v[l - 1] as u32).wrapping_add(k);
        v[l - 2] = (last >> 8) as u8;
        v[l - 1] = last as u8;
    } else if v.len() == 1 {
        v[0] = v[0].wrapping_add(k as u8);
    }
    utf16be(&v)
}

/// Ranges longer than this are clipped (a corrupt map must not allocate gigabytes).
const MAX_RANGE: u32 = 0x1_0000;

impl CMap {
    /// Parses CMap program text. Never fails: what cannot be read is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokenize(data);
        let mut cm = CMap::default();
        let mut i = 0;
        let n = toks.len();
        while i < n {
            match &toks[i] {
                Tok::Word(w) if w == "begincodespacerange" => {
                    i += 1;
                    while i + 1 < n {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Hex(b)) => {
                                cm.spaces.push(CodeSpace { bytes: a.len().clamp(1, 4) as u8, lo: code_of(a), hi: code_of(b) });
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(w) if w == "beginbfchar" || w == "begincidchar" => {
                    let cid = w == "begincidchar";
                    i += 1;
                    while i + 1 < n {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Hex(b)) if !cid => {
                                cm.map.insert(code_of(a), utf16be(b));
                                i += 2;
                            }
                            (Tok::Hex(a), Tok::Str(b)) if !cid => {
                                cm.map.insert(code_of(a), utf16be(b));
                                i += 2;
                            }
                            (Tok::Hex(_), Tok::Int(_)) | (Tok::Hex(_), Tok::Name(_)) => i += 2,
                            _ => break,
                        }
                    }
                }
                Tok::Word(w) if w == "beginbfrange" => {
                    i += 1;
                    while i + 2 < n {
                        let (a, b) = match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Hex(b)) => (code_of(a), code_of(b)),
                            _ => break,
                        };
                        let hi = b.min(a.saturating_add(MAX_RANGE));
                        match &toks[i + 2] {
                            Tok::Hex(d) | Tok::Str(d) => {
                                for (k, c) in (a..=hi).enumerate() {
                                    cm.map.insert(c, bump(d, k as u32));
                                }
                                i += 3;
                            }
                            Tok::Open => {
                                let mut j = i + 3;
                                let mut c = a;
                                while j < n && toks[j] != Tok::Close {
                                    if let Tok::Hex(d) | Tok::Str(d) = &toks[j] {
                                        if c <= hi {
                                            cm.map.insert(c, utf16be(d));
                                        }
                                        c = c.saturating_add(1);
                                    }
                                    j += 1;
                                }
                                i = j + 1;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(w) if w == "usecmap" => {
                    if let Some(Tok::Name(nm)) = i.checked_sub(1).and_then(|k| toks.get(k)) {
                        cm.uses.push(nm.clone());
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        cm
    }

    /// The byte length of the code that starts `bytes`, from the code spaces (2 when the
    /// map has none and `default2` is set, else 1).
    pub fn code_len(&self, bytes: &[u8], default2: bool) -> usize {
        if self.spaces.is_empty() {
            return if default2 { 2 } else { 1 };
        }
        for len in 1..=4usize {
            if bytes.len() < len {
                break;
            }
            let c = code_of(&bytes[..len]);
            if self.spaces.iter().any(|s| s.bytes as usize == len && c >= s.lo && c <= s.hi) {
                return len;
            }
        }
        // Not in any range: take the shortest length in use (PDF spec fallback).
        self.spaces.iter().map(|s| s.bytes as usize).min().unwrap_or(1).min(bytes.len()).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_multichar_and_array_forms() {
        let src = br"
/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0021> <0E190E49>
<0003> <0020>
<0010> (\000A)
endbfchar
2 beginbfrange
<0030> <0032> <0E01>
<0040> <0042> [<0E33> <0066006C> <D835DC00>]
endbfrange
endcmap";
        let cm = CMap::parse(src);
        assert_eq!(cm.spaces, vec![CodeSpace { bytes: 2, lo: 0, hi: 0xFFFF }]);
        assert_eq!(cm.map[&0x21], "\u{0E19}\u{0E49}");
        assert_eq!(cm.map[&0x03], " ");
        assert_eq!(cm.map[&0x10], "A");
        assert_eq!(cm.map[&0x30], "ก");
        assert_eq!(cm.map[&0x32], "ฃ");
        assert_eq!(cm.map[&0x40], "ำ");
        assert_eq!(cm.map[&0x41], "fl");
        assert_eq!(cm.map[&0x42], "\u{1D400}");
        assert!(!cm.map.contains_key(&0x33));
        assert_eq!(cm.code_len(&[0, 0x21], false), 2);
    }

    #[test]
    fn mixed_code_lengths_and_garbage_never_panic() {
        let cm = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFFFFFF> <00> endbfrange");
        assert_eq!(cm.code_len(&[0x41, 0x42], false), 1);
        assert_eq!(cm.code_len(&[0x81, 0x42], false), 2);
        assert!(cm.map.len() <= MAX_RANGE as usize + 1);
        let _ = CMap::parse(b"<<< [[ ( \\");
        let _ = CMap::parse(b"beginbfrange <01> <02> [ <0041>");
    }
}
