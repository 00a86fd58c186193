//! Checks: the cross-checks a careful clerk makes, each a named rule with its own flag.
//!
//! | rule          | flag             | what it compares                                                   |
//! |---------------|------------------|--------------------------------------------------------------------|
//! | `row_sum`     | `sum_mismatch`   | a row's total with the sum of its parts (five-year "รวม", monthly targets vs months) |
//! | `column_sum`  | `total_mismatch` | a totals row with the sums of the data rows above it               |
//! | `column_type` | `mixed_types`    | the types of a column's values                                     |
//! | `cell_count`  | `cell_count`     | the number of values of a run with the slots its header has        |
//! | `code_order`  | `code_order`     | each outline code with the one before it (1.1.1 after 1.1)         |
//! | `year_order`  | `year_order`     | the years of a header group, left to right                         |
//!
//! A failing check lowers the confidence of the fields involved (factors in
//! `records::confidence`) and names them in a review item.

use crate::celltext::{LeadingCode, OutlineCode};
use crate::model::{add_flag, Flag, ReviewItem, RowKind, Table};
use crate::records::confidence as cf;
use crate::model::{Draft, Kind, Value};
use crate::records::Templates;
use crate::values::{Context, ValueRules};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// Runs every check over one document's drafts; appends review items.
pub fn run(drafts: &mut [Draft], tables: &[Table], templates: &Templates, rules: &ValueRules, review: &mut Vec<ReviewItem>) {
    cell_count(drafts, review);
    row_sum(drafts, templates, review);
    column_sum(drafts, templates, review);
    column_type(drafts, review);
    code_order(drafts, tables, templates, review);
    year_order(drafts, tables, rules, review);
    parse_errors(drafts, review);
    no_template(drafts, tables, review);
    for d in drafts.iter() {
        for (col, flag, msg) in &d.notes {
            review.push(item(d, *col, *flag, msg.clone()));
        }
    }
    // The tables stage guessed `shifted_cells` from value counts alone; where a template
    // counted the row's slots, its `cell_count` item says the same more precisely.
    let counted: std::collections::HashSet<(Option<String>, Option<usize>)> =
        review.iter().filter(|r| r.flag == Flag::CellCount).map(|r| (r.table.clone(), r.row)).collect();
    review.retain(|r| r.flag != Flag::ShiftedCells || !counted.contains(&(r.table.clone(), r.row)));
}

fn item(d: &Draft, column: Option<usize>, flag: Flag, message: String) -> ReviewItem {
    ReviewItem { table: Some(d.table_id.clone()), row: Some(d.row), column, page: d.page, line: d.line, flag, message, value: None }
}

fn col_of(d: &Draft, name: &str) -> Option<usize> {
    d.get(name).and_then(|f| f.column)
}

/// "work_*" matches every field whose name starts with "work_"; other patterns match exactly.
fn matches_pattern(pat: &str, name: &str) -> bool {
    match pat.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pat == name,
    }
}

fn show(v: Decimal) -> String {
    v.normalize().to_string()
}

/// `cell_count`: a run holds as many values as its header (or template) has slots.
fn cell_count(drafts: &mut [Draft], review: &mut Vec<ReviewItem>) {
    for d in drafts.iter_mut() {
        let runs = d.runs.clone();
        for r in runs {
            let n = r.fields.len();
            if n == 0 || n == r.slots {
                continue;
            }
            for f in &r.fields {
                d.doubt(f, cf::CELL_COUNT_FAILED, Flag::CellCount);
            }
            let first = r.fields.first().and_then(|f| col_of(d, f));
            let what = if n > r.slots { "one value too many or a value split in two" } else { "a value missing, later values slid into the wrong slots" };
            review.push(item(d, first, Flag::CellCount, format!("{}: {n} values where the header has {} slots ({what}); fields {}", r.name, r.slots, r.fields.join(", "))));
        }
    }
}

fn addend(d: &Draft, name: &str) -> Option<Decimal> {
    d.get(name).and_then(|f| f.value.addend())
}

