//! Records: the data and totals rows of every table read into typed fields through a
//! template (`rules/templates/*.toml`), or, when no template fits, with one field per
//! column and the flag `no_template`.
//!
//! `build` makes [`Draft`]s (typed values with the cells they came from); the checks
//! (`crate::checks`) flag and lower confidences on them; `finish` turns them into the
//! [`Record`]s of the JSON.

mod columns;
pub mod confidence;
pub mod template;

use columns::{caption_unit, header_text, layout, path_text, unit_for};
use crate::model::{add_flag, Arrow, Draft, Field, Flag, Kind, Record, Row, RowKind, Run, Table, TextLine, Value, Year};
use crate::values::{Context, ValueRules};
use rust_decimal::Decimal;
pub use template::{FieldSpec, FieldType, ReadMode, Template, Templates};

/// The name records without a template go under.
pub const NO_TEMPLATE: &str = "no_template";

/// The kinds a field type accepts (nil and blank are always accepted).
fn accepts(ft: FieldType, k: Kind) -> bool {
    match ft {
        FieldType::Text | FieldType::Auto => true,
        FieldType::Number => matches!(k, Kind::Number | Kind::Count | Kind::Percent),
        FieldType::Amount => matches!(k, Kind::Amount),
        FieldType::Percent => matches!(k, Kind::Percent | Kind::Number),
        FieldType::Check => matches!(k, Kind::Check),
        FieldType::Year => matches!(k, Kind::Year),
        FieldType::Code => matches!(k, Kind::Code),
    }
}

fn cell_norm(row: &Row, c: usize) -> &str {
    row.cells.get(c).map_or("", |x| x.norm.as_str())
}

/// Builds the drafts of every table of a document.
pub fn build(tables: &[Table], text: &[TextLine], templates: &Templates, rules: &ValueRules) -> Vec<Draft> {
    use rayon::prelude::*;
    // Tables are read independently (in the caller's pool), then concatenated in order.
    let per_table: Vec<Vec<Draft>> = tables
        .par_iter()
        .enumerate()
        .map(|(ti, t)| {
            let mut out = Vec::new();
            let header = header_text(t);
            match templates.choose(&header) {
                Some(tpl) => read_with_template(ti, t, tpl, rules, caption_unit(t, text, rules).as_deref(), &mut out),
                None => read_without_template(ti, t, rules, &mut out),
            }
            out
        })
        .collect();
    per_table.into_iter().flatten().collect()
}

fn new_draft(ti: usize, t: &Table, ri: usize, template: &str, fit: f64) -> Draft {
    let row = &t.rows[ri];
    let mut flags = Vec::new();
    for f in &row.flags {
        add_flag(&mut flags, *f);
    }
    let duplicate = t.duplicate_of.is_some();
    if duplicate {
        add_flag(&mut flags, Flag::Duplicate);
    }
    Draft {
        table: ti,
        table_id: t.id.clone(),
        row: ri,
        page: row.page,
        line: row.line,
        template: template.to_string(),
        kind: row.kind,
        fields: Vec::new(),
        index: Default::default(),
        runs: Vec::new(),
        flags,
        fit,
        duplicate,
        notes: Vec::new(),
    }
}

/// A field read from one cell, with its confidence from the cell's own flags and whether
/// it parsed as the type it should have.
fn field_from_cell(row: &Row, c: usize, name: &str, value: Value, ft: FieldType) -> Field {
    let mut flags = Vec::new();
    let mut conf = confidence::cell_factor(row.cells.get(c).map_or(&[][..], |x| &x.flags[..]));
    conf *= confidence::row_factor(&row.flags);
    if !value.is_null() && !accepts(ft, value.kind()) {
        conf *= confidence::PARSE_FAILED;
        flags.push(Flag::ParseError);
    }
    Field { name: name.to_string(), value, column: Some(c), confidence: conf, flags }
}

fn text_value(norm: &str) -> Value {
    if norm.is_empty() {
        Value::Empty
    } else {
        Value::Text { text: norm.to_string() }
    }
}

