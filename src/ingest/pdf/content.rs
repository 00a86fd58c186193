//! Content-stream tokenizer: the operators of a page or form XObject with their operands.
//!
//! Why our own rather than lopdf's `Content::decode_iter`: that parser is built from
//! nom combinators and allocates an `Operation` (a `String` operator, a fresh operand
//! vector) per operator; on the Distiller volumes it took more time than everything else
//! the walker does. This one reads the bytes once, reuses one operand vector, and hands
//! out the operator as a byte slice of the stream. Operands are lopdf `Object`s, so the
//! walker works with the same values either way.
//!
//! It is lenient the way viewers are: a byte that starts no token is skipped, an
//! unterminated string or array ends at the end of the stream, and inline image data
//! (`BI … ID data EI`) is skipped whole. Nesting of arrays and dictionaries is bounded.

mod number;

use lopdf::{Dictionary, Object, StringFormat};
use number::number;

/// Arrays and dictionaries nested deeper than this are read flat (their contents are
/// dropped), so a hostile stream cannot exhaust the stack.
const MAX_NESTING: usize = 32;

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0C' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delim(c)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A regular token that is a value: a number, `true`, `false` or `null` (anything else
/// is an operator).
fn value(tok: &[u8]) -> Option<Object> {
    match tok {
        b"true" => Some(Object::Boolean(true)),
        b"false" => Some(Object::Boolean(false)),
        b"null" => Some(Object::Null),
        _ => number(tok),
    }
}

/// Reads the operators of one content stream.
pub struct Lexer<'c> {
    data: &'c [u8],
    pos: usize,
    operands: Vec<Object>,
}

impl<'c> Lexer<'c> {
    pub fn new(data: &'c [u8]) -> Lexer<'c> {
        Lexer { data, pos: 0, operands: Vec::new() }
    }

    /// The next operator, with its operands in [`Lexer::operands`]; `None` at the end.
    /// Operands left before the end with no operator are dropped.
    pub fn next_op(&mut self) -> Option<&'c [u8]> {
        self.operands.clear();
        loop {
            self.skip_space();
            let c = *self.data.get(self.pos)?;
            if is_regular(c) {
                let tok = self.regular_token();
                match (value(tok), tok) {
                    (Some(v), _) => self.operands.push(v),
                    (None, b"BI") => {
                        self.skip_inline_image();
                        self.operands.clear();
                        return Some(b"BI");
                    }
                    (None, op) => return Some(op),
                }
            } else if let Some(o) = self.object(0) {
                self.operands.push(o);
            }
        }
    }

    /// The operands of the operator last returned.
    pub fn operands(&self) -> &[Object] {
        &self.operands
    }

