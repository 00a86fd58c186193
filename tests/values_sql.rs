//! docs/sql/: the scripts that create and load `values` in DuckDB and PostgreSQL.
//!
//! DuckDB runs through its Python package (`pip install duckdb`, which .ci/run tries) or
//! its CLI, not the `duckdb` crate: the crate builds DuckDB's C++ sources, which would take
//! most of CI's time on two cores, for a test of SQL text that any DuckDB runs the same.
//! Without either the test says so and skips. PostgreSQL runs when `psql` reaches a server
//! with the usual PG* environment (the test works in a schema of its own and drops it).

mod common;

use planx::emit::values::COLUMNS;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;

fn sql(name: &str) -> PathBuf {
    common::root().join("docs/sql").join(name)
}

fn extract(inputs: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let o = Command::new(env!("CARGO_BIN_EXE_planx")).arg("extract").arg(inputs).arg("--out").arg(out).arg("--quiet").output().expect("run planx");
    // A failed document (exit 1) still writes the others; the volumes have none.
    assert!(o.status.success(), "planx extract {}: {}", inputs.display(), String::from_utf8_lossy(&o.stderr));
}

/// What values.csv holds, read in Rust: rows, amount rows, and the sum of `baht`.
fn expected(out: &Path) -> (usize, usize, Decimal) {
    let mut r = csv::Reader::from_path(out.join("values.csv")).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let (ty, baht) = (head.iter().position(|h| h == "type").unwrap(), head.iter().position(|h| h == "baht").unwrap());
    let (mut rows, mut amounts, mut sum) = (0, 0, Decimal::ZERO);
    for rec in r.records() {
        let rec = rec.unwrap();
        rows += 1;
        amounts += usize::from(&rec[ty] == "amount");
        if !rec[baht].is_empty() {
            sum += Decimal::from_str(&rec[baht]).unwrap();
        }
    }
    (rows, amounts, sum)
}

/// The query every engine answers after loading: rows, amounts, the exact sum of baht,
/// and the types the money columns got.
const CHECK: &str = r#"SELECT count(*), count(*) FILTER (WHERE type = 'amount'), CAST(sum(baht) AS VARCHAR), (SELECT typeof(baht) || ' ' || typeof(number) FROM "values" LIMIT 1) FROM "values";"#;

enum Duck {
    Python,
    Cli,
}

fn duckdb() -> Option<Duck> {
    let ok = |c: &mut Command| c.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if ok(Command::new("python3").args(["-c", "import duckdb"])) {
        Some(Duck::Python)
    } else if ok(Command::new("duckdb").arg("-version")) {
        Some(Duck::Cli)
    } else {
        None
    }
}

/// Loads `out/values.csv` through docs/sql/values.duckdb.sql in a fresh in-memory
/// database, and returns the answer to [`CHECK`] as cells.
fn load_duckdb(how: &Duck, out: &Path) -> Vec<String> {
    let script = format!("{}\n{CHECK}\n", std::fs::read_to_string(sql("values.duckdb.sql")).unwrap());
    let o = match how {
        Duck::Python => {
            const PROG: &str = "import duckdb, sys\nc = duckdb.connect()\nrow = c.execute(sys.stdin.read()).fetchone()\nprint('|'.join(str(x) for x in row))";
            run_with_stdin(Command::new("python3").args(["-c", PROG]).current_dir(out), &script)
        }
        Duck::Cli => run_with_stdin(Command::new("duckdb").args(["-noheader", "-list", "-separator", "|", ":memory:"]).current_dir(out), &script),
    };
    o.trim().lines().last().unwrap_or_default().split('|').map(String::from).collect()
}

fn run_with_stdin(c: &mut Command, input: &str) -> String {
    use std::io::Write;
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn check_duckdb(how: &Duck, out: &Path) {
    let (rows, amounts, sum) = expected(out);
    let got = load_duckdb(how, out);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].parse::<usize>().unwrap(), rows, "{}: every row of values.csv loads", out.display());
    assert_eq!(got[1].parse::<usize>().unwrap(), amounts);
    assert_eq!(Decimal::from_str(&got[2]).unwrap(), sum, "baht summed exactly");
    assert_eq!(got[3], "DECIMAL(38,2) DECIMAL(38,10)", "money columns are DECIMAL");
    eprintln!("{}: {rows} rows, {amounts} amounts, {sum} baht loaded into DuckDB", out.display());
}

