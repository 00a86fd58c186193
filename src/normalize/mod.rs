//! Normalize: gives every cell a `norm` beside its untouched `text`.
//!
//! Owns the character-level repair of Thai text and abbreviations. In order:
//!
//! 1. converter artifacts removed (flag `artifact_removed`): zero-width characters
//!    (U+200B–U+200F, U+2060, U+FEFF, soft hyphen), simple HTML tags (`<b>`, `</i>`,
//!    `<br/>`, `<span ...>` ...), markdown bold `**...**` (a lone `**` is kept: the budget
//!    volumes use it as a footnote mark), and `#`s that open the text followed by a space;
//! 2. Thai digits ๐–๙ → 0–9 (flag `thai_digits`);
//! 3. legacy Private Use Area glyphs U+F700–U+F71A → the Thai characters they stand for
//!    (`rules/thai_pua.tsv`; flag `thai_repair`);
//! 4. Thai repairs ([`thai`]: SARA AM, displaced/doubled/misordered marks, spaces inside
//!    syllables; flag `thai_repair` when letters changed);
//! 5. whitespace collapsed to single spaces and trimmed;
//! 6. abbreviations (`rules/abbreviations.tsv`): known ones with a sure expansion are
//!    expanded into `expanded` (never into `norm`); unknown abbreviation-looking tokens
//!    get `unknown_abbreviation`.
//!
//! Normalizing twice changes nothing. The rules live in `rules/` as data, compiled in and
//! replaceable with `--rules DIR`.

pub mod abbrev;
pub mod thai;

use crate::celltext;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{add_flag, Flag, Line};
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

pub use abbrev::Abbreviations;

/// The built-in `rules/abbreviations.tsv`.
pub const ABBREVIATIONS_TSV: &str = include_str!("../../rules/abbreviations.tsv");
/// The built-in `rules/thai_pua.tsv`.
pub const THAI_PUA_TSV: &str = include_str!("../../rules/thai_pua.tsv");

/// The result of normalizing one string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// What was repaired or doubted.
    pub flags: Vec<Flag>,
    /// The text with abbreviations expanded, when any were.
    pub expanded: Option<String>,
}

/// Normalizes text with a set of rules (built in, or loaded from a directory).
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    pua: HashMap<char, char>,
    abbreviations: Abbreviations,
}

/// Parses `thai_pua.tsv`: header `pua<TAB>unicode<TAB>name<TAB>class`, then one hex code
/// point pair a line; `#` lines are comments.
pub fn parse_pua(path: &Path, text: &str) -> Result<HashMap<char, char>> {
    let bad = |line: usize, why: String| Error::new(path, ErrorKind::Rules(format!("line {line}: {why}")));
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.split('\t').take(2).eq(["pua", "unicode"]) => {}
        _ => return Err(bad(1, "the first line must be the header \"pua\\tunicode\\tname\\tclass\"".into())),
    }
    let hex = |n: usize, s: &str| {
        u32::from_str_radix(s.trim().trim_start_matches("U+"), 16).ok().and_then(char::from_u32).ok_or_else(|| bad(n + 1, format!("{s:?} is not a hex code point")))
    };
    let mut map = HashMap::new();
    for (n, line) in lines {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 {
            return Err(bad(n + 1, "expected TAB-separated pua and unicode".into()));
        }
        let (from, to) = (hex(n, f[0])?, hex(n, f[1])?);
        if !('\u{E000}'..='\u{F8FF}').contains(&from) {
            return Err(bad(n + 1, format!("U+{:04X} is not in the Private Use Area", from as u32)));
        }
        if !celltext::in_thai_block(to) {
            return Err(bad(n + 1, format!("U+{:04X} is not a Thai character", to as u32)));
        }
        map.insert(from, to);
    }
    Ok(map)
}

fn html_tag() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)</?(?:b|i|u|s|em|strong|br|p|span|font|sup|sub|div|small|big|mark|strike|del|ins)(?:\s[^<>]*)?/?>").unwrap()
    })
}

/// Markdown bold: `**` right before a non-space and its closing `**` right after one.
/// A lone `**` (a footnote mark in the budget volumes: "ล่วงหน้า**") is text.
fn bold_pair() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\*\*([^\s*](?:[^*]*?[^\s*])?)\*\*").unwrap())
}

