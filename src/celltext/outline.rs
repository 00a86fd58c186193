//! Outline codes and list-item openers: the code a cell's text starts with ("1.",
//! "1.1.2", "(1)"), its depth, parents and order ([`OutlineCode`], [`LeadingCode`]), and
//! the marks that open a list item ([`opens_list_item`]). Part of [`crate::celltext`].

use std::fmt;

use super::is_digit;

/// Text that opens a list item: "- ", "•", "(1)", "1.", "1)", "1.2 " (ASCII or Thai
/// digits). Unlike a [`LeadingCode`] nothing needs to follow "1)" or "1.".
pub fn opens_list_item(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['-', '•', '–', '*']) {
        return true;
    }
    let inner = t.strip_prefix('(').unwrap_or(t);
    let n = inner.chars().take_while(|&c| is_digit(c) || c == '.').count();
    n > 0 && inner.chars().nth(n).is_some_and(|c| c == ')' || c == ' ' || inner.chars().nth(n - 1) == Some('.'))
}

// ---------------------------------------------------------------- outline codes

/// An outline code: numbers joined by dots ("1", "3.2", "1.1.2"), as written, without the
/// brackets or the final dot around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OutlineCode<'a>(&'a str);

impl<'a> OutlineCode<'a> {
    /// The code as written (the tests compare codes by their text).
    #[cfg(test)]
    pub fn as_str(self) -> &'a str {
        self.0
    }

    /// A code already read (a typed value's).
    pub fn new(code: &'a str) -> OutlineCode<'a> {
        OutlineCode(code)
    }

    /// The code a text starts with, in any form ("1", "1.1.2", "(12)", "3.1."): [`LeadingCode`].
    pub fn leading(text: &'a str) -> Option<OutlineCode<'a>> {
        LeadingCode::parse(text).map(|l| l.code)
    }

    /// The whole text as a code ("1.1.2", "1.1.2."; ASCII digits, up to three a number).
    pub fn parse(text: &'a str) -> Option<OutlineCode<'a>> {
        let l = LeadingCode::parse(text)?;
        (!l.open && !l.close && l.len == text.len()).then_some(l.code)
    }

    /// How many numbers it has: "1" → 1, "1.1.2" → 3.
    pub fn depth(self) -> usize {
        self.0.split('.').count()
    }

    /// The code one level up: "1.1.2" → "1.1"; none for "1".
    pub fn parent(self) -> Option<OutlineCode<'a>> {
        self.0.rsplit_once('.').map(|(p, _)| OutlineCode(p))
    }

    /// Every code above it, nearest first: "1.1.2" → ["1.1", "1"].
    pub fn parents(self) -> Vec<String> {
        std::iter::successors(self.parent(), |p| p.parent()).map(|p| p.0.to_string()).collect()
    }

    /// Its numbers, for ordering: "1.10" → [1, 10].
    pub fn key(self) -> Vec<u32> {
        self.0.split('.').filter_map(|p| p.parse().ok()).collect()
    }

    /// True when it sits below `above` at any depth ("1.1.2" below "1" and "1.1").
    pub fn is_below(self, above: OutlineCode) -> bool {
        self.0.len() > above.0.len() && self.0.starts_with(above.0) && self.0[above.0.len()..].starts_with('.')
    }

    /// True when it may follow `prev`: the first child of `prev`, its next sibling, the
    /// next sibling of an ancestor, or the first descendant ("x.1", "x.1.1") of one of
    /// those (a heading the converter merged into the row).
    pub fn may_follow(self, prev: OutlineCode) -> bool {
        let p = prev.key();
        let mut n = self.key();
        if p.is_empty() || n.is_empty() {
            return true;
        }
        let ok = |n: &[u32]| -> bool {
            let mut child = p.clone();
            child.push(1);
            if n == child.as_slice() {
                return true;
            }
            (1..=p.len()).any(|k| {
                let mut s = p[..k].to_vec();
                s[k - 1] += 1;
                n == s.as_slice()
            })
        };
        loop {
            if ok(&n) {
                return true;
            }
            if n.len() > 1 && *n.last().expect("non-empty") == 1 {
                n.pop();
            } else {
                return false;
            }
        }
    }
}

impl fmt::Display for OutlineCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The outline code a text starts with, and how it is written: "1.1.2 งาน", "3.1. ส่งเสริม",
/// "(12) รวม", "1) ...". The code ends the text or white space follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadingCode<'a> {
    pub code: OutlineCode<'a>,
    /// Written after "(".
    pub open: bool,
    /// Written before ")".
    pub close: bool,
    /// Written with a final dot ("1.", "3.1.").
    pub dot: bool,
    /// Bytes of the text it takes, brackets and dot included.
    pub len: usize,
}

