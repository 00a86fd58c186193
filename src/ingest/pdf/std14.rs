//! Widths of the standard 14 fonts, for simple fonts that come without `/Widths`.
//!
//! A PDF may draw Helvetica, Times or Courier without embedding them and without a
//! `/Widths` array: the reader is expected to know their metrics. Without them every
//! glyph would advance by one average width and words would be cut across cells
//! ("Butte | r Margarin | e"). The widths are data in
//! `rules/fonts/standard14-widths.tsv` (from the Adobe Core AFM files, licence there),
//! keyed by Unicode so that any base encoding or `/Differences` finds them.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The widths table shipped in `rules/fonts/`.
const WIDTHS_TSV: &str = include_str!("../../../rules/fonts/standard14-widths.tsv");

/// Every glyph of Courier (all four faces) advances by this much (1/1000 em).
const COURIER_WIDTH: f32 = 600.0;

/// One face's widths, by character (1/1000 em).
pub type Widths = HashMap<char, f32>;

/// The faces of the table, by the column name of its header.
fn faces() -> &'static HashMap<String, Widths> {
    static FACES: OnceLock<HashMap<String, Widths>> = OnceLock::new();
    FACES.get_or_init(|| parse(WIDTHS_TSV))
}

/// Parses the table: a header `codepoint<TAB>face...`, then a row per character.
fn parse(tsv: &str) -> HashMap<String, Widths> {
    let mut rows = tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let names: Vec<String> = match rows.next() {
        Some(h) => h.split('\t').skip(1).map(str::to_string).collect(),
        None => return HashMap::new(),
    };
    let mut out: HashMap<String, Widths> = names.iter().map(|n| (n.clone(), Widths::new())).collect();
    for row in rows {
        let mut f = row.split('\t');
        let Some(c) = f.next().and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32) else { continue };
        for (name, w) in names.iter().zip(f) {
            if let (Some(face), Ok(w)) = (out.get_mut(name), w.parse::<f32>()) {
                face.insert(c, w);
            }
        }
    }
    out
}

/// What a font's base name says about its face: the family of the standard 14 it is
/// (or is metrically the same as: Arial is Helvetica, Times New Roman is Times, Courier
/// New is Courier), bold, italic.
fn face_of(base_font: &str) -> Option<(&'static str, bool, bool)> {
    // A subset's name starts with six capitals and a plus: "ABCDEF+Helvetica".
    let name = match base_font.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => base_font,
    };
    let lower = name.to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let family = if compact.starts_with("courier") {
        "Courier"
    } else if compact.starts_with("helvetica") || compact.starts_with("arial") {
        "Helvetica"
    } else if compact.starts_with("times") {
        "Times"
    } else {
        return None;
    };
    let bold = compact.contains("bold") || compact.contains("black") || compact.contains("heavy");
    let italic = compact.contains("italic") || compact.contains("oblique");
    Some((family, bold, italic))
}

/// The width (1/1000 em) of `c` in the standard font `base_font` names, if it is one
/// of the standard 14 (or a font with the same metrics) and the table has the glyph.
pub fn width(base_font: &str, c: char) -> Option<f32> {
    let (family, bold, italic) = face_of(base_font)?;
    let column = match (family, bold, italic) {
        ("Courier", ..) => return Some(COURIER_WIDTH),
        ("Helvetica", false, _) => "Helvetica",
        ("Helvetica", true, _) => "Helvetica-Bold",
        (_, false, false) => "Times-Roman",
        (_, true, false) => "Times-Bold",
        (_, false, true) => "Times-Italic",
        (_, true, true) => "Times-BoldItalic",
    };
    faces().get(column)?.get(&c).copied()
}

/// Whether `base_font` names one of the standard 14 text fonts (or a metric twin).
pub fn is_standard(base_font: &str) -> bool {
    face_of(base_font).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_faces_of_the_table() {
        assert_eq!(width("Helvetica", 'a'), Some(556.0));
        assert_eq!(width("Helvetica-Bold", '!'), Some(333.0));
        assert_eq!(width("Times-Roman", ' '), Some(250.0));
        assert_eq!(width("Times-BoldItalic", '!'), Some(389.0));
        assert_eq!(width("Courier-Oblique", 'W'), Some(600.0));
    }

    #[test]
    fn metric_twins_and_subsets() {
        assert_eq!(width("ArialMT", 'a'), width("Helvetica", 'a'));
        assert_eq!(width("Arial,Bold", '!'), Some(333.0));
        assert_eq!(width("ABCDEF+TimesNewRomanPS-ItalicMT", '!'), Some(333.0));
        assert_eq!(width("CourierNewPSMT", 'i'), Some(600.0));
        assert!(!is_standard("THSarabunPSK"));
        assert_eq!(width("THSarabunPSK", 'a'), None);
    }

    #[test]
    fn narrow_and_wide_letters_differ() {
        // The point of the table: 'i' and 'm' do not advance alike.
        let (i, m) = (width("Helvetica", 'i').unwrap(), width("Helvetica", 'm').unwrap());
        assert!(m > 3.0 * i, "{i} {m}");
    }
}