#[test]
fn values_csv_loads_into_duckdb_with_decimal_money() {
    let Some(how) = duckdb() else {
        eprintln!("skipped: neither the duckdb Python package (pip install duckdb) nor the duckdb CLI is available");
        return;
    };
    let tmp = std::env::temp_dir().join(format!("planx-values-sql-{}", std::process::id()));
    let samples = tmp.join("samples");
    extract(&common::root().join("samples"), &samples);
    check_duckdb(&how, &samples);
    // The --excel file (a byte-order mark first) loads the same.
    let o = Command::new(env!("CARGO_BIN_EXE_planx")).arg("extract").arg(common::root().join("samples")).arg("--out").arg(&samples).args(["--quiet", "--excel"]).output().unwrap();
    assert!(o.status.success());
    check_duckdb(&how, &samples);
    match common::shared().map(|s| s.join("realpdf")).filter(|p| p.is_dir()) {
        Some(rp) => {
            let out = tmp.join("realpdf");
            extract(&rp, &out);
            check_duckdb(&how, &out);
            check_budget_duckdb(&how, &out);
        }
        None => eprintln!("skipped the real volumes: ../shared/realpdf not present"),
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Loads `out/budget_items.csv` through docs/sql/budget_items.duckdb.sql and checks that
/// every row and the exact sum of `amount` arrive, with money as DECIMAL.
fn check_budget_duckdb(how: &Duck, out: &Path) {
    let mut r = csv::Reader::from_path(out.join("budget_items.csv")).unwrap();
    let at = r.headers().unwrap().iter().position(|h| h == "amount").unwrap();
    let (mut rows, mut sum) = (0usize, Decimal::ZERO);
    for rec in r.records() {
        let rec = rec.unwrap();
        rows += 1;
        if !rec[at].is_empty() {
            sum += Decimal::from_str(&rec[at]).unwrap();
        }
    }
    assert!(rows > 0, "the budget volumes have line items");
    let check = "SELECT count(*), CAST(sum(amount) AS VARCHAR), (SELECT typeof(amount) FROM budget_items LIMIT 1) FROM budget_items;";
    let script = format!("{}\n{check}\n", std::fs::read_to_string(sql("budget_items.duckdb.sql")).unwrap());
    let o = match how {
        Duck::Python => {
            const PROG: &str = "import duckdb, sys\nc = duckdb.connect()\nrow = c.execute(sys.stdin.read()).fetchone()\nprint('|'.join(str(x) for x in row))";
            run_with_stdin(Command::new("python3").args(["-c", PROG]).current_dir(out), &script)
        }
        Duck::Cli => run_with_stdin(Command::new("duckdb").args(["-noheader", "-list", "-separator", "|", ":memory:"]).current_dir(out), &script),
    };
    let got: Vec<String> = o.trim().lines().last().unwrap_or_default().split('|').map(String::from).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].parse::<usize>().unwrap(), rows, "every row of budget_items.csv loads");
    assert_eq!(Decimal::from_str(&got[1]).unwrap(), sum, "amounts summed exactly");
    assert_eq!(got[2], "DECIMAL(38,2)");
    eprintln!("{}: {rows} budget items, {sum} baht loaded into DuckDB", out.display());
}

/// The budget SQL scripts declare budget_items.csv's columns in order; money is decimal.
#[test]
fn budget_sql_scripts_declare_every_column() {
    let names: Vec<&str> = planx::emit::budget::COLUMNS.iter().map(|c| c.0).collect();
    for (file, decimal) in [("budget_items.duckdb.sql", "DECIMAL("), ("budget_items.postgres.sql", "NUMERIC")] {
        let text = std::fs::read_to_string(sql(file)).unwrap();
        let body = text.split("CREATE").nth(1).and_then(|s| s.split("\n);").next()).unwrap();
        let declared: Vec<(&str, &str)> = body
            .lines()
            .skip(1)
            .filter_map(|l| {
                let l = l.split("--").next().unwrap().trim();
                let (name, ty) = l.split_once(char::is_whitespace)?;
                Some((name, ty.trim().trim_end_matches(',')))
            })
            .collect();
        assert_eq!(declared.iter().map(|d| d.0).collect::<Vec<_>>(), names, "{file}");
        for (name, ty) in &declared {
            assert_eq!(ty.starts_with(decimal), ["amount", "commitment_total", "off_budget"].contains(name), "{file}: {name} {ty}");
        }
    }
}

