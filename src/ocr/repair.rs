//! Thai text OCR misread, put right from a word list. Each run of Thai letters (the spaces
//! OCR puts inside it set aside) is cut into words by dynamic programming: a listed word
//! costs by how rare it is (-log of its frequency in the Thai National Corpus), a word the
//! reading becomes once the engine's known errors are undone (marks it drops put back,
//! stray marks it adds taken out, letters it confuses put right) costs a set amount more
//! per such edit, a letter no word explains costs much more. So a reading that is already
//! common words stays, and stretches the list does not know, or knows only as rare words,
//! are repaired. A repair is made only when it is unambiguous: the cheapest cut without it
//! must cost clearly more (`margin`). What the engine drops, adds and confuses, the
//! preferred words and the costs are `rules/ocr_repair.toml`; the list is
//! `rules/thai_words/words_th.txt` (PyThaiNLP's word list, CC0-1.0; see the README there)
//! and `plan_words.txt`, priced by `tnc_freq.txt` (PyThaiNLP's, CC0-1.0). Before a full
//! stop only the abbreviation the run ends with is kept as read (`stops.rs`), and
//! [`clean_strays`] takes out marks that are not text (a ruling read as `|`, a lone full
//! stop).

mod stops;
pub use stops::clean_strays;
use stops::abbreviation_len;

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
// Thai vowels and marks written above or below a consonant (they never start a word).
use super::align::{edit_table, INF};
use crate::celltext::is_mark as is_thai_mark;

/// The built-in word list, one word a line.
pub const WORDS_TH: &str = include_str!("../../rules/thai_words/words_th.txt");
/// planx's own words of plan documents that the list lacks.
pub const PLAN_WORDS: &str = include_str!("../../rules/thai_words/plan_words.txt");
/// Word frequencies (word, tab, count; PyThaiNLP's Thai National Corpus counts).
pub const TNC_FREQ: &str = include_str!("../../rules/thai_words/tnc_freq.txt");
/// The built-in `rules/ocr_repair.toml`.
pub const OCR_REPAIR_TOML: &str = include_str!("../../rules/ocr_repair.toml");

/// Thai letters, vowels and marks (not digits or symbols): what a word is made of.
fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E3A}').contains(&c) || ('\u{0E40}'..='\u{0E4E}').contains(&c)
}

/// Characters the engine reads as one another, each mapped to the first of its class
/// (`same` of `rules/ocr_repair.toml`: "ิีึื" makes ี, ึ and ื read as ิ).
pub(super) fn letter_classes<'a>(sets: impl IntoIterator<Item = &'a String>) -> HashMap<char, char> {
    let mut class = HashMap::new();
    for s in sets {
        if let Some(first) = s.chars().next() {
            for ch in s.chars() {
                class.insert(ch, first);
            }
        }
    }
    class
}

/// SARA AM as NIKHAHIT and SARA AA, the form the engine reads it in.
fn decompose(s: &str) -> Vec<char> {
    s.chars().flat_map(|c| if c == '\u{0E33}' { vec!['\u{0E4D}', '\u{0E32}'] } else { vec![c] }).collect()
}

/// The costs of a cut, from `[costs]` of `rules/ocr_repair.toml`, in tenths of a nat: a
/// listed word costs 10·ln(total count / its count).
#[derive(Deserialize, Clone, Copy)]
#[serde(default)]
pub struct Costs {
    /// The count a listed word without a frequency is priced at.
    pub unseen_count: f64,
    /// The count a word of `plan_words.txt` is priced at (when the corpus has it less).
    pub plan_word_count: f64,
    /// How much less a preferred word costs than its count says.
    pub prefer_bonus: u32,
    /// Each edit of a repaired word (a mark put back or taken out, a letter put right).
    pub edit: u32,
    /// A letter no word explains.
    pub unknown: u32,
    /// How much more the cheapest cut without a repair must cost for the repair to be made.
    pub margin: u32,
    /// Most edits in one word.
    pub max_edits: u32,
    /// A listed reading at least this costly (a rare word) may itself be a misreading.
    pub rare_reading: u32,
    /// ... repaired when the word it becomes costs at least this much less (is far more
    /// common); such a repair is priced at the word's cost, its edits not charged.
    pub common_gain: u32,
    /// Before an abbreviation, a stretch the list does not know is repaired only to a word
    /// costing at most this (0: no limit): a rarer word is a less likely text than a name
    /// the list lacks (คุรุสพบุรี, a cooperative's name, is no คุรุสัพบุรี).
    pub rare_target: u32,
}

