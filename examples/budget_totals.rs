//! Sums the money of every data row of one document, by field, in baht: the first thing a
//! budget watchdog does with a budget book. Records the checks doubt (confidence under
//! 0.8) are counted apart, so the sums say how much of them a person should look at.
//!
//! usage: cargo run --release --example budget_totals -- FILE.pdf|FILE.txt
//!        (try samples/002_4c5d6eec96b307b3.txt)

use planx::{Decimal, Pipeline, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: budget_totals FILE.pdf|FILE.txt");
        return ExitCode::from(2);
    };
    // The rules shipped in rules/; Pipeline::new(Some(dir)) reads your own where you have them.
    let pipeline = match Pipeline::new(None) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let x = match pipeline.extract(&path) {
        Ok(x) => x,
        Err(e) => {
            // The error names the file, and the page when there is one.
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // field name → (sum of trusted amounts, sum of doubted amounts), in baht.
    let mut sums: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for r in &x.records {
        // Totals rows repeat the sums of the rows above them: leave them out.
        if r.fields.get("row_kind") == Some(&Value::Text { text: "total".into() }) {
            continue;
        }
        for (name, value) in &r.fields {
            if let Value::Amount { thb, .. } = value {
                let s = sums.entry(name.clone()).or_default();
                if r.confidence >= 0.8 {
                    s.0 += thb;
                } else {
                    s.1 += thb;
                }
            }
        }
    }
    println!("{}: {} tables, {} records, {} review items", x.source.path, x.tables.len(), x.records.len(), x.review.len());
    println!("field\ttrusted (baht)\tdoubted (baht)");
    for (name, (trusted, doubted)) in sums {
        println!("{name}\t{trusted}\t{doubted}");
    }
    ExitCode::SUCCESS
}