/// `row_sum`: a run's total equals the sum of the run's other values; the template's
/// `row_sum` totals equal the sums of their parts.
fn row_sum(drafts: &mut [Draft], templates: &Templates, review: &mut Vec<ReviewItem>) {
    for d in drafts.iter_mut() {
        let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
        for r in &d.runs {
            if let Some(t) = &r.total {
                pairs.push((t.clone(), r.fields.iter().filter(|f| *f != t).cloned().collect()));
            }
        }
        if let Some(tpl) = templates.list.iter().find(|t| t.name == d.template) {
            for rs in &tpl.checks.row_sum {
                let parts: Vec<String> = d.fields.iter().map(|f| f.name.clone()).filter(|n| rs.parts.iter().any(|p| matches_pattern(p, n))).collect();
                pairs.push((rs.total.clone(), parts));
            }
        }
        for (total, parts) in pairs {
            let Some(tf) = d.get(&total) else { continue };
            if tf.value.is_null() || parts.is_empty() {
                continue;
            }
            let Some(tv) = tf.value.addend() else { continue };
            let mut sum = Decimal::ZERO;
            let mut ok = true;
            for p in &parts {
                match addend(d, p) {
                    Some(v) => sum += v,
                    None => ok = false,
                }
            }
            if !ok || sum == tv {
                continue;
            }
            d.doubt(&total, cf::SUM_FAILED, Flag::SumMismatch);
            for p in &parts {
                d.doubt(p, cf::SUM_FAILED, Flag::SumMismatch);
            }
            let col = col_of(d, &total);
            review.push(item(d, col, Flag::SumMismatch, format!("{total} = {} but the sum of {} is {}", show(tv), parts.join(" + "), show(sum))));
        }
    }
}

/// `column_sum`: a totals row equals the sums of the data rows above it (since the previous
/// totals row), over every table of the template in the document; duplicates not counted.
fn column_sum(drafts: &mut [Draft], templates: &Templates, review: &mut Vec<ReviewItem>) {
    for tpl in &templates.list {
        if tpl.checks.column_sum.is_empty() {
            continue;
        }
        let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut rows = 0usize;
        for d in drafts.iter_mut() {
            if d.template != tpl.name || d.duplicate {
                continue;
            }
            let names: Vec<String> = d.fields.iter().filter(|f| f.column.is_some()).map(|f| f.name.clone()).filter(|n| tpl.checks.column_sum.iter().any(|p| matches_pattern(p, n))).collect();
            if d.kind == RowKind::Total {
                let mut bad = Vec::new();
                for n in &names {
                    let Some(tv) = d.get(n).and_then(|f| (!f.value.is_null()).then(|| f.value.addend()).flatten()) else { continue };
                    let s = sums.get(n).copied().unwrap_or_default();
                    if s != tv {
                        bad.push(format!("{n} {} ≠ {}", show(tv), show(s)));
                        d.doubt(n, cf::SUM_FAILED, Flag::TotalMismatch);
                    }
                }
                if !bad.is_empty() {
                    let col = bad.first().and_then(|b| b.split(' ').next()).and_then(|n| col_of(d, n));
                    review.push(item(d, col, Flag::TotalMismatch, format!("totals row differs from the column sums of the {rows} rows above it: {}", bad.join("; "))));
                }
                sums.clear();
                rows = 0;
            } else {
                rows += 1;
                for n in &names {
                    if let Some(v) = addend(d, n) {
                        *sums.entry(n.clone()).or_default() += v;
                    }
                }
            }
        }
    }
}

/// Kinds that count as one type when a column is compared.
fn family(k: Kind) -> Kind {
    match k {
        Kind::Number | Kind::Count | Kind::Amount => Kind::Number,
        Kind::YearRange => Kind::Year,
        other => other,
    }
}

