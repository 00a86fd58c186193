//! Records and checks on the seeds, against expectations written by reading the seed
//! text (tests/expected/*.csv), not by copying program output.

use planx::emit::run::{records_tables, review_table, write_run, Doc};
use planx::model::{Extraction, Flag, Record};
use planx::Pipeline;
use std::path::{Path, PathBuf};

fn extract(name: &str) -> Extraction {
    Pipeline::new(None).unwrap().extract(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)).unwrap()
}

const S000: &str = "000_fba1480aba7cd69a.txt";
const S001: &str = "001_1cfff08c6abf4ed1.txt";
const S002: &str = "002_4c5d6eec96b307b3.txt";
const S003: &str = "003_552f3d2dd88bd5ff.txt";

fn field(r: &Record, name: &str) -> String {
    r.fields.get(name).map(|v| v.csv()).unwrap_or_default()
}

/// Every row of the expected CSV: the record of that source line and template has these
/// field values (compared as CSV text), and at least the flags of `flags_include`.
fn check_expected(x: &Extraction, template: &str, expected: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected").join(expected);
    let mut rd = csv::Reader::from_path(&path).unwrap();
    let head = rd.headers().unwrap().clone();
    let mut n = 0;
    for row in rd.records() {
        let row = row.unwrap();
        let line: u32 = row[0].parse().unwrap();
        let rec = x
            .records
            .iter()
            .find(|r| r.line == line && r.template == template)
            .unwrap_or_else(|| panic!("{expected}: no {template} record for line {line}"));
        for (i, name) in head.iter().enumerate().skip(1) {
            if name == "flags_include" {
                for f in row[i].split_whitespace() {
                    assert!(rec.flags.iter().any(|g| g.as_str() == f), "{expected} line {line}: flag {f} missing from {:?}", rec.flags);
                }
                continue;
            }
            assert_eq!(field(rec, name), &row[i], "{expected} line {line} field {name}");
        }
        n += 1;
    }
    n
}

#[test]
fn seed_000_road_map_records_match_the_hand_written_csv() {
    let x = extract(S000);
    assert!(x.records.iter().all(|r| r.template == "road_map"), "every row of seed 000 is a road-map row");
    let n = check_expected(&x, "road_map", "road_map_000.csv");
    assert!(n >= 10, "{n} rows checked");
}

#[test]
fn seed_002_five_year_and_activity_records_match_the_hand_written_csv() {
    let x = extract(S002);
    let n = check_expected(&x, "five_year_plan", "five_year_plan_002.csv");
    assert!(n >= 10, "{n} rows checked");
    let n = check_expected(&x, "activity", "activity_002.csv");
    assert!(n >= 10, "{n} rows checked");
}

#[test]
fn seed_002_budget_total_that_disagrees_with_the_years_is_flagged() {
    let x = extract(S002);
    // "๓.๔ โครงการสหกรณ์สีเขียว | ๕ ๕ ๕ ๕ ๕ ๕ ๒๕": six values for five years and a total 25;
    // 6 × 5 = 30 ≠ 25 (million baht): one value too many.
    let r = x.records.iter().find(|r| r.line == 9).unwrap();
    assert!(r.flags.contains(&Flag::SumMismatch) && r.flags.contains(&Flag::CellCount), "{:?}", r.flags);
    let msgs: Vec<&str> = x.review.iter().filter(|i| i.line == 9).map(|i| i.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("budget_total = 25000000 ") && m.ends_with(" is 30000000")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("7 values where the header has 6 slots")), "{msgs:?}");
    assert!(r.confidence < 0.5);
    // "๐.๕ ๕ ๑.๕ ๑.๕ ๑.๕ ๑.๕ ๑๐" (5.4): 0.5 + 5 + 4 × 1.5 = 11.5 ≠ 10.
    let r = x.records.iter().find(|r| r.line == 65).unwrap();
    assert!(r.flags.contains(&Flag::SumMismatch));
    assert!(x.review.iter().any(|i| i.line == 65 && i.message.ends_with(" is 11500000")));
    // Rows whose five years add up to the total are not flagged: "๕ ๕ ๕ ๕ ๕ ๒๕" (line 18).
    let r = x.records.iter().find(|r| r.line == 18).unwrap();
    assert!(!r.flags.contains(&Flag::SumMismatch), "{:?}", r.flags);
    assert_eq!(r.confidence, 1.0);
    // Line 17 repeats the header years "๒๕๖๐ … ๒๕๖๔ รวม" in the budget cells; the values
    // are on line 18. No budget is read from the years.
    let r = x.records.iter().find(|r| r.line == 17).unwrap();
    assert_eq!(field(r, "budget_2560"), "");
    assert!(x.review.iter().any(|i| i.line == 17 && i.flag == Flag::ShiftedCells && i.message.contains("repeats the header's years (2560 2561 2562 2563 2564)")));
    // The header of page 6 lists 2564 before 2560 in the budget group.
    assert!(x.review.iter().any(|i| i.flag == Flag::YearOrder && i.table.as_deref() == Some("t6")));
}