impl Default for Costs {
    fn default() -> Self {
        Costs { unseen_count: 1.0, plan_word_count: 10000.0, prefer_bonus: 50, edit: 40, unknown: 200, margin: 30, max_edits: 2, rare_reading: 105, common_gain: 35, rare_target: 120 }
    }
}

/// What the engine gets wrong, from `rules/ocr_repair.toml`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Confusions {
    /// Marks the engine drops.
    drop: Vec<String>,
    /// Marks the engine adds where there are none (each must also be in `drop`).
    stray: Vec<String>,
    /// Classes of letters the engine reads as one another.
    same: Vec<String>,
    /// Words preferred over a listed reading.
    prefer: Vec<String>,
    costs: Costs,
}

/// Words (decomposed), and words by their key (dropped marks removed, confused letters
/// made one).
pub struct ToneLexicon {
    /// Each listed word and its cost.
    words: HashMap<Vec<char>, u32>,
    by_key: HashMap<Vec<char>, Vec<Vec<char>>>,
    prefer: HashSet<Vec<char>>,
    drop: HashSet<char>,
    stray: HashSet<char>,
    class: HashMap<char, char>,
    costs: Costs,
    longest: usize,
}

/// One step of turning a reading into a word: (word index, piece index), None on the side
/// where a character is added or taken out.
type Step = (Option<usize>, Option<usize>);

/// Longest word considered, in characters.
const MAX_WORD: usize = 24;

/// One piece of a cut: letters `a..b` of the run, read as they are (`word` None, a listed
/// word or unknown letters) or repaired to `word`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Piece {
    a: usize,
    b: usize,
    word: Option<usize>,
}

/// The choices for a run: listed words and repairs by their start.
struct Choices {
    /// (end, cost, index into `words`) of each listed or repaired word starting at a letter.
    from: Vec<Vec<(usize, u32, Option<usize>)>>,
    /// Repaired words.
    words: Vec<Vec<char>>,
}

impl ToneLexicon {
    /// The lexicon of a word list and plan words (one word a line; `#` lines are
    /// comments), word frequencies (word, tab, count) and a `ocr_repair.toml`.
    pub fn parse(list: &str, plan: &str, freq: &str, confusions: &str) -> ToneLexicon {
        let c: Confusions = toml::from_str(confusions).unwrap_or_default();
        let drop: HashSet<char> = c.drop.iter().flat_map(|s| s.chars()).collect();
        let stray: HashSet<char> = c.stray.iter().flat_map(|s| s.chars()).filter(|ch| drop.contains(ch)).collect();
        let class = letter_classes(&c.same);
        let mut lex = ToneLexicon {
            words: HashMap::new(),
            by_key: HashMap::new(),
            prefer: c.prefer.iter().map(|w| decompose(w)).collect(),
            drop,
            stray,
            class,
            costs: c.costs,
            longest: 0,
        };
        let counts: HashMap<Vec<char>, f64> = freq.lines().filter_map(|l| l.split_once('\t')).filter_map(|(w, n)| Some((decompose(w.trim()), n.trim().parse::<f64>().ok()?))).collect();
        let total: f64 = counts.values().sum::<f64>().max(1.0);
        let price = |n: f64| (10.0 * (total / n.max(1e-3)).ln()).round().max(0.0) as u32;
        let lines = |t: &'_ str| -> Vec<Vec<char>> { t.lines().map(str::trim).filter(|w| !w.is_empty() && !w.starts_with('#')).map(decompose).filter(|w| w.len() <= MAX_WORD).collect() };
        let mut words: HashMap<Vec<char>, u32> = HashMap::new();
        for w in lines(list) {
            let n = counts.get(&w).copied().unwrap_or(c.costs.unseen_count);
            words.insert(w, price(n));
        }
        for w in lines(plan) {
            let n = counts.get(&w).copied().unwrap_or(0.0).max(c.costs.plan_word_count);
            words.insert(w, price(n));
        }
        for (w, cost) in words.iter_mut() {
            if lex.prefer.contains(w) {
                *cost = cost.saturating_sub(c.costs.prefer_bonus);
            }
        }
        for w in words.keys() {
            lex.by_key.entry(lex.key(w)).or_default().push(w.clone());
        }
        for v in lex.by_key.values_mut() {
            v.sort();
        }
        lex.longest = words.keys().map(Vec::len).max().unwrap_or(0);
        lex.words = words;
        lex
    }

