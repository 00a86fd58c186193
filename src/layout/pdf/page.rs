//! Page assembly: a PDF page's items go to the ruled grids that hold them, the rest make
//! text lines, which are cut into unruled tables and running text; the blocks are put in
//! reading order. Also a whole document's pages (in parallel, a page whose layout fails
//! kept in drawing order), the notes on problem pages, off-page text, and the
//! `PLANX_DEBUG_LAYOUT` trace.

use super::columns::{split_under_labels, stream_columns};
use super::furniture::{printed_numbers, PrintedNumber};
use super::grid::{grid_rows, grids};
use super::header::cell_edges;
use super::channels::cut_at_channels;
use super::lines::{lines_of, text_line, OutLine, TLine};
use super::rows::holds_value;
use super::segment::{join_row_ruled, join_runs, marks_part_of_a_line, side_by_side, side_of, table_grids};
use super::stream::{stream_rows, stream_runs};
use super::words::{items, Item};
use super::LayoutSettings;
use crate::ingest::pdf::{Glyph, PdfDocument, PdfPage, Ruling};
use crate::model::{add_flag, Cell, Flag, Line};
use crate::ocr::PageOcr;

/// `PLANX_DEBUG_LAYOUT=1` prints the layout's decisions to stderr (grids, the lines and
/// columns of each unruled table, header cells): the first thing to read when a table
/// comes out wrong.
pub(super) fn debug_layout() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PLANX_DEBUG_LAYOUT").is_some())
}

fn debug_run(what: &str, lines: &[&TLine], cols: &[(f32, f32)]) {
    eprintln!("{what}");
    for l in lines {
        let segs: Vec<String> = l.segs.iter().map(|s| format!("[{:.0}-{:.0} {}]", s.x0, s.x1, s.text)).collect();
        eprintln!("  y{:.1} size {:.1} {}", l.y, l.size, segs.join(" "));
    }
    let cs: Vec<String> = cols.iter().map(|c| format!("{:.0}-{:.0}", c.0, c.1)).collect();
    eprintln!("  columns {}", cs.join(" "));
}

/// How many full-width rules between a table's body lines make its rows drawn by rules:
/// fewer when its header's grid took in grids of rules below it.
fn row_rules_min(g: &super::grid::Grid, set: &LayoutSettings) -> usize {
    if g.row_ruled { set.row_rules_joined_min } else { set.row_rules_min }
}

/// The lines of one page, in reading order: table rows (tabular, one cell per column)
/// and running text (one cell), with a blank line between a table and the text around it.
#[cfg(test)]
fn page_lines(page: &PdfPage, set: &LayoutSettings) -> Vec<Line> {
    page_lines_without(page, None, set)
}

