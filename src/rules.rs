//! Rules: domain knowledge kept as data in `rules/`, compiled in as defaults and
//! replaceable at run time with `--rules DIR`.
//!
//! This module only loads and checks rule files; the stages that use them own their
//! meaning.

use crate::error::{Error, ErrorKind, Result};
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The built-in `rules/tables.toml`.
pub const TABLES_TOML: &str = include_str!("../rules/tables.toml");

/// How rows of a table are read (from `rules/tables.toml`).
#[derive(Debug, Clone)]
pub struct TableRules {
    pub header_max_rows: usize,
    pub header_max_cell_chars: usize,
    pub header_first_row_max_cell_chars: usize,
    pub total: Vec<Pattern>,
    pub section: Vec<Pattern>,
    pub enumerator: Vec<Pattern>,
    pub page_furniture: Vec<Pattern>,
    pub duplicate_share: f64,
    /// Percent of shared characters by which a repeated header continues a table.
    pub repeat_similarity: usize,
    /// The same for a header read by OCR.
    pub repeat_similarity_ocr: usize,
    /// A repeated header whose cells stand, in the median, more than this many points
    /// left or right of the same cells of the table's header starts a new table.
    pub repeat_max_shift: f32,
    /// Header texts that name two values printed in one cell ("แผน (ผล)"), with the
    /// groups `first` and `second` naming the two sub-columns.
    pub paired: Vec<Pattern>,
    /// A text line read by OCR below this confidence (0–100)…
    pub ocr_noise_confidence: u32,
    /// …and at most this many characters is scan noise, which does not end a table.
    pub ocr_noise_max_chars: usize,
}

#[derive(Deserialize)]
struct TablesFile {
    header: HeaderSection,
    rows: RowsSection,
    tables: TablesSection,
    #[serde(default)]
    ocr_noise: OcrNoiseSection,
}
#[derive(Deserialize)]
struct HeaderSection {
    max_rows: usize,
    max_cell_chars: usize,
    first_row_max_cell_chars: usize,
    #[serde(default = "default_repeat_similarity")]
    repeat_similarity: usize,
    #[serde(default = "default_repeat_similarity_ocr")]
    repeat_similarity_ocr: usize,
    #[serde(default = "default_repeat_max_shift")]
    repeat_max_shift: f32,
    #[serde(default)]
    paired: Vec<String>,
}
#[derive(Deserialize, Default)]
struct OcrNoiseSection {
    #[serde(default)]
    confidence: u32,
    #[serde(default)]
    max_chars: usize,
}
fn default_repeat_similarity() -> usize {
    95
}
fn default_repeat_similarity_ocr() -> usize {
    70
}
fn default_repeat_max_shift() -> f32 {
    6.0
}
#[derive(Deserialize)]
struct RowsSection {
    total: Vec<String>,
    section: Vec<String>,
    enumerator: Vec<String>,
}
#[derive(Deserialize)]
struct TablesSection {
    page_furniture: Vec<String>,
    duplicate_share: f64,
}

fn compile(path: &Path, pats: &[String]) -> Result<Vec<Pattern>> {
    pats.iter().map(|p| Pattern::new(p).map_err(|e| Error::new(path, ErrorKind::Rules(format!("pattern {p:?}: {e}"))))).collect()
}

/// The `header.paired` patterns, each required to name the groups `first` and `second`.
fn paired_patterns(path: &Path, pats: &[String]) -> Result<Vec<Pattern>> {
    let res = compile(path, pats)?;
    for r in &res {
        let names: Vec<&str> = r.capture_names().flatten().collect();
        if !names.contains(&"first") || !names.contains(&"second") {
            return Err(Error::new(path, ErrorKind::Rules(format!("header.paired pattern {:?} needs the groups (?P<first>…) and (?P<second>…)", r.as_str()))));
        }
    }
    Ok(res)
}

