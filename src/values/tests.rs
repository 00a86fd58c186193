//! Cell values read with and without context, and rules from a directory.
use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn num(s: &str) -> Value {
    Value::Number { value: d(s) }
}

fn amount(v: &str, unit: &str, thb: &str) -> Value {
    Value::Amount { value: d(v), unit: unit.into(), thb: d(thb) }
}

#[test]
fn cells_without_context() {
    let r = ValueRules::builtin();
    let none = Context::default();
    let cases: Vec<(&str, Value)> = vec![
        ("2,240,000", num("2240000")),
        ("250,000", num("250000")),
        ("๐.๕", num("0.5")),
        ("0.5", num("0.5")),
        ("2,517", num("2517")),
        ("115", num("115")),
        ("1,250,000 บาท", amount("1250000", "บาท", "1250000")),
        ("20,000 บาท", amount("20000", "บาท", "20000")),
        ("0.5 ล้านบาท", amount("0.5", "ล้านบาท", "500000")),
        ("๑๖๑.๕ ล้านบาท", amount("161.5", "ล้านบาท", "161500000")),
        ("-", Value::Nil),
        ("–", Value::Nil),
        ("", Value::Empty),
        ("  ", Value::Empty),
        ("ร้อยละ 80", Value::Percent { value: d("80") }),
        ("ร้อยละ ๕", Value::Percent { value: d("5") }),
        ("80%", Value::Percent { value: d("80") }),
        ("13 %", Value::Percent { value: d("13") }),
        ("√", Value::Check { value: true }),
        ("↔", Value::Arrow { arrow: Arrow::Both }),
        ("←", Value::Arrow { arrow: Arrow::Start }),
        ("→", Value::Arrow { arrow: Arrow::End }),
        ("385 สหกรณ์", Value::Count { value: d("385"), unit: "สหกรณ์".into() }),
        ("จำนวน 1 ครั้ง", Value::Count { value: d("1"), unit: "ครั้ง".into() }),
        ("พ.ศ. 2566", Value::Year { be: 2566, ce: 2023 }),
        ("ปี 2568", Value::Year { be: 2568, ce: 2025 }),
        ("ค.ศ. 2023", Value::Year { be: 2566, ce: 2023 }),
        ("2562 - 2564", Value::YearRange { start: Year::be(2562), end: Year::be(2564) }),
        ("๒๕๖๐ - ๒๕๖๔", Value::YearRange { start: Year::be(2560), end: Year::be(2564) }),
        ("2562 - 2564 30,000,000 บาท", Value::YearRangeAmount { start: Year::be(2562), end: Year::be(2564), thb: d("30000000") }),
        ("29 มิถุนายน 2566", Value::Date { start: "2023-06-29".into(), end: "2023-06-29".into() }),
        ("25 – 26 เดือนตุลาคม 2565", Value::Date { start: "2022-10-25".into(), end: "2022-10-26".into() }),
        ("1 ต.ค. 65", Value::Date { start: "2022-10-01".into(), end: "2022-10-01".into() }),
        ("30 ก.ย. 2566", Value::Date { start: "2023-09-30".into(), end: "2023-09-30".into() }),
        ("29 ก.พ. 2567", Value::Date { start: "2024-02-29".into(), end: "2024-02-29".into() }),
        ("30 ก.ย. - 1 ต.ค. 2565", Value::Date { start: "2022-09-30".into(), end: "2022-10-01".into() }),
        ("28 ธ.ค. 2565 - 3 ม.ค. 2566", Value::Date { start: "2022-12-28".into(), end: "2023-01-03".into() }),
        ("28 ธ.ค. - 3 ม.ค. 2566", Value::Date { start: "2022-12-28".into(), end: "2023-01-03".into() }),
        // Budget-bill volumes (pdftotext of budget-2565-doc3-vol17.pdf).
        ("191.9762", num("191.9762")),
        ("ร้อยละ 80", Value::Percent { value: d("80") }),
        ("ปีงบประมาณ 2565", Value::Year { be: 2565, ce: 2022 }),
        ("1.1.2", Value::Code { code: "1.1.2".into(), parents: vec!["1.1".into(), "1".into()] }),
        ("กตส.", Value::Text { text: "กตส.".into() }),
        // Seed 003 budget rows as the converter left them.
        ("<b>1.5</b>", num("1.5")),
        ("**10**", num("10")),
        ("ร้อยละ", Value::Text { text: "ร้อยละ".into() }),
        ("12 ล้านคน", Value::Text { text: "12 ล้านคน".into() }),
    ];
    for (text, want) in cases {
        assert_eq!(r.parse(text, &none), want, "{text:?}");
    }
}

