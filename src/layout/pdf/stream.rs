//! Unruled tables: which runs of lines are tables (most lines have two or more
//! segments), and the rows of such a run: a line closer to the one above than the row
//! spacing continues that row's cells, any other starts a row; a multi-row header is
//! rebuilt from its cells' geometry ([`super::header`]) or its centred labels lifted.

use super::columns::{column_for, next_free, split_at_column_edges};
use super::header;
use super::lines::{bbox_of, cell_of, OutLine, Seg, TLine};
use super::rows::{grouped_amount, holds_value, line_pitch, opens_record, wrapped_pitch, row_gap, rows_across_rules, rows_spaced_apart, whole_value};
use crate::ingest::pdf::Ruling;
use crate::celltext::{attaches_to_previous, is_digit, is_thai, shape, LeadingCode, Shape};
use super::LayoutSettings;
use crate::model::{Cell, Line};

/// The first body line after a rebuilt header has no line above it to continue.
fn prev_y_was_nan(gap: f32) -> bool {
    gap.is_nan()
}

/// Builds rows of an unruled table from lines: a line closer to the one above than
/// the row spacing continues that row's cells (wrapped text), any other starts a row.
/// With `find_header` (the lines start at the table's top), a multi-row header is looked
/// for and rebuilt from its cells' geometry. Where the page's `rules` run across the
/// table between its rows (no vertical rules; at least `min_rules` of them between its
/// body lines), they alone set the rows apart.
pub(super) fn stream_rows(page: u32, lines: &[&TLine], cols: &[(f32, f32)], find_header: bool, rules: &[Ruling], min_rules: usize, set: &LayoutSettings) -> Vec<OutLine> {
    let ys: Vec<(f32, f32)> = lines.iter().map(|l| (l.y, l.size)).collect();
    // Where no pitch under a font-size cap recurs, the pitch is measured where cells wrap.
    let pitch = line_pitch(&ys, set).or_else(|| {
        let filled = |l: &TLine| {
            let mut c: Vec<usize> = l.segs.iter().map(|s| column_for(cols, s, set)).collect();
            c.dedup();
            c
        };
        wrapped_pitch(&lines.iter().map(|l| (l.y, l.size, filled(l))).collect::<Vec<_>>(), set)
    });
    let mut rows: Vec<(f32, Vec<Vec<Seg>>)> = Vec::new();
    // A header with vertically centred cells is rebuilt from its cells' geometry, and its
    // lowest cells give the columns.
    // A header never holds an amount: top lines that do are the table's first records (a
    // continuation page starts with its rows, a budget box with its amounts).
    let amount_in = |l: &&TLine| l.segs.iter().any(|s| s.text.split_whitespace().any(grouped_amount));
    let head = pitch
        .filter(|_| find_header)
        .and_then(|p| header::header_len(lines, cols, p, set).map(|n| (n, p)))
        .filter(|&(n, _)| !lines[..n].iter().any(amount_in));
    let (body, edges) = match head {
        Some((n, p)) => {
            let top = lines[0].y + lines[0].size;
            let h = header::build(&lines[..n], &lines[n..], cols, p, set);
            rows.extend(h.rows.into_iter().map(|r| (top, r)));
            (&lines[n..], Some(h.edges))
        }
        None => (lines, None),
    };
    let nc = edges.as_ref().map_or(cols.len(), |e| e.len() - 1).max(1);
    let column = |s: &Seg| match &edges {
        Some(e) => e[1..e.len() - 1].iter().filter(|&&x| x <= s.x0 + set.column_slack).count(),
        None => column_for(cols, s, set),
    };
    // A segment cut over several column edges must give each piece a column of its own,
    // one the line above also fills (the last lines of cells wrapped side by side).
    let cells_of = |l: &TLine, above: Option<&Vec<Vec<Seg>>>| {
        let mut assigned: Vec<Vec<Seg>> = vec![Vec::new(); nc];
        for s in &l.segs {
            let pieces = split_at_column_edges(s, cols, set).filter(|p| {
                let at: Vec<usize> = p.iter().map(|x| column(x).min(nc - 1)).collect();
                p.len() == 2 || (at.windows(2).all(|w| w[0] < w[1]) && above.is_some_and(|a| at.iter().all(|&c| !a[c].is_empty())))
            });
            match pieces {
                Some(pieces) => {
                    for p in pieces {
                        assigned[column(&p).min(nc - 1)].push(p);
                    }
                }
                None => {
                    // A nil dash in the gap after a column this line already fills is the next
                    // cell's (a dash set flush left after a number set flush right).
                    let mut k = column(s).min(nc - 1);
                    if edges.is_none() && !assigned[k].is_empty() && matches!(shape(&s.text), Shape::Nil(_)) {
                        k = next_free(cols, s, k, set).unwrap_or(k);
                    }
                    assigned[k].push(s.clone());
                }
            }
        }
        assigned
    };
    let mut body_cells: Vec<Vec<Vec<Seg>>> = Vec::with_capacity(body.len());
    for l in body.iter() {
        let cells = cells_of(l, body_cells.last());
        body_cells.push(cells);
    }
    // The right edge of the key column: key text that ends short of it did not wrap.
    // Text running on into the next column (a section row, a spanning cell) is not its edge.
    let next_col = edges.as_ref().map_or(cols.get(1).map(|c| c.0), |e| e.get(1).copied()).unwrap_or(f32::MAX);
    let key_edge = body_cells.iter().flat_map(|c| c[0].iter().map(|s| s.x1)).filter(|&x| x <= next_col).fold(f32::MIN, f32::max);
    let mut key_end: Option<f32> = None;
    // Where the spacing does not set rows apart, each printed line is weighed by its content.
    let spaced = rows_spaced_apart(&body.iter().map(|l| (l.y, l.size)).collect::<Vec<_>>(), set);
    if super::page::debug_layout() {
        eprintln!("  rows spaced apart: {spaced}");
    }
    // Each line's next: whether it is keyed and holds a value (the item a group label heads).
    let heads: Vec<bool> = (0..body_cells.len())
        .map(|k| body_cells.get(k + 1).is_some_and(|n| !n[0].is_empty() && n[1..].iter().any(|v| seg_text(v).is_some_and(|t| holds_value(&t)))))
        .collect();
    // Each column's widest text inside it (text running on into the next column, a section
    // row or a spanning cell, is not its width): how wide a line of its cells may run.
    let col_end = |c: usize| match &edges {
        Some(e) => e.get(c + 1).copied().filter(|_| c + 2 < e.len()),
        None => cols.get(c + 1).map(|n| n.0),
    };
    let widths: Vec<f32> = (0..nc)
        .map(|c| body_cells.iter().flat_map(|l| l[c].iter().filter(|s| col_end(c).map_or(true, |x| s.x1 <= x)).map(|s| s.x1 - s.x0)).fold(0.0, f32::max))
        .collect();
    let row_rules = rows_across_rules(rules, min_rules, cols, &body.iter().map(|l| l.y).collect::<Vec<_>>(), set);
    if super::page::debug_layout() && row_rules.is_some() {
        eprintln!("  rows drawn by rules: {row_rules:?}");
    }
    let mut prev_y = f32::NAN;
    let mut last_y: Vec<Option<f32>> = vec![None; nc];
    for ((l, assigned), heads_item) in body.iter().zip(body_cells).zip(heads) {
        let gap = prev_y - l.y;
        prev_y = l.y;
        // A line starts a row when it is a row gap below the line above, or when, in a
        // column where the current row already has text, it does not follow that text at
        // the line pitch (vertically centred header cells stagger their baselines, so a
        // small gap alone does not make a continuation).
        let column_break = last_y.iter().zip(&assigned).any(|(ly, v)| !v.is_empty() && ly.is_some_and(|y| row_gap(y - l.y, pitch, l.size, set)));
        // A line that fills the key column and holds a value of its own is a record of its
        // own unless a wrapped key text over a row without a value continues onto it.
        // The next numbered item after the row's ("2)" after "1)") never continues its text,
        // however far the text above ran.
        let next_item = rows.last().is_some_and(|(_, cur)| next_item(&cur[0], &assigned[0]));
        let wrapped = !next_item && key_end.zip(assigned[0].first()).is_some_and(|(end, s)| end + first_word_width(s) > key_edge);
        // A line that fills every column of the current row, with a label and a value
        // under a value, is the next record at any spacing (lists of amounts set as
        // tightly as wrapped text; a number wrapped in a narrow column fills no row).
        // A figure in brackets under the row's value is a prior-year figure of that row
        // when its key text goes on from the row's, but a negative amount of the next
        // record ("Costs (106,870)" under "Revaluation 2,076,667") when the key above
        // ended short of its column's edge: the line's key would have fitted there.
        let own_key = !assigned[0].is_empty() && !wrapped;
        let labelled = assigned.iter().find(|v| !v.is_empty()).and_then(|v| seg_text(v)).is_some_and(|t| !shape(&t).holds_figures());
        let stacked_value = labelled
            && rows.last().is_some_and(|(_, cur)| {
                let full = cur.iter().zip(&assigned).all(|(c, a)| c.is_empty() || !a.is_empty());
                full && (1..nc).any(|c| seg_text(&assigned[c]).is_some_and(|t| shape(&t).holds_figures() && (own_key || !t.starts_with('('))) && seg_text(&cur[c]).is_some_and(|t| shape(&t).holds_figures()))
            });
        let texts = |cells: &[Vec<Seg>]| cells.iter().map(|v| seg_text(v).unwrap_or_default()).collect::<Vec<_>>();
        // Where the spacing does set rows apart, a line at the pitch is still a record when
        // its value sits under a value of the row (a list of amounts set as tightly as
        // wrapped text), or under a row that is only a key that did not wrap (a group's
        // label over its first item), never when its cells only add to the row's.
        // (Weighed only where the spacing and the columns leave the line open.)
        let record = || rows.last().is_some_and(|(_, cur)| {
            let (row, line) = (texts(cur), texts(&assigned));
            let stacked = (1..nc).any(|c| holds_value(&line[c]) && holds_value(&row[c]));
            let label_only = !wrapped && key_end.is_some() && row[1..].iter().all(|t| t.trim().is_empty());
            let amounts = (1..nc).any(|c| whole_value(&line[c]) && whole_value(&row[c]));
            // A label of its own left of a value under the row's value is a record even
            // when it is indented out of the key column ("7.2.1 ผลผลิต ..." under "7.2
            // แผนงาน ...", each with its amount): one cell holds one value.
            let indented = amounts && line[0].trim().is_empty() && labelled_before_value(&row, &line);
            // The same when the amounts share their label's column (long labels above ran
            // over the amount column): each text ends in an amount of its own.
            let shared = (0..nc).any(|c| labelled_amount(&line[c]) && ends_in_amount(&row[c]));
            if indented || shared {
                return true;
            }
            // An amount under an amount (or a price under a price) is never a wrapped key's
            // last line: a wrapped row holds one amount a column, so the key ran to its edge
            // by chance. (Short figures under figures may be one number wrapped in a narrow
            // column.)
            (!spaced || stacked || label_only) && opens_record(&row, &line, wrapped && !amounts, heads_item)
        });
        // Where the spacing does not set rows apart, a line whose words would each have
        // fitted after the row's text is no wrapped text: text wraps only when it must.
        let unwrapped = || !spaced && rows.last().is_some_and(|(_, cur)| would_have_fit(cur, &assigned, &widths, set));
        let continues = !rows.is_empty()
            && !prev_y_was_nan(gap)
            && match &row_rules {
                Some(ys) => !ys.iter().any(|&y| y > l.y && y < l.y + gap),
                None => !row_gap(gap, pitch, l.size, set) && !column_break && !stacked_value && !record() && !unwrapped(),
            };
        if !continues {
            last_y.iter_mut().for_each(|y| *y = None);
            key_end = None;
        }
        if let Some(s) = assigned[0].last() {
            key_end = Some(s.x1);
        }
        for (c, v) in assigned.iter().enumerate() {
            if !v.is_empty() {
                last_y[c] = Some(l.y);
            }
        }
        if continues {
            let last = &mut rows.last_mut().expect("checked").1;
            for (c, v) in assigned.into_iter().enumerate() {
                last[c].extend(v);
            }
        } else {
            rows.push((l.y + l.size, assigned));
        }
    }
    if head.is_none() {
        lift_centred_header_cells(&mut rows, cols, set);
    }
    rows.retain(|(_, cells)| cells.iter().any(|v| !v.is_empty()));
    rows.into_iter()
        .map(|(top, cells)| {
            let cells: Vec<Cell> = cells.iter().map(|v| cell_of(&v.iter().collect::<Vec<_>>(), set)).collect();
            let bbox = bbox_of(&cells);
            OutLine { top, line: Line { page, number: 0, cells, tabular: true, bbox } }
        })
        .collect()
}

