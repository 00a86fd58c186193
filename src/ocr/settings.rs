//! The settings of OCR ([`OcrSettings`]): named thresholds read from `rules/ocr.toml`
//! (or a `--rules DIR` holding its own `ocr.toml`), every key optional.

use crate::error::Result;
use serde::Deserialize;
use std::path::Path;

/// The shipped `rules/ocr.toml`.
pub const OCR_TOML: &str = include_str!("../../rules/ocr.toml");

/// The knobs of OCR, each with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OcrSettings {
    /// dpi. Pages are rendered at this resolution for the engine.
    pub dpi: u32,
    /// 0–255. A pixel darker than this is ink.
    pub dark: u8,
    /// 0–255. A pixel at least this light is paper: it is made white before reading, so
    /// that the grain of a scan is not read as letters.
    pub paper: u8,
    /// 0–255. A pixel darker than this may be part of a rule (scanned lines are thin and
    /// grey after compression).
    pub rule_dark: u8,
    /// pt. A dark run at least this long is a rule, not text.
    pub rule_min_len: f32,
    /// pt. Light gap a rule may have (broken scanned lines).
    pub rule_max_gap: f32,
    /// pt. A rule thicker than this is a filled area or a picture.
    pub rule_max_thick: f32,
    /// pt. A rule may step up or down (left or right) by this much along its length: the
    /// staircase a turned scan leaves of its lines, turned back.
    pub rule_step: f32,
    /// pt. A cell's box keeps this far from its lines.
    pub cell_pad: f32,
    /// pt. A region smaller than this either way is no cell.
    pub cell_min_side: f32,
    /// share of the page. A region larger than this is the page around a table, no cell.
    pub cell_max_share: f32,
    /// Ink pixels a row or column of a cell needs to count as part of its text.
    pub ink_line_min: usize,
    /// Ink pixels a crop needs to be worth reading (an empty cell is not sent).
    pub min_ink: usize,
    /// degrees. Largest tilt looked for, and the step of the search.
    pub max_skew: f32,
    /// degrees. Step of the tilt search.
    pub skew_step: f32,
    /// share of a text line's height from its bottom to the baseline.
    pub baseline_share: f32,
    /// A text line's height over its font size.
    pub line_over_size: f32,
    /// share of the line height. Words this far apart are separated by a space.
    pub word_gap: f32,
    /// share of the line height. Words this far apart are in different columns.
    pub column_gap: f32,
    /// pt. A cell the engine read as nothing whose ink is one flat stroke at most this
    /// thick…
    pub dash_max_thick: f32,
    /// pt. …and at most this long (at least twice its thickness) is a dash, "-".
    pub dash_max_len: f32,
    /// Confidence (0–100) given to a dash known by its shape.
    pub dash_confidence: f32,
    /// A cell with a Latin word read below this confidence (0–100) is read again with
    /// the first model alone, and the reading with the higher mean confidence is kept.
    pub latin_min_conf: f32,
    /// In a cell with more Thai letters than Latin ones, a Latin word of at most this
    /// many letters is read again like an unsure one, whatever its confidence (0: never).
    pub latin_max_letters: usize,
    /// share. A band of ink rows lower than this share of the cell's tallest band holds
    /// the marks above or below the text line next to it, not a line of its own…
    pub mark_band_share: f32,
    /// pt. …when at most this far from it.
    pub mark_gap: f32,
    /// A cell of one text line the engine read as several lines is read again as one
    /// line, and that reading is kept when it holds words.
    pub line_read: bool,
    /// pt. White margin added around each cell's crop before it is read (the engine
    /// finds text touching an image's edge poorly).
    pub crop_margin: f32,
    /// share. A line the engine read in a cell lower than this share of a line beside it…
    pub mark_line_share: f32,
    /// share. …with at least this share of its rows among that line's rows is that line's
    /// marks read as a line of their own, and dropped (above 1: never).
    pub mark_line_cover: f32,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            dpi: 300,
            dark: 140,
            paper: 190,
            rule_dark: 180,
            rule_min_len: 25.0,
            rule_max_gap: 1.0,
            rule_max_thick: 3.0,
            rule_step: 0.5,
            cell_pad: 1.0,
            cell_min_side: 6.0,
            cell_max_share: 0.5,
            min_ink: 12,
            ink_line_min: 2,
            max_skew: 1.5,
            skew_step: 0.1,
            baseline_share: 0.22,
            line_over_size: 1.35,
            word_gap: 0.3,
            column_gap: 1.2,
            dash_max_thick: 2.0,
            dash_max_len: 12.0,
            dash_confidence: 60.0,
            latin_min_conf: 80.0,
            latin_max_letters: 4,
            mark_band_share: 0.6,
            mark_gap: 1.5,
            line_read: false,
            crop_margin: 6.0,
            mark_line_share: 0.7,
            mark_line_cover: 0.4,
        }
    }
}