#[test]
fn values_csv_loads_into_postgres_when_a_server_is_reachable() {
    let psql = |args: &[&str], options: Option<&str>| {
        let mut c = Command::new("psql");
        c.args(["-X", "-w", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t"]).args(args).env("PGCONNECT_TIMEOUT", "3");
        if let Some(o) = options {
            c.env("PGOPTIONS", o);
        }
        c.output()
    };
    match psql(&["-c", "SELECT 1"], None) {
        Ok(o) if o.status.success() => {}
        Ok(_) => return eprintln!("skipped: psql reaches no PostgreSQL server (set PGHOST, PGPORT, PGUSER, PGDATABASE to test one)"),
        Err(_) => return eprintln!("skipped: psql not installed"),
    }
    let tmp = std::env::temp_dir().join(format!("planx-values-pg-{}", std::process::id()));
    extract(&common::root().join("samples"), &tmp);
    let (rows, amounts, sum) = expected(&tmp);
    // A schema of its own, so that no table of the database is touched.
    let schema = format!("planx_test_{}", std::process::id());
    let opts = format!("-c search_path={schema}");
    let o = psql(&["-c", &format!("CREATE SCHEMA {schema}")], None).unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let load = Command::new("psql")
        .args(["-X", "-w", "-q", "-v", "ON_ERROR_STOP=1", "-f"])
        .arg(sql("values.postgres.sql"))
        .current_dir(&tmp)
        .env("PGOPTIONS", &opts)
        .output()
        .unwrap();
    let check = r#"SELECT count(*), count(*) FILTER (WHERE type = 'amount'), sum(baht), pg_typeof(min(baht)), pg_typeof(min(number)) FROM "values""#;
    let answer = psql(&["-F", "|", "-c", check], Some(&opts)).unwrap();
    let _ = psql(&["-c", &format!("DROP SCHEMA {schema} CASCADE")], None);
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(load.status.success(), "{}", String::from_utf8_lossy(&load.stderr));
    let got: Vec<String> = String::from_utf8(answer.stdout).unwrap().trim().split('|').map(String::from).collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0].parse::<usize>().unwrap(), rows);
    assert_eq!(got[1].parse::<usize>().unwrap(), amounts);
    assert_eq!(Decimal::from_str(&got[2]).unwrap(), sum);
    assert_eq!(&got[3..], ["numeric", "numeric"]);
    eprintln!("PostgreSQL: {rows} rows, {amounts} amounts, {sum} baht");
}

/// The columns each script declares (CREATE TABLE, and DuckDB's read_csv types), in
/// order, are values.csv's; money and numbers are decimal types.
#[test]
fn sql_scripts_declare_every_column_of_values_csv() {
    let names: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    for (file, decimal) in [("values.duckdb.sql", "DECIMAL("), ("values.postgres.sql", "NUMERIC")] {
        let text = std::fs::read_to_string(sql(file)).unwrap();
        let body = text.split("CREATE").nth(1).and_then(|s| s.split("\n);").next()).unwrap();
        let declared: Vec<(&str, &str)> = body
            .lines()
            .skip(1)
            .filter_map(|l| {
                let l = l.split("--").next().unwrap().trim();
                let (name, ty) = l.split_once(char::is_whitespace)?;
                Some((name, ty.trim().trim_end_matches(',')))
            })
            .collect();
        assert_eq!(declared.iter().map(|d| d.0).collect::<Vec<_>>(), names, "{file}");
        for (name, ty) in &declared {
            assert_eq!(ty.starts_with(decimal), ["number", "baht"].contains(name), "{file}: {name} {ty}");
        }
        if file.contains("duckdb") {
            for n in &names {
                assert!(text.contains(&format!("'{n}': '")), "{file}: read_csv types {n}");
            }
        }
    }
}
