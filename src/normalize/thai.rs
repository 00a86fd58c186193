//! Character-level repair of Thai text damaged by PDF converters and broken fonts.
//!
//! Works on a `Vec<char>`; every rule only looks at the few characters around it.
//! The rules, in the order they run (see [`repair`]):
//!
//! 1. SARA AM: NIKHAHIT + SARA AA (also with a tone mark or spaces between, or in the
//!    reversed order SARA AA + NIKHAHIT) and U+FFFD + SARA AA become SARA AM, when they
//!    follow a Thai consonant or mark. U+FFFD left next to a SARA AM or after a mark
//!    (what fonts with doubled "fake bold" glyphs leave) is dropped.
//! 2. Displaced marks with a space ("ผูส้ ูง"): a mark pushed one consonant to the right,
//!    with a space after it, goes back to the consonant it belongs to.
//! 3. Spaces inside a syllable are removed: before a combining mark, before SARA A /
//!    SARA AA / SARA AM / LAKKHANGYAO, after a leading vowel (เ แ โ ใ ไ), between
//!    "เC็" and its final consonant ("เป็ น").
//! 4. Marks after a spacing vowel (SARA AA, SARA AM, a leading vowel) go back to the
//!    consonant before it ("ดา้น" → "ด้าน", "นำ้" → "น้ำ", "ผูเ้ชี่ยว" → "ผู้เชี่ยว").
//! 5. An upper vowel followed by SARA AA/SARA A, and a MAI HAN-AKAT with no final
//!    consonant after it, go back to the bare consonant before ("ภูมสิาร" → "ภูมิสาร",
//!    "วิจยั" → "วิจัย").
//!    A MAI HAN-AKAT that carries a tone moves with it ("ตงั้ งบ" → "ตั้งงบ"). A tone on
//!    O ANG followed by a space goes back to the consonant before ("ตอ้ ง" → "ต้อง").
//! 6. Two different tone marks on one consonant: the first goes to the consonant before
//!    when that one has none ("กูต้่าง" → "กู้ต่าง").
//! 7. Marks of one consonant in canonical order (vowels below/above, then tone marks,
//!    then THANTHAKHAT and the rest), duplicates folded; SARA AM doubled folded.
//! 8. Marks with no base at all, standing between spaces, are dropped.
//!
//! Rules 1, 2 and 4–8 change letters (the caller flags `thai_repair`); rule 3 only
//! removes spaces.
//!
//! Not repaired (would need a dictionary): a stray space after a correctly placed mark
//! before a consonant ("ดำเนิ นการ", "หน่ วย"), and marks the converter dropped
//! ("ตัวชีวัด").

mod marks;

use marks::{double_tone, displaced_upper_vowel, marks_after_spacing_vowel, tone_on_o_ang};
use crate::celltext::{is_consonant, is_following_vowel, is_leading_vowel, is_lower_vowel, is_mark, is_thai_letter, is_tone, is_upper_vowel, NIKHAHIT, REPLACEMENT, SARA_AA, SARA_AM};

/// Canonical position class of a mark inside its cluster.
fn mark_order(c: char) -> u8 {
    if is_lower_vowel(c) || is_upper_vowel(c) {
        0
    } else if is_tone(c) {
        1
    } else {
        2
    }
}

/// Do two marks compete for the same place (two tones, two upper vowels, two lower vowels)?
fn same_slot(a: char, b: char) -> bool {
    (is_tone(a) && is_tone(b)) || (is_upper_vowel(a) && is_upper_vowel(b)) || (is_lower_vowel(a) && is_lower_vowel(b))
}

/// Runs every rule until nothing changes. Returns whether letters were changed (not only
/// spaces).
pub fn repair(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    for _ in 0..8 {
        let before = chars.clone();
        let mut c = false;
        c |= sara_am(chars);
        c |= displaced_before_space(chars);
        join_spaces(chars);
        maitaikhu_space(chars);
        c |= marks_after_spacing_vowel(chars);
        c |= displaced_upper_vowel(chars);
        c |= tone_on_o_ang(chars);
        c |= double_tone(chars);
        c |= canonical_clusters(chars);
        c |= drop_orphan_marks(chars);
        changed |= c;
        if *chars == before {
            break;
        }
    }
    changed
}

