//! Thai abbreviations: the table in `rules/abbreviations.tsv`, finding abbreviation-looking
//! tokens ("กตส.", "ต.ค.", "พ.ศ.") and expanding the known ones.
//!
//! Only rows with confidence `high` and a non-empty expansion are expanded; the other rows
//! only make a token known (no `unknown_abbreviation` flag). A wrong expansion is worse
//! than none.

use crate::error::{Error, ErrorKind, Result};
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::celltext::{is_consonant, is_leading_vowel, is_thai_letter};

/// What an abbreviation stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agency,
    Month,
    Unit,
    Title,
    Other,
}

/// How sure the table is of the expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// One row of `abbreviations.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Abbreviation {
    pub abbreviation: String,
    pub expansion: String,
    pub kind: Kind,
    pub source: String,
    pub confidence: Confidence,
}

impl Abbreviation {
    /// Whether this row's expansion is applied.
    pub fn expands(&self) -> bool {
        self.confidence == Confidence::High && !self.expansion.is_empty()
    }
}

/// The abbreviation table.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    pub entries: Vec<Abbreviation>,
    index: HashMap<String, usize>,
}

pub const HEADER: &str = "abbreviation\texpansion\tkind\tsource\tconfidence";

/// An abbreviation-looking run found in a text: byte range, and the table row when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entry: Option<usize>,
}

/// Thai letter runs each closed by a dot: "ต.ค.", "กตส.", "มี.ค.", "เม.ย.".
fn dotted() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?:[\x{0E40}-\x{0E44}]?[\x{0E01}-\x{0E2E}][\x{0E01}-\x{0E2E}\x{0E31}\x{0E34}-\x{0E3A}\x{0E47}-\x{0E4E}]*\.)+").unwrap())
}

