//! Number tokens of a content stream ("12", "-.5", "+3.", "0.0001"), read in one pass over
//! the bytes. A page's operands are nearly all numbers (hundreds of thousands a volume),
//! so the common ones skip the general string-to-float parser: an integer that fits an
//! `i64` is read directly, and a decimal with at most 15 significant digits is its digits
//! over a power of ten in `f64` (both exact there, so the quotient is the nearest `f64`)
//! then rounded to `f32`. Rounding twice gives the nearest `f32` of the decimal because
//! `f64` carries more than twice `f32`'s precision plus two bits (Figueroa 1995), so the
//! value is the one `str::parse::<f32>` gives. Longer tokens take that parser.

use lopdf::Object;

/// Powers of ten that `f64` holds exactly.
const POW10: [f64; 23] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/// Mantissas below this are exact in `f64` (2^53).
const EXACT: u64 = 1 << 53;

/// A number token as an Integer or Real, as PDF writes them; `None` when the token is
/// no number (an operator).
pub(super) fn number(tok: &[u8]) -> Option<Object> {
    let (neg, body) = match tok.first() {
        Some(b'-') => (true, &tok[1..]),
        Some(b'+') => (false, &tok[1..]),
        _ => (false, tok),
    };
    // One pass: the digits as an integer (while it stays exact), where the point is.
    let (mut m, mut digits, mut point, mut exact) = (0u64, 0usize, None, true);
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                match m.checked_mul(10).and_then(|v| v.checked_add(u64::from(b - b'0'))) {
                    Some(v) if v < EXACT => m = v,
                    _ => exact = false,
                }
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    match point {
        None if exact => Some(Object::Integer(if neg { -(m as i64) } else { m as i64 })),
        // Integers too long for i64 are still numbers; keep them approximately.
        None => general(tok, false),
        Some(p) => {
            let scale = body.len() - p - 1;
            if !exact || scale >= POW10.len() {
                return general(tok, true);
            }
            let v = m as f64 / POW10[scale];
            Some(Object::Real((if neg { -v } else { v }) as f32))
        }
    }
}

/// The general parser, for the tokens the fast path leaves (long digit strings).
fn general(tok: &[u8], decimal: bool) -> Option<Object> {
    let s = std::str::from_utf8(tok).ok()?;
    if decimal {
        s.parse::<f32>().ok().map(Object::Real)
    } else {
        s.parse::<i64>().ok().map(Object::Integer).or_else(|| s.parse::<f32>().ok().map(Object::Real))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading before the fast path: the general parsers on the whole token.
    fn reference(tok: &[u8]) -> Option<Object> {
        let s = std::str::from_utf8(tok).ok()?;
        let body = s.strip_prefix(['+', '-']).unwrap_or(s);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') || body.bytes().filter(|&b| b == b'.').count() > 1 || body == "." {
            return None;
        }
        if body.contains('.') {
            s.parse::<f32>().ok().map(Object::Real)
        } else {
            s.parse::<i64>().ok().map(Object::Integer).or_else(|| s.parse::<f32>().ok().map(Object::Real))
        }
    }

    fn same(tok: &str) {
        let (a, b) = (number(tok.as_bytes()), reference(tok.as_bytes()));
        let bits = |o: &Option<Object>| match o {
            Some(Object::Real(r)) => format!("R{:x}", r.to_bits()),
            Some(Object::Integer(i)) => format!("I{i}"),
            None => "none".into(),
            Some(o) => format!("{o:?}"),
        };
        assert_eq!(bits(&a), bits(&b), "token {tok:?}");
    }

    #[test]
    fn tokens_read_as_the_general_parser_reads_them() {
        for t in ["12", "-12", "+3.", "-.5", ".5", "0", "-0", "-0.0", "0.0001", "595.28", "841.89", "1.000000001", "16777217", "16777217.0",
            "9007199254740993.0", "123456789012345678901234", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "1e5", ".", "-", "+", "", "1.2.3", "--1", "12a", "0.1000000000000000000000001", "3.4028236e38", "999999999999999.9"] {
            same(t);
        }
    }

    #[test]
    fn decimals_round_to_the_nearest_f32_like_the_general_parser() {
        // A deterministic spread of decimals: many digits, many scales, halfway-looking tails.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 16) as u32 + 1;
            let m = (x >> 8) % 10u64.pow(digits);
            let scale = ((x >> 4) % (digits as u64 + 2)) as usize;
            let s = format!("{m:0width$}", width = scale + 1);
            let (int, frac) = s.split_at(s.len() - scale);
            same(&format!("{}{int}.{frac}", if x & 1 == 1 { "-" } else { "" }));
        }
    }
}
