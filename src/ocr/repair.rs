//! Thai tone marks OCR dropped, put back from a word list: a stretch of Thai text the
//! list does not know, that becomes a listed word when tone marks are added, and only one
//! such word, is repaired (ที → ที่ only where ที itself would not read). The list is
//! `rules/thai_words/words_th.txt` (PyThaiNLP's word list, CC0-1.0; see the README there).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The built-in word list, one word a line.
pub const WORDS_TH: &str = include_str!("../../rules/thai_words/words_th.txt");

/// The four Thai tone marks.
fn is_tone(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Thai letters, vowels and marks (not digits or symbols): what a word is made of.
fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E3A}').contains(&c) || ('\u{0E40}'..='\u{0E4E}').contains(&c)
}

fn bare(s: &str) -> String {
    s.chars().filter(|&c| !is_tone(c)).collect()
}

/// Words, and toned words by their form without tone marks (`None`: more than one, or
/// the bare form is itself a word).
pub struct ToneLexicon {
    words: HashSet<String>,
    toned: HashMap<String, Option<String>>,
    longest: usize,
}

/// Longest word considered, in characters.
const MAX_WORD: usize = 24;

impl ToneLexicon {
    /// The lexicon of a word list (one word a line; `#` lines are comments).
    pub fn parse(list: &str) -> ToneLexicon {
        let words: HashSet<String> = list.lines().map(str::trim).filter(|w| !w.is_empty() && !w.starts_with('#')).map(String::from).collect();
        let mut toned: HashMap<String, Option<String>> = HashMap::new();
        for w in &words {
            if !w.chars().any(is_tone) || w.chars().count() > MAX_WORD {
                continue;
            }
            let b = bare(w);
            let one = !words.contains(&b);
            toned.entry(b).and_modify(|e| *e = None).or_insert(if one { Some(w.clone()) } else { None });
        }
        let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0).min(MAX_WORD);
        ToneLexicon { words, toned, longest }
    }

    /// The built-in lexicon.
    pub fn builtin() -> &'static ToneLexicon {
        static L: OnceLock<ToneLexicon> = OnceLock::new();
        L.get_or_init(|| ToneLexicon::parse(WORDS_TH))
    }

    /// The text with dropped tone marks put back where that is unambiguous, or `None` when
    /// nothing was repaired. Each run of Thai letters is cut into as few words as the list
    /// allows (a listed word costs 1, a repaired one a little more, an unknown letter 2);
    /// repairs on the cheapest cut are made.
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
            let mut j = i;
            while j < chars.len() && is_thai_letter(chars[j]) {
                j += 1;
            }
            let (fixed, did) = self.repair_run(&chars[i..j]);
            changed |= did;
            out.push_str(&fixed);
            i = j;
        }
        changed.then_some(out)
    }

    fn repair_run(&self, run: &[char]) -> (String, bool) {
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
                let (cost, rep) = if self.words.contains(&piece) {
                    (EXACT, None)
                } else if b - a >= 2 && !piece.chars().any(is_tone) {
                    match self.toned.get(&piece) {
                        Some(Some(w)) => (REPAIRED, Some(w.as_str())),
                        _ => continue,
                    }
                } else {
                    continue;
                };
                if base + cost < best[b].0 {
                    best[b] = (base + cost, a, rep);
                }
            }
        }
        let mut pieces: Vec<String> = Vec::new();
        let mut did = false;
        let mut k = n;
        while k > 0 {
            let (_, a, rep) = best[k];
            match rep {
                Some(w) => {
                    did = true;
                    pieces.push(w.to_string());
                }
                None => pieces.push(run[a..k].iter().collect()),
            }
            k = a;
        }
        pieces.reverse();
        (pieces.concat(), did)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_tone_is_put_back_only_when_one_word_fits() {
        let lex = ToneLexicon::parse("ที่\nที\nผู้\nตัวชี้วัด\nการ\nไม้\nไม่\n");
        assert_eq!(lex.repair("ตัวชีวัด").as_deref(), Some("ตัวชี้วัด"));
        assert_eq!(lex.repair("ผูการ 12").as_deref(), Some("ผู้การ 12"));
        // ที is a word itself: left alone.
        assert_eq!(lex.repair("ที"), None);
        // ไม could be ไม้ or ไม่: left alone.
        assert_eq!(lex.repair("ไม"), None);
        assert_eq!(lex.repair("abc 123"), None);
    }
}