#[test]
fn impossible_dates_are_not_dates() {
    let r = ValueRules::builtin();
    assert_eq!(r.find_date("31 มิถุนายน 2566"), None);
    assert_eq!(r.find_date("29 ก.พ. 2566"), None, "2023 is not a leap year");
    assert_eq!(r.find_date("ข้อมูล ณ วันที่ 29 มิถุนายน 2566"), Some(("2023-06-29".into(), "2023-06-29".into())));
}

#[test]
fn cells_in_context() {
    let r = ValueRules::builtin();
    let header = Context { years: Some((2560, 2564)), ..Context::default() };
    assert_eq!(r.parse("61", &header), Value::Year { be: 2561, ce: 2018 });
    assert_eq!(r.parse("๖๔", &header), Value::Year { be: 2564, ce: 2021 });
    assert_eq!(r.parse("60 - 64", &header), Value::YearRange { start: Year::be(2560), end: Year::be(2564) });
    // Without the context "61" is a number.
    assert_eq!(r.parse("61", &Context::default()), num("61"));
    // A bare four-digit number is a year only where a year is expected.
    assert_eq!(r.parse("2566", &Context { year_expected: true, ..Context::default() }), Value::Year { be: 2566, ce: 2023 });
    assert_eq!(r.parse("2566", &Context::default()), num("2566"));
    let mb = Context { unit: Some("ล้านบาท".into()), ..Context::default() };
    assert_eq!(r.parse("๐.๕", &mb), amount("0.5", "ล้านบาท", "500000"));
    assert_eq!(r.parse("๐.๕", &mb).csv(), "500000.00");
    // Exact, to the satang, in JSON too: "thb" is "500000.00", never a float.
    assert_eq!(serde_json::to_value(r.parse("๐.๕", &mb)).unwrap()["thb"], "500000.00");
    assert_eq!(r.parse("-", &mb), Value::Nil);
    let code = Context { code_expected: true, ..Context::default() };
    assert_eq!(r.parse("1.5", &code), Value::Code { code: "1.5".into(), parents: vec!["1".into()] });
    assert_eq!(r.parse("1.5", &Context::default()), num("1.5"));
}

#[test]
fn codes_and_headers() {
    let r = ValueRules::builtin();
    assert_eq!(r.header_unit("ประมาณการงบประมาณที่ใช้ (บาท)"), Some("บาท".into()));
    assert_eq!(r.header_unit("๔. ประมาณการงบประมาณ (ล้านบาท)"), Some("ล้านบาท".into()));
    assert_eq!(r.header_unit("วงเงินงบประมาณปี (ล้านบาท)"), Some("ล้านบาท".into()));
    assert_eq!(r.header_unit("3. กิจกรรม (งานที่จะทำ)"), None);
    assert_eq!(r.header_unit("หน่วย : ล้านบาท"), Some("ล้านบาท".into()));
    assert_eq!(r.header_unit("หน่ วย : ล้านบาท"), Some("ล้านบาท".into()));
    assert_eq!(r.header_years("เป้าหมายและตัวชี้วัด (ปี) / ๒๕๖๐ - ๒๕๖๔"), Some((2560, 2564)));
    assert_eq!(r.header_years("(พ.ศ.2566-2570)"), Some((2566, 2570)));
    assert_eq!(r.header_years("เป้าหมายและตัวชี้วัด (ปี) / 60 - 64 / 61"), Some((2560, 2564)));
    assert_eq!(r.header_years("1.1 - 1.2"), None);
    let ctx = Context { years: Some((2560, 2564)), ..Context::default() };
    assert_eq!(r.label_year("ดำเนินการได้ในปี 2566", &Context::default()), Some(2566));
    assert_eq!(r.label_year("61", &ctx), Some(2561));
    assert_eq!(r.label_year("รวม", &ctx), None);
    assert_eq!(r.month("เดือนตุลาคม"), Some(10));
    assert_eq!(r.month("ต.ค."), Some(10));
}

#[test]
fn csv_rendering() {
    let r = ValueRules::builtin();
    let none = Context::default();
    assert_eq!(r.parse("2,240,000", &none).csv(), "2240000");
    assert_eq!(r.parse("20,000 บาท", &none).csv(), "20000.00");
    assert_eq!(r.parse("๑.๕", &none).csv(), "1.5");
    assert_eq!(r.parse("25 – 26 เดือนตุลาคม 2565", &none).csv(), "2022-10-25/2022-10-26");
    assert_eq!(r.parse("-", &none).csv(), "");
    assert_eq!(r.parse("ร้อยละ ๘๐", &none).csv(), "80%");
}