fn read_with_template(ti: usize, t: &Table, tpl: &Template, rules: &ValueRules, caption: Option<&str>, out: &mut Vec<Draft>) {
    let lay = layout(t, tpl, rules);
    for ri in t.header_rows..t.rows.len() {
        let row = &t.rows[ri];
        if !matches!(row.kind, RowKind::Data | RowKind::Total) {
            continue;
        }
        let mut d = new_draft(ti, t, ri, &tpl.name, confidence::TEMPLATE_FIT);
        let first = row.cells.iter().map(|c| c.norm.as_str()).find(|s| !s.is_empty()).unwrap_or("");
        let rule = tpl.rows.iter().find(|(re, _)| re.is_match(first)).map(|(_, r)| r);
        let texts: Vec<usize> = (0..row.cells.len()).filter(|&c| !cell_norm(row, c).is_empty() && !rules.parse(cell_norm(row, c), &Context::default()).is_typed()).collect();
        // The last column taken by the fields read so far ("next" starts after it).
        let mut consumed: Option<usize> = None;
        for (si, spec) in tpl.fields.iter().enumerate() {
            let name = rule.and_then(|r| r.rename.get(&spec.name)).cloned().unwrap_or_else(|| spec.name.clone());
            let ft = rule.and_then(|r| r.field_type).filter(|_| spec.field_type != FieldType::Text).unwrap_or(spec.field_type);
            let rule_unit = rule.and_then(|r| rules.header_unit(first).or_else(|| r.unit.clone()));
            match spec.read {
                ReadMode::FirstText | ReadMode::LastText => {
                    let c = if spec.read == ReadMode::FirstText {
                        // Only a heading of its own: when the row has one text cell, it is the activity.
                        texts.first().copied().filter(|_| texts.len() > 1)
                    } else {
                        texts.last().copied()
                    };
                    if let Some(c) = c {
                        let v = text_value(cell_norm(row, c));
                        text_extras(&mut d, row, c, spec, &tpl.extract[si], &name);
                        d.push(field_from_cell(row, c, &name, v, FieldType::Text));
                        consumed = Some(consumed.map_or(c, |x| x.max(c)));
                    } else {
                        d.push(Field { name: name.clone(), value: Value::Empty, column: None, confidence: 1.0, flags: vec![] });
                    }
                }
                ReadMode::Next => {
                    let start = consumed.map_or_else(|| lay.cols[si].first().map_or(0, |x| x.0), |x| x + 1);
                    // A text field takes the next cell only when it is text: a value there
                    // belongs to the fields after it.
                    let c = (start..row.cells.len()).find(|&c| !cell_norm(row, c).is_empty()).filter(|&c| ft != FieldType::Text || !rules.parse(cell_norm(row, c), &Context::default()).is_typed());
                    match c {
                        Some(c) => {
                            let v = if ft == FieldType::Text { text_value(cell_norm(row, c)) } else { rules.parse(cell_norm(row, c), &Context::default()) };
                            if ft == FieldType::Text {
                                text_extras(&mut d, row, c, spec, &tpl.extract[si], &name);
                            }
                            d.push(field_from_cell(row, c, &name, v, ft));
                            consumed = Some(c);
                        }
                        None => d.push(Field { name: name.clone(), value: Value::Empty, column: None, confidence: 1.0, flags: vec![] }),
                    }
                }
                ReadMode::Column if spec.each.is_none() => {
                    let Some(&(c, _)) = lay.cols[si].first() else { continue };
                    let v = if ft == FieldType::Text {
                        text_value(cell_norm(row, c))
                    } else {
                        let unit = rule_unit.clone().or_else(|| unit_for(rules, t, c, spec.unit.as_deref(), caption));
                        rules.parse(cell_norm(row, c), &Context { unit, code_expected: ft == FieldType::Code, year_expected: ft == FieldType::Year, ..Context::default() })
                    };
                    if ft == FieldType::Text {
                        text_extras(&mut d, row, c, spec, &tpl.extract[si], &name);
                    }
                    d.push(field_from_cell(row, c, &name, v, ft));
                    consumed = Some(consumed.map_or(c, |x| x.max(c)));
                }
                ReadMode::Column => {
                    // One field per column of the group, named by its year.
                    let row_unit = spec.unit_field.as_ref().and_then(|uf| d.get(uf)).map(|f| f.value.csv()).filter(|u| rules.unit(u).is_some());
                    let mut arrows: Vec<(i32, Arrow)> = Vec::new();
                    for (k, &(c, year)) in lay.cols[si].iter().enumerate() {
                        let unit = rule_unit.clone().or_else(|| row_unit.clone()).or_else(|| unit_for(rules, t, c, spec.unit.as_deref(), caption));
                        let v = rules.parse(cell_norm(row, c), &Context { unit, ..Context::default() });
                        if let (Value::Arrow { arrow }, Some(y)) = (&v, year) {
                            arrows.push((y, *arrow));
                        }
                        // A second column of one year (the result beside the plan) is
                        // named by its own label too: amount_2564, amount_2564_ผล.
                        let again = year.is_some() && lay.cols[si][..k].iter().any(|&(_, y)| y == year);
                        let fname = match (year, t.columns[c].path.last()) {
                            (Some(y), Some(leaf)) if again => format!("{name}_{y}_{}", leaf.split_whitespace().collect::<Vec<_>>().join("_")),
                            (Some(y), _) => format!("{name}_{y}"),
                            (None, _) => format!("{name}_{}", k + 1),
                        };
                        d.push(field_from_cell(row, c, &fname, v, ft));
                        consumed = Some(consumed.map_or(c, |x| x.max(c)));
                    }
                    if spec.arrows {
                        if let Some((a, b)) = arrow_span(&arrows) {
                            d.push(Field { name: format!("{name}_span"), value: Value::YearRange { start: Year::be(a), end: Year::be(b) }, column: None, confidence: 1.0, flags: vec![] });
                        }
                    }
                }
                ReadMode::Run => {
                    let anchor = if spec.from.as_deref() == Some("after_text") { texts.last().map_or(0, |c| c + 1) } else {
                        // From the group's first column, or after the cells the fields before
                        // took, whichever is later (cells shifted right by the converter).
                        match lay.cols[si].first() {
                            Some(&(c, _)) => consumed.map_or(c, |x| c.max(x + 1)),
                            None => continue,
                        }
                    };
                    let mut names: Vec<(String, Option<String>)> = if !spec.slots.is_empty() {
                        spec.slots.iter().map(|s| match s.split_once('@') {
                            Some((n, u)) => (n.to_string(), Some(u.to_string())),
                            None => (s.clone(), None),
                        }).collect()
                    } else {
                        lay.years[si].iter().map(|y| (format!("{name}_{y}"), None)).collect()
                    };
                    if let Some(total) = &spec.total {
                        let total = rule.and_then(|r| r.rename.get(total)).cloned().unwrap_or_else(|| total.clone());
                        names.push((total, None));
                    }
                    let unit = rule_unit.clone().or_else(|| unit_for(rules, t, anchor, spec.unit.as_deref(), caption));
                    // A run without a total that another run follows stops at its slots: the
                    // values after them are the next run's (targets then budgets, no gap).
                    let followed = tpl.fields[si + 1..].iter().any(|f| f.read == ReadMode::Run);
                    let max_take = if spec.total.is_none() && followed { names.len() } else { usize::MAX };
                    let mut cells = Vec::new();
                    for c in anchor..row.cells.len() {
                        if cells.len() >= max_take {
                            break;
                        }
                        let n = cell_norm(row, c);
                        if n.is_empty() || !rules.parse(n, &Context::default()).is_typed() {
                            break;
                        }
                        cells.push(c);
                    }
                    let slots = names.len();
                    let mut assigned: Vec<(usize, String, Option<String>)> = Vec::new();
                    if spec.total.is_some() && !cells.is_empty() {
                        // The last value is the total; the others fill the year slots in order.
                        let (body, last) = cells.split_at(cells.len() - 1);
                        for (k, &c) in body.iter().enumerate() {
                            let (n, u) = if k + 1 < slots { names[k].clone() } else { (format!("{name}_extra_{}", k + 2 - slots), None) };
                            assigned.push((c, n, u));
                        }
                        let (n, u) = names[slots - 1].clone();
                        assigned.push((last[0], n, u));
                    } else {
                        for (k, &c) in cells.iter().enumerate() {
                            let (n, u) = if k < slots { names[k].clone() } else { (format!("{name}_extra_{}", k + 1 - slots), None) };
                            assigned.push((c, n, u));
                        }
                    }
                    let mut run = Run { name: name.clone(), fields: Vec::new(), slots, total: spec.total.as_ref().map(|_| names[slots - 1].0.clone()) };
                    if header_echo(rules, &cells, row, &lay.years[si]) {
                        // The row repeats the header's years ("2560 … 2564 รวม"): a header
                        // line the converter put into the body. No values here.
                        add_flag(&mut d.flags, Flag::ShiftedCells);
                        let years: Vec<&str> = cells.iter().map(|&c| cell_norm(row, c)).collect();
                        d.notes.push((cells.first().copied(), Flag::ShiftedCells, format!("{name}: the row repeats the header's years ({}) where values belong; its values are probably on the next line", years.join(" "))));
                        for (n, _) in &names {
                            d.push(Field { name: n.clone(), value: Value::Empty, column: None, confidence: 1.0, flags: vec![] });
                        }
                        let mut last = *cells.last().expect("an echo has cells");
                        if cell_norm(row, last + 1).starts_with("รวม") {
                            last += 1;
                        }
                        consumed = Some(consumed.map_or(last, |x| x.max(last)));
                        continue;
                    }
                    // Every slot in its declared order, blank until a value fills it; extras after.
                    for (n, _) in &names {
                        d.push(Field { name: n.clone(), value: Value::Empty, column: None, confidence: 1.0, flags: vec![] });
                    }
                    for (c, n, u) in assigned {
                        let unit = u.or_else(|| unit.clone());
                        let v = rules.parse(cell_norm(row, c), &Context { unit: unit.clone(), ..Context::default() });
                        let fft = if unit.is_some() && ft != FieldType::Text { FieldType::Amount } else { ft };
                        d.push(field_from_cell(row, c, &n, v, fft));
                        run.fields.push(n);
                        consumed = Some(consumed.map_or(c, |x| x.max(c)));
                    }
                    // Keep the declared order: slots first, then extras.
                    d.runs.push(run);
                }
            }
        }
        for der in &tpl.derived {
            let mut sum = Decimal::ZERO;
            let mut all_amount = true;
            let mut any = false;
            let mut conf: f64 = 1.0;
            for p in &der.sum {
                if let Some(f) = d.get(p) {
                    if let Some(a) = f.value.addend() {
                        sum += a;
                        any = true;
                        all_amount &= matches!(f.value, Value::Amount { .. } | Value::Nil | Value::Empty);
                        conf = conf.min(f.confidence);
                    }
                }
            }
            if any {
                let value = if all_amount && der.sum.iter().any(|p| matches!(d.get(p).map(|f| &f.value), Some(Value::Amount { .. }))) {
                    Value::Amount { value: sum, unit: "บาท".into(), thb: sum }
                } else {
                    Value::Number { value: sum }
                };
                d.push(Field { name: der.name.clone(), value, column: None, confidence: conf, flags: vec![] });
            }
        }
        if !row.section.is_empty() {
            d.push(Field { name: "section".into(), value: Value::Text { text: row.section.join(" > ") }, column: None, confidence: 1.0, flags: vec![] });
        }
        let kind = rule.map(|r| r.kind.as_str()).unwrap_or(if row.kind == RowKind::Total { "total" } else { "data" });
        d.push(row_kind(kind));
        out.push(d);
    }
}

