//! Cell text: what every stage knows about the characters of a cell and the shape of its
//! text, defined once here and asked by the stages.
//!
//! It owns:
//!
//! - **Thai character classes** ([`is_thai`], [`is_consonant`], [`is_mark`], [`is_tone`],
//!   the vowel classes, [`is_thai_digit`]) and the code points the repairs name.
//! - **Digit conversion**: Thai digits (๐–๙) to ASCII ([`ascii_digit`], [`ascii_digits`]).
//! - **The shape of a cell** ([`shape`] → [`Shape`]): how its text is written (a number,
//!   a nil dash, a checkmark, an arrow, other figures, words), without any rules. Each
//!   stage asks its own question of that one reading:
//!
//!   | question                 | asked by                     | true for                                     |
//!   |--------------------------|------------------------------|----------------------------------------------|
//!   | [`Shape::is_value`]      | tables (rows, continuations) | a number, a nil dash, a checkmark, arrows    |
//!   | [`Shape::is_number`]     | tables (cell-count fit)      | a number                                     |
//!   | [`Shape::fills_slot`]    | tables (cell-count fit)      | a number or a nil dash                       |
//!   | [`Shape::is_amount`]     | tables (header or not)       | a number with thousands separators or decimals, no `%` |
//!   | [`Shape::holds_figures`] | layout (PDF segments)        | a number, other figures ("(50)", "1.1.2"), "-" |
//!
//!   A cell of two values, the second in brackets ("13,895,727 (17,133,433)"), is
//!   [`paired`]: tables cuts it in two under a header that names the pair.
//!
//!   Records ask a question with rules (units, months): does the cell read as a typed
//!   value, [`crate::values::Value::is_typed`] of [`crate::values::ValueRules::parse`].
//! - **Outline codes** ([`OutlineCode`]: "1", "1.1.2", with its depth, parents and order)
//!   and the code a text starts with ([`LeadingCode`]: "1.", "1.1.2", "(1)", "(1.1)").
//!
//! Tables, records and checks read normalized text (ASCII digits, trimmed); the PDF layout
//! reads raw text, so the shape accepts Thai digits too (outline codes: ASCII only).

mod outline;

pub use outline::{opens_list_item, LeadingCode, OutlineCode};

// ---------------------------------------------------------------- Thai characters

pub const SARA_A: char = '\u{0E30}';
pub const MAI_HAN_AKAT: char = '\u{0E31}';
pub const SARA_AA: char = '\u{0E32}';
pub const SARA_AM: char = '\u{0E33}';
pub const LAKKHANGYAO: char = '\u{0E45}';
pub const MAITAIKHU: char = '\u{0E47}';
pub const NIKHAHIT: char = '\u{0E4D}';
pub const REPLACEMENT: char = '\u{FFFD}';

/// Anything of the Unicode Thai block (U+0E00–U+0E7F), unassigned code points included.
pub fn in_thai_block(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// A Thai character: letters, vowels, marks, digits and signs (U+0E01–U+0E5B).
pub fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

/// Thai letters and marks (U+0E01–U+0E4E) except the baht sign and MAI YAMOK.
pub fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E4E}').contains(&c) && c != '\u{0E3F}' && c != '\u{0E46}'
}

