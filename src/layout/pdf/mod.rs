//! PDF page layout: positioned glyphs → items (Thai marks kept with their base) → lines
//! → segments → table rows (from ruling grids, or from column gaps aligned across rows)
//! and running-text lines, in reading order. Every tolerance is a field of
//! [`LayoutSettings`].
//!
//! One file a job, in pipeline order:
//! - [`words`]: glyphs → items, and the character classes;
//! - [`vertical`]: glyphs written up or down the page → items read in writing order;
//! - [`lines`]: items → text lines and segments; segments → cells;
//! - [`grid`]: rulings → ruled grids → rows;
//! - [`segment`]: which ruled regions are tables (frames around other content are not);
//! - [`rows`]: line pitch, row gaps, records in one band;
//! - [`channels`]: column gaps of scanned pages, from word spaces aligned down the page;
//! - [`columns`]: column gaps of unruled tables;
//! - [`stream`]: unruled tables: runs of lines and their rows;
//! - [`header`]: multi-row headers of unruled tables, rebuilt from geometry;
//! - [`furniture`]: printed page numbers, recognised across pages and kept out of tables;
//! - [`page`]: page assembly, a document's pages, notes on problem pages.

mod channels;
mod columns;
mod furniture;
mod grid;
mod header;
mod lines;
mod page;
mod rows;
mod segment;
mod stream;
mod vertical;
mod words;

pub use super::settings::LayoutSettings;
pub use page::document_lines;

/// Small synthetic pages for the unit tests: glyphs of 10 pt, 5 pt wide (a space 2.5 pt).
#[cfg(test)]
mod testutil {
    use super::lines::{lines_of, TLine};
    use super::words::items;
    use super::LayoutSettings;
    use crate::ingest::pdf::{Glyph, GlyphOrigin, PdfPage, Ruling};

    /// One glyph of size 10 and width 5 with its baseline origin at (x, y).
    pub fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph { x, y, width: 5.0, size: 10.0, font: 0, code: 0, unicode: text.into(), origin: GlyphOrigin::ToUnicode, turn: 0 }
    }

    /// The glyphs of a text starting at (x, y): 5 pt a character, 2.5 pt a space (a word
    /// space: wider than the space gap, narrower than the segment gap).
    pub fn word(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for c in text.chars() {
            let mut g = glyph(&c.to_string(), at, y);
            if c == ' ' {
                g.width = 2.5;
            }
            at += g.width;
            out.push(g);
        }
        out
    }

    /// The text lines of some glyphs, with the default settings.
    pub fn lay(glyphs: Vec<Glyph>) -> Vec<TLine> {
        let set = LayoutSettings::default();
        lines_of(items(&glyphs, &set), &set)
    }

    pub fn seg_texts(l: &TLine) -> Vec<&str> {
        l.segs.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn hrule(x0: f32, x1: f32, y: f32) -> Ruling {
        Ruling { x0, y0: y, x1, y1: y }
    }

    pub fn vrule(x: f32, y0: f32, y1: f32) -> Ruling {
        Ruling { x0: x, y0, x1: x, y1 }
    }

    /// The rules of a full grid: a horizontal rule at each of `ys`, a vertical one at each
    /// of `xs`.
    pub fn ruled_grid(xs: &[f32], ys: &[f32]) -> Vec<Ruling> {
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let (ylo, yhi) = (ys.iter().copied().fold(f32::MAX, f32::min), ys.iter().copied().fold(f32::MIN, f32::max));
        ys.iter().map(|&y| hrule(x0, x1, y)).chain(xs.iter().map(|&x| vrule(x, ylo, yhi))).collect()
    }

    /// An A4 page with these glyphs and rulings.
    pub fn page(number: u32, glyphs: Vec<Glyph>, rulings: Vec<Ruling>) -> PdfPage {
        PdfPage { number, width: 595.0, height: 842.0, glyphs, rulings, ..PdfPage::default() }
    }
}
