//! The rows of `review.csv`: one per review item, with everything a person needs to find
//! and judge it without opening the JSON: the row's label (its outline code or first
//! cell), the column's header path, the cell's text and typed value, and the box on the
//! page. Ordered most doubtful first, grouped by document and page.

use crate::model::{BBox, Extraction, ReviewItem, Table, Value};
use crate::values::{Context, ValueRules};
use std::collections::HashMap;

/// The columns of `review.csv`, in order. `correction` is left blank for the reviewer
/// (`planx apply` reads it).
pub const COLUMNS: [&str; 18] = [
    "file", "page", "table", "row", "row_label", "column", "column_name", "text", "value", "flag", "message", "confidence", "line", "x0",
    "y0", "x1", "y1", "correction",
];

/// Longest row label written (characters); longer labels are cut with "…".
const LABEL_CHARS: usize = 80;

/// A row's label as a reader names it: its first cell that is not a value (which starts
/// with the outline code, "1.1.1 …", when the row has one), cut to 80 characters.
pub fn row_label(t: &Table, row: usize) -> String {
    let Some(r) = t.rows.get(row) else { return String::new() };
    let first = r.cells.iter().map(|c| c.norm.trim()).find(|s| !s.is_empty() && !crate::celltext::shape(s).is_value());
    let label = first.or_else(|| r.cells.iter().map(|c| c.norm.trim()).find(|s| !s.is_empty())).unwrap_or("");
    let label = label.replace('\n', " ");
    if label.chars().count() > LABEL_CHARS {
        label.chars().take(LABEL_CHARS).collect::<String>() + "…"
    } else {
        label
    }
}

/// A column's name: its header path joined with " / " (or "column N" without a header).
pub fn column_name(t: &Table, column: usize) -> String {
    match t.columns.get(column) {
        Some(c) if !c.path.is_empty() => c.path.join(" / "),
        _ => format!("column {}", column + 1),
    }
}

/// The typed value of a cell's text as its column's header frames it (the unit the header
/// gives), under `rules`; None when the text is not a value.
pub fn typed_value(t: &Table, column: usize, norm: &str, rules: &ValueRules) -> Option<Value> {
    if norm.trim().is_empty() || !crate::celltext::shape(norm).is_value() {
        return None;
    }
    let unit = t.columns.get(column).and_then(|c| c.path.iter().rev().find_map(|h| rules.header_unit(h)));
    Some(rules.parse(norm, &Context { unit, ..Context::default() }))
}

/// Gives every review item that names a cell holding a value that value
/// ([`ReviewItem::value`]), so that `review.csv` shows it as the run's rules read it, also
/// when it is written later from the JSON alone (`planx merge`).
pub fn fill_values(review: &mut [ReviewItem], tables: &[Table], rules: &ValueRules) {
    for it in review.iter_mut().filter(|it| it.value.is_none()) {
        let Some(t) = it.table.as_deref().and_then(|id| tables.iter().find(|t| t.id == id)) else { continue };
        let Some((row, column)) = it.row.zip(it.column) else { continue };
        if let Some(cell) = t.rows.get(row).and_then(|r| r.cells.get(column)) {
            it.value = typed_value(t, column, &cell.norm, rules);
        }
    }
}

/// Where an item is on its page: the cell's box, else the row's, else the table's part on
/// the page; for an item outside tables, the box of its line (text, or a table row) by
/// page and line; for an item about the page as a whole (text drawn outside the visible
/// page, a page that could not be read), the visible page itself.
pub fn item_box(x: &Extraction, table: Option<&Table>, it: &ReviewItem) -> Option<BBox> {
    placed_box(x, table, it).or_else(|| {
        let [w, h] = *x.source.page_sizes.get((it.page as usize).checked_sub(1)?)?;
        (w > 0.0 && h > 0.0).then_some(BBox { x0: 0.0, y0: 0.0, x1: w, y1: h })
    })
}