/// `column_type`: the non-null values of a column share one type. A column whose values
/// are mostly text is a text column and is not checked (a number in a description is fine).
fn column_type(drafts: &mut [Draft], review: &mut Vec<ReviewItem>) {
    let mut cols: HashMap<(usize, String), Vec<(usize, Kind)>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if d.kind != RowKind::Data {
            continue;
        }
        for f in &d.fields {
            // A field that already failed to parse as its type is doubted for that; the
            // column check would count the same fault twice.
            if f.column.is_none() || f.value.is_null() || f.name.ends_with("_code") || f.name == "section" || f.flags.contains(&Flag::ParseError) {
                continue;
            }
            cols.entry((d.table, f.name.clone())).or_default().push((i, family(f.value.kind())));
        }
    }
    let mut keys: Vec<_> = cols.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let vals = &cols[&key];
        let mut count: BTreeMap<Kind, usize> = BTreeMap::new();
        for (_, k) in vals {
            *count.entry(*k).or_default() += 1;
        }
        if count.len() < 2 {
            continue;
        }
        let (major, n) = count.iter().max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k))).map(|(k, n)| (*k, *n)).expect("non-empty");
        if major == Kind::Text || n * 2 <= vals.len() {
            // A text column, or no type holds a majority: nothing to compare against.
            continue;
        }
        for (i, k) in vals {
            if *k == major {
                continue;
            }
            let d = &mut drafts[*i];
            d.doubt(&key.1, cf::MIXED_TYPE, Flag::MixedTypes);
            let shown = d.get(&key.1).map(|f| f.value.csv()).unwrap_or_default();
            let col = col_of(d, &key.1);
            review.push(item(d, col, Flag::MixedTypes, format!("{}: \"{}\" reads as {} where {n} of {} values of the column are {}", key.1, shown, k.as_str(), vals.len(), major.as_str())));
        }
    }
}

/// `code_order`: every outline code follows the one before it, in the tables of a template
/// (scope "table": codes restart in each table; "document": they run on across tables).
fn code_order(drafts: &mut [Draft], tables: &[Table], templates: &Templates, review: &mut Vec<ReviewItem>) {
    // The draft of each (table, row), looked up for every row of every table.
    let by_row: std::collections::HashMap<(usize, usize), usize> = drafts.iter().enumerate().map(|(i, d)| ((d.table, d.row), i)).rev().collect();
    for tpl in &templates.list {
        let Some(scope) = tpl.checks.code_scope.as_deref() else { continue };
        let mut prev: Option<String> = None;
        let mut table_ids: Vec<usize> = drafts.iter().filter(|d| d.template == tpl.name && !d.duplicate).map(|d| d.table).collect();
        table_ids.dedup();
        for ti in table_ids {
            if scope == "table" {
                prev = None;
            }
            let t = &tables[ti];
            for ri in t.header_rows..t.rows.len() {
                let row = &t.rows[ri];
                let di = by_row.get(&(ti, ri)).copied();
                // (field name, code) in the row, left to right.
                let codes: Vec<(Option<String>, String)> = match di {
                    Some(i) => drafts[i].fields.iter().filter(|f| f.name.ends_with("_code")).filter_map(|f| match &f.value {
                        Value::Code { code, .. } => Some((Some(f.name.clone()), code.clone())),
                        _ => None,
                    }).collect(),
                    None if row.kind == RowKind::Section => row.cells.iter().find(|c| !c.norm.is_empty()).and_then(|c| LeadingCode::parse(&c.norm)).filter(|l| l.is_heading()).map(|l| vec![(None, l.code.to_string())]).unwrap_or_default(),
                    None => Vec::new(),
                };
                for (field, code) in codes {
                    if let Some(p) = &prev {
                        if !OutlineCode::new(&code).may_follow(OutlineCode::new(p)) {
                            let msg = format!("code {code} does not follow {p} (expected a child, a next sibling, or the next item of a level above)");
                            match (di, &field) {
                                (Some(i), Some(f)) => {
                                    let d = &mut drafts[i];
                                    d.doubt(f, cf::CODE_ORDER, Flag::CodeOrder);
                                    let col = col_of(d, f);
                                    review.push(item(d, col, Flag::CodeOrder, msg));
                                }
                                _ => review.push(ReviewItem { table: Some(t.id.clone()), row: Some(ri), column: Some(0), page: row.page, line: row.line, flag: Flag::CodeOrder, message: msg, value: None }),
                            }
                        }
                    }
                    prev = Some(code);
                }
            }
        }
    }
}

