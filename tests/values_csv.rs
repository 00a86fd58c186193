//! `OUT/values.csv` (schema `planx-values/1`): one row per non-blank typed field of every
//! record, each typed column holding one type that parses as that type, and the same
//! values as the JSON records.

mod common;

use planx::emit::values::{COLUMNS, VALUES_SCHEMA};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("planx-values-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn extract(out: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_planx"))
        .current_dir(common::root())
        .args(["extract", "samples", "--out"])
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("run planx");
    assert!(o.status.success(), "planx extract failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// values.csv as rows of cells, and its header.
fn read_values(out: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(out.join("values.csv")).expect("values.csv");
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (head, rows)
}

/// An exact decimal as planx writes it: digits, one optional point, optional minus; no
/// thousands separators, no exponent.
fn decimal(s: &str) -> Decimal {
    let body = s.strip_prefix('-').unwrap_or(s);
    assert!(!body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.') && body.matches('.').count() <= 1, "not a plain decimal: {s:?}");
    Decimal::from_str(s).unwrap()
}

fn iso_date(s: &str) {
    let p: Vec<&str> = s.split('-').collect();
    assert!(p.len() == 3 && p[0].len() == 4 && p[1].len() == 2 && p[2].len() == 2, "not YYYY-MM-DD: {s:?}");
    let (y, m, d): (i32, u32, u32) = (p[0].parse().unwrap(), p[1].parse().unwrap(), p[2].parse().unwrap());
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    assert!((1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1], "no such day: {s:?}");
}

/// The typed columns each type may fill (the rest must be empty), and those it must fill.
fn allowed(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "nil" => (&[], &[]),
        "number" => (&["number"], &["number"]),
        "percent" => (&["number", "unit"], &["number", "unit"]),
        "amount" => (&["number", "unit", "baht"], &["number", "unit", "baht"]),
        "count" => (&["number", "unit"], &["number"]),
        "year" => (&["year_be", "year_ce"], &["year_be", "year_ce"]),
        "year_range" => (&["year_be", "year_ce", "year_end_be", "year_end_ce", "baht"], &["year_be", "year_ce", "year_end_be", "year_end_ce"]),
        "date" => (&["date_start", "date_end"], &["date_start", "date_end"]),
        "check" => (&["checked"], &["checked"]),
        "arrow" | "code" => (&["text"], &["text"]),
        "text" => (&["text"], &[]),
        other => panic!("unknown type {other:?}"),
    }
}

const TYPED: [&str; 11] = ["number", "unit", "baht", "year_be", "year_ce", "year_end_be", "year_end_ce", "date_start", "date_end", "checked", "text"];

#[test]
fn values_csv_has_one_type_per_column_and_the_json_records_values() {
    let out = temp_dir("samples");
    extract(&out, &[]);
    let (head, rows) = read_values(&out);
    assert_eq!(head, COLUMNS.iter().map(|c| c.0).collect::<Vec<_>>());
    let at: HashMap<&str, usize> = head.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let mut by_type: HashMap<String, usize> = HashMap::new();
    for (n, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), head.len(), "row {n}");
        let kind = r[at["type"]].as_str();
        *by_type.entry(kind.to_string()).or_default() += 1;
        let (may, must) = allowed(kind);
        for c in TYPED {
            let v = &r[at[c]];
            assert!(v.is_empty() || may.contains(&c), "row {n}: {kind} fills {c} with {v:?}");
            assert!(!v.is_empty() || !must.contains(&c), "row {n}: {kind} leaves {c} empty");
        }
        for c in ["page", "line", "row_index"] {
            r[at[c]].parse::<u32>().unwrap_or_else(|_| panic!("row {n}: {c} {:?}", r[at[c]]));
        }
        for c in ["year_be", "year_ce", "year_end_be", "year_end_ce"] {
            if !r[at[c]].is_empty() {
                r[at[c]].parse::<i32>().unwrap();
            }
        }
        if !r[at["year_be"]].is_empty() {
            let (be, ce): (i32, i32) = (r[at["year_be"]].parse().unwrap(), r[at["year_ce"]].parse().unwrap());
            assert_eq!(be - 543, ce, "row {n}");
        }
        let number = &r[at["number"]];
        if !number.is_empty() {
            // DuckDB's DECIMAL(38, 10) (docs/sql) must hold it exactly.
            let d = decimal(number);
            assert!(d.scale() <= 10 && d.trunc().abs().to_string().len() <= 28, "row {n}: {number} does not fit DECIMAL(38, 10)");
        }
        let baht = &r[at["baht"]];
        if !baht.is_empty() {
            assert_eq!(decimal(baht).scale(), 2, "row {n}: baht to the satang: {baht}");
        }
        if kind == "percent" {
            assert_eq!(r[at["unit"]], "%");
        }
        for c in ["date_start", "date_end"] {
            if !r[at[c]].is_empty() {
                iso_date(&r[at[c]]);
            }
        }
        assert!(["", "true", "false"].contains(&r[at["checked"]].as_str()));
        let conf: f64 = r[at["confidence"]].parse().unwrap();
        assert!((0.0..=1.0).contains(&conf));
    }
    for kind in ["amount", "number", "percent", "count", "check", "code", "text", "nil", "arrow", "year_range"] {
        assert!(by_type.get(kind).is_some_and(|&k| k > 0), "the samples have {kind} values: {by_type:?}");
    }

    // The same values, in the same order, as the JSON records of the documents in the
    // manifest's (input) order; blank fields have no row.
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    let mut expected = Vec::new();
    for line in manifest.lines() {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        let x: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(m["output"].as_str().unwrap())).unwrap()).unwrap();
        for rec in x["records"].as_array().unwrap() {
            for (name, v) in rec["fields"].as_object().unwrap() {
                if v["type"] != "empty" {
                    expected.push((m["path"].as_str().unwrap().to_string(), rec["table"].as_str().unwrap().to_string(), rec["row"].as_u64().unwrap(), name.clone(), v.clone()));
                }
            }
        }
    }
    assert_eq!(rows.len(), expected.len(), "one row per non-blank typed field of the JSON records");
    let mut amounts = 0;
    for (r, (doc, table, row, name, v)) in rows.iter().zip(&expected) {
        assert_eq!((&r[at["document"]], &r[at["table_id"]], r[at["row_index"]].parse::<u64>().unwrap(), &r[at["field"]]), (doc, table, *row, name));
        let kind = v["type"].as_str().unwrap();
        let kind = if kind == "year_range_amount" { "year_range" } else { kind };
        assert_eq!(r[at["type"]], kind);
        if kind == "amount" {
            amounts += 1;
            assert_eq!(r[at["baht"]], v["thb"].as_str().unwrap(), "{doc} {table} row {row} {name}: baht equals the JSON's thb");
            assert_eq!(r[at["number"]], v["value"].as_str().unwrap());
            assert_eq!(r[at["unit"]], v["unit"].as_str().unwrap());
        }
    }
    assert!(amounts > 500, "the samples hold hundreds of amounts ({amounts})");

    // The schema is named in the CSVW sidecar, whose columns are the header's.
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("values.csv-metadata.json")).unwrap()).unwrap();
    assert_eq!(meta["dc:conformsTo"], VALUES_SCHEMA);
    let names: Vec<&str> = meta["tableSchema"]["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, head);

    // --excel adds the byte-order mark and nothing else; --resume (records read back from
    // the JSON) writes the same bytes.
    let plain = std::fs::read(out.join("values.csv")).unwrap();
    let excel = temp_dir("excel");
    extract(&excel, &["--excel", "--jobs", "1"]);
    assert_eq!(std::fs::read(excel.join("values.csv")).unwrap(), [b"\xEF\xBB\xBF".as_slice(), &plain].concat());
    extract(&out, &["--resume"]);
    assert_eq!(std::fs::read(out.join("values.csv")).unwrap(), plain, "--resume writes the same values.csv");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&excel);
}