/// ก..ฮ
pub fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// The combining marks, written above or below their consonant: U+0E31, U+0E34–U+0E3A,
/// U+0E47–U+0E4E.
pub fn is_mark(c: char) -> bool {
    c == MAI_HAN_AKAT || ('\u{0E34}'..='\u{0E3A}').contains(&c) || ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

/// A character drawn on the glyph before it: a Thai mark or a combining diacritic
/// (U+0300–U+036F).
pub fn attaches_to_previous(c: char) -> bool {
    is_mark(c) || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// MAI EK, MAI THO, MAI TRI, MAI CHATTAWA.
pub fn is_tone(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// MAI HAN-AKAT, SARA I, SARA II, SARA UE, SARA UEE, MAITAIKHU.
pub fn is_upper_vowel(c: char) -> bool {
    c == MAI_HAN_AKAT || ('\u{0E34}'..='\u{0E37}').contains(&c) || c == MAITAIKHU
}

/// SARA U, SARA UU, PHINTHU.
pub fn is_lower_vowel(c: char) -> bool {
    ('\u{0E38}'..='\u{0E3A}').contains(&c)
}

/// เ แ โ ใ ไ: written before the consonant they follow in speech.
pub fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// SARA A, SARA AA, SARA AM, LAKKHANGYAO: spacing vowels that never start a syllable.
pub fn is_following_vowel(c: char) -> bool {
    matches!(c, SARA_A | SARA_AA | SARA_AM | LAKKHANGYAO)
}

// ---------------------------------------------------------------- digits

/// ๐..๙
pub fn is_thai_digit(c: char) -> bool {
    ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// An ASCII or a Thai digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_thai_digit(c)
}

/// A Thai digit as its ASCII digit; any other character unchanged.
pub fn ascii_digit(c: char) -> char {
    if is_thai_digit(c) {
        (b'0' + (c as u32 - 0x0E50) as u8) as char
    } else {
        c
    }
}

/// The text with Thai digits as ASCII digits ("๑๖๑.๕" → "161.5").
pub fn ascii_digits(s: &str) -> String {
    s.chars().map(ascii_digit).collect()
}

// ---------------------------------------------------------------- the shape of a cell

/// How a number is grouped by commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commas {
    /// No comma.
    None,
    /// "1,234,567": one to three digits, then groups of three.
    Thousands,
    /// Any other use of commas ("1,23", "1234,567", "1,,2").
    Irregular,
}

/// How a cell's text is written, read from the text alone (no units, no months).
/// The text is trimmed first; digits are ASCII or Thai.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Nothing but white space.
    Empty,
    /// A nil dash: "-", "–" or "—" (the dash it is).
    Nil(char),
    /// A checkmark: "√", "✓", "✔", "/".
    Check,
    /// Timeline arrows ("←", "→", "↔", "⟷") with white space between ("← →").
    Arrow,
    /// One number: an optional sign, digits and commas, optional decimals, an optional
    /// "%" ("2,517", "-3", "76.9473", "80%").
    Number { commas: Commas, decimals: bool, percent: bool },
    /// Other figures: digits with `, . % - +` and spaces, maybe in brackets, that are not
    /// one number ("(50)", "1.1.2", "1 - 2", "(-)").
    Figures,
    /// Words, or anything else.
    Text,
}

/// The shape of a cell's text.
pub fn shape(text: &str) -> Shape {
    let t = text.trim();
    match t {
        "" => return Shape::Empty,
        "-" | "–" | "—" => return Shape::Nil(t.chars().next().expect("one dash")),
        "√" | "✓" | "✔" | "/" => return Shape::Check,
        _ => {}
    }
    if t.chars().all(|c| matches!(c, '←' | '→' | '↔' | '⟷') || c.is_whitespace()) {
        return Shape::Arrow;
    }
    if let Some(s) = number(t) {
        return s;
    }
    let inner = t.trim_start_matches('(').trim_end_matches(')').trim();
    let figures = inner.chars().all(|c| is_digit(c) || matches!(c, ',' | '.' | '%' | '-' | '+' | ' ')) && (inner.chars().any(is_digit) || inner == "-");
    if !inner.is_empty() && figures {
        Shape::Figures
    } else {
        Shape::Text
    }
}

/// `[-+]? digit [digit,]* (. digit+)? %?`, as a [`Shape::Number`].
fn number(t: &str) -> Option<Shape> {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (t, percent) = match t.strip_suffix('%') {
        Some(r) => (r, true),
        None => (t, false),
    };
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let starts_with_digit = int.chars().next().is_some_and(is_digit);
    if !starts_with_digit || !int.chars().all(|c| is_digit(c) || c == ',') || frac.is_some_and(|f| f.is_empty() || !f.chars().all(is_digit)) {
        return None;
    }
    let commas = if !int.contains(',') {
        Commas::None
    } else {
        let groups: Vec<&str> = int.split(',').collect();
        let len = |g: &str| g.chars().count();
        if len(groups[0]) <= 3 && groups[1..].iter().all(|g| len(g) == 3) {
            Commas::Thousands
        } else {
            Commas::Irregular
        }
    };
    Some(Shape::Number { commas, decimals: frac.is_some(), percent })
}

impl Shape {
    /// A value rather than words, for the table stage: a number, a nil dash, a checkmark
    /// or arrows. Not other figures ("(50)", "1.1.2").
    pub fn is_value(self) -> bool {
        matches!(self, Shape::Number { .. } | Shape::Nil(_) | Shape::Check | Shape::Arrow)
    }

    /// One number ("2,517", "0.5", "80%").
    pub fn is_number(self) -> bool {
        matches!(self, Shape::Number { .. })
    }

    /// What fills a value slot of a row of numbers: a number or a nil dash (checkmarks
    /// and arrows mark years instead).
    pub fn fills_slot(self) -> bool {
        matches!(self, Shape::Number { .. } | Shape::Nil(_))
    }

    /// An amount, never a header label: a number with thousands separators or decimals
    /// and no "%" ("478,966,500", "76.9473"; years and column numbers are plain integers).
    pub fn is_amount(self) -> bool {
        match self {
            Shape::Number { commas, decimals, percent } => !percent && (commas == Commas::Thousands || commas == Commas::None && decimals),
            _ => false,
        }
    }

    /// Figures standing alone in a PDF segment: a number, other figures ("(50)", "1.1.2",
    /// "80%") or a hyphen as nil dash. Not "–", "—", checkmarks or arrows.
    pub fn holds_figures(self) -> bool {
        matches!(self, Shape::Number { .. } | Shape::Figures | Shape::Nil('-'))
    }
}

/// Two values in one cell, the second in brackets: "13,895,727 ( 17,133,433 )", "- (1,494)"
/// (a plan and its result), "- ( - )". Each part is a number or a nil dash.
/// Byte ranges of the text: the first value, the bracketed part, the value inside it.
pub fn paired(text: &str) -> Option<[(usize, usize); 3]> {
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    if close < open || text[open + 1..].contains('(') || !text[close + 1..].trim().is_empty() {
        return None;
    }
    let trimmed = |from: usize, to: usize| {
        let s = &text[from..to];
        let lead = s.len() - s.trim_start().len();
        (from + lead, from + lead + s.trim().len())
    };
    let (first, inner) = (trimmed(0, open), trimmed(open + 1, close));
    let (a, b) = (shape(&text[first.0..first.1]), shape(&text[inner.0..inner.1]));
    (a.fills_slot() && b.fills_slot()).then_some([first, (open, close + 1), inner])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_classes_and_digits() {
        assert!(is_mark('\u{0E31}') && is_mark('\u{0E3A}') && is_mark('\u{0E4E}'));
        assert!(!is_mark(SARA_AA) && !is_mark(SARA_AM) && !is_mark('\u{0E46}'));
        assert!(attaches_to_previous('\u{0301}') && !is_mark('\u{0301}'));
        assert!(is_thai('๙') && is_thai('ก') && !is_thai('a') && !is_thai_letter('๙'));
        assert!(is_consonant('ฮ') && !is_consonant('เ') && is_leading_vowel('เ'));
        assert_eq!(ascii_digits("๑๖๑.๕ ล้าน"), "161.5 ล้าน");
        assert!(is_digit('๕') && is_digit('5') && !is_digit('a'));
    }

    #[test]
    fn shapes() {
        let num = |commas, decimals, percent| Shape::Number { commas, decimals, percent };
        let cases = [
            ("2,517", num(Commas::Thousands, false, false)),
            ("1,234.50", num(Commas::Thousands, true, false)),
            ("๑๒", num(Commas::None, false, false)),
            ("12%", num(Commas::None, false, true)),
            ("2565", num(Commas::None, false, false)),
            ("1,23", num(Commas::Irregular, false, false)),
            ("-", Shape::Nil('-')), ("–", Shape::Nil('–')), ("√", Shape::Check), ("← →", Shape::Arrow),
            ("(50)", Shape::Figures),
            ("1.1.2", Shape::Figures),
            ("1.", Shape::Figures),
            ("(-)", Shape::Figures),
            ("(1.1)", Shape::Figures),
            ("ก.", Shape::Text),
            ("ร้อยละ 5", Shape::Text),
            ("", Shape::Empty),
        ];
        for (t, want) in cases {
            assert_eq!(shape(t), want, "{t:?}");
        }
        assert!(shape("76.9473").is_amount() && shape("478,966,500").is_amount());
        assert!(!shape("2566").is_amount() && !shape("80%").is_amount() && !shape("12,34.5").is_amount());
        assert!(shape("(50)").holds_figures() && shape("-").holds_figures() && !shape("–").holds_figures());
        assert!(!shape("(50)").is_value() && shape("–").is_value() && shape("/").is_value());
        assert!(shape("-").fills_slot() && !shape("√").fills_slot() && !shape("-").is_number());
    }
}