#[test]
fn rules_from_a_directory_extend_the_units() {
    let units = format!("{UNITS_TSV}ถัง\tcount\t\tbuckets\n");
    let r = ValueRules::from_texts(Path::new("x"), &units, MONTHS_TSV).unwrap();
    assert_eq!(r.parse("5 ถัง", &Context::default()), Value::Count { value: d("5"), unit: "ถัง".into() });
    assert!(ValueRules::from_texts(Path::new("x"), "unit\tkind\nบาท\tmoney\n", MONTHS_TSV).is_err(), "money needs a factor");
}

#[test]
fn percent_units_from_rules_and_spaced_names_still_read() {
    // The percent check looks for the rules' percent units without spaces, at either end:
    // a unit added in a rules directory, and one whose name has a space, still read.
    let units = format!("{UNITS_TSV}ส่วน ร้อย\tpercent\t\tper hundred\n");
    let r = ValueRules::from_texts(Path::new("x"), &units, MONTHS_TSV).unwrap();
    let none = Context::default();
    assert_eq!(r.parse("ส่วนร้อย 12", &none), Value::Percent { value: d("12") });
    assert_eq!(r.parse("12 ส่วนร้อย", &none), Value::Percent { value: d("12") });
    assert_eq!(r.parse("12%", &none), Value::Percent { value: d("12") });
    // A percent unit inside the text is no percentage; a range needs its dash.
    assert_eq!(r.parse("12 % ของ 50", &none), Value::Text { text: "12 % ของ 50".into() });
    assert_eq!(r.parse("2562 – 2564", &none), Value::YearRange { start: Year::be(2562), end: Year::be(2564) });
    assert_ne!(r.parse("2562 2564", &none), Value::YearRange { start: Year::be(2562), end: Year::be(2564) });
}

#[test]
fn numbers_read_by_hand_are_the_numbers_the_pattern_reads() {
    // Every string over a small alphabet up to five characters, and some longer ones: the
    // hand-written reader and the `NUM` pattern agree on each.
    let r = Regex::new(&format!("^{NUM}$")).unwrap();
    let alphabet = ['1', '0', ',', '.', '-', '+', ' ', 'a', '๑'];
    let mut all: Vec<String> = vec![String::new()];
    let mut last: Vec<String> = vec![String::new()];
    for _ in 0..5 {
        last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
        all.extend(last.iter().cloned());
    }
    all.extend(["1,234", "12,345,678.90", "1234,567", "1,2345", "1,23", "-0.5", "+1,000.25", "1,000,", "12,345.", "١٢٣", "1,000.5.5"].map(String::from));
    for s in &all {
        assert_eq!(is_ascii_number(s), r.is_match(s) && s.is_ascii(), "{s:?}");
        assert_eq!(parse_number(s), r.is_match(s.trim()).then(|| Decimal::from_str(&s.trim().replace(',', "")).ok()).flatten(), "{s:?}");
    }
    assert_eq!(parse_number(" 1,234.5 "), Some(d("1234.5")));
}

#[test]
fn bare_numbers_skip_the_year_and_quantity_patterns_with_their_answers() {
    // Every string over digits, separators and signs up to six characters that is a bare
    // number: the year pattern matches it only as two or four digits, and the quantity
    // pattern takes all of it as the number with nothing after it (what parse assumes).
    let alphabet = ['1', '0', ',', '.', '-', '+'];
    let mut last: Vec<String> = vec![String::new()];
    let mut seen = 0;
    for _ in 0..6 {
        last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
        for s in last.iter().filter(|s| is_ascii_number(s)) {
            seen += 1;
            let bare_year = matches!(s.len(), 2 | 4) && s.bytes().all(|b| b.is_ascii_digit());
            assert_eq!(one_year().captures(s).map(|c| (c.get(1).is_some(), c[2].to_string())), bare_year.then(|| (false, s.clone())), "{s:?}");
            let c = quantity().captures(s).expect("a number is a quantity");
            assert_eq!((&c[1], &c[2]), (s.as_str(), ""), "{s:?}");
        }
    }
    assert!(seen > 500, "{seen} numbers checked");
}

#[test]
fn month_initials_gate_the_month_scan() {
    let r = ValueRules::from_texts(Path::new("rules"), UNITS_TSV, "name\tmonth\nมกราคม\t1\nก.พ.\t2\n").unwrap();
    assert_eq!(r.month_initials, vec!['ก', 'ม']);
    assert_eq!(r.find_date("1 ก.พ. 2566"), Some(("2023-02-01".into(), "2023-02-01".into())));
    assert_eq!(r.find_date("12,345"), None);
    // An empty month name would be in every text: it is refused.
    assert!(ValueRules::from_texts(Path::new("rules"), UNITS_TSV, "name\tmonth\n \t1\n").is_err());
}
