//! Which columns a record reads, and in which unit: a template field's header match, the
//! template's column layout over a table (a field's column, or its group of year columns),
//! and the unit a column header or the table's caption names. Part of [`crate::records`].

use super::template::{self, FieldSpec, ReadMode, Template};
use crate::model::{Table, TextLine};
use crate::values::{Context, ValueRules};

pub(super) fn header_text(t: &Table) -> String {
    t.columns.iter().flat_map(|c| c.path.iter()).map(String::as_str).collect::<Vec<_>>().join(" ")
}

pub(super) fn path_text(t: &Table, c: usize) -> String {
    t.columns.get(c).map(|c| c.path.join(" / ")).unwrap_or_default()
}

fn column_matches(t: &Table, c: usize, spec: &FieldSpec) -> bool {
    let Some(col) = t.columns.get(c) else { return false };
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    spec.header.iter().any(|k| match spec.match_mode {
        template::MatchMode::Exact => col.path.iter().any(|l| squash(l) == squash(k)),
        template::MatchMode::Contains => col.path.iter().any(|l| l.contains(k.as_str()) || squash(l).contains(&squash(k))),
    })
}

/// The unit a header path names, else the spec's.
/// (The header's unit wins; then the table's caption, "หน่วย : ล้านบาท" just above it, which
/// the document states for the whole table; then the template's default.)
pub(super) fn unit_for(rules: &ValueRules, t: &Table, c: usize, spec_unit: Option<&str>, caption: Option<&str>) -> Option<String> {
    rules.header_unit(&path_text(t, c)).or_else(|| caption.map(String::from)).or_else(|| spec_unit.map(String::from))
}

/// How many text lines above a table may hold its unit caption ("หน่วย : ล้านบาท"): the
/// caption sits right above the header, after at most a title line or two.
const CAPTION_LINES: u32 = 4;

/// The unit a caption line just above the table names, if any.
/// Only lines of the table's first page count: PDF lines are numbered per page.
pub(super) fn caption_unit(t: &Table, text: &[TextLine], rules: &ValueRules) -> Option<String> {
    let first = t.source_lines.first()?[0];
    let page = *t.pages.first()?;
    // Text lines are in document order: the ones just above the table end at `end`.
    let end = text.partition_point(|l| (l.page, l.line) < (page, first));
    text[..end].iter().rev().take_while(|l| l.page == page && l.line + CAPTION_LINES >= first).find_map(|l| rules.header_unit(&l.norm))
}

/// The column layout of a template over one table: which columns each spec field takes.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Per spec field: the columns it takes (one for a plain column field, the group for
    /// `each`), in order; with the BE year of each column when `each = "year"`.
    pub(super) cols: Vec<Vec<(usize, Option<i32>)>>,
    /// Per spec field: the BE years of its group, sorted and distinct (`each = "year"`).
    pub(super) years: Vec<Vec<i32>>,
}

pub(super) fn layout(t: &Table, tpl: &Template, rules: &ValueRules) -> Layout {
    let mut claimed = vec![false; t.columns.len()];
    let mut cols = Vec::new();
    let mut years = Vec::new();
    for spec in &tpl.fields {
        let mut mine = Vec::new();
        if !spec.header.is_empty() {
            for (c, &taken) in claimed.iter().enumerate() {
                if taken || !column_matches(t, c, spec) {
                    continue;
                }
                let year = if spec.each.as_deref() == Some("year") {
                    let path = &t.columns[c].path;
                    let ctx = Context { years: rules.header_years(&path.join(" ")), ..Context::default() };
                    // The leaf's year, or the year of the header cell a pair of
                    // sub-columns stands under ("ปี 2564 แผน (ผล)" over "แผน", "ผล").
                    path.iter().rev().find_map(|label| rules.label_year(label, &ctx))
                } else {
                    None
                };
                mine.push((c, year));
                if spec.each.is_none() {
                    break;
                }
            }
        }
        // A run owns its whole group; a column field only its column.
        for &(c, _) in &mine {
            claimed[c] = true;
        }
        let mut ys: Vec<i32> = mine.iter().filter_map(|(_, y)| *y).collect();
        ys.sort();
        ys.dedup();
        cols.push(mine);
        years.push(ys);
    }
    // Runs take the years of every year group of the header: a converter that moves one
    // year label into the neighbouring group must not take a slot away.
    let all: Vec<i32> = {
        let mut v: Vec<i32> = years.iter().flatten().copied().collect();
        v.sort();
        v.dedup();
        v
    };
    for (si, spec) in tpl.fields.iter().enumerate() {
        if spec.read == ReadMode::Run && spec.each.as_deref() == Some("year") {
            years[si] = all.clone();
        }
    }
    Layout { cols, years }
}
