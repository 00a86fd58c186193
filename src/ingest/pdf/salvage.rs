//! Byte-level salvage of damaged PDFs, before lopdf parses them.
//!
//! lopdf drops a whole object it cannot parse: a page dictionary holding an integer beyond
//! 64 bits or arrays nested 100 deep, or a content stream whose `endstream` is missing,
//! and the page comes out empty without a word. Viewers (poppler, qpdf) read past these;
//! so does this pass: it walks the object syntax (never the stream data), and
//!
//! * gives each stream whose direct `/Length` is wrong the length its `endstream` shows,
//! * ends a stream whose `endstream` is missing at its `endobj` (or at the end of a
//!   truncated file, which is then closed),
//! * writes an integer too long for 64 bits as a real (as poppler reads it) and replaces
//!   a token that is no value (`--3`, `3.4.5`) by `null`,
//! * replaces arrays and dictionaries nested deeper than [`MAX_DEPTH`] by `null`.
//!
//! A file that needs none of this comes back as `None`, so well-formed files are parsed
//! from their own bytes, exactly as before.

/// Nesting of arrays and dictionaries kept (lopdf refuses 100).
pub const MAX_DEPTH: usize = 48;

/// What was repaired, for the review note.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Repairs {
    pub lengths: usize,
    pub endstreams: usize,
    pub numbers: usize,
    pub nesting: usize,
    pub truncated: bool,
}

impl Repairs {
    fn any(&self) -> bool {
        *self != Repairs::default()
    }

    /// A sentence for a person: what was wrong with the file.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.lengths > 0 {
            parts.push(format!("{} stream length(s) wrong", self.lengths));
        }
        if self.endstreams > 0 {
            parts.push(format!("{} stream(s) without endstream", self.endstreams));
        }
        if self.numbers > 0 {
            parts.push(format!("{} number(s) out of range or malformed", self.numbers));
        }
        if self.nesting > 0 {
            parts.push(format!("{} value(s) nested too deep (dropped)", self.nesting));
        }
        if self.truncated {
            parts.push("the file ends inside a stream".to_string());
        }
        parts.join(", ")
    }
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0C' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// A number as PDF writes it: sign, digits, at most one point.
fn valid_number(tok: &[u8]) -> bool {
    let body = tok.strip_prefix(b"+").or_else(|| tok.strip_prefix(b"-")).unwrap_or(tok);
    let points = body.iter().filter(|&&b| b == b'.').count();
    !body.is_empty() && body != b"." && points <= 1 && body.iter().all(|b| b.is_ascii_digit() || *b == b'.')
}

/// Index just past the end of a literal string starting at `i` (`(`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Index just past the value nested at `i` (`[` or `<<`), whatever its depth.
fn skip_nested(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'(' => {
                i = skip_string(b, i);
                continue;
            }
            b'[' => depth += 1,
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => {}
        }
        i += 1;
        if depth == 0 {
            return i;
        }
    }
    b.len()
}

/// The direct `/Length N` of a dictionary's text, with where its digits are in it.
fn direct_length(dict: &[u8]) -> Option<(usize, std::ops::Range<usize>)> {
    let k = find(dict, b"/Length", 0)?;
    let mut i = k + 7;
    if dict.get(i).is_some_and(|c| !is_white(*c) && !is_delim(*c)) {
        return None; // `/Length1` and the like
    }
    while dict.get(i).is_some_and(|c| is_white(*c)) {
        i += 1;
    }
    let start = i;
    while dict.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let digits = std::str::from_utf8(&dict[start..i]).ok()?;
    // `N G R` is an indirect length: lopdf resolves it (and recovers a wrong one).
    let mut j = i;
    while dict.get(j).is_some_and(|c| is_white(*c)) {
        j += 1;
    }
    let rest = &dict[j..];
    let indirect = rest.first().is_some_and(u8::is_ascii_digit) && {
        let mut k = 0;
        while rest.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        while rest.get(k).is_some_and(|c| is_white(*c)) {
            k += 1;
        }
        rest.get(k) == Some(&b'R')
    };
    if indirect {
        return None;
    }
    Some((digits.parse().ok()?, start..i))
}

/// The salvaged bytes as they are written: while they are the file's own bytes (a sound
/// file, or a damaged one up to its first repair) only their length is kept; the copy is
/// made at the first byte that differs. A sound budget volume (megabytes) was copied
/// whole and thrown away, one page fault per 4 KB.
struct Mirror<'a> {
    src: &'a [u8],
    len: usize,
    own: Option<Vec<u8>>,
}

