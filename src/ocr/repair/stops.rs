//! Full stops in OCR text: how much of a run before a full stop is an abbreviation to
//! keep as read ("พ.ศ.", "จก."), and full stops and `|` that are specks or rulings, not text.

use super::{is_thai_letter, is_thai_mark};
use std::collections::HashMap;

/// How many letters at the end of a run (`letters`, decomposed, with its `gaps`) that
/// stands before the full stop starting `after` are an abbreviation: the longest ending
/// of at most `ABBREVIATION_MAX` letters that, with the dotted stretch of `after`, is a
/// known abbreviation; else the letters after the run's last space; else all of them
/// (and all of them when the run holds consonants only).
pub(super) fn abbreviation_len(letters: &[char], gaps: &HashMap<usize, String>, after: &[char], is_abbreviation: &dyn Fn(&str) -> bool) -> usize {
    let dotted: String = after.iter().take_while(|&&c| c == '.' || is_thai_letter(c)).collect();
    let n = letters.len();
    let known = (1..=ABBREVIATION_MAX.min(n)).rev().find(|&k| {
        // Not from inside a cluster (a mark does not start an abbreviation), nor across a space.
        if is_thai_mark(letters[n - k]) || (n - k + 1..n).any(|j| gaps.contains_key(&j)) {
            return false;
        }
        let tail: String = letters[n - k..].iter().collect::<String>().replace("\u{0E4D}\u{0E32}", "\u{0E33}");
        // The whole dotted stretch (พ.ศ.), or its first stop only (จก.).
        is_abbreviation(&format!("{tail}{dotted}")) || is_abbreviation(&format!("{tail}."))
    });
    // A run of consonants only (กพท.สทล.) is abbreviations throughout.
    if letters.iter().all(|&c| ('\u{0E01}'..='\u{0E2E}').contains(&c)) {
        return n;
    }
    match known {
        Some(k) => k,
        None => gaps.keys().max().map_or(n, |&j| n - j),
    }
}

/// Most letters of an abbreviation before its first full stop (สกก., สทต.).
const ABBREVIATION_MAX: usize = 5;

/// The text without marks OCR read that are not text: a `|` (a ruling read as a letter)
/// next to Thai, and a full stop standing alone after Thai (a speck), unless it ends an
/// abbreviation (`is_abbreviation` of the letters before it with the stop, or a token with
/// full stops in it), when it is put back on the abbreviation. `None` when
/// nothing was taken out.
pub fn clean_strays(text: &str, is_abbreviation: &dyn Fn(&str) -> bool) -> Option<String> {
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut changed = false;
    for (k, tok) in tokens.iter().enumerate() {
        let prev_thai = out.last().and_then(|p| p.chars().last()).is_some_and(is_thai_letter);
        let next_thai = tokens.get(k + 1).and_then(|t| t.chars().next()).is_some_and(is_thai_letter);
        if *tok == "." && prev_thai && (next_thai || k + 1 == tokens.len()) {
            changed = true;
            let prev = out.last_mut().expect("prev_thai implies a token");
            let letters: Vec<char> = prev.chars().rev().take_while(|c| is_thai_letter(*c)).collect();
            // Part of an abbreviation: a token already cut by full stops (จ.น), or letters
            // a known abbreviation ends with.
            let abbreviation = prev.contains('.') || (2..=letters.len()).any(|n| is_abbreviation(&format!("{}.", letters[..n].iter().rev().collect::<String>())));
            if abbreviation {
                prev.push('.');
            }
            continue;
        }
        let t: String = if tok.contains('|') && (prev_thai || next_thai || tok.chars().any(is_thai_letter)) { tok.replace('|', "") } else { tok.to_string() };
        changed |= t.len() != tok.len();
        if t.is_empty() && !tok.is_empty() {
            continue;
        }
        out.push(t);
    }
    changed.then(|| out.join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
}