impl OcrSettings {
    /// `DIR/ocr.toml` when it exists, else the built-in settings.
    pub fn load(dir: Option<&Path>) -> Result<OcrSettings> {
        let s: OcrSettings = crate::rules::settings_file(dir, "ocr.toml", OCR_TOML)?;
        let path = crate::rules::settings_path(dir, "ocr.toml");
        s.check(&path)?;
        Ok(s)
    }

    /// The bounds beyond which reading would fail, hang or fill memory: the resolution
    /// (a page at 0 dpi is no image; at 1200 dpi an A3 page is 70 megapixels), the tilt
    /// search (a step near 0 never ends) and the shares (at most the whole).
    fn check(&self, path: &Path) -> Result<()> {
        use crate::rules::in_range;
        in_range(path, "dpi", self.dpi, 72..=MAX_DPI)?;
        in_range(path, "max_skew", self.max_skew, 0.0..=MAX_SKEW)?;
        in_range(path, "skew_step", self.skew_step, MIN_SKEW_STEP..=MAX_SKEW)?;
        for (key, v) in [("cell_max_share", self.cell_max_share), ("baseline_share", self.baseline_share)] {
            in_range(path, key, v, 0.0..=1.0)?;
        }
        Ok(())
    }
}

/// dpi. Highest resolution a page is rendered at.
const MAX_DPI: u32 = 1200;
/// degrees. Largest tilt searched for (scans are rotated by about 1° at most; a page
/// turned further is a rotated page, not a skew).
const MAX_SKEW: f32 = 10.0;
/// degrees. Finest step of the tilt search.
const MIN_SKEW_STEP: f32 = 0.01;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_is_the_default() {
        assert_eq!(OcrSettings::load(None).unwrap(), OcrSettings::default());
    }

    #[test]
    fn keys_are_optional_and_bad_values_refused() {
        let s = crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), "dpi = 200\n").unwrap();
        assert_eq!(s.dpi, 200);
        assert_eq!(s.dark, OcrSettings::default().dark);
        let e = crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), "dpi = \"high\"\n").unwrap_err();
        assert!(e.to_string().contains("x.toml"), "{e}");
        assert!(crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), "dpii = 200\n").is_err());
        assert!(crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), "dark = 300\n").is_err());
        let e = crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), "word_gap = -0.3\n").unwrap_err();
        assert!(e.to_string().contains("word_gap"), "{e}");
    }

    #[test]
    fn settings_that_would_hang_or_fill_memory_are_refused() {
        let check = |text: &str| crate::rules::parse_settings::<OcrSettings>(Path::new("x.toml"), text).unwrap().check(Path::new("x.toml"));
        assert!(check("dpi = 200\n").is_ok());
        for bad in ["dpi = 0\n", "dpi = 100000\n", "skew_step = 0.0\n", "skew_step = 0.000001\n", "max_skew = 90.0\n", "cell_max_share = 2.0\n"] {
            let e = check(bad).expect_err(bad);
            assert!(e.to_string().contains("x.toml") && e.to_string().contains(bad.split(' ').next().unwrap()), "{e}");
        }
    }
}