/// [`page_lines`] of the page without the glyphs of its printed page number, if any
/// (the page is not copied to leave them out).
fn page_lines_without(page: &PdfPage, number: Option<&PrintedNumber>, set: &LayoutSettings) -> Vec<Line> {
    let its = items(kept_glyphs(page, number, set), set);
    let gs = join_row_ruled(table_grids(grids(&page.rulings, set), set), &its, &page.rulings, set);
    // Items inside a grid go to that grid (the innermost one: a table drawn inside a cell
    // of another, a page frame around a table); the rest make text lines.
    let mut in_grid: Vec<Vec<Item>> = vec![Vec::new(); gs.len()];
    let mut free: Vec<Item> = Vec::with_capacity(its.len());
    for it in its {
        let cy = it.centre_y(set);
        let holding = gs.iter().enumerate().filter(|(_, g)| g.contains((it.x0 + it.x1) / 2.0, cy, set));
        match holding.min_by(|a, b| a.1.area().total_cmp(&b.1.area())).map(|(k, _)| k) {
            Some(k) => in_grid[k].push(it),
            None => free.push(it),
        }
    }
    // Rules around part of a text line (a total underlined once or twice) are no table:
    // its text goes back to the page's lines.
    for (g, inside) in gs.iter().zip(in_grid.iter_mut()) {
        if marks_part_of_a_line(g, inside, &free, set) {
            free.append(inside);
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut tl = lines_of(free, set);
    cut_at_channels(&mut tl, set);
    let mut used = vec![false; tl.len()];
    for (k, g) in gs.iter().enumerate() {
        let its = std::mem::take(&mut in_grid[k]);
        if its.is_empty() {
            continue;
        }
        let mut g = g.clone();
        if debug_layout() {
            eprintln!("grid, page {}: xs {:?} ys {:?}", page.number, g.xs, g.ys);
            let hs: Vec<String> = g.h.iter().map(|r| format!("{:.0}-{:.0}@{:.1}", r.x0, r.x1, r.y0)).collect();
            eprintln!("  horizontal rules {}", hs.join(" "));
        }
        if g.xs.len() > 2 {
            let rows = grid_rows(page.number, &g, its, set);
            blocks.push((g.ys[0], rows, true));
            continue;
        }
        // Horizontal rules only: they frame the header; the body below is unruled.
        // Columns come from gaps aligned across header and body.
        let head = lines_of(its.clone(), set);
        let bottom = *g.ys.last().unwrap_or(&0.0);
        let (gx0, gx1) = (g.xs[0], g.xs[g.xs.len() - 1]);
        let mut body: Vec<usize> = Vec::new();
        let mut prev: Option<(f32, f32)> = None;
        for (i, l) in tl.iter().enumerate() {
            // A line wholly beside the table (a page number in the margin, prose in
            // another column) is skipped; one reaching across its side ends the body.
            let beside = l.x1() < gx0 || l.x0() > gx1;
            if used[i] || l.y >= bottom || l.x0() < gx0 - set.run_margin || l.x1() > gx1 + set.run_margin {
                if !body.is_empty() && l.y < bottom && !beside {
                    break;
                }
                continue;
            }
            let limit = match prev {
                None => set.header_body_first_gap * l.size,
                Some((_, sz)) => set.header_body_line_gap * sz.min(l.size),
            };
            let from = prev.map_or(bottom + l.size, |p| p.0);
            let same_size = prev.map_or(true, |p| (p.1 - l.size).abs() <= set.size_tol * p.1);
            if from - l.y > limit || !same_size {
                break;
            }
            body.push(i);
            prev = Some((l.y, l.size));
        }
        let mut all: Vec<&TLine> = head.iter().collect();
        all.extend(body.iter().map(|&i| &tl[i]));
        let cols = stream_columns(&all, set);
        // The header ends at the first rule under the top one that runs the grid's whole
        // width (rules under spanning header cells are shorter); lines below it, in the
        // grid or under it, are the body.
        let width = gx1 - gx0;
        let full = |y: f32| g.h.iter().filter(|r| (r.y0 - y).abs() <= set.rule_match).map(|r| r.x1 - r.x0).sum::<f32>() >= set.full_rule_share * width;
        let header_bottom = g.ys.iter().skip(1).copied().find(|&y| full(y)).unwrap_or(bottom);
        // Rules over the header and under the body only (no full-width rule between):
        // what lies between is the whole table, laid out as an unruled one.
        let value_lines = head.iter().filter(|l| l.y > header_bottom && l.segs.iter().filter(|s| holds_value(&s.text)).count() >= 2).count();
        if value_lines >= set.frame_body_min_rows && cols.len() >= 2 {
            if debug_layout() {
                debug_run(&format!("table framed by rules, page {}", page.number), &all, &cols);
            }
            blocks.push((g.ys[0], stream_rows(page.number, &all, &cols, true, &page.rulings, row_rules_min(&g, set), set), true));
            for &i in &body {
                used[i] = true;
            }
            continue;
        }
        let mut body_lines: Vec<&TLine> = head.iter().filter(|l| l.y < header_bottom).collect();
        body_lines.extend(body.iter().map(|&i| &tl[i]));
        let cols = match head.iter().rfind(|l| l.y >= header_bottom) {
            Some(lowest) => split_under_labels(cols, lowest, &body_lines),
            None => cols,
        };
        if debug_layout() {
            debug_run(&format!("header rules only, page {}", page.number), &all, &cols);
        }
        if cols.len() >= 2 {
            // Between two columns the edge goes where the fewest segments cross (not the
            // middle of the gap): a header label left of the right-aligned values under
            // it, reaching into the gap, then stays in its own column.
            let edges = cell_edges(&cols, &all, set);
            g.xs = std::iter::once(gx0.min(cols[0].0 - set.column_slack))
                .chain(edges[1..edges.len() - 1].iter().copied())
                .chain(std::iter::once(gx1.max(cols[cols.len() - 1].1 + set.column_slack)))
                .collect();
            g.virtual_cols = true;
        }
        let mut rows = grid_rows(page.number, &g, its, set);
        if cols.len() >= 2 && !body.is_empty() {
            let refs: Vec<&TLine> = body.iter().map(|&i| &tl[i]).collect();
            rows.extend(stream_rows(page.number, &refs, &cols, false, &page.rulings, row_rules_min(&g, set), set));
            for &i in &body {
                used[i] = true;
            }
        }
        blocks.push((g.ys[0], rows, true));
    }
    let mut keep = used.iter().map(|u| !u);
    tl.retain(|_| keep.next().unwrap_or(true));
    blocks.extend(free_blocks(page.number, &tl, true, &page.rulings, set));
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<Line> = Vec::new();
    let mut prev_tab: Option<bool> = None;
    for (_, rows, tab) in blocks {
        if rows.is_empty() {
            continue;
        }
        if prev_tab.is_some() && (tab || prev_tab == Some(true)) {
            out.push(Line { page: page.number, number: 0, cells: vec![Cell::raw("")], tabular: false, bbox: None });
        }
        prev_tab = Some(tab);
        out.extend(rows.into_iter().map(|o| o.line));
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.number = i as u32 + 1;
    }
    out
}

/// A page block: the top it is ordered by, its lines, whether it is a table.
type Block = (f32, Vec<OutLine>, bool);

/// The blocks of the lines outside ruled grids: runs of lines that are unruled tables,
/// and running text. A run that is two blocks side by side (two columns of prose, a
/// table printed in two halves; see [`side_by_side`]) has each side laid out on its own
/// (once: `divide` is off inside a side), the left side's blocks before the right's.
fn free_blocks(page: u32, tl: &[TLine], divide: bool, rules: &[Ruling], set: &LayoutSettings) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let runs = join_runs(tl, stream_runs(tl, set), set);
    let mut k = 0;
    let mut r = 0;
    while k < tl.len() {
        if r < runs.len() && runs[r].0 == k {
            let (a, b) = runs[r];
            let top = tl[a].y + tl[a].size;
            if let Some(x) = side_by_side(&tl[a..b], set).filter(|_| divide) {
                if debug_layout() {
                    eprintln!("side by side, page {page}: lines {:.1}..{:.1} divided at x {x:.0}", tl[a].y, tl[b - 1].y);
                }
                for left in [true, false] {
                    let mut side = free_blocks(page, &side_of(&tl[a..b], x, left), false, rules, set);
                    side.sort_by(|a, b| b.0.total_cmp(&a.0));
                    blocks.extend(side.into_iter().map(|(_, rows, tab)| (top, rows, tab)));
                }
                k = b;
                r += 1;
                continue;
            }
            let refs: Vec<&TLine> = tl[a..b].iter().collect();
            let cols = stream_columns(&refs, set);
            if debug_layout() {
                debug_run(&format!("unruled, page {page}"), &refs, &cols);
            }
            if cols.len() >= 2 {
                blocks.push((top, stream_rows(page, &refs, &cols, true, rules, set.row_rules_min, set), true));
            } else {
                for l in &tl[a..b] {
                    let o = text_line(page, l, set);
                    blocks.push((o.top, vec![o], false));
                }
            }
            k = b;
            r += 1;
            continue;
        }
        let o = text_line(page, &tl[k], set);
        blocks.push((o.top, vec![o], false));
        k += 1;
    }
    blocks
}

/// Text drawn outside the visible page, in reading order, its lines separated by " / "
/// (marks kept with their base as on the page).
fn off_page_text(page: &PdfPage, set: &LayoutSettings) -> String {
    let lines = lines_of(items(&page.off_page, set), set);
    lines.iter().map(|l| l.segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" / ")
}

/// Lays out every page of a document (in parallel), one list of lines a page. A page
/// whose layout fails keeps its text in drawing order; problem pages (no text layer,
/// read errors, off-page text, failed layout) get a flagged note line; every page ends
/// with a blank line.
/// Each page's printed page number (page furniture, see [`super::furniture`]) is taken
/// out of its layout and kept as a flagged text line at its head or foot.
pub fn document_lines(doc: &PdfDocument, set: &LayoutSettings) -> DocumentLayout {
    use rayon::prelude::*;
    let numbers = printed_numbers(&doc.pages, set);
    let pages = doc.pages.par_iter().zip(&numbers).map(|(p, n)| laid_out_page(p, n.as_ref(), set)).collect();
    DocumentLayout { pages, printed_numbers: numbers.into_iter().map(|n| n.map(|n| n.number())).collect() }
}

/// A document's laid-out pages.
#[derive(Debug, Clone, Default)]
pub struct DocumentLayout {
    /// The lines of each page, in reading order.
    pub pages: Vec<Vec<Line>>,
    /// The page number printed on each page (ASCII digits), where one is recognised.
    pub printed_numbers: Vec<Option<String>>,
}

/// The page's glyphs but those of its printed page number: the number is no part of the
/// page's tables or text flow.
fn kept_glyphs<'p>(page: &'p PdfPage, number: Option<&'p PrintedNumber>, set: &'p LayoutSettings) -> impl Iterator<Item = &'p Glyph> + 'p {
    page.glyphs.iter().filter(move |g| !number.is_some_and(|n| n.holds(g, set)))
}

