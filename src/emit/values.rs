//! `DIR/values.csv`: every typed field of every record of the run as one row, with one
//! type per column, so that a database or a data frame reads the numbers as numbers
//! (schema `planx-values/1`, docs/schema.md; SQL to load it in docs/sql/).
//!
//! The records CSVs put each field in a column of its own and write every kind of value
//! in its CSV form, so one column can mix baht, percentages and counts. Here a field is a
//! row, its kind is named in `type`, and each typed column holds one type only: `number`
//! the number as written, `baht` money in baht, years, ISO dates, a boolean, text.
//! Blank fields are left out (a blank cell says nothing); a nil dash is a row of type
//! `nil` with every typed column empty (the document wrote "nothing" on purpose).

use super::run::{flags_str, row_place, Confidences, Doc};
use crate::model::{Arrow, Table, Value};
use std::collections::HashMap;

/// The schema name and version of `values.csv`, written in its sidecar
/// `values.csv-metadata.json`. A change that removes, renames or retypes a column bumps it.
pub const VALUES_SCHEMA: &str = "planx-values/1";

/// The file name of the long table inside the output folder.
pub const VALUES_CSV: &str = "values.csv";

/// The file name of its sidecar: W3C "CSV on the Web" metadata (the name CSVW readers
/// look for beside `values.csv`) with the schema name and each column's datatype.
pub const VALUES_METADATA: &str = "values.csv-metadata.json";

/// The columns of `values.csv`, in order, with their CSVW datatype (`string`, `integer`,
/// `decimal`, `date`, `boolean`, `double`).
pub const COLUMNS: [(&str, &str); 22] = [
    ("document", "string"),
    ("page", "integer"),
    ("line", "integer"),
    ("table_id", "string"),
    ("row_index", "integer"),
    ("template", "string"),
    ("row_kind", "string"),
    ("field", "string"),
    ("type", "string"),
    ("number", "decimal"),
    ("unit", "string"),
    ("baht", "decimal"),
    ("year_be", "integer"),
    ("year_ce", "integer"),
    ("year_end_be", "integer"),
    ("year_end_ce", "integer"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("checked", "boolean"),
    ("text", "string"),
    ("confidence", "double"),
    ("flags", "string"),
];

/// Index of each typed column in a row.
mod col {
    pub const NUMBER: usize = 9;
    pub const UNIT: usize = 10;
    pub const BAHT: usize = 11;
    pub const YEAR_BE: usize = 12;
    pub const YEAR_CE: usize = 13;
    pub const YEAR_END_BE: usize = 14;
    pub const YEAR_END_CE: usize = 15;
    pub const DATE_START: usize = 16;
    pub const DATE_END: usize = 17;
    pub const CHECKED: usize = 18;
    pub const TEXT: usize = 19;
}

/// The header line's cells.
pub fn header() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.0).collect()
}

/// The typed columns of one value (`type`, then `number` … `text`), or `None` for a blank
/// field, which has no row. A percentage's unit is "%"; an amount's `number` and `unit`
/// are as written and `baht` is the amount in baht; a year range's years go to `year_*`
/// (first) and `year_end_*` (last); an arrow's text is its JSON name (`both`, `start`,
/// `end`), a code's text the code.
pub fn typed_cells(v: &Value) -> Option<(&'static str, [String; 11])> {
    let mut c: [String; 11] = Default::default();
    // Offsets of the typed columns inside `c` (which starts at the `number` column).
    let at = |i: usize| i - col::NUMBER;
    let kind = v.kind().as_str();
    match v {
        Value::Empty => return None,
        Value::Nil => {}
        Value::Number { value } => c[at(col::NUMBER)] = value.to_string(),
        Value::Percent { value } => {
            c[at(col::NUMBER)] = value.to_string();
            c[at(col::UNIT)] = "%".into();
        }
        Value::Amount { value, unit, thb } => {
            c[at(col::NUMBER)] = value.to_string();
            c[at(col::UNIT)] = unit.clone();
            c[at(col::BAHT)] = thb.to_string();
        }
        Value::Count { value, unit } => {
            c[at(col::NUMBER)] = value.to_string();
            c[at(col::UNIT)] = unit.clone();
        }
        Value::Year { be, ce } => {
            c[at(col::YEAR_BE)] = be.to_string();
            c[at(col::YEAR_CE)] = ce.to_string();
        }
        Value::YearRange { start, end } | Value::YearRangeAmount { start, end, .. } => {
            c[at(col::YEAR_BE)] = start.be.to_string();
            c[at(col::YEAR_CE)] = start.ce.to_string();
            c[at(col::YEAR_END_BE)] = end.be.to_string();
            c[at(col::YEAR_END_CE)] = end.ce.to_string();
            if let Value::YearRangeAmount { thb, .. } = v {
                c[at(col::BAHT)] = thb.to_string();
            }
        }
        Value::Date { start, end } => {
            c[at(col::DATE_START)] = start.clone();
            c[at(col::DATE_END)] = end.clone();
        }
        Value::Check { value } => c[at(col::CHECKED)] = value.to_string(),
        Value::Arrow { arrow } => {
            c[at(col::TEXT)] = match arrow {
                Arrow::Both => "both",
                Arrow::Start => "start",
                Arrow::End => "end",
            }
            .into()
        }
        Value::Code { code, .. } => c[at(col::TEXT)] = code.clone(),
        Value::Text { text } => c[at(col::TEXT)] = text.clone(),
    }
    Some((kind, c))
}

