//! Meanings for glyphs that no map of the PDF covers (they would print as U+FFFD),
//! read from the font's embedded program after the pages are walked, and only for the
//! fonts that drew such glyphs (a document without them costs one pass over its glyphs).
//! Sources, cheapest first:
//!
//! 1. the program's own glyph name (`post` table, CFF charset) → [`GlyphOrigin::GlyphName`];
//! 2. the program's own Unicode cmap → [`GlyphOrigin::FontCmap`];
//! 3. the **outline matcher** → [`GlyphOrigin::Outline`]: the glyph's outline, reduced
//!    to a [`raster::Shape`], is compared with the shapes of the mapped glyphs of the same
//!    font and of the other subsets of its family in the file (a Thai font's digits drawn
//!    without a ToUnicode entry while a WinAnsi subset of the same family maps them).
//!    A match is taken only when it is close ([`MAX_DISTANCE`], [`MAX_SIZE_RATIO`]) and
//!    unique: every glyph meaning something else is farther by [`MIN_MARGIN`].
//!
//! Outline matches are inferred, so the layout flags their cells `glyph_inferred`.

pub mod program;
pub mod raster;
#[cfg(test)]
mod tests;

use super::font::{glyph_name_to_unicode, legacy_thai_pua, GlyphOrigin};
use super::repair::{family, family_root};
use super::{FontId, FontSet, PdfPage};
use lopdf::Document;
use program::{unicode_by_gid, Program};
use raster::Shape;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Largest bitmap distance ([`Shape::distance`]) at which two outlines are the same glyph.
pub const MAX_DISTANCE: f32 = 0.08;
/// How much farther than the best match every glyph of another meaning must be.
pub const MIN_MARGIN: f32 = 0.15;
/// Largest ratio of the two glyph boxes' widths or heights (in ems) of a match.
pub const MAX_SIZE_RATIO: f32 = 1.1;
/// Unmapped codes looked at per document, and mapped glyphs compared per font (bounds
/// the work a hostile file can ask for).
const MAX_UNMAPPED: usize = 4096;
const MAX_CANDIDATES_PER_FONT: usize = 4096;

/// A decided meaning for one (font, code).
type Found = HashMap<(FontId, u32), (String, GlyphOrigin)>;

/// Gives the unmapped glyphs of `pages` a meaning where the fonts' programs hold one.
pub fn resolve_unmapped(doc: &Document, fonts: &FontSet, pages: &mut [PdfPage]) {
    let mut wanted: BTreeMap<FontId, BTreeSet<u32>> = BTreeMap::new();
    let mut n = 0usize;
    for g in pages.iter().flat_map(|p| p.glyphs.iter()) {
        let wants = g.origin == GlyphOrigin::Unmapped && (g.font as usize) < fonts.fonts.len() && n < MAX_UNMAPPED;
        if wants && wanted.entry(g.font).or_default().insert(g.code) {
            n += 1;
        }
    }
    if wanted.is_empty() {
        return;
    }
    let found = decide(doc, fonts, &wanted);
    if found.is_empty() {
        return;
    }
    for g in pages.iter_mut().flat_map(|p| p.glyphs.iter_mut()) {
        if g.origin == GlyphOrigin::Unmapped {
            if let Some((u, o)) = found.get(&(g.font, g.code)) {
                g.unicode = u.as_str().into();
                g.origin = *o;
            }
        }
    }
}

/// A character that means something (not a private-use code point, a control or U+FFFD).
fn meaningful(s: &str) -> bool {
    !s.is_empty()
        && !s.trim().is_empty()
        && s.chars().all(|c| !c.is_control() && c != '\u{FFFD}' && !('\u{E000}'..='\u{F8FF}').contains(&c))
}

fn decide(doc: &Document, fonts: &FontSet, wanted: &BTreeMap<FontId, BTreeSet<u32>>) -> Found {
    let mut found = Found::new();
    // Mapped shapes of each family, computed once per family (only when needed).
    let mut families: HashMap<String, Vec<(Shape, String)>> = HashMap::new();
    for (&fid, codes) in wanted {
        let f = &fonts.fonts[fid as usize];
        let Some(prog) = Program::load(doc, f) else { continue };
        let Some(p) = prog.parse() else { continue };
        let cmap = unicode_by_gid(&p);
        let mut left: Vec<(u32, Shape)> = Vec::new();
        for &code in codes {
            let name = f.names.get(&code).map(String::as_str);
            let Some(g) = prog.gid(&p, code, name, None) else { continue };
            // 1. the program's glyph name, 2. its Unicode cmap.
            if let Some(u) = prog.glyph_name(&p, g).and_then(glyph_name_to_unicode).filter(|u| meaningful(u)) {
                found.insert((fid, code), (u, GlyphOrigin::GlyphName));
                continue;
            }
            let from_cmap = cmap.get(&g.0).and_then(|&c| legacy_thai_pua(c as u32).or(Some(c))).map(String::from);
            if let Some(u) = from_cmap.filter(|u| meaningful(u)) {
                found.insert((fid, code), (u, GlyphOrigin::FontCmap));
                continue;
            }
            if let Some(s) = prog.shape(&p, g) {
                left.push((code, s));
            }
        }
        if left.is_empty() {
            continue;
        }
        // 3. the outline matcher, against the family's mapped glyphs.
        let root = family_root(family(&f.base_font)).to_string();
        let cands = families.entry(root.clone()).or_insert_with(|| family_shapes(doc, fonts, &root));
        for (code, s) in left {
            if let Some(u) = best_match(&s, cands) {
                found.insert((fid, code), (u, GlyphOrigin::Outline));
            }
        }
    }
    found
}

/// The shapes of the mapped glyphs of every font of a family (by [`family_root`]).
fn family_shapes(doc: &Document, fonts: &FontSet, root: &str) -> Vec<(Shape, String)> {
    let mut out = Vec::new();
    for f in fonts.fonts.iter().filter(|f| family_root(family(&f.base_font)) == root) {
        let codes: BTreeSet<u32> = if f.composite {
            f.to_unicode.iter().flat_map(|t| t.map.keys().copied()).chain(f.repair.keys().copied()).collect()
        } else {
            (0..256).collect()
        };
        let Some(prog) = Program::load(doc, f) else { continue };
        let Some(p) = prog.parse() else { continue };
        for code in codes.into_iter().take(MAX_CANDIDATES_PER_FONT) {
            let (u, o) = f.unicode(code);
            let trusted = !matches!(o, GlyphOrigin::Unmapped | GlyphOrigin::Gap | GlyphOrigin::Cluster | GlyphOrigin::Outline);
            if !trusted || !meaningful(&u) {
                continue;
            }
            let name = f.names.get(&code).map(String::as_str);
            let Some(g) = prog.gid(&p, code, name, u.chars().next()) else { continue };
            if let Some(s) = prog.shape(&p, g) {
                out.push((s, u));
            }
        }
    }
    out
}

/// The meaning of the one clearly closest mapped shape, if there is one.
pub fn best_match(s: &Shape, cands: &[(Shape, String)]) -> Option<String> {
    let close: Vec<(f32, &str)> =
        cands.iter().filter(|(c, _)| c.size_ratio(s) <= MAX_SIZE_RATIO).map(|(c, u)| (c.distance(s), u.as_str())).collect();
    let (best, text) = close.iter().copied().min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)))?;
    let rival = close.iter().filter(|(_, u)| *u != text).map(|(d, _)| *d).fold(f32::INFINITY, f32::min);
    (best <= MAX_DISTANCE && rival - best >= MIN_MARGIN).then(|| text.to_string())
}