impl TableRules {
    /// Parses the text of a `tables.toml`; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<TableRules> {
        let f: TablesFile = toml::from_str(text).map_err(|e| Error::new(path, ErrorKind::Rules(e.to_string())))?;
        Ok(TableRules {
            header_max_rows: f.header.max_rows.max(1),
            header_max_cell_chars: f.header.max_cell_chars,
            header_first_row_max_cell_chars: f.header.first_row_max_cell_chars,
            total: compile(path, &f.rows.total)?,
            section: compile(path, &f.rows.section)?,
            enumerator: compile(path, &f.rows.enumerator)?,
            page_furniture: compile(path, &f.tables.page_furniture)?,
            duplicate_share: f.tables.duplicate_share,
            repeat_similarity: f.header.repeat_similarity.min(100),
            repeat_similarity_ocr: f.header.repeat_similarity_ocr.min(100),
            repeat_max_shift: f.header.repeat_max_shift,
            paired: paired_patterns(path, &f.header.paired)?,
            ocr_noise_confidence: f.ocr_noise.confidence.min(100),
            ocr_noise_max_chars: f.ocr_noise.max_chars,
        })
    }

    /// The rules shipped with planx.
    pub fn builtin() -> TableRules {
        TableRules::parse(Path::new("rules/tables.toml"), TABLES_TOML).expect("built-in rules/tables.toml is valid")
    }

    /// `DIR/tables.toml` when it exists, else the built-in rules.
    pub fn load(dir: Option<&Path>) -> Result<TableRules> {
        match override_file(dir, "tables.toml")? {
            Some((p, text)) => TableRules::parse(&p, &text),
            None => Ok(TableRules::builtin()),
        }
    }
}

/// `DIR/name` and its text when `--rules DIR` has that file; `None` means the built-in
/// rule file applies (a rules folder replaces only the files it holds).
pub(crate) fn override_file(dir: Option<&Path>, name: &str) -> Result<Option<(PathBuf, String)>> {
    match dir.map(|d| d.join(name)) {
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
            Ok(Some((p, text)))
        }
        _ => Ok(None),
    }
}

/// A settings file of `rules/` (`layout.toml`, `ocr.toml`: every key optional, unknown
/// keys refused by the type): `DIR/name` when `--rules DIR` has it, else `shipped`, the
/// built-in text. `path` of the built-in file names it in errors.
pub(crate) fn settings_file<T: serde::de::DeserializeOwned>(dir: Option<&Path>, name: &str, shipped: &str) -> Result<T> {
    match override_file(dir, name)? {
        Some((p, text)) => parse_settings(&p, &text),
        None => parse_settings(&Path::new("rules").join(name), shipped),
    }
}

/// The path a settings file was read from, for errors found after parsing.
pub(crate) fn settings_path(dir: Option<&Path>, name: &str) -> PathBuf {
    dir.map(|d| d.join(name)).filter(|p| p.exists()).unwrap_or_else(|| Path::new("rules").join(name))
}

/// Parses the text of a settings file; `path` names it in errors. Every setting is a
/// distance, share, count or level, so a negative or non-finite number is refused here,
/// naming its key (a typo such as `-0.5` or `nan` would otherwise reach the layout).
pub(crate) fn parse_settings<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    let bad = |m: String| Error::new(path, ErrorKind::Rules(m));
    let table: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    for (key, v) in &table {
        let n = match v {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => continue,
        };
        if !n.is_finite() || n < 0.0 {
            return Err(bad(format!("{key} = {v}: settings are numbers of at least 0")));
        }
    }
    toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| bad(e.to_string()))
}

/// Refuses a setting outside `range` (a sane bound: beyond it a run would hang, fill
/// memory or read nothing), naming the file and key.
pub(crate) fn in_range<N: PartialOrd + std::fmt::Display>(path: &Path, key: &str, v: N, range: std::ops::RangeInclusive<N>) -> Result<()> {
    if range.contains(&v) {
        return Ok(());
    }
    Err(Error::new(path, ErrorKind::Rules(format!("{key} = {v}: must be from {} to {}", range.start(), range.end()))))
}

/// A pattern of the rules: its syntax is checked when the rules are loaded, and it is
/// compiled on its first use (then shared by every clone). Compiling all of the rules'
/// patterns up front was most of the work of a one-page document and ~5% of a volume's,
/// and a document uses only some of them (a budget bill's, a template's). Derefs to the
/// compiled [`Regex`]; `is_match`, `captures`, `find` and `replace` first ask whether the
/// text holds one of the literals every match starts with, or starts with one for a
/// pattern anchored with `^` (see [`Pattern::may_match`]), so a pattern whose words a
/// document never prints is never compiled, and an anchored one is searched only in the
/// texts that start with its words.
#[derive(Clone)]
pub struct Pattern(Arc<PatternInner>);