/// Appends one document's rows (no header) as CSV to `buf`, records in document order
/// and fields in record order; `tables` are the document's tables by id.
pub fn append_rows(buf: &mut Vec<u8>, d: &Doc, tables: &HashMap<&str, &Table>) {
    let mut confidences = Confidences::default();
    for r in &d.x.records {
        let (page, line) = row_place(tables, r);
        let row_kind = match r.fields.get("row_kind") {
            Some(Value::Text { text }) => text.as_str(),
            _ => "",
        };
        let flags = flags_str(&r.flags);
        let (page, line, row) = (page.to_string(), line.to_string(), r.row.to_string());
        for (name, v) in &r.fields {
            let Some((kind, typed)) = typed_cells(v) else { continue };
            let conf = r.field_confidence.get(name).map_or("", |&c| confidences.text(c));
            // One array of the row's cells (not a chain of iterators: values.csv has some
            // 20 fields a row, and a chain pays for its bookkeeping at each of them).
            let t = typed.each_ref().map(String::as_str);
            let cells = [d.file.as_str(), &page, &line, &r.table, &row, &r.template, row_kind, name, kind, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], conf, flags.as_str()];
            super::csvw::record(buf, cells);
        }
    }
}

/// The sidecar's text: CSVW table metadata naming the schema (`dc:conformsTo`) and every
/// column's datatype. It depends on nothing but this build, so it is the same for every run.
pub fn metadata_json() -> String {
    super::csvw::metadata_json(VALUES_CSV, VALUES_SCHEMA, &COLUMNS)
}

/// The start of the file: optional byte-order mark and the header (the rows from
/// [`append_rows`] follow it).
pub fn csv_head(bom: bool) -> Vec<u8> {
    super::csvw::csv_head(&COLUMNS, bom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Year;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn each_kind_fills_its_own_columns() {
        assert!(typed_cells(&Value::Empty).is_none());
        let (k, c) = typed_cells(&Value::Nil).unwrap();
        assert_eq!(k, "nil");
        assert!(c.iter().all(String::is_empty));
        let (k, c) = typed_cells(&Value::Amount { value: d("0.5000"), unit: "ล้านบาท".into(), thb: d("500000.00") }).unwrap();
        assert_eq!((k, c[0].as_str(), c[1].as_str(), c[2].as_str()), ("amount", "0.5000", "ล้านบาท", "500000.00"));
        let (k, c) = typed_cells(&Value::Percent { value: d("80") }).unwrap();
        assert_eq!((k, c[0].as_str(), c[1].as_str(), c[2].as_str()), ("percent", "80", "%", ""));
        let (k, c) = typed_cells(&Value::YearRangeAmount { start: Year::be(2562), end: Year::be(2564), thb: d("30000000.00") }).unwrap();
        assert_eq!(k, "year_range");
        assert_eq!(&c[..7], ["", "", "30000000.00", "2562", "2019", "2564", "2021"]);
        let (_, c) = typed_cells(&Value::Date { start: "2022-10-25".into(), end: "2022-10-26".into() }).unwrap();
        assert_eq!((c[7].as_str(), c[8].as_str()), ("2022-10-25", "2022-10-26"));
        let (_, c) = typed_cells(&Value::Check { value: true }).unwrap();
        assert_eq!(c[9], "true");
        let (_, c) = typed_cells(&Value::Arrow { arrow: Arrow::Start }).unwrap();
        assert_eq!(c[10], "start");
    }

    #[test]
    fn metadata_names_the_schema_and_every_column() {
        let m: serde_json::Value = serde_json::from_str(&metadata_json()).unwrap();
        assert_eq!(m["dc:conformsTo"], VALUES_SCHEMA);
        assert_eq!(m["tableSchema"]["columns"].as_array().unwrap().len(), COLUMNS.len());
        assert_eq!(COLUMNS[col::NUMBER].0, "number");
        assert_eq!(COLUMNS[col::TEXT].0, "text");
    }
}