/// Index of the base of the cluster ending at `end` (exclusive): walks back over marks.
/// Returns `None` when the marks have no consonant base.
fn cluster_base(chars: &[char], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 && is_mark(chars[i - 1]) {
        i -= 1;
    }
    if i > 0 && is_consonant(chars[i - 1]) {
        Some(i - 1)
    } else {
        None
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// End (exclusive) of the whitespace run starting at `i`.
fn space_end(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && is_space(chars[i]) {
        i += 1;
    }
    i
}

/// Rule 1: SARA AM from its broken pieces; stray U+FFFD around SARA AM dropped.
fn sara_am(chars: &mut Vec<char>) -> bool {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut changed = false;
    let mut i = 0;
    let n = chars.len();
    let attaches = |out: &Vec<char>| out.last().is_some_and(|&p| is_consonant(p) || is_mark(p));
    while i < n {
        let c = chars[i];
        if c == NIKHAHIT && attaches(&out) {
            // NIKHAHIT [tone] [spaces] SARA AA  →  [tone] SARA AM
            let mut j = i + 1;
            let tone = if j < n && is_tone(chars[j]) {
                j += 1;
                Some(chars[j - 1])
            } else {
                None
            };
            let k = space_end(chars, j);
            if k < n && chars[k] == SARA_AA {
                if let Some(t) = tone {
                    out.push(t);
                }
                out.push(SARA_AM);
                changed = true;
                i = k + 1;
                continue;
            }
        }
        if c == SARA_AA && i + 1 < n && chars[i + 1] == NIKHAHIT && attaches(&out) {
            // Reversed order (SARA AA, NIKHAHIT): the space the converter put after it
            // belongs to no word either.
            out.push(SARA_AM);
            changed = true;
            i += 2;
            let k = space_end(chars, i);
            if k > i && k < n && (is_consonant(chars[k]) || is_leading_vowel(chars[k])) {
                i = k;
            }
            continue;
        }
        if c == REPLACEMENT {
            let next = chars.get(i + 1).copied();
            let prev = out.last().copied();
            if prev == Some(SARA_AM) {
                // "ำ�า" → "ำ", "ำ�" → "ำ"
                i += if next == Some(SARA_AA) { 2 } else { 1 };
                changed = true;
                continue;
            }
            if next == Some(SARA_AA) && attaches(&out) {
                out.push(SARA_AM);
                changed = true;
                i += 2;
                continue;
            }
            if next == Some(SARA_AM) || prev.is_some_and(is_mark) {
                changed = true;
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    *chars = out;
    changed
}

/// Rule 2: `C1 [vowel marks] C2 M <spaces> M2`, where M then M2 on C2 is not a possible
/// order (a tone before a vowel mark, two different tones, two different upper vowels):
/// M was pushed off C1 by the converter. Put M back on C1 and drop the spaces.
fn displaced_before_space(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    let mut i = 3;
    while i < chars.len() {
        if !is_space(chars[i]) {
            i += 1;
            continue;
        }
        let j = space_end(chars, i);
        if j >= chars.len() {
            break;
        }
        let (m, c2, m2) = (chars[i - 1], chars[i - 2], chars[j]);
        let wrong_order = is_mark(m2)
            && ((is_tone(m) && (is_upper_vowel(m2) || is_lower_vowel(m2) || (is_tone(m2) && m2 != m)))
                || (is_upper_vowel(m) && is_upper_vowel(m2) && m2 != m));
        if is_mark(m) && is_consonant(c2) && wrong_order {
            if let Some(b1) = cluster_base(chars, i - 2) {
                let c1_marks = &chars[b1 + 1..i - 2];
                let preceded_by_leading = b1 > 0 && is_leading_vowel(chars[b1 - 1]);
                if !preceded_by_leading && !c1_marks.iter().any(|&x| same_slot(x, m) || x == '\u{0E4C}') {
                    chars.remove(i - 1);
                    chars.insert(i - 2, m);
                    chars.drain(i..j);
                    changed = true;
                    continue;
                }
            }
        }
        i = j;
    }
    changed
}

/// Rule 3: spaces that cannot stand inside Thai text are removed (spacing only).
fn join_spaces(chars: &mut Vec<char>) {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            let j = space_end(chars, i);
            if let (Some(&p), Some(&nx)) = (out.last(), chars.get(j)) {
                let drop = (is_mark(nx) && is_thai_letter(p))
                    || (is_following_vowel(nx) && (is_consonant(p) || is_mark(p)))
                    || (is_leading_vowel(p) && is_consonant(nx));
                if drop {
                    i = j;
                    continue;
                }
            }
            out.extend_from_slice(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    *chars = out;
}

/// Rule 3b (spacing only): after "เC็" / "แC็" a final consonant must follow, so spaces
/// between MAITAIKHU and a consonant go ("เป็ น" → "เป็น"). "ก็ " is left alone.
fn maitaikhu_space(chars: &mut Vec<char>) {
    let mut i = 2;
    while i + 1 < chars.len() {
        if chars[i] == '\u{0E47}' && is_consonant(chars[i - 1]) && matches!(chars[i - 2], '\u{0E40}' | '\u{0E41}') && is_space(chars[i + 1]) {
            let j = space_end(chars, i + 1);
            if chars.get(j).is_some_and(|&x| is_consonant(x)) {
                chars.drain(i + 1..j);
            }
        }
        i += 1;
    }
}

/// Rule 7: canonical order of each cluster's marks, duplicates folded; doubled SARA AM
/// folded.
fn canonical_clusters(chars: &mut Vec<char>) -> bool {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == SARA_AM && out.last() == Some(&SARA_AM) {
            i += 1;
            continue;
        }
        if is_mark(c) {
            let mut e = i;
            while e < chars.len() && is_mark(chars[e]) {
                e += 1;
            }
            let mut marks: Vec<char> = Vec::with_capacity(e - i);
            for &m in &chars[i..e] {
                if !marks.contains(&m) {
                    marks.push(m);
                }
            }
            marks.sort_by_key(|&m| mark_order(m));
            out.extend(marks);
            i = e;
            continue;
        }
        out.push(c);
        i += 1;
    }
    let changed = out != *chars;
    *chars = out;
    changed
}

/// Rule 8: marks with no base, between spaces (or the ends of the text), are dropped.
fn drop_orphan_marks(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if is_mark(chars[i]) && (i == 0 || is_space(chars[i - 1])) {
            let mut e = i;
            while e < chars.len() && is_mark(chars[e]) {
                e += 1;
            }
            if e == chars.len() || is_space(chars[e]) {
                chars.drain(i..e);
                changed = true;
                continue;
            }
            i = e;
            continue;
        }
        i += 1;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> (String, bool) {
        let mut v: Vec<char> = s.chars().collect();
        let ch = repair(&mut v);
        (v.into_iter().collect(), ch)
    }

    #[test]
    fn classes() {
        assert!(is_mark('\u{0E31}') && is_mark('\u{0E3A}') && is_mark('\u{0E4E}'));
        assert!(!is_mark('\u{0E32}') && !is_mark('\u{0E33}') && !is_mark('\u{0E46}'));
        assert!(is_consonant('ก') && is_consonant('ฮ') && !is_consonant('ะ'));
    }

    #[test]
    fn sara_am_pieces() {
        assert_eq!(r("จ\u{0E4D}\u{0E32}นวน"), ("จำนวน".into(), true));
        assert_eq!(r("ท\u{0E4D}\u{0E49}\u{0E32}"), ("ท้ำ".into(), true));
        assert_eq!(r("ประจ\u{FFFD}\u{0E32}ปี"), ("ประจำปี".into(), true));
        assert_eq!(r("ส\u{0E32}\u{0E4D} หรับ"), ("สำหรับ".into(), true));
        // no base: left alone
        assert_eq!(r("\u{FFFD}\u{0E32}").0, "\u{FFFD}\u{0E32}");
    }

    #[test]
    fn legit_text_untouched() {
        for s in ["ค่าใช้จ่าย เป็นไปตามแผน", "ผู้สูงอายุ", "กิจกรรม - ส่งเสริม", "ปี 2566 ใช้ ใจ", "น้ำ", "ต่าง ๆ"] {
            assert_eq!(r(s), (s.to_string(), false), "{s}");
        }
    }
}