    fn skip_space(&mut self) {
        while let Some(&c) = self.data.get(self.pos) {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_token(&mut self) -> &'c [u8] {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&c| is_regular(c)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// One operand starting at a delimiter (or a regular token inside an array or
    /// dictionary). `None` for a stray delimiter, which is skipped.
    fn object(&mut self, depth: usize) -> Option<Object> {
        let c = *self.data.get(self.pos)?;
        match c {
            b'/' => {
                self.pos += 1;
                Some(Object::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Some(Object::String(self.literal_string(), StringFormat::Literal))
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(Object::Dictionary(self.dictionary(depth + 1)))
            }
            b'<' => {
                self.pos += 1;
                Some(Object::String(self.hex_string(), StringFormat::Hexadecimal))
            }
            b'[' => {
                self.pos += 1;
                Some(Object::Array(self.array(depth + 1)))
            }
            // A word inside an array or dictionary that is no value is read as null.
            _ if is_regular(c) => Some(value(self.regular_token()).unwrap_or(Object::Null)),
            _ => {
                self.pos += 1;
                None
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            if !is_regular(c) {
                break;
            }
            self.pos += 1;
            if c == b'#' {
                let h = self.data.get(self.pos).copied().and_then(hex_val);
                let l = self.data.get(self.pos + 1).copied().and_then(hex_val);
                if let (Some(h), Some(l)) = (h, l) {
                    out.push(h << 4 | l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(c);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0C'),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A backslash at the end of a line continues the string.
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        // An odd last digit is followed by an implied 0.
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Vec<Object> {
        let mut out = Vec::new();
        loop {
            self.skip_space();
            let Some(&c) = self.data.get(self.pos) else { break };
            if c == b']' {
                self.pos += 1;
                break;
            }
            if depth > MAX_NESTING && matches!(c, b'[' | b'<') {
                self.pos += 1;
                continue;
            }
            if let Some(o) = self.object(depth) {
                if depth <= MAX_NESTING {
                    out.push(o);
                }
            }
        }
        out
    }

    fn dictionary(&mut self, depth: usize) -> Dictionary {
        let mut d = Dictionary::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            self.skip_space();
            let Some(&c) = self.data.get(self.pos) else { break };
            if c == b'>' {
                self.pos += if self.data.get(self.pos + 1) == Some(&b'>') { 2 } else { 1 };
                break;
            }
            if depth > MAX_NESTING && matches!(c, b'[' | b'<') {
                self.pos += 1;
                continue;
            }
            let Some(o) = self.object(depth) else { continue };
            match (key.take(), o) {
                (None, Object::Name(n)) => key = Some(n),
                (None, _) => {}
                (Some(k), v) => d.set(k, v),
            }
        }
        d
    }

    /// Skips an inline image: its dictionary up to `ID`, then the data up to `EI`. The data
    /// length is known when the image is not filtered; otherwise `EI` must stand between
    /// white space and white space (or the end of the stream).
    fn skip_inline_image(&mut self) {
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            let Some(&c) = self.data.get(self.pos) else { return };
            if is_regular(c) {
                let tok = self.regular_token();
                if tok == b"ID" {
                    break;
                }
                continue;
            }
            let Some(Object::Name(k)) = self.object(1) else { continue };
            self.skip_space();
            if let Some(v) = self.object(1) {
                dict.set(k, v);
            }
        }
        // One white-space byte (CR LF counts as one) separates ID from the data.
        match self.data.get(self.pos) {
            Some(b'\r') if self.data.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
            Some(&c) if is_white(c) => self.pos += 1,
            _ => {}
        }
        if let Some(n) = inline_image_length(&dict) {
            let end = self.pos.saturating_add(n).min(self.data.len());
            let rest = &self.data[end..];
            let mut i = 0;
            while rest.get(i).is_some_and(|&c| is_white(c)) {
                i += 1;
            }
            if rest[i..].starts_with(b"EI") && rest.get(i + 2).map_or(true, |&c| is_white(c) || is_delim(c)) {
                self.pos = end + i + 2;
                return;
            }
        }
        // Otherwise the first EI with white space before it and white space (or the end)
        // after it.
        let data = &self.data[self.pos..];
        let end = (1..data.len().saturating_sub(1)).find(|&i| {
            is_white(data[i - 1]) && &data[i..i + 2] == b"EI" && data.get(i + 2).map_or(true, |&c| is_white(c))
        });
        if let Some(i) = end {
            self.pos += i + 2;
            return;
        }
        self.pos = self.data.len();
    }
}

/// Bytes of an unfiltered inline image's data, from its width, height, bits per
/// component and colour space; `None` when filtered or not stated.
fn inline_image_length(d: &Dictionary) -> Option<usize> {
    let get = |short: &[u8], long: &[u8]| d.get(short).or_else(|_| d.get(long)).ok();
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    let int = |o: Option<&Object>| match o {
        Some(Object::Integer(i)) if *i >= 0 => usize::try_from(*i).ok(),
        _ => None,
    };
    let w = int(get(b"W", b"Width"))?;
    let h = int(get(b"H", b"Height"))?;
    let mask = matches!(get(b"IM", b"ImageMask"), Some(Object::Boolean(true)));
    let bpc = if mask { 1 } else { int(get(b"BPC", b"BitsPerComponent"))? };
    let colors = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace")? {
            Object::Name(n) => match n.as_slice() {
                b"G" | b"DeviceGray" | b"CalGray" => 1,
                b"RGB" | b"DeviceRGB" | b"CalRGB" => 3,
                b"CMYK" | b"DeviceCMYK" => 4,
                b"I" | b"Indexed" => 1,
                _ => return None,
            },
            Object::Array(a) if matches!(a.first(), Some(Object::Name(n)) if n == b"I" || n == b"Indexed") => 1,
            _ => return None,
        }
    };
    w.checked_mul(bpc)?.checked_mul(colors)?.div_ceil(8).checked_mul(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut lx = Lexer::new(s);
        let mut out = Vec::new();
        while let Some(op) = lx.next_op() {
            out.push((String::from_utf8_lossy(op).into_owned(), lx.operands().to_vec()));
        }
        out
    }

    #[test]
    fn operators_with_operands() {
        let got = ops(b"BT /F1 12 Tf 1 0 0 1 -3.5 .25 Tm (a\\(b\\)\\101\\\n) Tj [<0E01 0E3> -120 (x)] TJ ET");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "ET"]);
        assert_eq!(got[1].1, vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]);
        assert_eq!(got[2].1[4], Object::Real(-3.5));
        assert_eq!(got[2].1[5], Object::Real(0.25));
        assert_eq!(got[3].1, vec![Object::String(b"a(b)A".to_vec(), StringFormat::Literal)]);
        let Object::Array(a) = &got[4].1[0] else { panic!("TJ takes an array") };
        assert_eq!(a[0], Object::String(vec![0x0E, 0x01, 0x0E, 0x30], StringFormat::Hexadecimal));
        assert_eq!(a[1], Object::Integer(-120));
    }

    #[test]
    fn marked_content_dictionaries_names_and_comments() {
        let got = ops(b"% a comment\n/Span <</ActualText (\\376\\377\\016\\063) /MCID 3>> BDC EMC /A#20B gs d0 'x' '");
        assert_eq!(got[0].0, "BDC");
        let Object::Dictionary(d) = &got[0].1[1] else { panic!("BDC takes a dictionary") };
        assert_eq!(d.get(b"ActualText").unwrap(), &Object::String(vec![0xFE, 0xFF, 0x0E, 0x33], StringFormat::Literal));
        assert_eq!(d.get(b"MCID").unwrap(), &Object::Integer(3));
        assert_eq!(got[2].1, vec![Object::Name(b"A B".to_vec())]);
        assert_eq!(got[3].0, "d0");
        assert_eq!(got[4].0, "'x'");
        assert_eq!(got[5].0, "'");
    }

    #[test]
    fn inline_images_are_skipped_whole() {
        // Unfiltered: the length is known (2 x 2, 8 bits, gray = 4 bytes, one of them "EI").
        let got = ops(b"q BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\x01 EI Q");
        assert_eq!(got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), ["q", "BI", "Q"]);
        // Filtered: up to an EI between white space.
        let got = ops(b"BI /W 9 /H 9 /F /AHx ID 0aEI1 EI (t) Tj");
        assert_eq!(got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), ["BI", "Tj"]);
        // No EI at all: the stream ends.
        assert_eq!(ops(b"BI /W 1 ID xyz").len(), 1);
    }

    #[test]
    fn broken_input_never_panics_and_nesting_is_bounded() {
        for s in [&b"(unterminated"[..], b"<abc", b"[[[[", b"<<<<", b"))) ]]] >> } {", b"/", b"\\", b"BI", b"BI /W", b"1 2 3"] {
            let _ = ops(s);
        }
        let deep: Vec<u8> = std::iter::repeat(b'[').take(100_000).chain(b"1 Tj".iter().copied()).collect();
        assert_eq!(ops(&deep).len(), 0, "an unterminated array swallows the operator");
        let deep: Vec<u8> = std::iter::repeat(b"<<".iter().copied()).take(50_000).flatten().collect();
        let _ = ops(&deep);
    }
}
