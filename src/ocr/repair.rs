//! Thai marks and letters OCR misread, put right from a word list: a stretch of Thai
//! text the list does not know, that becomes a listed word when marks the engine drops
//! are put back and letters it confuses are put right, and only one such word, is
//! repaired (ที → ที่ only where ที itself would not read, unless ที่ is a preferred
//! word). What the engine drops and confuses, and the preferred words, are
//! `rules/ocr_repair.toml`; the list is `rules/thai_words/words_th.txt` (PyThaiNLP's word
//! list, CC0-1.0; see the README there). A stretch may cross the spaces OCR puts where a
//! cell's text wraps; the spaces are kept where they were.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The built-in word list, one word a line.
pub const WORDS_TH: &str = include_str!("../../rules/thai_words/words_th.txt");
/// planx's own words of plan documents that the list lacks.
pub const PLAN_WORDS: &str = include_str!("../../rules/thai_words/plan_words.txt");
/// The built-in `rules/ocr_repair.toml`.
pub const OCR_REPAIR_TOML: &str = include_str!("../../rules/ocr_repair.toml");

/// Thai letters, vowels and marks (not digits or symbols): what a word is made of.
fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E3A}').contains(&c) || ('\u{0E40}'..='\u{0E4E}').contains(&c)
}

/// SARA AM as NIKHAHIT and SARA AA, the form the engine reads it in.
fn decompose(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(|c| if c == '\u{0E33}' { vec!['\u{0E4D}', '\u{0E32}'] } else { vec![c] })
}

/// What the engine gets wrong, from `rules/ocr_repair.toml`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Confusions {
    /// Marks the engine drops.
    drop: Vec<String>,
    /// Classes of letters the engine reads as one another.
    same: Vec<String>,
    /// Words preferred over a listed reading.
    prefer: Vec<String>,
}

/// Words, and words by their key (dropped marks removed, confused letters made one).
pub struct ToneLexicon {
    words: HashSet<String>,
    by_key: HashMap<String, Vec<String>>,
    prefer: HashSet<String>,
    drop: HashSet<char>,
    class: HashMap<char, char>,
    longest: usize,
}

/// Longest word considered, in characters.
const MAX_WORD: usize = 24;

impl ToneLexicon {
    /// The lexicon of a word list (one word a line; `#` lines are comments) and a
    /// `ocr_repair.toml`.
    pub fn parse(list: &str, confusions: &str) -> ToneLexicon {
        let c: Confusions = toml::from_str(confusions).unwrap_or_default();
        let drop: HashSet<char> = c.drop.iter().flat_map(|s| s.chars()).collect();
        let mut class = HashMap::new();
        for s in &c.same {
            if let Some(first) = s.chars().next() {
                for ch in s.chars() {
                    class.insert(ch, first);
                }
            }
        }
        let words: HashSet<String> = list.lines().map(str::trim).filter(|w| !w.is_empty() && !w.starts_with('#')).map(String::from).collect();
        let mut lex = ToneLexicon { words: HashSet::new(), by_key: HashMap::new(), prefer: c.prefer.into_iter().collect(), drop, class, longest: 0 };
        for w in &words {
            if w.chars().count() > MAX_WORD {
                continue;
            }
            lex.by_key.entry(lex.key(w)).or_default().push(w.clone());
        }
        for v in lex.by_key.values_mut() {
            v.sort();
        }
        lex.longest = words.iter().map(|w| decompose(w).count()).max().unwrap_or(0).min(MAX_WORD);
        lex.words = words;
        lex
    }