/// Whether a key cell opens the numbered item that may follow the one the row's key
/// opens, written the same way ("2)" after "1)", "1.2" after "1.1").
fn next_item(row_key: &[Seg], key: &[Seg]) -> bool {
    let (Some(a), Some(b)) = (seg_text(row_key), seg_text(key)) else { return false };
    match (LeadingCode::parse(&a), LeadingCode::parse(&b)) {
        (Some(p), Some(n)) => (p.open, p.close, p.dot) == (n.open, n.close, n.dot) && n.code.may_follow(p.code),
        _ => false,
    }
}

/// Whether a line's words would each have fitted on the row's last line: in every column
/// where both have words (one at least), the row's last text there, a word space and the
/// line's first word are no wider than the column's widest text (`widths`). Figures say
/// nothing: a number wraps in a narrow column without a space, so such a column never fits.
/// Nor does Thai: written without word spaces, a line's first word is not known, and its
/// lines are broken where a dictionary allows, not only where the width runs out.
fn would_have_fit(row: &[Vec<Seg>], line: &[Vec<Seg>], widths: &[f32], set: &LayoutSettings) -> bool {
    let mut shared = 0;
    let unmeasured = |t: &str| shape(t).holds_figures() || t.chars().any(is_thai);
    for ((cell, v), &w) in row.iter().zip(line).zip(widths) {
        let (Some(a), Some(b)) = (cell.last(), v.first()) else { continue };
        if unmeasured(&a.text) || unmeasured(&b.text) {
            return false;
        }
        if (a.x1 - a.x0) + set.space_gap * b.size + first_word_width(b) > w {
            return false;
        }
        shared += 1;
    }
    shared > 0
}