impl<'a> LeadingCode<'a> {
    /// The code at the start of `text` (after white space): `(? n(.n)* .? )?` with one to
    /// three ASCII digits a number, then white space or the end.
    pub fn parse(text: &'a str) -> Option<LeadingCode<'a>> {
        let s = text.trim_start();
        let lead = text.len() - s.len();
        let b = s.as_bytes();
        let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let mut i = 0;
        let open = b.first() == Some(&b'(');
        i += usize::from(open);
        let start = i;
        let n = digits(i);
        if !(1..=3).contains(&n) {
            return None;
        }
        i += n;
        while b.get(i) == Some(&b'.') && (1..=3).contains(&digits(i + 1)) {
            i += 1 + digits(i + 1);
        }
        let end = i;
        let dot = b.get(i) == Some(&b'.');
        i += usize::from(dot);
        let close = b.get(i) == Some(&b')');
        i += usize::from(close);
        if s[i..].chars().next().is_some_and(|c| !c.is_whitespace()) {
            return None;
        }
        Some(LeadingCode { code: OutlineCode(&s[start..end]), open, close, dot, len: lead + i })
    }

    /// An item of an outline below the top ("1.1", "3.2.1"), not a bare running number.
    pub fn is_dotted(self) -> bool {
        self.code.depth() > 1
    }

    /// Written as an outline heading, without brackets: dotted ("1.1") or with a final dot
    /// ("1. สหกรณ์"); not "1 ..." (a running number or a value) nor "(1)".
    pub fn is_heading(self) -> bool {
        !self.open && !self.close && (self.is_dotted() || self.dot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_codes() {
        let code = |t| LeadingCode::parse(t).map(|l| l.code.as_str());
        assert_eq!(code("1.1.2 งาน"), Some("1.1.2"));
        assert_eq!(code("3.1. ส่งเสริม"), Some("3.1"));
        assert_eq!(code("(12) รวม"), Some("12"));
        assert_eq!(code("(1.1)"), Some("1.1"));
        assert_eq!(code("1."), Some("1"));
        assert_eq!((code("2566 ปี"), code("1.2.x")), (None, None));
        assert_eq!(code("1.2345"), None);
        assert_eq!(code("ก."), None);
        assert_eq!(code(""), None);
        let l = LeadingCode::parse("1. สหกรณ์").unwrap();
        assert!(l.is_heading() && !l.is_dotted());
        assert!(!LeadingCode::parse("1 ตอบ").unwrap().is_heading());
        assert!(!LeadingCode::parse("(1.1) x").unwrap().is_heading());
        assert_eq!(OutlineCode::parse("1.1.2."), Some(OutlineCode::new("1.1.2")));
        assert_eq!(OutlineCode::parse("1.1.2 x"), None);
    }

    #[test]
    fn outline_codes() {
        let c = OutlineCode::new("1.1.2");
        assert_eq!((c.depth(), c.parent().map(|p| p.to_string())), (3, Some("1.1".into())));
        assert_eq!(c.parents(), vec!["1.1", "1"]);
        assert_eq!(OutlineCode::new("1.10").key(), vec![1, 10]);
        assert!(c.is_below(OutlineCode::new("1")) && !OutlineCode::new("1.10").is_below(OutlineCode::new("1.1")));
        let cases = [("1.1", "1.1.1", true), ("1.1.1", "1.1.2", true), ("1.1.4", "1.2", true), ("1.4", "1.5.1", true)];
        let cases = cases.into_iter().chain([("1.5.4", "2.1", true), ("2.11", "3.1", true), ("3.5", "4", true), ("1.1.1", "1.1.3", false)]);
        let cases = cases.chain([("1.2", "1.1", false), ("4.1", "4.1", false), ("5.2", "5.4", false)]);
        for (p, n, want) in cases {
            assert_eq!(OutlineCode::new(n).may_follow(OutlineCode::new(p)), want, "{p} → {n}");
        }
    }

    #[test]
    fn list_items() {
        for t in ["- x", "• x", "(1) x", "1. x", "1) x", "๑. x"] {
            assert!(opens_list_item(t), "{t}");
        }
        for t in ["ก. x", "12x", "x"] {
            assert!(!opens_list_item(t), "{t}");
        }
    }
}
