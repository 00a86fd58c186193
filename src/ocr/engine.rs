//! The OCR engine behind a small trait, and its one implementation: the Tesseract 5
//! command line with the Thai model (Debian `tesseract-ocr` + `tesseract-ocr-tha`).
//!
//! Why the CLI rather than binding libtesseract (leptess, tesseract-plumbing): the binding
//! needs clang and the -dev packages at build time for every user of planx, while the
//! CLI is an optional run-time tool; and the cost a process adds is paid once a page, not
//! once a cell, because every crop of a page goes to one run as a list of images
//! (tesseract reads a text file naming images and numbers them as pages in its TSV).

use super::image::Gray;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// One word as the engine read it, in the pixels of its image, with its confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    pub text: String,
    pub conf: f32,
}

/// A text line: its words left to right.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrLine {
    pub words: Vec<OcrWord>,
}

impl OcrLine {
    /// The line's box (x0, y0, x1, y1) in pixels.
    pub fn bbox(&self) -> (usize, usize, usize, usize) {
        let x0 = self.words.iter().map(|w| w.x0).min().unwrap_or(0);
        let y0 = self.words.iter().map(|w| w.y0).min().unwrap_or(0);
        let x1 = self.words.iter().map(|w| w.x1).max().unwrap_or(0);
        let y1 = self.words.iter().map(|w| w.y1).max().unwrap_or(0);
        (x0, y0, x1, y1)
    }
}

/// How an image is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One block of text (a table cell).
    Block,
    /// What is left of a page around its ruled tables, read as one column of lines
    /// (`--psm 4`): a line of an unruled table or a table of contents stays one line
    /// across the page. Read in any layout (`--psm 3`), the engine cut such pages into
    /// blocks, read a column of short numbers (page numbers, amounts) on its own as junk
    /// or not at all, and took stray marks for lines (measured on scanned planbench
    /// pages).
    Page,
    /// One block read with the first model alone (`tha` of `tha+eng`): a second reading of
    /// a cell whose first reading holds unsure Latin words, since the mixed models read
    /// short Thai abbreviations (กสส.) as Latin (Naa.).
    BlockFirstModel,
    /// One text line (a line cut out of a cell).
    Line,
    /// One text line read with the first model alone (as [`Mode::BlockFirstModel`]).
    LineFirstModel,
}

/// An OCR engine: reads images into lines of words.
pub trait OcrEngine: Sync {
    /// The engine's name as reports show it.
    fn name(&self) -> &str;
    /// Reads each image; one list of lines an image, in order.
    fn read(&self, images: &[Gray], mode: Mode) -> Result<Vec<Vec<OcrLine>>, String>;
}

/// Tesseract 5 through its command line.
pub struct TesseractCli {
    /// Model names joined by `+` (`tha+eng`).
    pub languages: String,
}

/// What to tell a user whose machine lacks the engine.
pub const MISSING: &str = "Tesseract with the Thai model is not installed (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-tha)";

impl TesseractCli {
    /// The engine when `tesseract` runs here and has the Thai model; otherwise why not.
    pub fn available() -> Result<&'static TesseractCli, String> {
        static ENGINE: OnceLock<Result<TesseractCli, String>> = OnceLock::new();
        ENGINE
            .get_or_init(|| {
                let out = Command::new("tesseract").arg("--list-langs").stderr(Stdio::null()).output();
                match out {
                    Ok(o) if String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "tha") => {
                        Ok(TesseractCli { languages: "tha+eng".into() })
                    }
                    _ => Err(MISSING.to_string()),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// A fresh scratch directory, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static N: AtomicU64 = AtomicU64::new(0);
        let d = std::env::temp_dir().join(format!("planx-ocr-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&d)?;
        Ok(Scratch(d))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl OcrEngine for TesseractCli {
    fn name(&self) -> &str {
        "tesseract"
    }

    fn read(&self, images: &[Gray], mode: Mode) -> Result<Vec<Vec<OcrLine>>, String> {
        if images.is_empty() {
            return Ok(Vec::new());
        }
        let dir = Scratch::new().map_err(|e| format!("cannot make a scratch directory: {e}"))?;
        let mut list = String::new();
        for (i, img) in images.iter().enumerate() {
            let p = dir.0.join(format!("{i:05}.pgm"));
            std::fs::write(&p, img.to_pgm()).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            list.push_str(&format!("{}\n", p.display()));
        }
        let list_path = dir.0.join("list.txt");
        std::fs::write(&list_path, list).map_err(|e| format!("cannot write the image list: {e}"))?;
        let psm = match mode {
            Mode::Block | Mode::BlockFirstModel => "6",
            Mode::Line | Mode::LineFirstModel => "7",
            Mode::Page => "4",
        };
        let languages = match mode {
            Mode::BlockFirstModel | Mode::LineFirstModel => self.languages.split('+').next().unwrap_or(&self.languages),
            _ => &self.languages,
        };
        let out = Command::new("tesseract")
            .arg(&list_path)
            .args(["stdout", "-l", languages, "--psm", psm, "tsv"])
            // One thread a run: planx runs pages in parallel, and results stay the same.
            .env("OMP_THREAD_LIMIT", "1")
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run tesseract: {e}"))?;
        if !out.status.success() {
            return Err(format!("tesseract failed ({})", out.status));
        }
        Ok(parse_tsv(&String::from_utf8_lossy(&out.stdout), images.len()))
    }
}

/// Tesseract's TSV (level 5 rows are words; page numbers count the listed images from 1)
/// as lines of words, one list an image.
pub fn parse_tsv(tsv: &str, images: usize) -> Vec<Vec<OcrLine>> {
    let mut out: Vec<Vec<OcrLine>> = vec![Vec::new(); images];
    let mut last_key: Option<(usize, &str, &str, &str)> = None;
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let num = |s: &str| s.trim().parse::<usize>().ok();
        let (Some(page), Some(l), Some(t), Some(w), Some(h)) = (num(f[1]), num(f[6]), num(f[7]), num(f[8]), num(f[9])) else { continue };
        let text = f[11].trim();
        if text.is_empty() || page == 0 || page > images {
            continue;
        }
        let conf: f32 = f[10].trim().parse().unwrap_or(0.0);
        let key = (page, f[2], f[3], f[4]);
        let lines = &mut out[page - 1];
        if last_key != Some(key) || lines.is_empty() {
            lines.push(OcrLine::default());
        }
        last_key = Some(key);
        if let Some(line) = lines.last_mut() {
            line.words.push(OcrWord { x0: l, y0: t, x1: l + w, y1: t + h, text: text.to_string(), conf: conf.clamp(0.0, 100.0) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_become_lines_per_image() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t2\t3\t10\t12\t91.5\tab\n\
                   5\t1\t1\t1\t1\t2\t14\t3\t10\t12\t80\tcd\n\
                   5\t1\t1\t1\t2\t1\t2\t20\t10\t12\t70\tef\n\
                   5\t2\t1\t1\t1\t1\t5\t5\t5\t5\t60\t1,000\n\
                   5\t9\t1\t1\t1\t1\t5\t5\t5\t5\t60\tbeyond\n";
        let r = parse_tsv(tsv, 2);
        assert_eq!(r[0].len(), 2);
        assert_eq!(r[0][0].words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), vec!["ab", "cd"]);
        assert_eq!(r[0][0].bbox(), (2, 3, 24, 15));
        assert_eq!(r[1][0].words[0].text, "1,000");
    }
}
