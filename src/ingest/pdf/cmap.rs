//! Our own CMap reader: ToUnicode maps (bfchar / bfrange, multi-character targets, the
//! array form) and the code-space ranges of embedded encoding CMaps.
//!
//! Written here rather than taken from a crate because the broken maps of real volumes
//! must be read exactly as they are (a polluted multi-character entry is kept whole, so
//! that the repair layer can judge it), and because a malformed map must never panic.

use super::content::Lexer;
use lopdf::Object;
use std::collections::HashMap;

/// A map keyed by a glyph code (or CID), with a fast fixed hasher: fonts are asked about
/// every glyph drawn, and codes are not attacker-chosen keys worth SipHash.
pub type CodeMap<V> = HashMap<u32, V, foldhash::fast::FixedState>;

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
    pub map: CodeMap<String>,
    /// `usecmap` names, for information (predefined CMaps are not bundled).
    pub uses: Vec<String>,
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
    ///
    /// The program is read with the content-stream tokenizer: a section's entries are the
    /// operands of the operator that follows its `begin…` (its `end…`, or whatever comes
    /// next when a broken map leaves the `end…` out).
    pub fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut open: Option<&[u8]> = None;
        while let Some(op) = lexer.next_op() {
            let args = lexer.operands();
            match open.take() {
                Some(b"begincodespacerange") => cm.code_spaces(args),
                Some(b"beginbfchar") => cm.bf_chars(args),
                Some(b"beginbfrange") => cm.bf_ranges(args),
                // CID sections map codes to CIDs, not to text.
                _ => {}
            }
            match op {
                b"begincodespacerange" | b"beginbfchar" | b"beginbfrange" | b"begincidchar" | b"begincidrange" => open = Some(op),
                b"usecmap" => {
                    if let Some(Object::Name(n)) = args.last() {
                        cm.uses.push(String::from_utf8_lossy(n).into_owned());
                    }
                }
                _ => {}
            }
        }
        cm
    }

    /// `lo hi` pairs of a code-space section.
    fn code_spaces(&mut self, args: &[Object]) {
        for pair in args.chunks_exact(2) {
            let (Object::String(a, _), Object::String(b, _)) = (&pair[0], &pair[1]) else { break };
            self.spaces.push(CodeSpace { bytes: a.len().clamp(1, 4) as u8, lo: code_of(a), hi: code_of(b) });
        }
    }

    /// `code target` pairs of a bfchar section (a glyph-name target is skipped).
    fn bf_chars(&mut self, args: &[Object]) {
        for pair in args.chunks_exact(2) {
            match (&pair[0], &pair[1]) {
                (Object::String(code, _), Object::String(target, _)) => {
                    self.map.insert(code_of(code), utf16be(target));
                }
                (Object::String(_, _), _) => {}
                _ => break,
            }
        }
    }

    /// `lo hi target` and `lo hi [targets]` triples of a bfrange section.
    fn bf_ranges(&mut self, args: &[Object]) {
        for triple in args.chunks_exact(3) {
            let (Object::String(a, _), Object::String(b, _)) = (&triple[0], &triple[1]) else { break };
            let (a, b) = (code_of(a), code_of(b));
            let hi = b.min(a.saturating_add(MAX_RANGE));
            match &triple[2] {
                Object::String(d, _) => {
                    for (k, c) in (a..=hi).enumerate() {
                        self.map.insert(c, bump(d, k as u32));
                    }
                }
                Object::Array(targets) => {
                    for (c, d) in (a..=hi).zip(targets) {
                        if let Object::String(d, _) = d {
                            self.map.insert(c, utf16be(d));
                        }
                    }
                }
                _ => break,
            }
        }
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
