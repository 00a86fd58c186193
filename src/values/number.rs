//! Reading a number with thousands separators ("2,240,000", "-3", "0.5") exactly, by hand:
//! it runs for every cell, and a pattern cost more than the rest of the typing.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a number with thousands separators exactly.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    // `NUM` matched by hand (it ran for every cell): a `\d` that is not an ASCII digit
    // (Thai digits are made ASCII before) matched the pattern but never parsed as a
    // Decimal, so reading ASCII digits only gives the same answers.
    if !is_ascii_number(s) {
        return None;
    }
    Decimal::from_str(&s.replace(',', "")).ok()
}

/// True when all of `s` is `NUM` in ASCII digits: an optional sign, digits (in groups of
/// three after the first one to three when commas separate them), an optional fraction.
pub(super) fn is_ascii_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let run = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = run(i);
    if first == 0 {
        return false;
    }
    i += first;
    if b.get(i) == Some(&b',') {
        if first > 3 {
            return false;
        }
        while b.get(i) == Some(&b',') && run(i + 1) == 3 {
            i += 4;
        }
        // A comma group is exactly three digits: "1,2345" is not a number.
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
    }
    if b.get(i) == Some(&b'.') {
        let frac = run(i + 1);
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    i == b.len()
}
