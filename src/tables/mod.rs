//! Tables: turns table blocks into logical tables, as a person reading the page would.
//!
//! Owns: header rows and column paths (spanning cells; a column printed two values to a
//! cell under a header naming the pair is cut in two, `paired`), section / total / note rows and
//! their section context, joining rows that only continue the row above, tables continued
//! over pages (a repeated header, even wrapped differently, continues the table), tables
//! printed twice (`duplicate_of`), and the flags for cells that do not fit.
//! It never drops text: every line of a table block ends up in a row, in the header, or in
//! `repeated_header_lines`.

mod amounts;
mod classify;
mod duplicates;
mod header;
mod moved;
mod paired;
pub(crate) mod repeats;

use crate::model::{add_flag, Block, Column, Flag, Line, OutCell, ReviewItem, Row, RowKind, Table, TextLine};
use crate::rules::{any_match, TableRules};
use moved::header_moved;
use repeats::{char_bag, similarity, split_at_repeated_headers, MIN_HEADER_CHARS};
use rayon::prelude::*;
use std::collections::HashMap;

pub use header::{column_paths, header_row_count};

/// What the table stage hands on: tables, running text, and the doubts found so far.
#[derive(Debug, Clone, Default)]
pub struct Reconstructed {
    pub tables: Vec<Table>,
    pub text: Vec<TextLine>,
    pub review: Vec<ReviewItem>,
}

/// A table being assembled from one or more blocks.
struct Building {
    header: Vec<Line>,
    body: Vec<Line>,
    ncols: usize,
    pages: Vec<u32>,
    source_lines: Vec<[u32; 2]>,
    repeated_header_lines: Vec<u32>,
}

/// Squashed (whitespace-free) normalized text of a line's cells, trailing empties cut:
/// the key under which two header rows are "the same" even when wrapped differently.
fn squash_row(line: &Line) -> Vec<String> {
    squash_cells(line.cells.iter().map(|c| c.norm.as_str()))
}

fn squash_cells<'a>(cells: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = cells.map(|c| c.chars().filter(|c| !c.is_whitespace()).collect()).collect();
    while v.last().is_some_and(|s: &String| s.is_empty()) {
        v.pop();
    }
    v
}

/// How many top rows of a new block repeat the top rows of the table being built (same
/// characters, however they were cut into rows and cells), among the counts that `fits`,
/// if any; only on a new page.
fn repeated_top_rows(b: &Building, lines: &[Line], rules: &TableRules, fits: impl Fn(usize) -> bool) -> Option<usize> {
    let max_rows = rules.header_max_rows;
    let share = repeats::share_for(lines.iter().take(max_rows), rules);
    let first_page = lines.first()?.page;
    if b.pages.last().is_some_and(|&p| p >= first_page) {
        return None;
    }
    let old: Vec<&Line> = b.header.iter().chain(b.body.iter()).take(max_rows).collect();
    let old_bags: Vec<Vec<char>> = (1..=old.len()).map(|k| char_bag(old[..k].iter().copied())).collect();
    // The number of rows that repeats best (a loose share for OCR also lets a header
    // plus the first body row pass: the closer match wins, the taller on a tie).
    (1..=max_rows.min(lines.len().saturating_sub(1)))
        .rev()
        .filter(|&k| fits(k))
        .filter_map(|k| {
            let bag = char_bag(lines[..k].iter());
            let best = old_bags.iter().map(|o| similarity(o, &bag, share)).filter(|s| s.1).map(|s| s.0).max()?;
            (bag.len() >= MIN_HEADER_CHARS).then_some((best, k))
        })
        .max_by_key(|&(score, k)| (score, k))
        .map(|(_, k)| k)
}

fn header_key(rows: &[Line]) -> Vec<Vec<String>> {
    rows.iter().map(squash_row).collect()
}

/// Number of columns that hold anything in some row.
fn used_columns(rows: &[Line]) -> usize {
    rows.iter().map(|l| l.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)).max().unwrap_or(0)
}