impl Abbreviations {
    /// Parses the text of an `abbreviations.tsv`; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Abbreviations> {
        let bad = |line: usize, why: String| Error::new(path, ErrorKind::Rules(format!("line {line}: {why}")));
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim_end_matches('\r') == HEADER => {}
            _ => return Err(bad(1, format!("the first line must be the header {HEADER:?}"))),
        }
        let mut t = Abbreviations::default();
        for (n, line) in lines {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 5 {
                return Err(bad(n + 1, format!("{} fields, expected 5 (TAB-separated)", f.len())));
            }
            let kind = match f[2] {
                "agency" => Kind::Agency,
                "month" => Kind::Month,
                "unit" => Kind::Unit,
                "title" => Kind::Title,
                "other" => Kind::Other,
                k => return Err(bad(n + 1, format!("kind {k:?} is not one of agency, month, unit, title, other"))),
            };
            let confidence = match f[4] {
                "high" => Confidence::High,
                "medium" => Confidence::Medium,
                "low" => Confidence::Low,
                c => return Err(bad(n + 1, format!("confidence {c:?} is not one of high, medium, low"))),
            };
            let abbreviation = f[0].trim().to_string();
            if abbreviation.is_empty() {
                return Err(bad(n + 1, "empty abbreviation".into()));
            }
            if t.index.contains_key(&abbreviation) {
                return Err(bad(n + 1, format!("{abbreviation:?} is listed twice")));
            }
            t.index.insert(abbreviation.clone(), t.entries.len());
            t.entries.push(Abbreviation { abbreviation, expansion: f[1].trim().to_string(), kind, source: f[3].to_string(), confidence });
        }
        Ok(t)
    }

    pub fn get(&self, abbreviation: &str) -> Option<&Abbreviation> {
        self.index.get(abbreviation).map(|&i| &self.entries[i])
    }

    /// Abbreviation-looking runs of `s`, each with its table row when known. A known
    /// abbreviation may end a longer run ("ปีพ.ศ." holds "พ.ศ."); only the abbreviation
    /// itself is reported. Unknown runs are reported only when they look like an
    /// abbreviation: they start a word, hold consonants only, and are short.
    pub fn find(&self, s: &str) -> Vec<Found> {
        let mut out = Vec::new();
        // Every run ends with a dot: a text without one (most cells) has none, and is not
        // searched with the pattern.
        if !s.contains('.') {
            return out;
        }
        for m in dotted().find_iter(s) {
            let prev = s[..m.start()].chars().next_back();
            if prev.is_some_and(is_thai_letter) {
                // inside a word: try the known ones only
                if let Some(f) = self.known_suffix(s, m.start(), m.end(), false) {
                    out.push(f);
                }
                continue;
            }
            if let Some(f) = self.known_suffix(s, m.start(), m.end(), true) {
                out.push(f);
                continue;
            }
            let run = m.as_str();
            let segments: Vec<&str> = run.split('.').filter(|x| !x.is_empty()).collect();
            let consonants_only = run.chars().all(|c| c == '.' || is_consonant(c));
            let short = segments.iter().all(|seg| seg.chars().count() <= 5) && (segments.len() > 1 || segments[0].chars().count() >= 2);
            if consonants_only && short {
                out.push(Found { start: m.start(), end: m.end(), entry: None });
            }
        }
        out
    }

    /// The longest known abbreviation that ends the run `s[start..end]` and starts where
    /// a syllable can start (a consonant or a leading vowel).
    fn known_suffix(&self, s: &str, start: usize, end: usize, whole_ok: bool) -> Option<Found> {
        let run = &s[start..end];
        for (off, c) in run.char_indices() {
            if off == 0 && !whole_ok {
                continue;
            }
            if !(is_consonant(c) || is_leading_vowel(c)) {
                continue;
            }
            // a leading vowel belongs to the abbreviation only when it opens it
            if off > 0 && run[..off].chars().next_back().is_some_and(is_leading_vowel) {
                continue;
            }
            if let Some(&i) = self.index.get(&run[off..]) {
                return Some(Found { start: start + off, end, entry: Some(i) });
            }
        }
        None
    }

    /// `s` with the known abbreviations that have a sure expansion expanded; `None` when
    /// nothing was expanded.
    pub fn expand(&self, s: &str, found: &[Found]) -> Option<String> {
        let mut out = String::with_capacity(s.len() * 2);
        let mut last = 0;
        let mut any = false;
        for f in found {
            let Some(e) = f.entry.map(|i| &self.entries[i]) else { continue };
            if !e.expands() {
                continue;
            }
            out.push_str(&s[last..f.start]);
            out.push_str(&e.expansion);
            last = f.end;
            any = true;
        }
        if !any {
            return None;
        }
        out.push_str(&s[last..]);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Abbreviations {
        let t = format!("{HEADER}\n# comment\nพ.ศ.\tพุทธศักราช\tother\tx\thigh\nกตส.\t\tagency\tx\tlow\nเม.ย.\tเมษายน\tmonth\tx\thigh\n");
        Abbreviations::parse(Path::new("t.tsv"), &t).unwrap()
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = Abbreviations::parse(Path::new("t.tsv"), &format!("{HEADER}\nก.\tx\tplace\ts\thigh\n")).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(Abbreviations::parse(Path::new("t.tsv"), "no header\n").is_err());
    }

    #[test]
    fn finds_known_unknown_and_inside_words() {
        let t = table();
        let s = "ปีพ.ศ. 2566 กตส. กพส. เม.ย. ดำเนินการ. ปี.";
        let f = t.find(s);
        let got: Vec<(&str, bool)> = f.iter().map(|x| (&s[x.start..x.end], x.entry.is_some())).collect();
        assert_eq!(got, vec![("พ.ศ.", true), ("กตส.", true), ("กพส.", false), ("เม.ย.", true)]);
        assert_eq!(t.expand(s, &f).unwrap(), "ปีพุทธศักราช 2566 กตส. กพส. เมษายน ดำเนินการ. ปี.");
        assert_eq!(t.expand("กตส.", &t.find("กตส.")), None);
        // No dot, no run (the pattern is not asked).
        assert!(t.find("พศ 2566 กตส เมย").is_empty());
    }
}