#[test]
fn seed_001_row_1_1_1_with_a_missing_dash_is_flagged() {
    let x = extract(S001);
    // "1.1.1 … | 115 | 2,517 | 26 581 | 28 613 | 41 917 | 6 140 | 4 72 | - - | 1 25 | 4 72 | - 1 | 25 4 | 72 -":
    // 23 values after the targets where 12 months need 24. The real pairs (26/581, 28/613,
    // 41/917, 6/140, 4/72, -/-, 1/25, 4/72, -/-, 1/25, 4/72, -/-) add up to 115 / 2,517;
    // read as they stand, the works add up to 26+28+41+6+4+1+4+25+72 = 207 and the budgets
    // to 581+613+917+140+72+25+72+1+4 = 2,425.
    let r = x.records.iter().find(|r| field(r, "activity_code") == "1.1.1").unwrap();
    assert_eq!(r.template, "monthly_plan");
    assert_eq!(field(r, "target_work"), "115");
    assert_eq!(field(r, "target_budget"), "2517.00");
    for f in [Flag::SumMismatch, Flag::CellCount] {
        assert!(r.flags.contains(&f), "{f} missing: {:?}", r.flags);
    }
    let msgs: Vec<&str> = x.review.iter().filter(|i| i.line == r.line).map(|i| i.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("target_work = 115 ") && m.ends_with(" is 207")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.starts_with("target_budget = 2517 ") && m.ends_with(" is 2425")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("24 values where the header has 26 slots")), "{msgs:?}");
    // 1.1.3 adds up (152 = 8+5+8+5+3+23+18+21+19+21+18+3; 3,288 likewise): not flagged.
    let ok = x.records.iter().find(|r| field(r, "activity_code") == "1.1.3").unwrap();
    assert!(!ok.flags.contains(&Flag::SumMismatch), "{:?}", ok.flags);
    assert_eq!(field(ok, "work_q1"), "21");
    assert_eq!(field(ok, "budget_q1"), "429.00");
}

#[test]
fn seed_001_totals_row_is_checked_against_the_column_sums() {
    let x = extract(S001);
    // "(12) รวมแผนการใช้จ่ายงบประมาณ (บาท) | 4,481 | 99,424 | 382 | 8,370 | …". The activity
    // rows of the plan (lines 37–89) add up to 4,435 works and 98,274 baht, October to
    // 378 and 8,268: the converter's damage shows in the totals.
    let r = x.records.iter().find(|r| r.line == 90).unwrap();
    assert_eq!(field(r, "row_kind"), "total");
    assert_eq!(field(r, "target_work"), "4481");
    assert!(r.flags.contains(&Flag::TotalMismatch), "{:?}", r.flags);
    let m = x.review.iter().find(|i| i.line == 90 && i.flag == Flag::TotalMismatch).unwrap();
    for part in ["target_work 4481 ≠ 4435", "target_budget 99424 ≠ 98274", "work_oct 382 ≠ 378", "budget_oct 8370 ≠ 8268"] {
        assert!(m.message.contains(part), "{part} not in {}", m.message);
    }
    // The totals row's own months do not add up to its target either: 4,521 ≠ 4,481.
    assert!(x.review.iter().any(|i| i.line == 90 && i.flag == Flag::SumMismatch && i.message.ends_with(" is 4521")));
}

#[test]
fn duplicated_tables_yield_records_flagged_duplicate_and_are_not_recounted() {
    let x = extract(S003);
    let dups: Vec<&Record> = x.records.iter().filter(|r| r.flags.contains(&Flag::Duplicate)).collect();
    assert!(!dups.is_empty());
    for r in &dups {
        let t = x.tables.iter().find(|t| t.id == r.table).unwrap();
        assert!(t.duplicate_of.is_some());
    }
    // Codes restart in every activity table: no code_order doubt on a copy.
    assert!(x.review.iter().filter(|i| i.flag == Flag::CodeOrder).all(|i| dups.iter().all(|d| d.line != i.line)));
}