/// `year_order`: in each header group (same first label), the years of the columns run
/// left to right in increasing order.
fn year_order(drafts: &mut [Draft], tables: &[Table], rules: &ValueRules, review: &mut Vec<ReviewItem>) {
    for (ti, t) in tables.iter().enumerate() {
        let mut groups: Vec<(String, Vec<(usize, i32)>)> = Vec::new();
        for c in &t.columns {
            let Some(top) = c.path.first() else { continue };
            let ctx = Context { years: rules.header_years(&c.path.join(" ")), ..Context::default() };
            let Some(y) = c.path.last().filter(|_| c.path.len() > 1).and_then(|leaf| rules.label_year(leaf, &ctx)) else { continue };
            match groups.iter_mut().find(|(g, _)| g == top) {
                Some((_, v)) => v.push((c.index, y)),
                None => groups.push((top.clone(), vec![(c.index, y)])),
            }
        }
        for (g, ys) in groups {
            let bad: Vec<usize> = ys.windows(2).filter(|w| w[1].1 <= w[0].1).map(|w| w[1].0).collect();
            if bad.is_empty() {
                continue;
            }
            let seq: Vec<String> = ys.iter().map(|(_, y)| y.to_string()).collect();
            review.push(ReviewItem {
                table: Some(t.id.clone()),
                row: Some(0),
                column: bad.first().copied(),
                page: t.pages.first().copied().unwrap_or(1),
                line: t.source_lines.first().map_or(0, |s| s[0]),
                flag: Flag::YearOrder,
                message: format!("years under \"{g}\" do not run in order: {}", seq.join(", ")),
                value: None,
            });
            let cols: Vec<usize> = ys.iter().map(|(c, _)| *c).collect();
            for d in drafts.iter_mut().filter(|d| d.table == ti) {
                let names: Vec<String> = d.fields.iter().filter(|f| f.column.is_some_and(|c| cols.contains(&c))).map(|f| f.name.clone()).collect();
                for n in names {
                    d.doubt(&n, cf::YEAR_ORDER, Flag::YearOrder);
                }
            }
        }
    }
}

/// Fields that did not parse as their type get a review item each.
fn parse_errors(drafts: &mut [Draft], review: &mut Vec<ReviewItem>) {
    for d in drafts.iter() {
        for f in &d.fields {
            if f.flags.contains(&Flag::ParseError) {
                review.push(item(d, f.column, Flag::ParseError, format!("{}: \"{}\" does not read as the type of its field", f.name, f.value.csv())));
            }
        }
    }
}

/// One review item per table no template fits (not one per row).
fn no_template(drafts: &mut [Draft], tables: &[Table], review: &mut Vec<ReviewItem>) {
    let mut seen = Vec::new();
    for d in drafts.iter_mut() {
        if d.template != crate::records::NO_TEMPLATE || seen.contains(&d.table) {
            continue;
        }
        seen.push(d.table);
        let t = &tables[d.table];
        let head: Vec<String> = t.columns.iter().take(4).map(|c| c.path.join(" / ")).collect();
        add_flag(&mut d.flags, Flag::NoTemplate);
        review.push(ReviewItem {
            table: Some(t.id.clone()),
            row: None,
            column: None,
            page: t.pages.first().copied().unwrap_or(1),
            line: t.source_lines.first().map_or(0, |s| s[0]),
            flag: Flag::NoTemplate,
            message: format!("no template fits this table (header: {}); records have inferred column types", head.join(" | ")),
            value: None,
        });
    }
}
