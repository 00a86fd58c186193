//! `DIR/budget_items.csv`: a budget bill's line items, one row per item and fiscal year
//! (the community "V2" fields first, then where each amount was printed, the line's text,
//! confidence and the checks that doubt it), with a CSVW sidecar naming the schema
//! (`planx-budget-items/1`, docs/schema.md; SQL to load it in docs/sql/).
//!
//! An item's own row is for the bill's fiscal year. A multi-year commitment under it adds
//! one row for each other year line exactly as printed (a range of years printed with one
//! amount stays one row, with `fiscal_year` and `fiscal_year_end`); the commitment's year
//! line for the bill's year is the item's own row, so no amount is counted twice.

use super::run::Doc;
use crate::model::{BudgetItems, BBox, BE_OFFSET, BUDGET_SCHEMA};
use rust_decimal::Decimal;

/// The file name inside the output folder.
pub const BUDGET_CSV: &str = "budget_items.csv";
/// Its CSVW sidecar.
pub const BUDGET_METADATA: &str = "budget_items.csv-metadata.json";

/// Category levels written (deeper paths are joined into the last, " / " between).
const LEVELS: usize = 6;

/// The columns, in order, with their CSVW datatype.
pub const COLUMNS: [(&str, &str); 41] = [
    ("item_id", "string"),
    ("ref_doc", "string"),
    ("document", "string"),
    ("ref_page_no", "integer"),
    ("ministry", "string"),
    ("budgetary_unit", "string"),
    ("cross_func", "boolean"),
    ("budget_plan", "string"),
    ("output", "string"),
    ("project", "string"),
    ("category_lv1", "string"),
    ("category_lv2", "string"),
    ("category_lv3", "string"),
    ("category_lv4", "string"),
    ("category_lv5", "string"),
    ("category_lv6", "string"),
    ("item_description", "string"),
    ("fiscal_year", "integer"),
    ("fiscal_year_be", "integer"),
    ("fiscal_year_end", "integer"),
    ("fiscal_year_end_be", "integer"),
    ("amount", "decimal"),
    ("obliged", "boolean"),
    ("row_kind", "string"),
    ("code", "string"),
    ("level", "integer"),
    ("leaf", "boolean"),
    ("parent_id", "string"),
    ("amount_text", "string"),
    ("commitment_total", "decimal"),
    ("off_budget", "decimal"),
    ("pdf_page", "integer"),
    ("line", "integer"),
    ("x0", "double"),
    ("y0", "double"),
    ("x1", "double"),
    ("y1", "double"),
    ("raw_text", "string"),
    ("confidence", "double"),
    ("doubts", "string"),
    ("schema", "string"),
];

/// The header line's cells.
pub fn header() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.0).collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn boxes(b: Option<BBox>) -> [String; 4] {
    match b {
        Some(b) => [b.x0, b.y0, b.x1, b.y1].map(|v| format!("{v:.1}")),
        None => Default::default(),
    }
}

fn item_id(b: &BudgetItems, file: &str, seq: usize) -> String {
    let base = if b.ref_doc.is_empty() { file } else { b.ref_doc.as_str() };
    format!("{base}.{seq}")
}

/// The rows (no header) of one document.
pub fn rows(file: &str, b: &BudgetItems) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for it in &b.items {
        let unit = it.unit.and_then(|u| b.units.get(u));
        let mut cats: Vec<String> = it.path.iter().take(LEVELS - 1).cloned().collect();
        if it.path.len() >= LEVELS {
            cats.push(it.path[LEVELS - 1..].join(" / "));
        }
        cats.resize(LEVELS, String::new());
        let obliged = it.commitment.as_ref().is_some_and(|c| !c.years.is_empty());
        let total = it.commitment.as_ref().and_then(|c| c.total);
        let id = item_id(b, file, it.seq);
        let parent = it.parent.map(|p| item_id(b, file, p)).unwrap_or_default();
        let doubts = it.doubts.join("; ");
        let row = |id: String, kind: &str, years: Option<(u32, u32)>, amount: Option<Decimal>, amount_text: &str, place: (u32, u32, Option<u32>, Option<BBox>), raw: &str, obl: bool| {
            let (page, line, printed, bbox) = place;
            let ce = |be: u32| be as i64 - BE_OFFSET as i64;
            let (y0, y1) = match years {
                Some((s, e)) => (Some(s), if e != s { Some(e) } else { None }),
                None => (None, None),
            };
            let mut r = vec![
                id,
                b.ref_doc.clone(),
                file.to_string(),
                opt(printed),
                unit.map(|u| u.ministry.clone()).unwrap_or_default(),
                unit.map(|u| u.name.clone()).unwrap_or_default(),
                it.cross_function.to_string(),
                it.plan.clone(),
                it.output.clone(),
                it.project.clone(),
            ];
            r.extend(cats.iter().cloned());
            r.extend([
                it.description.clone(),
                opt(y0.map(ce)),
                opt(y0),
                opt(y1.map(ce)),
                opt(y1),
                opt(amount),
                obl.to_string(),
                kind.to_string(),
                it.code.clone(),
                it.level.to_string(),
                it.leaf.to_string(),
                parent.clone(),
                amount_text.to_string(),
                opt(total),
                if kind == "item" { opt(it.off_budget) } else { String::new() },
                page.to_string(),
                line.to_string(),
            ]);
            r.extend(boxes(bbox));
            r.extend([raw.to_string(), format!("{:.3}", it.confidence), doubts.clone(), BUDGET_SCHEMA.to_string()]);
            r
        };
        let fy = b.fiscal_year_be;
        out.push(row(id.clone(), "item", fy.map(|y| (y, y)), it.amount, &it.amount_text, (it.page, it.line, it.printed_page, it.bbox), &it.raw, obliged));
        if let Some(c) = &it.commitment {
            for y in c.years.iter().filter(|y| Some((y.start_be, y.end_be)) != fy.map(|f| (f, f))) {
                let yid = format!("{id}.{}", y.start_be);
                out.push(row(yid, "commitment", Some((y.start_be, y.end_be)), y.amount, &y.amount_text, (y.page, y.line, y.printed_page, y.bbox), &y.raw, true));
            }
        }
    }
    out
}

/// Appends one document's rows as CSV to `buf` (nothing for a document that is not a
/// budget bill).
pub fn append_rows(buf: &mut Vec<u8>, d: &Doc) {
    let Some(b) = &d.x.budget_items else { return };
    for r in rows(&d.file, b) {
        super::csvw::record(buf, &r);
    }
}

/// The start of the file: optional byte-order mark and the header (the rows from
/// [`append_rows`] follow it).
pub fn csv_head(bom: bool) -> Vec<u8> {
    super::csvw::csv_head(&COLUMNS, bom)
}

/// The sidecar's text (CSVW table metadata with the schema name and column datatypes).
pub fn metadata_json() -> String {
    super::csvw::metadata_json(BUDGET_CSV, BUDGET_SCHEMA, &COLUMNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_metadata_agree() {
        let m: serde_json::Value = serde_json::from_str(&metadata_json()).unwrap();
        assert_eq!(m["dc:conformsTo"], BUDGET_SCHEMA);
        assert_eq!(m["tableSchema"]["columns"].as_array().unwrap().len(), header().len());
    }

    #[test]
    fn an_item_row_fills_every_column() {
        let b = BudgetItems { schema: BUDGET_SCHEMA.into(), ref_doc: "2022.3.1".into(), fiscal_year_be: Some(2565), units: vec![], items: vec![] };
        assert!(rows("f.pdf", &b).is_empty());
    }
}
