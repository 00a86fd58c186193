//! Marks a converter put on the wrong letter (rules 4–6 of [`super`]): marks written after
//! a spacing vowel, an upper vowel or MAI HAN-AKAT pushed one consonant on, a tone on O ANG
//! before a space, two tones on one consonant. Each goes back to the consonant it belongs to.

use super::{cluster_base, space_end, is_space, same_slot};
use crate::celltext::{is_consonant, is_leading_vowel, is_mark, is_tone, is_upper_vowel, MAI_HAN_AKAT, SARA_A, SARA_AA, SARA_AM};

/// Rule 4: marks written after SARA AA, SARA AM or a leading vowel belong to the consonant
/// before that vowel.
pub(super) fn marks_after_spacing_vowel(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    let mut i = 1;
    while i < chars.len() {
        let v = chars[i - 1];
        if !(is_mark(chars[i]) && (v == SARA_AA || v == SARA_AM || is_leading_vowel(v))) {
            i += 1;
            continue;
        }
        // the marks after the vowel
        let mut e = i;
        while e < chars.len() && is_mark(chars[e]) {
            e += 1;
        }
        // the cluster before the vowel (a leading vowel may have spaces before it)
        let mut vpos = i - 1;
        let mut sp = vpos;
        if is_leading_vowel(v) {
            while sp > 0 && is_space(chars[sp - 1]) {
                sp -= 1;
            }
        }
        let Some(b) = cluster_base(chars, sp) else {
            i = e;
            continue;
        };
        let mut moved = false;
        let mut k = i;
        while k < e {
            let m = chars[k];
            let existing = &chars[b + 1..sp];
            if existing.contains(&m) {
                chars.remove(k);
                e -= 1;
                changed = true;
                moved = true;
            } else if existing.iter().any(|&x| same_slot(x, m)) {
                k += 1;
            } else {
                chars.remove(k);
                chars.insert(sp, m);
                sp += 1;
                vpos += 1;
                k += 1;
                changed = true;
                moved = true;
            }
        }
        if moved {
            // spaces between the cluster and a leading vowel, and after the marks' old place
            let after = e;
            drop_space_after(chars, after);
            if sp < vpos {
                chars.drain(sp..vpos);
                e -= vpos - sp;
            }
        }
        i = e.max(i) + 1;
    }
    changed
}

/// Rule 5: an upper vowel on C2 followed by SARA AA / SARA A, or a MAI HAN-AKAT with no
/// consonant after it, belongs to the bare consonant C1 before C2.
pub(super) fn displaced_upper_vowel(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    let mut i = 2;
    while i < chars.len() {
        let u = chars[i];
        if !is_upper_vowel(u) || !is_consonant(chars[i - 1]) || !is_consonant(chars[i - 2]) {
            i += 1;
            continue;
        }
        let mut next = chars.get(i + 1).copied();
        // MAI HAN-AKAT may carry a tone mark: both go back together ("ตงั้ งบ" → "ตั้งงบ")
        let with_tone = u == MAI_HAN_AKAT && next.is_some_and(is_tone);
        if with_tone {
            next = chars.get(i + 2).copied();
        }
        let before_c1 = if i >= 3 { Some(chars[i - 3]) } else { None };
        // C1 has no marks of its own (C2 follows it directly); a leading vowel before C1
        // would make "เC1ัC2" impossible.
        let c1_bare = !before_c1.is_some_and(is_leading_vowel);
        let vowel_after = matches!(next, Some(SARA_AA) | Some(SARA_A));
        let vowel_after = vowel_after && !with_tone;
        let no_final = u == MAI_HAN_AKAT && !next.is_some_and(|n| is_consonant(n) || is_mark(n));
        if c1_bare && !with_tone && vowel_after {
            chars.remove(i);
            chars.insert(i - 1, u);
            changed = true;
        } else if c1_bare && no_final {
            let n = if with_tone { 2 } else { 1 };
            let marks: Vec<char> = chars.drain(i..i + n).collect();
            chars.splice(i - 1..i - 1, marks);
            drop_space_after(chars, i + n);
            changed = true;
        }
        i += 1;
    }
    changed
}

/// Rule 5b: a tone mark on O ANG followed by a space and a consonant ("ตอ้ ง", "ขอ้ มูล",
/// "เพือ่ การ"): O ANG here is the vowel of the consonant before it, which carries the
/// tone in Thai spelling; an initial O ANG with a tone ("อ่าน") is never followed by a
/// space. The tone goes back to that consonant (when it has none) and the space goes.
/// A following O ANG is excluded ("ชนอ่ อน" may be "ชนอ่อน" with a stray space).
pub(super) fn tone_on_o_ang(chars: &mut Vec<char>) -> bool {
    const O_ANG: char = '\u{0E2D}';
    let mut changed = false;
    let mut i = 2;
    while i + 1 < chars.len() {
        let t = chars[i];
        if !(is_tone(t) && chars[i - 1] == O_ANG && is_space(chars[i + 1])) {
            i += 1;
            continue;
        }
        let j = space_end(chars, i + 1);
        let next_ok = chars.get(j).is_some_and(|&x| is_consonant(x) && x != O_ANG);
        let base = cluster_base(chars, i - 1);
        let free = base.is_some_and(|b| !chars[b + 1..i - 1].iter().any(|&x| is_tone(x) || x == '\u{0E4C}'));
        if next_ok && free {
            chars.drain(i + 1..j);
            chars.remove(i);
            chars.insert(i - 1, t);
            changed = true;
        }
        i += 1;
    }
    changed
}

/// Rule 6: two different tone marks on one consonant; the first goes to the consonant
/// before when that one has no tone and no THANTHAKHAT.
pub(super) fn double_tone(chars: &mut Vec<char>) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if !is_consonant(chars[i]) {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < chars.len() && is_mark(chars[e]) {
            e += 1;
        }
        let tones: Vec<usize> = (i + 1..e).filter(|&k| is_tone(chars[k])).collect();
        if tones.len() >= 2 && chars[tones[0]] != chars[tones[1]] {
            if let Some(b) = cluster_base(chars, i) {
                let prev = &chars[b + 1..i];
                if !prev.iter().any(|&x| is_tone(x) || x == '\u{0E4C}') {
                    let t = chars.remove(tones[0]);
                    chars.insert(i, t);
                    changed = true;
                }
            }
        }
        i = e;
    }
    changed
}

/// Removes the spaces at `i` when a Thai letter follows them (the space a converter
/// leaves after a displaced mark).
fn drop_space_after(chars: &mut Vec<char>, i: usize) {
    let j = space_end(chars, i);
    if j > i && j < chars.len() && (is_consonant(chars[j]) || is_leading_vowel(chars[j])) {
        chars.drain(i..j);
    }
}