/// What the row is ("data", "total", or the kind a row rule names, e.g. "budget"): a
/// loader must not add totals rows to data rows.
fn row_kind(kind: &str) -> Field {
    Field { name: "row_kind".into(), value: Value::Text { text: kind.to_string() }, column: None, confidence: 1.0, flags: vec![] }
}

/// True when a run's cells are the header's years again (at least three of them).
/// (Consecutive years, one a cell: the header's own year labels, wherever the converter
/// moved them.)
fn header_echo(rules: &ValueRules, cells: &[usize], row: &Row, _years: &[i32]) -> bool {
    let ctx = Context { year_expected: true, ..Context::default() };
    let ys: Vec<Option<i32>> = cells
        .iter()
        .map(|&c| match rules.parse(cell_norm(row, c), &ctx) {
            Value::Year { be, .. } => Some(be),
            _ => None,
        })
        .collect();
    ys.len() >= 3 && ys.iter().all(Option::is_some) && ys.windows(2).all(|w| w[1] == w[0].map(|y| y + 1))
}

/// Sub-fields of a text field: `<name>_code` and the `extract` captures.
fn text_extras(d: &mut Draft, row: &Row, c: usize, spec: &FieldSpec, extract: &[(String, crate::rules::Pattern)], name: &str) {
    let norm = cell_norm(row, c);
    if spec.code {
        if let Some(l) = crate::celltext::LeadingCode::parse(norm).filter(|l| l.is_dotted()) {
            let (code, parents) = (l.code.to_string(), l.code.parents());
            d.push(field_from_cell(row, c, &format!("{name}_code"), Value::Code { code, parents }, FieldType::Code));
        }
    }
    for (k, re) in extract {
        if let Some(m) = re.captures(norm).and_then(|cap| cap.get(1)) {
            d.push(field_from_cell(row, c, &format!("{name}_{k}"), Value::Text { text: m.as_str().to_string() }, FieldType::Text));
        }
    }
}