#[test]
fn confidences_are_in_range_and_every_flagged_check_has_a_review_item() {
    for s in [S000, S001, S002, S003] {
        let x = extract(s);
        for r in &x.records {
            assert!((0.0..=1.0).contains(&r.confidence), "{s} {} {}", r.table, r.row);
            for (k, v) in &r.field_confidence {
                let c = *v;
                assert!((0.0..=1.0).contains(&c) && c >= r.confidence - 1e-9 || r.confidence <= c, "{s} {k}");
            }
            for f in [Flag::SumMismatch, Flag::CellCount, Flag::TotalMismatch, Flag::MixedTypes, Flag::CodeOrder] {
                if r.flags.contains(&f) {
                    assert!(x.review.iter().any(|i| i.flag == f && i.table.as_deref() == Some(&r.table) && i.row == Some(r.row)), "{s}: {f} on {} row {} has no review item", r.table, r.row);
                }
            }
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("planx-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_template_dropped_into_rules_templates_is_used() {
    // Seed 004's table of contents: titles with the page they start on.
    const S004: &str = "004_204ce6610c53fb32.txt";
    let x = extract(S004);
    assert!(x.records.iter().any(|r| r.template == "no_template" && r.table == "t1"));
    let rules = temp_dir("rules");
    std::fs::create_dir_all(rules.join("templates")).unwrap();
    std::fs::write(
        rules.join("templates/contents.toml"),
        r#"
name = "contents"
description = "Table of contents: section title and the page it starts on"
require = ["หน้า"]

[[fields]]
name = "title"
read = "next"
type = "text"
code = true

[[fields]]
name = "page"
header = ["หน้า"]
type = "auto"
"#,
    )
    .unwrap();
    let p = Pipeline::new(Some(&rules)).unwrap();
    let x = p.extract(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(S004)).unwrap();
    let v: Vec<&Record> = x.records.iter().filter(|r| r.template == "contents").collect();
    assert!(!v.is_empty());
    assert!(x.records.iter().all(|r| r.template != "no_template" || r.table != "t1"));
    // Source line 20: "2.1 โครงการฝึกอบรม หลักสูตร “พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ” ... \t2"
    let r = v.iter().find(|r| r.line == 20).unwrap();
    assert!(field(r, "title").starts_with("2.1 โครงการฝึกอบรม"), "{}", field(r, "title"));
    assert_eq!(field(r, "title_code"), "2.1");
    assert_eq!(field(r, "page"), "2");
    // A broken template is refused, naming the file.
    std::fs::write(rules.join("templates/broken.toml"), "name = \"x\"\n").unwrap();
    let e = Pipeline::new(Some(&rules)).unwrap_err();
    assert!(e.to_string().contains("broken.toml"), "{e}");
    let _ = std::fs::remove_dir_all(&rules);
}

#[test]
fn run_outputs_records_per_template_and_review_most_doubtful_first() {
    let xs: Vec<(String, Extraction)> = [S000, S001, S002].iter().map(|s| (format!("samples/{s}"), extract(s))).collect();
    let docs: Vec<Doc> = xs.iter().map(|(f, x)| Doc { file: f.clone(), x }).collect();
    let tables = records_tables(&docs);
    for t in ["road_map", "monthly_plan", "five_year_plan", "activity", "no_template"] {
        assert!(tables.contains_key(t), "{t} missing");
        assert_eq!(&tables[t][0][..5], &["source", "page", "line", "table", "row"]);
    }
    let review = review_table(&docs);
    assert_eq!(review[0], planx::review::rows::COLUMNS);
    let col = |name: &str| review[0].iter().position(|c| c == name).unwrap();
    let (conf, file, page) = (col("confidence"), col("file"), col("page"));
    // Grouped by document and page: a (file, page) never comes back after another one.
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in &review[1..] {
        let g = (r[file].clone(), r[page].clone());
        if seen.last() != Some(&g) {
            assert!(!seen.contains(&g), "{g:?} is split");
            seen.push(g);
        }
    }
    // Most doubtful first: groups by their lowest confidence, items in a group too.
    let confs: Vec<(usize, f64)> = review[1..].iter().map(|r| (seen.iter().position(|g| g.0 == r[file] && g.1 == r[page]).unwrap(), r[conf].parse().unwrap())).collect();
    assert!(confs.windows(2).all(|w| w[0].0 < w[1].0 || w[0].1 <= w[1].1), "most doubtful first within a page");
    let lowest: Vec<f64> = (0..seen.len()).map(|g| confs.iter().filter(|c| c.0 == g).map(|c| c.1).fold(1.0, f64::min)).collect();
    assert!(lowest.windows(2).all(|w| w[0] <= w[1]), "pages with the most doubtful items first");
    // The row a person looks for: 1.1.1, its target work 115 against monthly targets adding to 207.
    let r = review.iter().find(|r| r[col("flag")] == "sum_mismatch" && r[col("text")] == "115").expect("the 1.1.1 sum");
    assert!(r[col("row_label")].starts_with("1.1.1 "), "{r:?}");
    assert_eq!(r[col("value")], "115");
    assert!(r[col("message")].contains("207"), "{r:?}");
    assert!(!r[col("column_name")].is_empty());
    let out = temp_dir("out");
    let written = write_run(&out, &docs, true).unwrap();
    assert!(written.contains(&out.join("records/road_map.csv")) && written.contains(&out.join("review.csv")));
    let bytes = std::fs::read(out.join("records/road_map.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFsource,page,line,table,row,"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn budget_bill_table_of_the_real_volumes_reads_amounts_per_fiscal_year() {
    // Rows as pdftotext prints them for budget-2565-doc3-vol17.pdf, section 5
    // ("เป้าหมายการให้บริการหน่วยงาน งบประมาณและประมาณการรายจ่ายล่วงหน้า"), cells split by TAB.
    let dir = temp_dir("bill");
    let f = dir.join("bill.txt");
    std::fs::write(
        &f,
        "ตัวชี้วัด\tหน่วยนับ\tปี 2564\tปี 2565\tปี 2566\tปี 2567\n\
         รวมทั้งสิ้น\tล้านบาท\t191.9762\t166.5767\t161.3478\t166.3378\n\
         รวมเงินนอกงบประมาณ\tล้านบาท\t-\t-\t-\t-\n\
         - ตัวชี้วัดเชิงปริมาณ : ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จ\tร้อยละ\t80\t80\t80\t80\n",
    )
    .unwrap();
    let x = Pipeline::new(None).unwrap().extract(&f).unwrap();
    assert!(x.records.iter().all(|r| r.template == "budget_bill"), "{:?}", x.records.iter().map(|r| &r.template).collect::<Vec<_>>());
    let total = x.records.iter().find(|r| r.line == 2).unwrap();
    assert_eq!(field(total, "unit"), "ล้านบาท");
    assert_eq!(field(total, "amount_2564"), "191976200.00", "191.9762 million baht");
    assert_eq!(field(total, "amount_2567"), "166337800.00");
    let nil = x.records.iter().find(|r| r.line == 3).unwrap();
    assert_eq!(field(nil, "amount_2565"), "");
    assert_eq!(nil.fields["amount_2565"], planx::model::Value::Nil);
    let pct = x.records.iter().find(|r| r.line == 4).unwrap();
    assert_eq!(field(pct, "amount_2566"), "80%");
    // Section 4 of the same volume states its unit above the table, not in a column.
    std::fs::write(
        &f,
        "4. เปรียบเทียบงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2563 - 2565 จำแนกตามประเภทงบประมาณรายจ่าย\n\
         หน่วย : ล้านบาท\n\
         ประเภทงบประมาณรายจ่าย - แผนงาน\tปี 2563\tปี 2564\tปี 2565\n\
         รวมทั้งสิ้น\t222.8010\t191.9762\t166.5767\n\
         1. งบประมาณรายจ่ายบุคลากร\t80.0273\t73.1750\t78.4590\n",
    )
    .unwrap();
    let x = Pipeline::new(None).unwrap().extract(&f).unwrap();
    let r = x.records.iter().find(|r| r.line == 5).unwrap();
    assert_eq!(r.template, "budget_bill");
    assert_eq!(field(r, "amount_2563"), "80027300.00", "80.0273 million baht");
    assert_eq!(field(r, "item_code"), "", "\"1.\" alone is a list number");
    let _ = std::fs::remove_dir_all(&dir);
}

fn extract_text(name: &str, text: &str) -> Extraction {
    let dir = temp_dir(name);
    let f = dir.join(format!("{name}.txt"));
    std::fs::write(&f, text).unwrap();
    let x = Pipeline::new(None).unwrap().extract(&f).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    x
}

#[test]
fn column_type_and_code_order_checks_on_a_small_table() {
    // No template fits: columns typed from their values. "สิบ" in a column of amounts is
    // the odd one out; the codes jump from 1.1.1 to 1.1.3.
    let x = extract_text(
        "small",
        "รายการ\tจำนวนเงิน (บาท)\tหมายเหตุ\n\
         1.1.1 ซื้อวัสดุ\t1,000\tก\n\
         1.1.3 จ้างเหมา\t2,500\tข\n\
         1.1.4 ค่าเดินทาง\tสิบ\tค\n\
         1.1.5 ค่าอาหาร\t300\tง\n",
    );
    assert!(x.records.iter().all(|r| r.template == "no_template" && r.flags.contains(&Flag::NoTemplate)));
    let odd = x.records.iter().find(|r| r.line == 4).unwrap();
    assert!(odd.flags.contains(&Flag::MixedTypes), "{:?}", odd.flags);
    assert_eq!(odd.field_confidence["c2"], 0.7, "mixed type factor only");
    let fine = x.records.iter().find(|r| r.line == 2).unwrap();
    assert_eq!(field(fine, "c2"), "1000.00", "the header says (บาท)");
    assert!(!fine.flags.contains(&Flag::MixedTypes));
    // The text column (หมายเหตุ) is not checked for types; no template means no code check.
    assert!(x.review.iter().all(|i| i.flag != Flag::MixedTypes || i.line == 4));
    assert_eq!(x.review.iter().filter(|i| i.flag == Flag::NoTemplate).count(), 1, "one item per table");

    // The same table through a template with codes: 1.1.3 after 1.1.1 is out of order,
    // "สิบ" does not read as an amount.
    let rules = temp_dir("small-rules");
    std::fs::create_dir_all(rules.join("templates")).unwrap();
    std::fs::write(
        rules.join("templates/small.toml"),
        "name = \"small\"\nrequire = [\"รายการ\", \"หมายเหตุ\"]\n\
         [[fields]]\nname = \"item\"\nheader = [\"รายการ\"]\ntype = \"text\"\ncode = true\n\
         [[fields]]\nname = \"amount\"\nheader = [\"จำนวนเงิน\"]\ntype = \"amount\"\n\
         [checks]\ncode_scope = \"table\"\n",
    )
    .unwrap();
    let dir = temp_dir("small2");
    let f = dir.join("small.txt");
    std::fs::write(&f, "รายการ\tจำนวนเงิน (บาท)\tหมายเหตุ\n1.1.1 ซื้อวัสดุ\t1,000\tก\n1.1.3 จ้างเหมา\t2,500\tข\n1.1.4 ค่าเดินทาง\tสิบ\tค\n").unwrap();
    let x = Pipeline::new(Some(&rules)).unwrap().extract(&f).unwrap();
    let jump = x.records.iter().find(|r| r.line == 3).unwrap();
    assert_eq!(jump.template, "small");
    assert!(jump.flags.contains(&Flag::CodeOrder), "{:?}", jump.flags);
    assert_eq!(jump.field_confidence["item_code"], 0.8);
    assert_eq!(jump.field_confidence["amount"], 1.0, "the values of the row are not doubted");
    assert!(x.review.iter().any(|i| i.flag == Flag::CodeOrder && i.message.starts_with("code 1.1.3 does not follow 1.1.1")));
    let text = x.records.iter().find(|r| r.line == 4).unwrap();
    assert!(text.flags.contains(&Flag::ParseError), "{:?}", text.flags);
    assert_eq!(text.confidence, 0.5);
    let _ = std::fs::remove_dir_all(&rules);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn numbers_are_read_exactly_whatever_their_size() {
    // A deterministic sweep instead of a property test: every amount from 0.01 to ten
    // billion in awkward steps, written with thousands separators, reads back exactly.
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let r = planx::values::ValueRules::builtin();
    let mut n: u64 = 1;
    while n < 1_000_000_000_000 {
        let baht = n / 100;
        let satang = n % 100;
        let digits = baht.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let text = format!("{grouped}.{satang:02} บาท");
        let want = Decimal::from_str(&format!("{baht}.{satang:02}")).unwrap();
        match r.parse(&text, &planx::values::Context::default()) {
            planx::Value::Amount { thb, .. } => assert_eq!(thb, want, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
        n = n * 7 + 3;
    }
}
