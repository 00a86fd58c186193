//! Property tests of the normalize stage.
//!
//! * idempotence: normalizing the output again changes nothing and raises no repair or
//!   artifact flag;
//! * no Thai letter is lost: the "skeleton" of the text (Thai consonants and spacing
//!   vowels in order, SARA AM counted as SARA AA, PUA consonants mapped) is the same
//!   before and after, except for the documented repairs that drop a redundant SARA AA
//!   (NIKHAHIT/U+FFFD + SARA AA → SARA AM, "ำ�า" → "ำ", "ำำ" → "ำ"), which the skeleton
//!   accounts for by folding runs of SARA AA;
//! * text without Thai: any string with no character in U+0E00–U+0E7F, the Private Use
//!   Area, U+FFFD or the zero-width set comes out as its whitespace-collapsed self (runs
//!   of Unicode whitespace → one space, trimmed), with no flag, unless a converter
//!   artifact (markdown bold pair, simple HTML tag, leading `#`s) was removed, which is
//!   then flagged `artifact_removed` and is the only flag.

use planx::model::Flag;
use planx::Normalizer;
use proptest::prelude::*;
use std::sync::OnceLock;

fn n() -> &'static Normalizer {
    static N: OnceLock<Normalizer> = OnceLock::new();
    N.get_or_init(Normalizer::builtin)
}

/// Pieces Thai converter output is made of, damaged ones included.
const THAI_PIECES: &[&str] = &[
    "ก", "ข", "จ", "ด", "ต", "น", "บ", "ป", "ผ", "ม", "ย", "ร", "ว", "ส", "ห", "อ", "ฐ", "ญ", "ฑ", "ณ", "ภ", "ค", "ท", "ช",
    "\u{0E31}", "\u{0E34}", "\u{0E35}", "\u{0E36}", "\u{0E37}", "\u{0E38}", "\u{0E39}", "\u{0E3A}", "\u{0E47}",
    "\u{0E48}", "\u{0E49}", "\u{0E4A}", "\u{0E4B}", "\u{0E4C}", "\u{0E4D}", "\u{0E4E}",
    "\u{0E30}", "\u{0E32}", "\u{0E33}", "\u{0E45}", "\u{0E46}", "เ", "แ", "โ", "ใ", "ไ",
    "๐", "๕", "๙", "\u{FFFD}", "\u{F700}", "\u{F70A}", "\u{F70F}", "\u{F713}", "\u{F702}", "\u{F718}", "\u{200B}",
    " ", " ", " ", "  ", "\t", "\n", "-", ".", ",", "(", ")", "1", "2", "a", "Z", "**", "#", "<b>", "</b>", "พ.ศ.", "กพส.",
];

/// Pieces of text without Thai, artifact makers included.
const LATIN_PIECES: &[&str] = &[
    "a", "b", "Z", "0", "7", "-", ".", ",", ":", "/", "(", ")", "%", "√", "é", "ß", "→", "*", "**", "#", "##", "<b>", "</b>",
    "<br/>", "<", ">", "<x>", " ", " ", "  ", "\t", "\n", "\u{00A0}", "Green Coop", "2,500.00",
];

fn from(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

fn pua_consonant(c: char) -> char {
    match c {
        '\u{F700}' => 'ฐ',
        '\u{F70F}' => 'ญ',
        c => c,
    }
}

/// Thai consonants and spacing vowels in order; SARA AM as SARA AA; runs of SARA AA as one.
fn skeleton(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().map(pua_consonant) {
        let c = if c == '\u{0E33}' { '\u{0E32}' } else { c };
        let keep = ('\u{0E01}'..='\u{0E30}').contains(&c) || c == '\u{0E32}' || ('\u{0E40}'..='\u{0E45}').contains(&c);
        if keep && !(c == '\u{0E32}' && out.ends_with('\u{0E32}')) {
            out.push(c);
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn idempotent(s in from(THAI_PIECES, 40)) {
        let once = n().normalize(&s);
        let twice = n().normalize(&once.text);
        prop_assert_eq!(&twice.text, &once.text, "input {:?}", s);
        prop_assert!(!twice.flags.iter().any(|f| matches!(f, Flag::ThaiRepair | Flag::ArtifactRemoved | Flag::ThaiDigits)),
            "second pass flagged {:?} on {:?}", twice.flags, once.text);
        prop_assert_eq!(&twice.expanded, &once.expanded);
    }

    #[test]
    fn no_thai_letter_lost(s in from(THAI_PIECES, 40)) {
        let out = n().normalize(&s);
        prop_assert_eq!(skeleton(&out.text), skeleton(&s), "input {:?} output {:?}", s, out.text);
    }

    #[test]
    fn no_thai_digit_left(s in from(THAI_PIECES, 40)) {
        let out = n().normalize(&s);
        let thai_digit = out.text.chars().any(|c| ('\u{0E50}'..='\u{0E59}').contains(&c));
        let pua = out.text.chars().any(|c| ('\u{F700}'..='\u{F71A}').contains(&c));
        prop_assert!(!thai_digit && !pua, "output {:?}", out.text);
    }

    #[test]
    fn text_without_thai_passes(s in from(LATIN_PIECES, 30)) {
        let out = n().normalize(&s);
        if out.flags.contains(&Flag::ArtifactRemoved) {
            prop_assert_eq!(&out.flags, &vec![Flag::ArtifactRemoved]);
            prop_assert!(out.text.len() < collapse(&s).len());
        } else {
            prop_assert_eq!(&out.text, &collapse(&s));
            prop_assert!(out.flags.is_empty(), "flags {:?}", out.flags);
        }
        prop_assert_eq!(out.expanded, None);
    }
}
