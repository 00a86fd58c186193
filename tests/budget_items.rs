//! budget_items: a small budget-bill-like text, made here, read into line items whose
//! hierarchy, commitment rows and checks are known (no ../shared needed).

use planx::Decimal;
use std::str::FromStr;

/// A volume cover, one unit's first page and summary, and one detail page with a
/// category, nested items, a name wrapped over two lines, a multi-year commitment (one
/// year range printed with one amount) and a merged line holding two items.
fn bill(unit_total: &str, commitment_year: &str) -> String {
    [
        "เอกสารงบประมาณ ฉบับที่ 3",
        "งบประมาณรายจ่าย",
        "ประจำปีงบประมาณ พ.ศ. 2565",
        "เล่มที่ 9",
        "\u{c}กระทรวงทดสอบ",
        "กรมตัวอย่าง",
        "งบประมาณ\tปี 2564\tปี 2565",
        &format!("งบประมาณรายจ่าย\t{unit_total}\tบาท"),
        "\u{c}12",
        "7.1 แผนงานบูรณาการทดสอบระบบ\t1,000,000\tบาท",
        "รายละเอียดงบประมาณจำแนกตามงบรายจ่าย",
        "ผลผลิต : การทดสอบ\t1,000,000\tบาท",
        "1. งบลงทุน\t1,000,000\tบาท",
        "1.1 ค่าครุภัณฑ์\t400,000\tบาท",
        "(1) เครื่องมือทดสอบ ตำบลหนึ่ง",
        "อำเภอสอง 1 เครื่อง\t400,000\tบาท",
        "1.2 ค่าที่ดินและสิ่งก่อสร้าง (1) อาคารทดสอบ 1 หลัง\t600,000 บาท 600,000\tบาท",
        "วงเงินทั้งสิ้น\t2,000,000\tบาท",
        "ปี 2564 ตั้งงบประมาณ\t400,000\tบาท",
        "ปี 2565 ตั้งงบประมาณ\t600,000\tบาท",
        &format!("ปี 2566 - 2567 ผูกพันงบประมาณ\t{commitment_year}\tบาท"),
        "7.1.1.1 วัตถุประสงค์ เพื่อทดสอบ",
        "1. ข้อความที่ไม่ใช่รายการ\t5\tบาท",
    ]
    .join("\n")
}

fn extract(text: &str) -> planx::model::BudgetItems {
    let dir = std::env::temp_dir().join(format!("planx-budget-{}-{}", std::process::id(), text.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bill.txt");
    std::fs::write(&p, text).unwrap();
    let x = planx::extract(&p).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    x.budget_items.expect("a budget bill has budget items")
}

fn d(s: &str) -> Option<Decimal> {
    Some(Decimal::from_str(s).unwrap())
}

#[test]
fn hierarchy_commitment_and_checks_of_a_small_bill() {
    let b = extract(&bill("1,000,000", "1,000,000"));
    assert_eq!((b.ref_doc.as_str(), b.fiscal_year_be), ("2022.3.9", Some(2565)));
    assert_eq!(b.units.len(), 1);
    assert_eq!((b.units[0].ministry.as_str(), b.units[0].name.as_str(), b.units[0].total), ("กระทรวงทดสอบ", "กรมตัวอย่าง", d("1000000")));
    let got: Vec<(&str, &str, usize, Option<Decimal>)> = b.items.iter().map(|i| (i.code.as_str(), i.description.as_str(), i.level, i.amount)).collect();
    assert_eq!(
        got,
        vec![
            ("1.", "งบลงทุน", 1, d("1000000")),
            ("1.1", "ค่าครุภัณฑ์", 2, d("400000")),
            ("(1)", "เครื่องมือทดสอบ ตำบลหนึ่ง อำเภอสอง 1 เครื่อง", 3, d("400000")),
            ("1.2", "ค่าที่ดินและสิ่งก่อสร้าง", 2, d("600000")),
            ("(1)", "อาคารทดสอบ 1 หลัง", 3, d("600000")),
        ],
        "the text after the objective line is not read"
    );
    let last = &b.items[4];
    assert_eq!(last.path, vec!["งบลงทุน", "ค่าที่ดินและสิ่งก่อสร้าง"]);
    assert_eq!((last.plan.as_str(), last.cross_function, last.output.as_str()), ("แผนงานบูรณาการทดสอบระบบ", true, "การทดสอบ"));
    assert_eq!(last.printed_page, Some(12));
    let c = last.commitment.as_ref().expect("a commitment");
    assert_eq!(c.total, d("2000000"));
    let years: Vec<(u32, u32, bool, Option<Decimal>)> = c.years.iter().map(|y| (y.start_be, y.end_be, y.obliged, y.amount)).collect();
    // The range stays one line with its one amount: never spread over its years.
    assert_eq!(years, vec![(2564, 2564, false, d("400000")), (2565, 2565, false, d("600000")), (2566, 2567, true, d("1000000"))]);
    assert!(b.items[..3].iter().all(|i| i.doubts.is_empty() && i.confidence == 1.0), "{:?}", b.items.iter().map(|i| &i.doubts).collect::<Vec<_>>());
    // The merged line was split at "(1)" (it opens a list under 1.2), each part taking
    // its amount in order; both say so, and no sum check failed.
    for it in &b.items[3..] {
        assert_eq!(it.doubts.len(), 1, "{:?}", it.doubts);
        assert!(it.doubts[0].starts_with("merged_line"));
        assert!(it.confidence < 1.0);
    }
}

#[test]
fn sums_that_do_not_close_are_doubted_never_rewritten() {
    let b = extract(&bill("1,500,000", "900,000"));
    let cat = &b.items[0];
    assert!(cat.doubts.iter().any(|d| d.starts_with("unit_total")), "{:?}", cat.doubts);
    assert_eq!(cat.amount, d("1000000"), "the printed figure is kept");
    let last = &b.items[4];
    assert!(last.doubts.iter().any(|d| d.starts_with("commitment_sum")), "{:?}", last.doubts);
    assert!(last.confidence < 1.0);
}

#[test]
fn a_document_that_is_not_a_budget_bill_has_none() {
    let dir = std::env::temp_dir().join(format!("planx-budget-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("plain.txt");
    std::fs::write(&p, "รายงานประจำปี\nตาราง\t1\t2\n").unwrap();
    let x = planx::extract(&p).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(x.budget_items.is_none());
    assert!(!serde_json::to_string(&x).unwrap().contains("budget_items"), "other documents' JSON is unchanged");
}