/// False when the first row of a new block restarts the outline numbering of the table
/// before it ("3.6" then "3.3"): the same header then starts another table, not a
/// continuation. Only dotted outline codes count: running numbers ("1", "2", ...) restart
/// under every section heading of a continued table, and a last row numbered on its own
/// ("4. budget" under "3.1" to "3.4") does not hide the dotted codes above it.
fn numbering_goes_on(before: &[Line], after: &[Line]) -> bool {
    let dotted = |l: &Line| classify::row_code(l).filter(|c| c.depth() > 1).map(|c| c.key());
    let last = before.iter().rev().find_map(dotted);
    match (last, after.first().and_then(dotted)) {
        (Some(a), Some(b)) => b > a,
        _ => true,
    }
}

/// True for a text line read by OCR that is scan noise: short, and read with low
/// confidence (`rules/tables.toml` `[ocr_noise]`).
fn ocr_noise(l: &Line, norm: &str, rules: &TableRules) -> bool {
    let mut conf = l.cells.iter().filter(|c| !c.norm.is_empty()).map(|c| c.flags.contains(&Flag::Ocr).then_some(c.ocr_confidence.unwrap_or(0)));
    let lowest = conf.try_fold(100u32, |m, c| Some(m.min(c?)));
    lowest.is_some_and(|c| c < rules.ocr_noise_confidence) && norm.chars().filter(|c| !c.is_whitespace()).count() <= rules.ocr_noise_max_chars
}

/// Adds a table block (or a part of one, cut at a repeated header) to the tables being
/// built: as the continuation of the last table when `open` (nothing but page furniture
/// since it) and the block's top rows repeat that table's header, else as a new table.
/// `page_shift` grows when a repeated header shows a page break the source did not mark.
fn add_table_lines(building: &mut Vec<Building>, mut lines: Vec<Line>, open: bool, page_shift: &mut u32, rules: &TableRules) {
    let h = header_row_count(&lines, rules);
    let key = header_key(&lines[..h]);
    let mut continues = open
        && h > 0
        && building.last().is_some_and(|b| {
            !b.header.is_empty()
                && header_key(&b.header) == key
                && numbering_goes_on(&b.body, &lines[h..])
                && !header_moved(&b.header, &lines[..h], rules.repeat_max_shift)
        });
    let mut h = h;
    // A header repeated on a new page but cut into rows and cells differently
    // (PDF layout of vertically centred header cells): the same characters in
    // the block's top rows as in the table's top rows.
    if !continues && open {
        // k must cover the rows the header test found, or be exactly the
        // table's own header when that test took a body row for a sub-header.
        let old_h = building.last().map_or(0, |b| b.header.len());
        let fits = |k: usize| k >= h || k == old_h;
        if let Some(k) = building
            .last()
            .and_then(|b| repeated_top_rows(b, &lines, rules, |k| {
                fits(k) && numbering_goes_on(&b.body, &lines[k..]) && !header_moved(&b.header, &lines[..k], rules.repeat_max_shift)
            }))
        {
            continues = true;
            h = k;
        }
    }
    if continues {
        let b = building.last_mut().expect("checked above");
        let last_page = *b.pages.last().expect("a table has a page");
        if lines[0].page + *page_shift <= last_page {
            // The source did not mark the break, but the repeated header does.
            *page_shift += last_page + 1 - (lines[0].page + *page_shift);
        }
    }
    for l in &mut lines {
        l.page += *page_shift;
    }
    let first = lines[0].number;
    let last = lines[lines.len() - 1].number;
    let ncols = used_columns(&lines).max(1);
    if continues {
        let b = building.last_mut().expect("checked above");
        // The repeated header may be taller than the rows the header test
        // kept (PDF headers whose sub-header rows have a first cell): rows
        // that repeat the table's first rows, in order, are header too.
        let mut h = h;
        while h < lines.len() && b.body.get(h - b.header.len()).is_some_and(|r| squash_row(r) == squash_row(&lines[h]) && !squash_row(r).is_empty()) && h < rules.header_max_rows {
            h += 1;
        }
        b.repeated_header_lines.extend(lines[..h].iter().map(|l| l.number));
        b.ncols = b.ncols.max(ncols);
        for l in lines.drain(h..) {
            if b.pages.last() != Some(&l.page) {
                b.pages.push(l.page);
            }
            b.body.push(l);
        }
        b.source_lines.push([first, last]);
    } else {
        let body = lines.split_off(h);
        let mut pages = Vec::new();
        for l in lines.iter().chain(body.iter()) {
            if pages.last() != Some(&l.page) {
                pages.push(l.page);
            }
        }
        building.push(Building {
            header: lines,
            body,
            ncols,
            pages,
            source_lines: vec![[first, last]],
            repeated_header_lines: Vec::new(),
        });
    }
}