impl<'a> Mirror<'a> {
    fn new(src: &'a [u8]) -> Mirror<'a> {
        Mirror { src, len: 0, own: None }
    }

    fn bytes(&self) -> &[u8] {
        self.own.as_deref().unwrap_or(&self.src[..self.len])
    }

    fn len(&self) -> usize {
        self.bytes().len()
    }

    fn last(&self) -> Option<&u8> {
        self.bytes().last()
    }

    fn extend_from_slice(&mut self, more: &[u8]) {
        if self.own.is_none() {
            let next = &self.src[self.len..];
            if (std::ptr::eq(more.as_ptr(), next.as_ptr()) && more.len() <= next.len()) || next.starts_with(more) {
                self.len += more.len();
                return;
            }
        }
        self.owned().extend_from_slice(more);
    }

    fn push(&mut self, c: u8) {
        self.extend_from_slice(&[c]);
    }

    fn splice(&mut self, at: std::ops::Range<usize>, with: impl IntoIterator<Item = u8>) {
        self.owned().splice(at, with);
    }

    fn owned(&mut self) -> &mut Vec<u8> {
        let (src, len) = (self.src, self.len);
        self.own.get_or_insert_with(|| {
            let mut v = Vec::with_capacity(src.len() + 64);
            v.extend_from_slice(&src[..len]);
            v
        })
    }

    fn into_vec(self) -> Vec<u8> {
        self.own.unwrap_or_else(|| self.src[..self.len].to_vec())
    }
}

/// The salvaged bytes and what was repaired, or `None` when the file needs nothing.
pub fn salvage(b: &[u8]) -> Option<(Vec<u8>, Repairs)> {
    let mut out = Mirror::new(b);
    let mut rep = Repairs::default();
    let mut depth = 0usize;
    // Where (in `out`) the current top-level dictionary starts, for its /Length.
    let mut dict_start: Option<usize> = None;
    let mut last_dict: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'%' => {
                let end = b[i..].iter().position(|&x| x == b'\n' || x == b'\r').map_or(b.len(), |p| i + p);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b'(' => {
                let end = skip_string(b, i);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b'[' | b'<' if c == b'[' || b.get(i + 1) == Some(&b'<') => {
                if depth >= MAX_DEPTH {
                    let end = skip_nested(b, i);
                    out.extend_from_slice(b" null ");
                    rep.nesting += 1;
                    i = end;
                    continue;
                }
                if depth == 0 && c == b'<' {
                    dict_start = Some(out.len());
                }
                depth += 1;
                let n = if c == b'[' { 1 } else { 2 };
                out.extend_from_slice(&b[i..i + n]);
                i += n;
            }
            b'<' => {
                // A hex string.
                let end = b[i..].iter().position(|&x| x == b'>').map_or(b.len(), |p| i + p + 1);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b']' | b'>' if c == b']' || b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                let n = if c == b']' { 1 } else { 2 };
                out.extend_from_slice(&b[i..i + n]);
                i += n;
                if depth == 0 && c == b'>' {
                    last_dict = dict_start.take().map(|s| (s, out.len()));
                }
            }
            _ if is_white(c) || is_delim(c) => {
                out.push(c);
                i += 1;
            }
            _ => {
                // A regular token: a number, a keyword, or the rest of a name.
                let name = out.last() == Some(&b'/') || (i > 0 && !is_white(b[i - 1]) && !is_delim(b[i - 1]));
                let end = b[i..].iter().position(|&x| is_white(x) || is_delim(x)).map_or(b.len(), |p| i + p);
                let tok = &b[i..end];
                if name {
                    out.extend_from_slice(tok);
                } else if tok == b"stream" && depth == 0 {
                    i = stream(b, i, end, &mut out, last_dict.take(), &mut rep);
                    continue;
                } else if depth > 0 && tok.first().is_some_and(|&x| x.is_ascii_digit() || matches!(x, b'+' | b'-' | b'.')) {
                    if !valid_number(tok) {
                        out.extend_from_slice(b"null");
                        rep.numbers += 1;
                    } else if !tok.contains(&b'.') && tok.iter().filter(|x| x.is_ascii_digit()).count() > 18 {
                        // Beyond 64 bits: a real, as poppler reads it.
                        out.extend_from_slice(tok);
                        out.push(b'.');
                        rep.numbers += 1;
                    } else {
                        out.extend_from_slice(tok);
                    }
                } else {
                    out.extend_from_slice(tok);
                }
                i = end;
            }
        }
    }
    rep.any().then(|| (out.into_vec(), rep))
}

/// Copies a stream (keyword at `kw`, token end `kw_end`) and returns where to go on,
/// fixing its dictionary's length or its missing end. `dict` is the stream dictionary's
/// span in `out`.
fn stream(b: &[u8], kw: usize, kw_end: usize, out: &mut Mirror, dict: Option<(usize, usize)>, rep: &mut Repairs) -> usize {
    let mut data = kw_end;
    if b.get(data) == Some(&b'\r') {
        data += 1;
    }
    if b.get(data) == Some(&b'\n') {
        data += 1;
    }
    out.extend_from_slice(&b[kw..data]);
    let declared = dict.and_then(|(s, e)| direct_length(&out.bytes()[s..e]).map(|(n, r)| (n, s + r.start..s + r.end)));
    // The declared length is right when `endstream` follows it (after an optional EOL).
    if let Some((n, _)) = &declared {
        let at = data.saturating_add(*n);
        if at <= b.len() {
            let mut j = at;
            while b.get(j).is_some_and(|c| is_white(*c)) && j < at + 32 {
                j += 1;
            }
            if b[j..].starts_with(b"endstream") {
                out.extend_from_slice(&b[data..j + 9]);
                return j + 9;
            }
        }
    }
    let endstream = find(b, b"endstream", data);
    let endobj = find(b, b"endobj", data);
    let (data_end, resume, missing) = match (endstream, endobj) {
        (Some(s), o) if o.map_or(true, |o| s < o) => (s, s, false),
        (_, Some(o)) => (o, o, true),
        (_, None) => (b.len(), b.len(), true),
    };
    let mut end = data_end;
    if b[..end].ends_with(b"\r\n") {
        end -= 2;
    } else if end > data && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let len = end.max(data) - data;
    let wrong = declared.as_ref().is_some_and(|(n, _)| *n != len);
    if !wrong && !missing {
        // Indirect or absent length with an `endstream` in place: lopdf copes.
        out.extend_from_slice(&b[data..resume]);
        return resume;
    }
    // Write the true length into the dictionary.
    let digits = len.to_string().into_bytes();
    match declared {
        Some((_, r)) => {
            out.splice(r, digits.iter().copied());
        }
        None => {
            if let Some((s, _)) = dict {
                let ins: Vec<u8> = [b" /Length ".as_slice(), &digits, b" "].concat();
                out.splice(s + 2..s + 2, ins);
            }
        }
    }
    if wrong {
        rep.lengths += 1;
    }
    out.extend_from_slice(&b[data..data + len]);
    if missing {
        out.extend_from_slice(b"\nendstream\n");
        if resume == b.len() {
            out.extend_from_slice(b"endobj\n");
            rep.truncated = true;
        } else {
            rep.endstreams += 1;
        }
        return resume;
    }
    out.push(b'\n');
    resume
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mirror_copies_only_from_the_first_byte_that_differs() {
        let src = b"1 0 obj << /A 1 >> endobj";
        let mut m = Mirror::new(src);
        m.extend_from_slice(&src[..8]);
        m.push(b'<');
        m.extend_from_slice(b"< /A");
        assert!(m.own.is_none());
        assert_eq!(m.bytes(), &src[..13]);
        m.extend_from_slice(b" 2");
        assert!(m.own.is_some());
        m.splice(0..1, *b"9");
        m.push(b'!');
        assert_eq!(m.len(), 16);
        assert_eq!(m.last(), Some(&b'!'));
        assert_eq!(m.into_vec(), b"9 0 obj << /A 2!");
        let mut whole = Mirror::new(src);
        whole.extend_from_slice(src);
        assert!(whole.own.is_none());
        assert_eq!(whole.into_vec(), src);
    }

    #[test]
    fn well_formed_files_are_left_alone() {
        let pdf = super::super::synthetic::one_page_pdf("/MediaBox [0 0 595 842]", b"BT /F1 12 Tf 72 700 Td (Hi) Tj ET");
        assert!(salvage(&pdf).is_none());
    }

    #[test]
    fn lengths_numbers_and_nesting_are_repaired() {
        let (out, rep) = salvage(b"1 0 obj\n<< /Length 3 >>\nstream\nabcdef\nendstream\nendobj\n").unwrap();
        assert_eq!(rep.lengths, 1);
        assert!(out.windows(11).any(|w| w == b"/Length 6 >"), "{}", String::from_utf8_lossy(&out));
        let (out, rep) = salvage(b"1 0 obj\n<< /A 99999999999999999999 /B --3 >>\nendobj\n").unwrap();
        assert_eq!(rep.numbers, 2);
        assert!(String::from_utf8_lossy(&out).contains("/A 99999999999999999999. /B null"));
        let deep = format!("1 0 obj\n<< /D {}{} >>\nendobj\n", "[".repeat(100), "]".repeat(100));
        let (out, rep) = salvage(deep.as_bytes()).unwrap();
        assert_eq!(rep.nesting, 1);
        assert!(out.len() < deep.len());
        let (out, rep) = salvage(b"1 0 obj\n<< /Length 4 >>\nstream\nabcd\nendobj\n").unwrap();
        assert_eq!(rep.endstreams, 1);
        assert!(String::from_utf8_lossy(&out).contains("abcd\nendstream\nendobj"));
    }
}