fn laid_out_page(p: &PdfPage, number: Option<&PrintedNumber>, set: &LayoutSettings) -> Vec<Line> {
    // A page whose layout fails is reported by number; the other pages go on.
    let laid_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page_lines_without(p, number, set)));
    let (mut lines, failed) = match laid_out {
        Ok(lines) => (lines, None),
        Err(e) => {
            // The page's text is still kept, in drawing order, as one line.
            let text: String = kept_glyphs(p, number, set).map(|g| &*g.unicode).collect();
            let kept = vec![Line { page: p.number, number: 1, cells: vec![Cell::raw(text.trim())], tabular: false, bbox: None }];
            (kept, Some(e.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| e.downcast_ref::<String>().cloned()).unwrap_or_default()))
        }
    };
    if let Some(n) = number {
        let mut c = Cell::raw(n.text.clone());
        add_flag(&mut c.flags, Flag::PageFurniture);
        let l = Line { page: p.number, number: 0, cells: vec![c], tabular: false, bbox: None };
        let blank = Line { page: p.number, number: 0, cells: vec![Cell::raw("")], tabular: false, bbox: None };
        if n.bottom {
            lines.extend([blank, l]);
        } else {
            lines.splice(0..0, [l, blank]);
        }
        for (i, l) in lines.iter_mut().enumerate() {
            l.number = i as u32 + 1;
        }
    }
    let mut note = |msg: String, flag: Flag| {
        let mut c = Cell::raw(msg);
        add_flag(&mut c.flags, flag);
        lines.push(Line { page: p.number, number: lines.len() as u32 + 1, cells: vec![c], tabular: false, bbox: None });
    };
    // A page read by OCR needs no note: each of its cells carries the `ocr` flag and the
    // engine's confidence (a note would also end a table continued on the next page).
    match &p.ocr {
        Some(PageOcr::Read { words: 0, .. }) => {
            note(format!("[planx: page {} is a scanned image in which OCR found no text; check the page]", p.number), Flag::Ocr)
        }
        Some(PageOcr::Read { .. }) => {}
        Some(PageOcr::Failed(why)) => note(format!("[planx: page {} has no text layer (scanned image) and could not be read by OCR: {why}]", p.number), Flag::Ocr),
        None if p.needs_ocr_of(kept_glyphs(p, number, set)) => note(format!("[planx: page {} has no text layer (scanned image); OCR is needed]", p.number), Flag::Ocr),
        None => {}
    }
    for e in &p.errors {
        note(format!("[planx: page {}: {e}]", p.number), Flag::Residue);
    }
    let off_page = off_page_text(p, set);
    if !off_page.is_empty() {
        note(format!("[planx: page {}: text drawn outside the visible page] {off_page}", p.number), Flag::Residue);
    }
    if let Some(why) = failed {
        note(format!("[planx: page {}: layout failed ({why}); its text is kept above in drawing order]", p.number), Flag::Residue);
    }
    // A page ends every block: a table continued on the next page is joined by the table
    // stage through its repeated header, as in the text path.
    if lines.last().is_some_and(|l| !l.is_blank()) {
        lines.push(Line { page: p.number, number: lines.len() as u32 + 1, cells: vec![Cell::raw("")], tabular: false, bbox: None });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{hrule, page, ruled_grid, word};
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.joined()).collect()
    }

    #[test]
    fn text_then_ruled_table_then_text_in_reading_order() {
        let set = LayoutSettings::default();
        let mut glyphs = word("Title", 100.0, 760.0);
        for (r, y) in [685.0, 665.0].into_iter().enumerate() {
            glyphs.extend(word(&format!("a{r}"), 110.0, y));
            glyphs.extend(word(&format!("b{r}"), 210.0, y));
        }
        glyphs.extend(word("After", 100.0, 600.0));
        let p = page(1, glyphs, ruled_grid(&[100.0, 200.0, 300.0], &[700.0, 680.0, 660.0]));
        let lines = page_lines(&p, &set);
        assert_eq!(texts(&lines), vec!["Title", "", "a0\tb0", "a1\tb1", "", "After"]);
        assert_eq!(lines.iter().map(|l| l.tabular).collect::<Vec<_>>(), vec![false, false, true, true, false, false]);
        assert_eq!(lines.iter().map(|l| l.number).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn unruled_two_column_table_on_a_page() {
        let set = LayoutSettings::default();
        let glyphs: Vec<_> = (0..5).flat_map(|r| [word(&format!("row {r}"), 100.0, 700.0 - 20.0 * r as f32), word("1,000", 300.0, 700.0 - 20.0 * r as f32)].concat()).collect();
        let lines = page_lines(&page(1, glyphs, Vec::new()), &set);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|l| l.tabular && l.cells.len() == 2));
    }

    /// A table framed by a rule over its header and one under its body, none between
    /// (booktabs without the middle rule), rows one line pitch apart in groups set apart
    /// by a wider gap, each under a label line: one row a line.
    #[test]
    fn table_framed_by_two_rules_is_read_row_by_row() {
        let mut glyphs = [word("Share", 250.0, 710.0), word("Share", 350.0, 710.0), word("Item", 100.0, 700.0), word("Male", 250.0, 700.0), word("Female", 350.0, 700.0)].concat();
        let mut want = vec!["Item\tShare Male\tShare Female".to_string()];
        let mut y = 700.0;
        for g in 0..3 {
            y -= 16.0;
            glyphs.extend(word(&format!("Group {g}"), 100.0, y));
            want.push(format!("Group {g}\t\t"));
            for r in 0..3 {
                y -= 12.0;
                // The last row of each group has no figure for women (an empty cell).
                let (a, b) = (format!("{}.5", 10 + r), if r == 2 { String::new() } else { format!("{}.0", 20 + g) });
                let name = ["row 0 long name", "row 1", "row 2 name"][r];
                glyphs.extend([word(name, 105.0, y), word(&a, 250.0, y), word(&b, 350.0, y)].concat());
                want.push(format!("{name}\t{a}\t{b}"));
            }
        }
        let rules = vec![hrule(90.0, 420.0, 725.0), hrule(90.0, 420.0, y - 6.0)];
        let p = page(1, glyphs, rules);
        let got: Vec<String> = texts(&page_lines(&p, &LayoutSettings::default())).into_iter().filter(|t| !t.is_empty()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn document_pages_end_blank_and_problems_are_noted() {
        let set = LayoutSettings::default();
        let mut scanned = page(2, Vec::new(), Vec::new());
        scanned.images = 1;
        scanned.errors.push("bad stream".into());
        let mut text = page(1, word("Hello", 100.0, 700.0), Vec::new());
        text.off_page = word("Spine", -300.0, 700.0);
        let doc = PdfDocument { pages: vec![text, scanned] };
        let per_page = document_lines(&doc, &set).pages;
        assert_eq!(texts(&per_page[0]), vec!["Hello", "[planx: page 1: text drawn outside the visible page] Spine", ""]);
        assert_eq!(per_page[1][0].cells[0].flags, vec![Flag::Ocr]);
        assert_eq!(per_page[1][1].joined(), "[planx: page 2: bad stream]");
        assert!(per_page[1][2].is_blank());
    }
}