struct PatternInner {
    source: String,
    /// Literals one of which starts every match (`None`: no such short list).
    starts: Option<Vec<String>>,
    /// Every match begins at the start of the text (`^`): a text must start with one of
    /// `starts`, not merely hold one.
    anchored: bool,
    re: OnceLock<Regex>,
}

/// At most this many start literals are checked before a pattern is compiled (more cost
/// more than they save).
const MAX_START_LITERALS: usize = 16;

/// The literals one of which begins every match of `hir`, when there are a few, all
/// non-empty (an empty one would pass every text).
fn start_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > MAX_START_LITERALS {
        return None;
    }
    lits.iter().map(|l| std::str::from_utf8(l.as_bytes()).ok().filter(|t| !t.is_empty()).map(str::to_string)).collect()
}

impl Pattern {
    /// Checks the syntax of `source` (the error is the one `Regex::new` gives).
    pub fn new(source: &str) -> std::result::Result<Pattern, String> {
        let hir = regex_syntax::Parser::new().parse(source).map_err(|e| e.to_string())?;
        let anchored = hir.properties().look_set_prefix().contains(regex_syntax::hir::Look::Start);
        Ok(Pattern(Arc::new(PatternInner { source: source.to_string(), starts: start_literals(&hir), anchored, re: OnceLock::new() })))
    }

    /// The compiled pattern. One whose syntax is valid but whose program is over the
    /// `regex` size limit (a pattern of many thousand alternatives) matches nothing, with
    /// a warning on stderr, rather than stopping the run.
    pub fn regex(&self) -> &Regex {
        self.0.re.get_or_init(|| {
            Regex::new(&self.0.source).unwrap_or_else(|e| {
                eprintln!("planx: rule pattern {:?} cannot be compiled ({e}); it matches nothing", self.0.source);
                Regex::new(r"[^\s\S]").expect("valid pattern")
            })
        })
    }

    /// False when `hay` cannot hold a match: it does not start with one of the literals
    /// every match starts with, for a pattern anchored at the start of the text; or, for
    /// another pattern not compiled yet, it holds none of them. (Once compiled, the regex's
    /// own prefilter looks for them in the text.)
    pub fn may_match(&self, hay: &str) -> bool {
        let i = &self.0;
        match &i.starts {
            Some(ls) if i.anchored => ls.iter().any(|l| hay.starts_with(l.as_str())),
            Some(ls) if i.re.get().is_none() => ls.iter().any(|l| hay.contains(l.as_str())),
            _ => true,
        }
    }

    /// [`Regex::is_match`], without compiling for a text that cannot match.
    pub fn is_match(&self, hay: &str) -> bool {
        self.may_match(hay) && self.regex().is_match(hay)
    }

    /// [`Regex::captures`], without compiling for a text that cannot match.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<regex::Captures<'h>> {
        self.may_match(hay).then(|| self.regex().captures(hay)).flatten()
    }

    /// [`Regex::find`], without compiling for a text that cannot match.
    pub fn find<'h>(&self, hay: &'h str) -> Option<regex::Match<'h>> {
        self.may_match(hay).then(|| self.regex().find(hay)).flatten()
    }

    /// [`Regex::replace`], without compiling for a text that cannot match.
    pub fn replace<'h, R: regex::Replacer>(&self, hay: &'h str, rep: R) -> std::borrow::Cow<'h, str> {
        if self.may_match(hay) {
            self.regex().replace(hay, rep)
        } else {
            std::borrow::Cow::Borrowed(hay)
        }
    }

    /// The pattern as written in the rules.
    pub fn as_str(&self) -> &str {
        &self.0.source
    }
}

impl std::ops::Deref for Pattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.0.source).finish()
    }
}