/// Whether a line holds a label (text that is no value) in a column left of its first
/// value, and that value sits under a value of the row (`row`, `line`: each column's text).
fn labelled_before_value(row: &[String], line: &[String]) -> bool {
    let Some(v) = (1..line.len()).find(|&c| holds_value(&line[c])) else { return false };
    grouped_amount(&row[v]) && line[..v].iter().any(|t| !t.trim().is_empty() && !holds_value(t))
}

/// Whether a text ends in a grouped amount, maybe followed by its unit ("วงเงิน 20,000,000",
/// "... 55,000,000 บาท").
fn ends_in_amount(text: &str) -> bool {
    // The last two words, read from the end (the words before them are not needed).
    let mut back = text.split_whitespace().rev();
    let (Some(last), before) = (back.next(), back.next()) else { return false };
    grouped_amount(last) || before.is_some_and(|w| grouped_amount(w) && !shape(last).holds_figures() && last.chars().count() <= UNIT_MAX_CHARS)
}

/// The longest unit word after an amount ("บาท", "ล้านบาท").
const UNIT_MAX_CHARS: usize = 8;

/// Whether a text is a label ending in its amount ("- เงินงบประมาณ 20,000,000").
fn labelled_amount(text: &str) -> bool {
    ends_in_amount(text) && text.split_whitespace().next().is_some_and(|w| !grouped_amount(w)) && text.chars().any(|c| c.is_alphabetic())
}