/// Reconstructs the logical tables and running text of a document from its blocks.
pub fn reconstruct(blocks: Vec<Block>, rules: &TableRules) -> Reconstructed {
    let mut out = Reconstructed::default();
    let mut building: Vec<Building> = Vec::new();
    // True while only blank lines or page furniture stand since the last table block.
    let mut open = false;
    // Pages inferred from repeated headers on what the source gave as one page.
    let mut page_shift = 0u32;

    for block in blocks {
        match block {
            Block::Text(lines) => {
                for mut l in lines {
                    l.page += page_shift;
                    let norm = l.cells.iter().map(|c| c.norm.as_str()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
                    if !any_match(&rules.page_furniture, &norm) && !ocr_noise(&l, &norm, rules) {
                        open = false;
                    }
                    let mut flags = Vec::new();
                    for c in &l.cells {
                        for f in &c.flags {
                            add_flag(&mut flags, *f);
                        }
                    }
                    if flags.contains(&Flag::Residue) {
                        out.review.push(ReviewItem {
                            table: None,
                            row: None,
                            column: None,
                            page: l.page,
                            line: l.number,
                            flag: Flag::Residue,
                            message: l.joined(),
                            value: None,
                        });
                    }
                    let bbox = line_box(&l).or(l.bbox.map(crate::model::BBox::rounded));
                    out.text.push(TextLine { page: l.page, line: l.number, text: l.joined(), norm, flags, bbox });
                }
            }
            Block::Table(block) => {
                // A header met again under body rows starts a table of its own, never a
                // continuation of the one above it.
                for (part, lines) in split_at_repeated_headers(block, rules).into_iter().enumerate() {
                    if part > 0 {
                        open = false;
                    }
                    add_table_lines(&mut building, lines, open, &mut page_shift, rules);
                    open = true;
                }
            }
        }
    }

    // Each table is finished on its own (header paths, row kinds, fit): in parallel, then
    // gathered in order.
    let finished: Vec<(Table, Vec<ReviewItem>)> =
        building.into_par_iter().enumerate().map(|(i, b)| finish(b, format!("t{}", i + 1), rules)).collect();
    for (table, review) in finished {
        out.tables.push(table);
        out.review.extend(review);
    }
    duplicates::mark_duplicates(&mut out, rules);
    out
}

fn out_cell(c: &crate::model::Cell) -> OutCell {
    let bbox = c.bbox.filter(|_| !c.is_empty()).map(crate::model::BBox::rounded);
    OutCell { text: c.text.clone(), norm: c.norm.clone(), flags: c.flags.clone(), expanded: c.expanded.clone(), bbox, corrected: None, ocr_confidence: c.ocr_confidence }
}

/// A line's box as the JSON carries it: the union of its non-blank cells (rounded).
pub(super) fn line_box(line: &Line) -> Option<crate::model::BBox> {
    line.cells.iter().filter(|c| !c.is_empty()).filter_map(|c| c.bbox).reduce(crate::model::BBox::union).map(crate::model::BBox::rounded)
}

fn padded(line: &Line, ncols: usize) -> Vec<OutCell> {
    let mut cells: Vec<OutCell> = line.cells.iter().take(ncols).map(out_cell).collect();
    cells.resize_with(ncols, OutCell::default);
    cells
}

/// Builds the output table: header rows, column paths, classified body rows, flags.
fn finish(mut b: Building, id: String, rules: &TableRules) -> (Table, Vec<ReviewItem>) {
    let header_text: Vec<Vec<String>> = b
        .header
        .iter()
        .map(|l| (0..b.ncols).map(|j| l.cells.get(j).map(|c| c.norm.clone()).unwrap_or_default()).collect())
        .collect();
    let mut paths = column_paths(&header_text, b.ncols);
    b.ncols += paired::split_columns(&mut b.header, &mut b.body, &mut paths, rules);
    let ncols = b.ncols;
    let columns: Vec<Column> = paths.into_iter().enumerate().map(|(index, path)| Column { index, path }).collect();
    let header_extent = columns.iter().rposition(|c| !c.path.is_empty()).map_or(0, |i| i + 1);

    let mut rows: Vec<Row> = b
        .header
        .iter()
        .map(|l| Row {
            kind: RowKind::Header,
            page: l.page,
            line: l.number,
            section: Vec::new(),
            cells: padded(l, ncols),
            flags: Vec::new(),
            joined_lines: Vec::new(),
            bbox: line_box(l),
        })
        .collect();
    let body = classify::classify_body(&b.body, ncols, rules);
    rows.extend(body);

    let mut review = Vec::new();
    let header_rows = b.header.len();
    flag_fit(&mut rows[header_rows..], header_extent, header_rows > 0);
    for (ri, row) in rows.iter().enumerate() {
        for f in &row.flags {
            let message = match f {
                Flag::ExtraCells => format!("row has text in columns the header does not cover (header has {header_extent} columns)"),
                Flag::ShiftedCells => "row holds another number of values than most rows of this table: a cell may be missing, doubled or shifted".to_string(),
                Flag::OrphanText => "text in the first column only that does not look like a heading".to_string(),
                Flag::JoinedContinuation => format!("lines {:?} were joined to this row as its continuation", row.joined_lines),
                _ => continue,
            };
            review.push(ReviewItem { table: Some(id.clone()), row: Some(ri), column: None, page: row.page, line: row.line, flag: *f, message, value: None });
        }
    }
    let rows_boxes: Vec<(u32, crate::model::BBox)> = rows.iter().filter_map(|r| Some((r.page, r.bbox?))).collect();
    let mut flags = Vec::new();
    if !b.repeated_header_lines.is_empty() {
        add_flag(&mut flags, Flag::RepeatedHeader);
    }
    let mut table = Table {
        id,
        pages: b.pages,
        header_rows,
        columns,
        rows,
        duplicate_of: None,
        source_lines: b.source_lines,
        repeated_header_lines: b.repeated_header_lines,
        flags,
        boxes: crate::model::page_boxes(rows_boxes),
    };
    review.extend(amounts::flag_merged(&mut table));
    (table, review)
}

/// Flags body rows whose cells do not fit: text beyond the header's columns, and, in
/// tables of numbers, rows holding another number of values than most rows do (a cell
/// missing, doubled or shifted, as converters do).
fn flag_fit(rows: &mut [Row], header_extent: usize, has_header: bool) {
    for row in rows.iter_mut() {
        if has_header && row.cells.iter().rposition(|c| !c.text.trim().is_empty()).is_some_and(|i| i >= header_extent) {
            add_flag(&mut row.flags, Flag::ExtraCells);
        }
    }
    // Numbers and nil dashes fill value slots; checkmarks and arrows mark years instead.
    let is_number = |s: &str| crate::celltext::shape(s).is_number();
    let is_slot = |s: &str| crate::celltext::shape(s).fills_slot();
    let value_count = |r: &Row| r.cells.iter().filter(|c| is_slot(&c.norm)).count();
    let numbers = |r: &Row| r.cells.iter().filter(|c| is_number(&c.norm)).count();
    let data_rows = rows.iter().filter(|r| r.kind == RowKind::Data).count();
    let numeric_rows = rows.iter().filter(|r| r.kind == RowKind::Data && numbers(r) >= 3).count();
    if data_rows == 0 || numeric_rows * 2 < data_rows {
        return;
    }
    let data: Vec<usize> = rows.iter().filter(|r| r.kind == RowKind::Data).map(value_count).collect();
    let mut freq: HashMap<usize, usize> = HashMap::new();
    for &n in data.iter().filter(|&&n| n >= 2) {
        *freq.entry(n).or_insert(0) += 1;
    }
    // The most common count; on a tie the larger one (a dropped cell is likelier than an extra).
    let usual = freq.iter().max_by_key(|(n, f)| (**f, **n)).map(|(n, _)| *n).unwrap_or(0);
    for row in rows.iter_mut().filter(|r| r.kind == RowKind::Data) {
        let n = value_count(row);
        if n >= 2 && n != usual {
            add_flag(&mut row.flags, Flag::ShiftedCells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::split_lines;
    use crate::layout::blocks;
    use crate::normalize::Normalizer;

    fn run(text: &str) -> Reconstructed {
        let mut lines = split_lines(text);
        Normalizer::builtin().normalize_lines(&mut lines);
        reconstruct(blocks(lines), &TableRules::builtin())
    }

    #[test]
    fn repeated_header_continues_the_table_even_when_wrapped_differently() {
        let r = run("A\tBC\nx\t1\n\nA\tB C\ny\t2\n");
        assert_eq!(r.tables.len(), 1);
        let t = &r.tables[0];
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.repeated_header_lines, vec![4]);
        assert_eq!(t.pages, vec![1, 2]);
    }

    #[test]
    fn a_new_page_restarting_the_dotted_numbering_is_a_new_table() {
        // The last row of the first table is numbered on its own ("4."): the dotted codes
        // above it still say that "3.1" on the next page starts over.
        let r = run("Item\tTarget\n3.1 first\t1\n3.2 second\t2\n4. budget\t5\n\x0c\nItem\tTarget\n3.1 other\t3\n");
        assert_eq!(r.tables.len(), 2);
        let r = run("Item\tTarget\n3.1 first\t1\n3.2 second\t2\n4. budget\t5\n\x0c\nItem\tTarget\n3.3 more\t3\n");
        assert_eq!(r.tables.len(), 1);
    }

    #[test]
    fn header_repeated_on_a_new_page_but_cut_differently_continues() {
        let r = run("Name\tBudget\n\tyear one\n1\t2\n\x0c\nName Budget\t\n\tyear\tone\n3\t4\n");
        assert_eq!(r.tables.len(), 1);
        assert_eq!(r.tables[0].repeated_header_lines.len(), 2);
        // On the same page it is a new table, not a continuation.
        let r = run("Name\tBudget\n\tyear one\n1\t2\n\nName Budget\t\n\tyear\tone\n3\t4\n");
        assert_eq!(r.tables.len(), 2);
    }

    #[test]
    fn a_header_repeated_under_body_rows_of_one_block_starts_a_new_table() {
        let r = run("Name\tBudget\nx\t1\ny\t2\nName\tBudget\nz\t3\n\x0c\nName\tBudget\nw\t4\n");
        assert_eq!(r.tables.len(), 2, "the repeat on the same page is a new table, the next page continues it");
        assert_eq!(r.tables[1].pages, vec![1, 2], "no page break is inferred from the repeat");
        assert_eq!(r.tables[1].rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![4, 5, 8]);
    }

    #[test]
    fn text_between_tables_ends_the_continuation() {
        let r = run("A\tB\nx\t1\n\nprose here\n\nA\tB\ny\t2\n");
        assert_eq!(r.tables.len(), 2);
        assert_eq!(r.text.len(), 1);
    }

    #[test]
    fn sections_totals_and_codes() {
        let r = run("ที่\tชื่อ\tเงิน\nยุทธศาสตร์ที่ 1 : ก\t\t\n1.\tงาน\t5\n1.1 หัวข้อ\t\t\n1.1.1 ย่อย\tx\t3\nรวม\t\t8\n");
        let t = &r.tables[0];
        let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, vec![RowKind::Header, RowKind::Section, RowKind::Data, RowKind::Section, RowKind::Data, RowKind::Total]);
        assert_eq!(t.rows[4].section, vec!["ยุทธศาสตร์ที่ 1 : ก".to_string(), "1.1 หัวข้อ".to_string()]);
    }

    #[test]
    fn a_row_that_only_continues_the_one_above_is_joined() {
        let r = run("กิจกรรม\tเป้าหมาย\tปี\n3.1 งาน\t- ข้อแรก\t1\n\t- ข้อสอง\t\n3.2 งาน\t2. อีกข้อ\t2\n\t3. ข้อถัดไป\t\n");
        let t = &r.tables[0];
        assert_eq!(t.rows.len(), 4, "the bullet line joins 3.1; the numbered line stays a row");
        assert_eq!(t.rows[1].cells[1].norm, "- ข้อแรก - ข้อสอง");
        assert_eq!(t.rows[1].joined_lines, vec![3]);
        assert!(t.rows[1].flags.contains(&Flag::JoinedContinuation));
    }

    #[test]
    fn a_table_printed_twice_is_kept_and_marked() {
        let page = "ก\tข\n1. หนึ่ง\tx\n2. สอง\ty\n";
        let r = run(&format!("{page}\nข้อความ\n\n{page}\nข้อความ\n\nก\tข\n1. อื่น\tz\n"));
        assert_eq!(r.tables.len(), 3);
        assert_eq!(r.tables[1].duplicate_of.as_deref(), Some("t1"));
        assert_eq!(r.tables[2].duplicate_of, None);
    }
}