/// Any pattern matches.
pub fn any_match(pats: &[Pattern], s: &str) -> bool {
    pats.iter().any(|r| r.is_match(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_is_checked_at_load_and_compiled_once_on_first_use() {
        let unclosed = String::from("(unclosed");
        let bad = Pattern::new(&unclosed).expect_err("a syntax error is found at load");
        assert_eq!(bad, Regex::new(&unclosed).expect_err("regex agrees").to_string());
        let p = Pattern::new(r"^\d{1,3}$").expect("valid");
        let q = p.clone();
        assert!(p.0.re.get().is_none(), "not compiled before its first use");
        assert!(q.is_match("๑๒") && !p.is_match("1234"));
        assert!(std::ptr::eq(p.regex(), q.regex()), "clones share one compiled regex");
        assert_eq!(p.as_str(), r"^\d{1,3}$");
    }

    #[test]
    fn a_text_without_the_start_of_any_match_leaves_the_pattern_uncompiled() {
        let p = Pattern::new(r"(?:แผนงาน|ผลผลิต)\s*(\d+)").expect("valid");
        assert!(p.0.starts.is_some());
        assert!(!p.is_match("โครงการ 12") && p.captures("งบ 3").is_none() && p.find("x").is_none());
        assert_eq!(p.replace("ไม่มี 5", "-"), "ไม่มี 5");
        assert!(p.0.re.get().is_none(), "no text could match: not compiled");
        assert_eq!(&p.captures("ก ผลผลิต 7").expect("a match")[1], "7");
        assert!(p.0.re.get().is_some());
        // Case-insensitive, alternatives, optional starts: the answers are the regex's.
        let texts = ["Total 5", "total", "TOTAL: 7", "sum 3", "x", "", "ผลรวม 1", "รวม 2"];
        for src in [r"(?i)total\s*:?\s*\d+", r"^(?:รวม|ผลรวม)\s*\d", r"a?b|c", r"\d+", r"(?:^|\s)sum"] {
            let (p, r) = (Pattern::new(src).expect("valid"), Regex::new(src).expect("valid"));
            for t in texts {
                assert_eq!(p.is_match(t), r.is_match(t), "{src:?} on {t:?}");
                assert_eq!(p.find(t).map(|m| m.range()), r.find(t).map(|m| m.range()), "{src:?} on {t:?}");
            }
        }
        // Anchored at the start: only a text that starts with the words is searched (and
        // the answers are still the regex's).
        let texts = ["รวม 5 บาท", "ยอดรวม 5 บาท", "รวม", "(1) รวม", "x (1) รวม", "ผลผลิตที่ 2", "1.2 โครงการที่ 3", "", "Total 1"];
        for src in [r"^รวม\s*\d*", r"^\(\d+\)\s*รวม", r"^(?:\d+(?:\.\d+)*\s+)*(?:ผลผลิตที่|โครงการที่)\s*\d+", r"^(?:รวม|ยอดรวม)", r"(?m)^รวม", r"^(?i)total"] {
            let (p, r) = (Pattern::new(src).expect("valid"), Regex::new(src).expect("valid"));
            for t in texts {
                assert_eq!(p.captures(t).map(|c| c.get(0).map(|m| m.range())), r.captures(t).map(|c| c.get(0).map(|m| m.range())), "{src:?} on {t:?}");
            }
        }
        let p = Pattern::new(r"^\(\d+\)\s*รวม").expect("valid");
        assert!(p.0.anchored && p.0.starts.is_some());
        assert!(!p.is_match("ยอด (1) รวม") && p.0.re.get().is_none(), "holds \"(\" but does not start with it: not compiled");
        assert!(!Pattern::new(r"(?m)^รวม").expect("valid").0.anchored, "a line start is not the text's start");
        assert!(!Pattern::new(r"^a|b").expect("valid").0.anchored);
        // No short list of starts: a digit class, an empty alternative.
        assert!(Pattern::new(r"\d+").expect("valid").0.starts.is_none());
        assert!(Pattern::new(r"a|").expect("valid").0.starts.is_none());
    }

    #[test]
    fn the_shipped_table_patterns_compile() {
        let r = TableRules::builtin();
        for p in r.total.iter().chain(&r.section).chain(&r.enumerator).chain(&r.page_furniture).chain(&r.paired) {
            assert_eq!(p.regex().as_str(), p.as_str(), "{p:?} compiles (no match-nothing fallback)");
        }
    }
}