    /// The built-in lexicon.
    pub fn builtin() -> &'static ToneLexicon {
        static L: OnceLock<ToneLexicon> = OnceLock::new();
        L.get_or_init(|| ToneLexicon::parse(&format!("{WORDS_TH}\n{PLAN_WORDS}"), OCR_REPAIR_TOML))
    }

    fn canon(&self, c: char) -> char {
        *self.class.get(&c).unwrap_or(&c)
    }

    /// A text's key: SARA AM split into NIKHAHIT and SARA AA (the engine reads its
    /// circle as a tone mark), dropped marks removed, confused letters made one.
    fn key(&self, s: &str) -> String {
        decompose(s).filter(|c| !self.drop.contains(c)).map(|c| self.canon(c)).collect()
    }

    /// True when `word` reads as `piece` with some of its dropped marks left out and
    /// confused letters read as one another (the engine's reading never adds a mark).
    fn reads_as(&self, word: &str, piece: &[char]) -> bool {
        let mut j = 0;
        for w in decompose(word) {
            if j < piece.len() && self.canon(piece[j]) == self.canon(w) {
                j += 1;
            } else if !self.drop.contains(&w) {
                return false;
            }
        }
        j == piece.len()
    }

    /// The one listed word `piece` is a misreading of (a preferred word first), if any.
    fn repair_of(&self, piece: &[char], text: &str) -> Option<&str> {
        let cands: Vec<&String> = self.by_key.get(&self.key(text))?.iter().filter(|w| w.as_str() != text && self.reads_as(w, piece)).collect();
        let preferred: Vec<&&String> = cands.iter().filter(|w| self.prefer.contains(w.as_str())).collect();
        match (preferred.as_slice(), cands.as_slice()) {
            ([w], _) => Some(w.as_str()),
            ([], [w]) => Some(w.as_str()),
            _ => None,
        }
    }

    /// The text with dropped marks and confused letters put right where that is
    /// unambiguous, or `None` when nothing was repaired. Each run of Thai letters (spaces
    /// inside it set aside) is cut into as few words as the list allows (a listed word
    /// costs 1, a repaired one a little more, a preferred word a little less, an unknown
    /// letter 2); repairs on the cheapest cut are made.
    pub fn repair(&self, text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut changed = false;
        let mut i = 0;
        while i < chars.len() {
            if !is_thai_letter(chars[i]) {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            // The run: Thai letters, and the spaces between them (kept by the index of
            // the letter they stand before).
            let mut letters: Vec<char> = Vec::new();
            let mut gaps: HashMap<usize, String> = HashMap::new();
            let mut j = i;
            loop {
                while j < chars.len() && is_thai_letter(chars[j]) {
                    letters.extend(decompose(&chars[j].to_string()));
                    j += 1;
                }
                let mut k = j;
                while k < chars.len() && chars[k] == ' ' {
                    k += 1;
                }
                if k > j && k < chars.len() && is_thai_letter(chars[k]) {
                    gaps.insert(letters.len(), chars[j..k].iter().collect());
                    j = k;
                } else {
                    break;
                }
            }
            let (fixed, did) = self.repair_run(&letters, &gaps);
            changed |= did;
            out.push_str(&fixed);
            i = j;
        }
        changed.then(|| out.replace("\u{0E4D}\u{0E32}", "\u{0E33}"))
    }

    fn repair_run(&self, run: &[char], gaps: &HashMap<usize, String>) -> (String, bool) {
        const PREFERRED: u32 = 9;
        const EXACT: u32 = 10;
        const REPAIRED: u32 = 13;
        const UNKNOWN: u32 = 20;
        let n = run.len();
        // best[k]: (cost, start of the last piece, the listed word it was repaired to).
        let mut best: Vec<(u32, usize, Option<&str>)> = vec![(u32::MAX, 0, None); n + 1];
        best[0] = (0, 0, None);
        for a in 0..n {
            if best[a].0 == u32::MAX {
                continue;
            }
            let base = best[a].0;
            if base + UNKNOWN < best[a + 1].0 {
                best[a + 1] = (base + UNKNOWN, a, None);
            }
            let mut piece = String::new();
            for b in a + 1..=(a + self.longest).min(n) {
                piece.push(run[b - 1]);
                let known = self.words.contains(&piece);
                let rep = if b - a >= 2 { self.repair_of(&run[a..b], &piece) } else { None };
                let (cost, rep) = match rep {
                    Some(w) if self.prefer.contains(w) => (PREFERRED, Some(w)),
                    _ if known => (EXACT, None),
                    Some(w) => (REPAIRED, Some(w)),
                    None => continue,
                };
                if base + cost < best[b].0 {
                    best[b] = (base + cost, a, rep);
                }
            }
        }
        let mut pieces: Vec<(usize, usize, Option<&str>)> = Vec::new();
        let mut k = n;
        while k > 0 {
            let (_, a, rep) = best[k];
            pieces.push((a, k, rep));
            k = a;
        }
        pieces.reverse();
        let mut out = String::new();
        let mut did = false;
        for (a, b, rep) in pieces {
            match rep {
                Some(w) => {
                    did = true;
                    // The word's letters, the reading's spaces before the letters they
                    // stood before.
                    let mut j = a;
                    for c in decompose(w) {
                        if j < b && self.canon(run[j]) == self.canon(c) {
                            if let Some(g) = gaps.get(&j) {
                                out.push_str(g);
                            }
                            j += 1;
                        }
                        out.push(c);
                    }
                }
                None => {
                    for (j, &c) in run.iter().enumerate().take(b).skip(a) {
                        if let Some(g) = gaps.get(&j) {
                            out.push_str(g);
                        }
                        out.push(c);
                    }
                }
            }
        }
        (out, did)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "drop = [\"่\", \"้\", \"ุ\"]\nsame = [\"โเ\", \"ึื\"]\nprefer = [\"ขึ้น\"]\n";

    #[test]
    fn a_dropped_mark_is_put_back_only_when_one_word_fits() {
        let lex = ToneLexicon::parse("ที่\nที\nผู้\nตัวชี้วัด\nการ\nไม้\nไม่\n", CONF);
        assert_eq!(lex.repair("ตัวชีวัด").as_deref(), Some("ตัวชี้วัด"));
        assert_eq!(lex.repair("ผูการ 12").as_deref(), Some("ผู้การ 12"));
        // ที is a word itself: left alone.
        assert_eq!(lex.repair("ที"), None);
        // ไม could be ไม้ or ไม่: left alone.
        assert_eq!(lex.repair("ไม"), None);
        assert_eq!(lex.repair("abc 123"), None);
    }

    #[test]
    fn confused_letters_wrapped_words_and_preferred_words() {
        let lex = ToneLexicon::parse("โครงการ\nยุทธศาสตร์\nตัวชี้วัด\nขึ้น\nขืน\nเพิ่ม\n", CONF);
        assert_eq!(lex.repair("เครงการ").as_deref(), Some("โครงการ"));
        assert_eq!(lex.repair("ยทธศาสตร์").as_deref(), Some("ยุทธศาสตร์"));
        // A word cut by a wrapped line: repaired, the space kept.
        assert_eq!(lex.repair("ตัวชี วัด").as_deref(), Some("ตัวชี้ วัด"));
        // ขืน is listed, but ขึ้น is preferred.
        assert_eq!(lex.repair("เพิ่มขืน").as_deref(), Some("เพิ่มขึ้น"));
        assert_eq!(lex.repair("โครงการ"), None);
        // SARA AM read as a tone mark and SARA AA.
        let lex = ToneLexicon::parse("จำนวน\nจ้าง\n", "drop = [\"้\", \"ํ\"]\nsame = [\"ํ้\"]\n");
        assert_eq!(lex.repair("จ้านวน 1").as_deref(), Some("จำนวน 1"));
        assert_eq!(lex.repair("จ้าง"), None);
    }
}