fn placed_box(x: &Extraction, table: Option<&Table>, it: &ReviewItem) -> Option<BBox> {
    match table {
        Some(t) => {
            let row = it.row.and_then(|r| t.rows.get(r));
            let cell = row.zip(it.column).and_then(|(r, c)| r.cells.get(c)).and_then(|c| c.bbox);
            cell.or(row.and_then(|r| r.bbox)).or_else(|| t.boxes.iter().find(|b| b.page == it.page).map(|b| b.bbox))
        }
        // Text outside tables, or a line a table row was made of (items of checks that
        // read lines, such as the budget items, name only page and line).
        None => x.text.iter().find(|l| l.page == it.page && l.line == it.line).and_then(|l| l.bbox).or_else(|| {
            x.tables.iter().flat_map(|t| &t.rows).find(|r| r.page == it.page && (r.line == it.line || r.joined_lines.contains(&it.line))).and_then(|r| r.bbox)
        }),
    }
}

/// The CSV cells of one review item of document `file` (columns [`COLUMNS`]).
pub fn item_row(file: &str, x: &Extraction, tables: &HashMap<&str, &Table>, it: &ReviewItem, confidence: f64) -> Vec<String> {
    let t = it.table.as_deref().and_then(|id| tables.get(id).copied());
    let cell = t.zip(it.row).zip(it.column).and_then(|((t, r), c)| t.rows.get(r)?.cells.get(c));
    let (label, name) = match t {
        Some(t) => (it.row.map(|r| row_label(t, r)).unwrap_or_default(), it.column.map(|c| column_name(t, c)).unwrap_or_default()),
        None => (String::new(), String::new()),
    };
    let text = cell.map(|c| c.norm.clone()).unwrap_or_default();
    let value = it.value.as_ref().map(Value::csv).unwrap_or_default();
    let b = item_box(x, t, it);
    let edge = |f: fn(&BBox) -> f32| b.as_ref().map(|b| format!("{:.2}", f(b))).unwrap_or_default();
    vec![
        file.to_string(),
        it.page.to_string(),
        it.table.clone().unwrap_or_default(),
        it.row.map(|r| r.to_string()).unwrap_or_default(),
        label,
        it.column.map(|c| (c + 1).to_string()).unwrap_or_default(),
        name,
        text,
        value,
        it.flag.as_str().to_string(),
        it.message.clone(),
        format!("{confidence:.3}"),
        it.line.to_string(),
        edge(|b| b.x0),
        edge(|b| b.y0),
        edge(|b| b.x1),
        edge(|b| b.y1),
        String::new(),
    ]
}

/// Orders review rows (confidence, cells; `file` and `page` are cells 0 and 1) most
/// doubtful first, grouped by document and page: the groups by their most doubtful item
/// (ties in run order), the items of a group by confidence (ties in run order).
pub fn order(items: &[(f64, Vec<String>)]) -> Vec<usize> {
    let mut groups: HashMap<(&str, &str), (f64, usize)> = HashMap::new();
    for (i, (c, r)) in items.iter().enumerate() {
        let g = groups.entry((r[0].as_str(), r[1].as_str())).or_insert((*c, i));
        g.0 = g.0.min(*c);
    }
    let key = |i: usize| {
        let (c, r) = &items[i];
        let g = groups[&(r[0].as_str(), r[1].as_str())];
        (g.0, g.1, *c, i)
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|&a, &b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(file: &str, page: u32, c: f64) -> (f64, Vec<String>) {
        (c, vec![file.to_string(), page.to_string()])
    }

    #[test]
    fn groups_pages_and_puts_the_most_doubtful_first() {
        let items = vec![item("a", 1, 0.9), item("a", 2, 0.5), item("a", 1, 0.2), item("b", 1, 0.7), item("a", 2, 0.4)];
        // a p1 (min 0.2) first, then a p2 (0.4), then b p1 (0.7).
        assert_eq!(order(&items), vec![2, 0, 4, 1, 3]);
    }
}