/// The width of a segment's first word (up to its first space): what would have had to
/// fit at the end of the line above for the text not to wrap.
fn first_word_width(s: &Seg) -> f32 {
    // Marks drawn over or under a letter take no width of their own.
    let spacing = |t: &str| t.chars().filter(|&c| !attaches_to_previous(c)).count() as f32;
    let first = s.text.split(' ').next().map_or(0.0, spacing);
    (s.x1 - s.x0) * first / spacing(&s.text).max(1.0)
}

/// The text of a cell's segments, `None` when it has none.
fn seg_text(segs: &[Seg]) -> Option<String> {
    (!segs.is_empty()).then(|| segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "))
}

/// A header whose first row has a cell spanning several columns has its other cells
/// centred vertically over all header rows, so their text falls into the second or third
/// row. A label there whose column is empty above, and not under a spanning cell, goes
/// up to the first row (where the merged cell starts).
fn lift_centred_header_cells(rows: &mut [(f32, Vec<Vec<Seg>>)], cols: &[(f32, f32)], set: &LayoutSettings) {
    let e = set.column_slack;
    let spans = |cells: &Vec<Vec<Seg>>| -> Vec<(f32, f32)> {
        cells.iter().flatten().filter(|s| cols.iter().filter(|c| c.0 > s.x0 + e && c.0 < s.x1 - e).count() > 0).map(|s| (s.x0, s.x1)).collect()
    };
    let depth = set.centred_header_rows;
    if rows.len() < depth || spans(&rows[0].1).is_empty() {
        return;
    }
    for r in 1..depth.min(rows.len()) {
        let above: Vec<(f32, f32)> = rows[..r].iter().flat_map(|(_, c)| spans(c)).collect();
        for c in 0..cols.len().min(rows[r].1.len()) {
            let v = &rows[r].1[c];
            if v.is_empty() || rows[..r].iter().any(|(_, cells)| !cells[c].is_empty()) {
                continue;
            }
            let (x0, x1) = (v.iter().map(|s| s.x0).fold(f32::MAX, f32::min), v.iter().map(|s| s.x1).fold(f32::MIN, f32::max));
            let covered = above.iter().any(|&(a, b)| a < x1 && x0 < b);
            let text: String = v.iter().map(|s| s.text.as_str()).collect();
            let label = text.chars().count() <= set.label_max_chars && !text.chars().all(|ch| is_digit(ch) || ",.-".contains(ch));
            if !covered && label {
                let moved = std::mem::take(&mut rows[r].1[c]);
                rows[0].1[c] = moved;
            }
        }
    }
}

/// Whether a one-segment line lies within one cell of the multi-segment line `row`: it
/// starts no further left than that cell (less `run_margin`) and ends before the next
/// cell begins (the last cell: within the run's right edge `right`), so it is that
/// cell's text wrapped, not running text under the table.
fn wraps_a_cell(row: &TLine, line: &TLine, right: f32, set: &LayoutSettings) -> bool {
    let (x0, x1) = (line.x0(), line.x1());
    let Some(k) = row.segs.iter().rposition(|s| s.x0 - set.run_margin <= x0) else {
        return false;
    };
    let limit = row.segs.get(k + 1).map_or(right + set.run_margin, |next| next.x0);
    x0 < row.segs[k].x1 && x1 <= limit
}

/// Lines that make up unruled tables: runs of lines where most have two or more
/// segments. Returns (start, end) index ranges into `lines`.
pub(super) fn stream_runs(lines: &[TLine], set: &LayoutSettings) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].segs.len() < 2 {
            i += 1;
            continue;
        }
        // Extend while lines are multi-segment or single lines between multi-segment
        // ones (wrapped cells, section rows) at a table-like spacing.
        // Single lines that all wrap cells of the last multi-segment line (a narrow
        // column's long label, a word or two a line) go on however many they are.
        let mut j = i + 1;
        let mut last_multi = i;
        let mut all_wrap = true;
        let mut right = lines[i].x1();
        while j < lines.len() {
            let gap = lines[j - 1].y - lines[j].y;
            if gap > set.run_break_gap * lines[j].size.max(lines[j - 1].size) {
                break;
            }
            if lines[j].segs.len() >= 2 {
                last_multi = j;
                all_wrap = true;
                right = right.max(lines[j].x1());
            } else {
                all_wrap = all_wrap && wraps_a_cell(&lines[last_multi], &lines[j], right, set);
                if j - last_multi > set.run_max_single_lines && !all_wrap {
                    break;
                }
            }
            j += 1;
        }
        let mut end = last_multi + 1;
        let multi = lines[i..end].iter().filter(|l| l.segs.len() >= 2).count();
        if multi >= set.run_min_multi {
            // Lines just above and below at table spacing, inside the table's width, are
            // its spanning header line and the wrapped ends of its last row.
            let x0 = lines[i..end].iter().map(|l| l.x0()).fold(f32::MAX, f32::min) - set.run_margin;
            let x1 = lines[i..end].iter().map(|l| l.x1()).fold(f32::MIN, f32::max) + set.run_margin;
            let near = |a: &TLine, b: &TLine| a.y - b.y <= set.run_near * a.size.min(b.size);
            let inside = |l: &TLine| l.x0() >= x0 && l.x1() <= x1;
            // Closer than a text line's leading: the staggered lines of a header whose
            // first column is empty on this page's rows.
            let staggered = |a: &TLine, b: &TLine| a.y - b.y <= set.run_staggered * a.size.min(b.size);
            let floor = out.last().map_or(0, |r: &(usize, usize)| r.1);
            while i > floor && near(&lines[i - 1], &lines[i]) && (inside(&lines[i - 1]) || staggered(&lines[i - 1], &lines[i])) {
                i -= 1;
            }
            while end < lines.len() && near(&lines[end - 1], &lines[end]) && inside(&lines[end]) {
                end += 1;
            }
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