    /// The built-in lexicon.
    pub fn builtin() -> &'static ToneLexicon {
        static L: OnceLock<ToneLexicon> = OnceLock::new();
        L.get_or_init(|| ToneLexicon::parse(WORDS_TH, PLAN_WORDS, TNC_FREQ, OCR_REPAIR_TOML))
    }

    fn canon(&self, c: char) -> char {
        *self.class.get(&c).unwrap_or(&c)
    }

    /// A text's key: dropped marks removed, confused letters made one.
    fn key(&self, s: &[char]) -> Vec<char> {
        s.iter().filter(|c| !self.drop.contains(c)).map(|&c| self.canon(c)).collect()
    }

    /// The edits that turn the reading `piece` into `word` (marks put back, stray marks
    /// taken out, confused letters put right), as (word index, piece index) steps (None
    /// on one side when that character is added or taken out), if it can be done.
    fn align(&self, word: &[char], piece: &[char]) -> Option<(u32, Vec<Step>)> {
        let (n, m) = (word.len(), piece.len());
        let d = edit_table(word, piece, |c| self.canon(c), |c| self.drop.contains(&c), |c| self.stray.contains(&c));
        if d[n][m] >= INF {
            return None;
        }
        let mut steps = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = d[i][j];
            if i > 0 && j > 0 && self.canon(word[i - 1]) == self.canon(piece[j - 1]) && d[i - 1][j - 1] + u32::from(word[i - 1] != piece[j - 1]) == here {
                steps.push((Some(i - 1), Some(j - 1)));
                i -= 1;
                j -= 1;
            } else if i > 0 && self.drop.contains(&word[i - 1]) && d[i - 1][j] + 1 == here {
                steps.push((Some(i - 1), None));
                i -= 1;
            } else {
                steps.push((None, Some(j - 1)));
                j -= 1;
            }
        }
        steps.reverse();
        Some((d[n][m], steps))
    }

    /// The cost of reading `piece` as `word`, if the word may be a misreading of it.
    fn repair_cost(&self, word: &[char], piece: &[char]) -> Option<u32> {
        let (edits, _) = self.align(word, piece)?;
        let base = piece.iter().filter(|c| !is_thai_mark(**c)).count() as u32;
        let preferred = self.prefer.contains(word);
        if edits == 0 || edits > self.costs.max_edits || (edits > base && !preferred) {
            return None;
        }
        let cost = *self.words.get(word)?;
        Some(if preferred { cost } else { cost + edits * self.costs.edit })
    }

    /// The listed words and the repairs of every stretch of the run. Where two repairs of
    /// one stretch cost within `margin` of each other, neither is offered. With
    /// `keep_marks` (a run that may be a name), no repair takes a mark of the reading out,
    /// and a stretch the list does not know becomes only a word costing at most
    /// `rare_target`.
    fn choices(&self, run: &[char], keep_marks: bool) -> Choices {
        let n = run.len();
        let mut ch = Choices { from: vec![Vec::new(); n], words: Vec::new() };
        for a in 0..n {
            if is_thai_mark(run[a]) {
                continue;
            }
            for b in a + 1..=(a + self.longest).min(n) {
                let piece = &run[a..b];
                if b < n && is_thai_mark(run[b]) {
                    continue;
                }
                let exact = self.words.get(piece).copied();
                if let Some(cost) = exact {
                    ch.from[a].push((b, cost, None));
                }
                let Some(cands) = self.by_key.get(&self.key(piece)) else { continue };
                let mut costed: Vec<(u32, &Vec<char>)> = cands
                    .iter()
                    .filter(|w| w.as_slice() != piece)
                    .filter(|w| !keep_marks || self.align(w, piece).is_some_and(|(_, steps)| steps.iter().all(|s| s.0.is_some())))
                    .filter_map(|w| Some((self.repair_cost(w, piece)?, w))).collect();
                costed.sort();
                match costed.as_slice() {
                    [] => {}
                    [(c, w), rest @ ..] => {
                        let clear = rest.first().map_or(true, |(c2, _)| *c2 >= c + self.costs.margin);
                        // A preferred word replaces a listed reading, and so does a far
                        // more common word a rare reading; other repairs only stretches
                        // the list does not know.
                        let cost = match exact {
                            None => Some(*c).filter(|_| !keep_marks || self.costs.rare_target == 0 || self.words.get(*w).is_some_and(|&wc| wc <= self.costs.rare_target)),
                            Some(_) if self.prefer.contains(*w) => Some(*c),
                            Some(reading) => self.words.get(*w).copied().filter(|&wc| reading >= self.costs.rare_reading && reading >= wc + self.costs.common_gain),
                        };
                        if let (true, Some(cost)) = (clear, cost) {
                            ch.words.push((*w).clone());
                            ch.from[a].push((b, cost, Some(ch.words.len() - 1)));
                        }
                    }
                }
            }
        }
        ch
    }

    /// The cheapest cut of a run (cost, pieces), without the repairs in `banned`.
    fn cut(&self, run: &[char], ch: &Choices, banned: &HashSet<Piece>) -> (u32, Vec<Piece>) {
        let n = run.len();
        let mut best: Vec<(u32, usize, Option<usize>)> = vec![(u32::MAX, 0, None); n + 1];
        best[0] = (0, 0, None);
        for a in 0..n {
            let base = best[a].0;
            if base == u32::MAX {
                continue;
            }
            if base + self.costs.unknown < best[a + 1].0 {
                best[a + 1] = (base + self.costs.unknown, a, None);
            }
            for &(b, cost, word) in &ch.from[a] {
                if word.is_some() && banned.contains(&Piece { a, b, word }) {
                    continue;
                }
                if base + cost < best[b].0 {
                    best[b] = (base + cost, a, word);
                }
            }
        }
        let mut pieces = Vec::new();
        let mut k = n;
        while k > 0 {
            let (_, a, word) = best[k];
            pieces.push(Piece { a, b: k, word });
            k = a;
        }
        pieces.reverse();
        (best[n].0, pieces)
    }

    /// The run's text as cut: repaired words in place of their readings, the reading's
    /// spaces kept before the letters they stood before (not before a mark).
    fn write(&self, run: &[char], gaps: &HashMap<usize, String>, ch: &Choices, pieces: &[Piece]) -> String {
        let mut out = String::new();
        let gap = |out: &mut String, j: usize| {
            if let Some(g) = gaps.get(&j) {
                if !is_thai_mark(run[j]) {
                    out.push_str(g);
                }
            }
        };
        for p in pieces {
            match p.word {
                Some(w) => {
                    let word = &ch.words[w];
                    let steps = self.align(word, &run[p.a..p.b]).map(|s| s.1).unwrap_or_default();
                    for (wi, pj) in steps {
                        if let Some(pj) = pj {
                            gap(&mut out, p.a + pj);
                        }
                        if let Some(wi) = wi {
                            out.push(word[wi]);
                        }
                    }
                }
                None => {
                    for (j, &c) in run.iter().enumerate().take(p.b).skip(p.a) {
                        gap(&mut out, j);
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// The text with misread Thai put right where that is unambiguous, or `None` when
    /// nothing was repaired. A run that ends at a full stop keeps only its abbreviation
    /// as read: the letters that, with the dotted stretch after them, are
    /// a known abbreviation (`is_abbreviation`: หมีจก. ends in จก., สหกรณ์พ.ศ. in พ.ศ.),
    /// or else the letters after the run's last space; a run with neither is left alone
    /// (an unknown abbreviation). OCR joins a cell's words across spaces into one run, so
    /// without this a cell's whole text before "พ.ศ." went unrepaired.
    pub fn repair(&self, text: &str, is_abbreviation: &dyn Fn(&str) -> bool) -> Option<String> {
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
            let keep = if chars.get(j) == Some(&'.') { abbreviation_len(&letters, &gaps, &chars[j..], is_abbreviation) } else { 0 };
            let fixed = if keep >= letters.len() { None } else if keep == 0 { self.repair_run(&letters, &gaps, false) } else { self.repair_head(&letters, &gaps, keep) };
            match fixed {
                Some(f) => {
                    changed = true;
                    out.push_str(&f);
                }
                None => out.extend(&chars[i..j]),
            }
            i = j;
        }
        changed.then(|| out.replace("\u{0E4D}\u{0E32}", "\u{0E33}"))
    }

    /// A run repaired but for its last `keep` letters (an abbreviation), which are
    /// written as read. Before an abbreviation (จก., สกก.) a run is often a name the list
    /// lacks, which a cut of listed words would bend into words by taking its marks out
    /// (คุรุสพบุรี as คุ·รส·พบ·รี): with `keep > 0` marks are only put back.
    fn repair_head(&self, run: &[char], gaps: &HashMap<usize, String>, keep: usize) -> Option<String> {
        let n = run.len() - keep;
        let head_gaps: HashMap<usize, String> = gaps.iter().filter(|(&j, _)| j < n).map(|(&j, g)| (j, g.clone())).collect();
        let mut out = self.repair_run(&run[..n], &head_gaps, true)?;
        for (j, &c) in run.iter().enumerate().skip(n) {
            if let Some(g) = gaps.get(&j) {
                out.push_str(g);
            }
            out.push(c);
        }
        Some(out)
    }

    /// A run repaired, if any repair is clear: each repair of the cheapest cut is checked
    /// against the cheapest cut without it; one that does not win by `margin` is banned and
    /// the run cut again.
    fn repair_run(&self, run: &[char], gaps: &HashMap<usize, String>, keep_marks: bool) -> Option<String> {
        let ch = self.choices(run, keep_marks);
        let mut banned: HashSet<Piece> = HashSet::new();
        'again: loop {
            let (cost, pieces) = self.cut(run, &ch, &banned);
            let text = self.write(run, gaps, &ch, &pieces);
            for p in pieces.iter().filter(|p| p.word.is_some()) {
                let mut without = banned.clone();
                without.insert(p.clone());
                let (c2, p2) = self.cut(run, &ch, &without);
                if c2 < cost + self.costs.margin && self.write(run, gaps, &ch, &p2) != text {
                    banned.insert(p.clone());
                    continue 'again;
                }
            }
            return pieces.iter().any(|p| p.word.is_some()).then_some(text);
        }
    }
}

#[cfg(test)]
mod tests;