fn leading_hashes() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^\s*#+(?:\s+|$)").unwrap())
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Removes converter artifacts until none is left; true when something was removed.
fn strip_artifacts(s: &mut String) -> bool {
    let mut any = false;
    loop {
        let before = s.len();
        if s.chars().any(is_zero_width) {
            *s = s.chars().filter(|&c| !is_zero_width(c)).collect();
        }
        // Each pattern only where its first character occurs (most cells have none).
        if s.contains('<') && html_tag().is_match(s) {
            *s = html_tag().replace_all(s, "").into_owned();
        }
        if s.contains("**") && bold_pair().is_match(s) {
            *s = bold_pair().replace_all(s, "$1").into_owned();
        }
        while s.contains('#') {
            let Some(m) = leading_hashes().find(s) else { break };
            s.replace_range(..m.end(), "");
        }
        if s.len() == before {
            return any;
        }
        any = true;
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

impl Normalizer {
    /// The normalizer with the rules shipped in `rules/` (compiled in).
    pub fn builtin() -> Normalizer {
        Normalizer {
            pua: parse_pua(Path::new("rules/thai_pua.tsv"), THAI_PUA_TSV).expect("built-in rules/thai_pua.tsv is valid"),
            abbreviations: Abbreviations::parse(Path::new("rules/abbreviations.tsv"), ABBREVIATIONS_TSV)
                .expect("built-in rules/abbreviations.tsv is valid"),
        }
    }

    /// The built-in rules, each file replaced by `DIR/thai_pua.tsv` or
    /// `DIR/abbreviations.tsv` when that exists.
    pub fn load(dir: Option<&Path>) -> Result<Normalizer> {
        let mut n = Normalizer::builtin();
        if let Some((p, text)) = crate::rules::override_file(dir, "thai_pua.tsv")? {
            n.pua = parse_pua(&p, &text)?;
        }
        if let Some((p, text)) = crate::rules::override_file(dir, "abbreviations.tsv")? {
            n.abbreviations = Abbreviations::parse(&p, &text)?;
        }
        Ok(n)
    }

    /// The abbreviation table in use.
    pub fn abbreviations(&self) -> &Abbreviations {
        &self.abbreviations
    }

    /// Normalizes one string.
    pub fn normalize(&self, s: &str) -> Normalized {
        let mut flags = Vec::new();
        // Repairs can expose more to repair (a mark dropped before "#" leaves a leading "#"):
        // run the passes until the text stops changing, so that normalizing is idempotent.
        const MAX_PASSES: usize = 4;
        let mut text = self.pass(s, &mut flags);
        // A pass that changed nothing has reached the fixed point (most cells).
        let changed = text != s;
        for _ in (1..MAX_PASSES).filter(|_| changed) {
            let again = self.pass(&text, &mut flags);
            if again == text {
                break;
            }
            text = again;
        }
        let found = self.abbreviations.find(&text);
        if found.iter().any(|f| f.entry.is_none()) {
            add_flag(&mut flags, Flag::UnknownAbbreviation);
        }
        let expanded = self.abbreviations.expand(&text, &found);
        flags.sort();
        Normalized { text, flags, expanded }
    }

    /// One pass of the character-level repairs: artifacts, digits, PUA, Thai marks, spaces.
    fn pass(&self, s: &str, flags: &mut Vec<Flag>) -> String {
        let mut text = s.to_string();
        if strip_artifacts(&mut text) {
            add_flag(flags, Flag::ArtifactRemoved);
        }
        // Nothing of the Thai block and no private-use glyph (a number, a code, Latin
        // text: most cells of a budget volume): no digit to map and no Thai rule applies.
        if !text.chars().any(|c| celltext::in_thai_block(c) || ('\u{E000}'..='\u{F8FF}').contains(&c)) {
            return collapse_whitespace(&text);
        }
        let mut chars: Vec<char> = Vec::with_capacity(text.len());
        let mut repaired = false;
        for c in text.chars() {
            match c {
                _ if celltext::is_thai_digit(c) => {
                    add_flag(flags, Flag::ThaiDigits);
                    chars.push(celltext::ascii_digit(c));
                }
                '\u{E000}'..='\u{F8FF}' => match self.pua.get(&c) {
                    Some(&t) => {
                        repaired = true;
                        chars.push(t);
                    }
                    None => chars.push(c),
                },
                _ => chars.push(c),
            }
        }
        repaired |= thai::repair(&mut chars);
        if repaired {
            add_flag(flags, Flag::ThaiRepair);
        }
        collapse_whitespace(&chars.into_iter().collect::<String>())
    }

    /// Fills `norm` (and repair flags, and `expanded`) of every cell of every line.
    /// Lines are independent, so a large document's lines are normalized in parallel
    /// (in the caller's rayon pool: `--jobs 1` stays on one thread). Then the document's
    /// OCR cells vote on phrases they repeat ([`crate::ocr::vote`]).
    pub fn normalize_lines(&self, lines: &mut [Line]) {
        use rayon::prelude::*;
        /// Lines per parallel task: small enough to spread a page's worth, large enough
        /// that scheduling costs nothing next to the work.
        const CHUNK: usize = 256;
        lines.par_chunks_mut(CHUNK).for_each(|chunk| {
            for line in chunk {
                for cell in &mut line.cells {
                    let n = self.normalize(&cell.text);
                    cell.norm = n.text;
                    cell.expanded = n.expanded;
                    // Text read by OCR: specks and rulings read as marks, Thai the
                    // engine misread (norm only).
                    if cell.flags.contains(&Flag::Ocr) {
                        if let Some(clean) = crate::ocr::repair::clean_strays(&cell.norm, &|a| self.abbreviations.get(a).is_some()) {
                            cell.norm = clean;
                            add_flag(&mut cell.flags, Flag::ArtifactRemoved);
                        }
                        if let Some(fixed) = crate::ocr::repair::ToneLexicon::builtin().repair(&cell.norm, &|a| self.abbreviations.get(a).is_some()) {
                            cell.norm = fixed;
                            add_flag(&mut cell.flags, Flag::OcrToneRepair);
                        }
                    }
                    for f in n.flags {
                        add_flag(&mut cell.flags, f);
                    }
                }
            }
        });
        // A phrase repeated in many OCR cells of the document, misread in a few of them.
        let texts: Vec<(usize, usize, String)> = lines.iter().enumerate().flat_map(|(l, line)| line.cells.iter().enumerate().filter(|(_, c)| c.flags.contains(&Flag::Ocr)).map(move |(k, c)| (l, k, c.norm.clone()))).collect();
        if !texts.is_empty() {
            let votes = crate::ocr::vote::Vote::builtin().run(&texts.iter().map(|t| t.2.as_str()).collect::<Vec<_>>());
            for ((l, k, _), won) in texts.iter().zip(votes) {
                if let Some(w) = won {
                    let cell = &mut lines[*l].cells[*k];
                    cell.norm = w;
                    add_flag(&mut cell.flags, Flag::OcrToneRepair);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_thai_only_loses_artifacts_and_spaces() {
        let n = Normalizer::builtin();
        for (s, want, flagged) in [(" 1,234.50\t ", "1,234.50", false), ("a  b\u{200B}c", "a bc", true), ("<b>(12)</b>", "(12)", true), ("", "", false)] {
            let mut flags = Vec::new();
            assert_eq!(n.pass(s, &mut flags), want, "{s:?}");
            assert_eq!(flags == vec![Flag::ArtifactRemoved], flagged, "{s:?}");
        }
        // A Thai digit or a private-use glyph still goes through the repairs.
        let mut flags = Vec::new();
        assert_eq!(n.pass("\u{0E51}\u{0E52} x", &mut flags), "12 x");
        assert!(flags.contains(&Flag::ThaiDigits));
    }

    #[test]
    fn builtin_rules_load() {
        let n = Normalizer::builtin();
        assert_eq!(n.pua.len(), 27);
        assert_eq!(n.pua[&'\u{F70A}'], '\u{0E48}');
        assert!(n.abbreviations.get("ต.ค.").is_some_and(|a| a.expansion == "ตุลาคม"));
    }

    #[test]
    fn artifacts() {
        let n = Normalizer::builtin();
        let r = n.normalize("## **โครงการที่ ๕.๑** <b>พัฒนา</b>\u{200B}");
        assert_eq!(r.text, "โครงการที่ 5.1 พัฒนา");
        assert_eq!(r.flags, vec![Flag::ThaiDigits, Flag::ArtifactRemoved]);
        // a lone "*", "#1" and "<" in text are not artifacts
        assert_eq!(n.normalize("a * b #1 < c").text, "a * b #1 < c");
        // a lone "**" is a footnote mark, not markdown
        let r = n.normalize("ประมาณการรายจ่ายล่วงหน้า** ** ประมาณการ");
        assert_eq!((r.text.as_str(), r.flags.len()), ("ประมาณการรายจ่ายล่วงหน้า** ** ประมาณการ", 0));
    }

    #[test]
    fn load_overrides_only_given_files() {
        let dir = std::env::temp_dir().join(format!("planx-norm-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("abbreviations.tsv"), format!("{}\nกพส.\tกลุ่มทดสอบ\tagency\ttest\thigh\n", abbrev::HEADER)).unwrap();
        let n = Normalizer::load(Some(&dir)).unwrap();
        let r = n.normalize("กพส. พ.ศ.");
        assert_eq!(r.expanded.as_deref(), Some("กลุ่มทดสอบ พ.ศ."));
        assert!(r.flags.contains(&Flag::UnknownAbbreviation));
        assert_eq!(n.pua.len(), 27);
        std::fs::write(dir.join("thai_pua.tsv"), "pua\tunicode\nF70A\tzz\n").unwrap();
        let e = Normalizer::load(Some(&dir)).unwrap_err();
        assert!(e.to_string().contains("thai_pua.tsv") && e.to_string().contains("line 2"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