/// The BE span the arrows of a row mark: "←" starts it, "→" ends it, "↔" marks its year.
pub fn arrow_span(arrows: &[(i32, Arrow)]) -> Option<(i32, i32)> {
    let start = arrows.iter().filter(|(_, a)| matches!(a, Arrow::Start | Arrow::Both)).map(|(y, _)| *y).min();
    let end = arrows.iter().filter(|(_, a)| matches!(a, Arrow::End | Arrow::Both)).map(|(y, _)| *y).max();
    match (start, end) {
        (Some(a), Some(b)) if a <= b => Some((a, b)),
        (Some(a), None) => Some((a, a)),
        (None, Some(b)) => Some((b, b)),
        _ => None,
    }
}

fn read_without_template(ti: usize, t: &Table, rules: &ValueRules, out: &mut Vec<Draft>) {
    if !t.rows[t.header_rows.min(t.rows.len())..].iter().any(|r| matches!(r.kind, RowKind::Data | RowKind::Total)) {
        return;
    }
    // Each column's field name, and its unit and years from its header: the same for
    // every row.
    let columns: Vec<(String, Context)> = (0..t.columns.len())
        .map(|c| {
            let header = path_text(t, c);
            (format!("c{}", c + 1), Context { unit: rules.header_unit(&header), years: rules.header_years(&header), ..Context::default() })
        })
        .collect();
    for ri in t.header_rows..t.rows.len() {
        let row = &t.rows[ri];
        if !matches!(row.kind, RowKind::Data | RowKind::Total) {
            continue;
        }
        let mut d = new_draft(ti, t, ri, NO_TEMPLATE, confidence::NO_TEMPLATE_FIT);
        add_flag(&mut d.flags, Flag::NoTemplate);
        for (c, (name, ctx)) in columns.iter().enumerate() {
            let v = rules.parse(cell_norm(row, c), ctx);
            d.push(field_from_cell(row, c, name, v, FieldType::Auto));
        }
        if !row.section.is_empty() {
            d.push(Field { name: "section".into(), value: Value::Text { text: row.section.join(" > ") }, column: None, confidence: 1.0, flags: vec![] });
        }
        d.push(row_kind(if row.kind == RowKind::Total { "total" } else { "data" }));
        out.push(d);
    }
}

/// The final records: typed fields by name, confidences from the factors, flags.
pub fn finish(drafts: Vec<Draft>) -> Vec<Record> {
    use rayon::prelude::*;
    drafts
        .into_par_iter()
        .map(|d| {
            let mut fields = indexmap::IndexMap::with_capacity(d.fields.len());
            let mut fc = indexmap::IndexMap::with_capacity(d.fields.len());
            let mut flags = d.flags.clone();
            for f in &d.fields {
                fields.insert(f.name.clone(), f.value.clone());
                fc.insert(f.name.clone(), confidence::round(f.confidence));
                for fl in &f.flags {
                    add_flag(&mut flags, *fl);
                }
            }
            let confidence = confidence::record(&d);
            Record { table: d.table_id, row: d.row, template: d.template, fields, confidence, flags, field_confidence: fc, page: d.page, line: d.line }
        })
        .collect()
}
