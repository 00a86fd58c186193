//! A vote among a document's OCR cells: a phrase repeated down a column
//! (ตอบตัวชี้วัดที่ : - ภายใต้แนวทางที่ : 2) is misread differently in a few of its cells
//! (ทิี, ตัวซีวัด, ซีวีดี). A reading that differs from a text many more cells read only by
//! letters the engine confuses, by Thai marks or by a dropped colon takes that text. The
//! letters, marks and limits are `[vote]` (and `same`) of `rules/ocr_repair.toml`.

use super::align::{edit_table, INF};
use crate::celltext::is_mark as is_thai_mark;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The limits and confusions of the vote, from `rules/ocr_repair.toml`.
#[derive(Deserialize, Clone)]
#[serde(default)]
pub struct VoteRules {
    /// Classes of characters read as one another (besides the repair's `same`).
    pub same: Vec<String>,
    /// Marks the engine drops (they may be missing from a reading).
    pub removable: Vec<String>,
    /// Fewest cells that must read the winning text.
    pub min_votes: usize,
    /// How many times as many cells must read the winning text as read the reading.
    pub ratio: usize,
    /// Most edits, as a share of the winning text's characters (one at least).
    pub edit_share: f64,
    /// Shortest winning text, in characters (spaces aside).
    pub min_chars: usize,
}

impl Default for VoteRules {
    fn default() -> Self {
        VoteRules { same: Vec::new(), removable: Vec::new(), min_votes: 3, ratio: 2, edit_share: 0.2, min_chars: 8 }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct File {
    same: Vec<String>,
    vote: VoteRules,
}

/// The vote's rules with their letter classes resolved.
pub struct Vote {
    rules: VoteRules,
    class: HashMap<char, char>,
    removable: Vec<char>,
}

impl Vote {
    /// The vote of an `ocr_repair.toml` (its `same` and `[vote]`).
    pub fn parse(toml_text: &str) -> Vote {
        let f: File = toml::from_str(toml_text).unwrap_or_default();
        let class = super::repair::letter_classes(f.same.iter().chain(&f.vote.same));
        let removable = f.vote.removable.iter().flat_map(|s| s.chars()).collect();
        Vote { rules: f.vote, class, removable }
    }

    /// The built-in vote.
    pub fn builtin() -> &'static Vote {
        static V: OnceLock<Vote> = OnceLock::new();
        V.get_or_init(|| Vote::parse(super::repair::OCR_REPAIR_TOML))
    }

    fn canon(&self, c: char) -> char {
        *self.class.get(&c).unwrap_or(&c)
    }

    /// The edits that turn `reading` into `text` (a confused letter, a mark put in or
    /// taken out, a removable mark put back), if no other edit is needed.
    fn edits(&self, text: &[char], reading: &[char]) -> Option<usize> {
        let d = edit_table(text, reading, |c| self.canon(c), |c| is_thai_mark(c) || self.removable.contains(&c), is_thai_mark);
        let e = d[text.len()][reading.len()];
        (e < INF).then_some(e as usize)
    }

    /// For each text (a document's OCR cells), the text it takes by the vote, or `None`.
    pub fn run(&self, texts: &[&str]) -> Vec<Option<String>> {
        let squash = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
        // Each reading (spaces aside): how many cells, and its spaced forms.
        let mut readings: HashMap<String, (usize, HashMap<&str, usize>)> = HashMap::new();
        for t in texts {
            let e = readings.entry(squash(t)).or_default();
            e.0 += 1;
            *e.1.entry(t).or_default() += 1;
        }
        let mut winners: Vec<(&String, usize, Vec<char>)> = readings
            .iter()
            .filter(|(k, (n, _))| *n >= self.rules.min_votes && k.chars().count() >= self.rules.min_chars)
            .map(|(k, (n, _))| (k, *n, k.chars().collect()))
            .collect();
        winners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut takes: HashMap<&String, String> = HashMap::new();
        for (r, (count, _)) in &readings {
            let rc: Vec<char> = r.chars().collect();
            let mut found: Vec<(usize, &String)> = Vec::new();
            for (w, n, wc) in &winners {
                if *w == r || *n < self.rules.ratio * count {
                    continue;
                }
                let budget = ((wc.len() as f64 * self.rules.edit_share) as usize).max(1);
                if wc.len().abs_diff(rc.len()) > budget {
                    continue;
                }
                if self.edits(wc, &rc).is_some_and(|e| e <= budget) {
                    found.push((*n, w));
                }
            }
            // The most read text, unless another is read as often.
            let clear = match found.as_slice() {
                [] => None,
                [one] => Some(one.1),
                [a, b, ..] => (a.0 > b.0).then_some(a.1),
            };
            if let Some(w) = clear {
                // The winner's most common spaced form (the first of equals).
                let forms = &readings[w].1;
                let best = forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(f, _)| f.to_string());
                takes.insert(r, best.unwrap_or_else(|| w.clone()));
            }
        }
        texts.iter().map(|t| takes.get(&squash(t)).filter(|w| w.as_str() != *t).cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote() -> Vote {
        Vote::parse("same = [\"ิีึื\", \"ดต\"]\n[vote]\nsame = [\"ซช\", \":1\"]\nremovable = [\":\"]\nmin_votes = 3\nratio = 2\nedit_share = 0.2\nmin_chars = 8\n")
    }

    #[test]
    fn misread_copies_of_a_repeated_phrase_take_the_majority() {
        let good = "ตอบตัวชี้วัดที่ : - ภายใต้แนวทางที่ : 2";
        let texts = [good, good, "ตอบตัวชี้วัดที่: - ภายใต้แนวทางที่ : 2", "ตอบตัวชี้วัดที่ : - ภายใต้แนวทางทิี : 2", "ตอบตัวซีวัดที่ 1 - ภายใต้แนวทางที่ : 2", "ตอบตัวซีวีดีที่ : - ภายใต้แนวทางที่ 2"];
        let out = vote().run(&texts);
        assert_eq!(out[0], None);
        assert_eq!(out[1], None);
        // Only spaces differ: left as read.
        assert_eq!(out[2], None);
        for o in &out[3..] {
            assert_eq!(o.as_deref(), Some(good));
        }
    }

    #[test]
    fn other_letters_digits_or_too_few_votes_stay() {
        let good = "ตอบตัวชี้วัดที่ : - ภายใต้แนวทางที่ : 2";
        let v = vote();
        // A different digit, a different letter, and a text as often read as the other.
        let texts = [good, good, good, "ตอบตัวชี้วัดที่ : - ภายใต้แนวทางที่ : 3", "ตอบตัวชี้วัดที่ : 1 ภายใต้แนวทางที่ : 5", "ตอบตัวชี้วัดที่ : - ภายใต้แนวทางที่ : 2 ก"];
        assert!(v.run(&texts).iter().all(Option::is_none));
        // Two votes are not enough.
        assert!(v.run(&[good, good, "ตอบตัวซีวัดที่ : - ภายใต้แนวทางที่ : 2"]).iter().all(Option::is_none));
        // Two misreadings against three: not twice as many.
        let bad = "ตอบตัวซีวัดที่ : - ภายใต้แนวทางที่ : 2";
        assert!(v.run(&[good, good, good, bad, bad]).iter().all(Option::is_none));
        assert_eq!(v.run(&[good, good, good, good, bad, bad])[4].as_deref(), Some(good));
    }
}
