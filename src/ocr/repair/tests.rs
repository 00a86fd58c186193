//! Tests of the OCR text repair on small word lists.

use super::*;

const CONF: &str = "drop = [\"่\", \"้\", \"ุ\", \"ี\", \"ํ\"]\nstray = [\"ุ\"]\nsame = [\"โเ\", \"ึื\", \"ํ้่\"]\nprefer = [\"ขึ้น\", \"ที่\"]\n";

/// A lexicon of `words`, each with its count (`word:count`, count 1 when left out).
fn lex(words: &str) -> ToneLexicon {
    let list: Vec<&str> = words.split_whitespace().map(|w| w.split(':').next().unwrap_or(w)).collect();
    let freq: Vec<String> = words.split_whitespace().map(|w| w.replace(':', "\t")).filter(|w| w.contains('\t')).collect();
    // Common filler so that totals are corpus-like.
    ToneLexicon::parse(&list.join("\n"), "", &format!("{}\nฯลฯ\t1000000\n", freq.join("\n")), CONF)
}

#[test]
fn a_dropped_mark_is_put_back_only_when_one_word_fits() {
    let lex = lex("ที่:80000 ที:1000 ผู้:5000 ตัวชี้วัด:100 การ:60000 ไม้:1000 ไม่:1000");
    assert_eq!(lex.repair("ตัวชีวัด", &|_| false).as_deref(), Some("ตัวชี้วัด"));
    assert_eq!(lex.repair("ผูการ 12", &|_| false).as_deref(), Some("ผู้การ 12"));
    // ไม could be ไม้ or ไม่, as common: left alone.
    assert_eq!(lex.repair("ไม", &|_| false), None);
    assert_eq!(lex.repair("abc 123", &|_| false), None);
}

#[test]
fn a_reading_of_common_words_stays_a_rare_word_does_not() {
    // นำ + เงิน reads as common words; น้ำเงิน would be one word but needs a repair.
    let l = lex("นำ:40000 เงิน:30000 น้ำเงิน:1000 น้ำ:20000");
    assert_eq!(l.repair("นำเงิน", &|_| false), None);
    assert_eq!(l.repair("น้ำเงิน", &|_| false), None);
    // เครง is a word, but a rare one: เครงการ is โครงการ misread.
    let l = lex("เครง:5 การ:500000 โครงการ:13000 โครง:3000 เคร่ง:200");
    assert_eq!(l.repair("เครงการ", &|_| false).as_deref(), Some("โครงการ"));
    assert_eq!(l.repair("1. เครงการ 2", &|_| false).as_deref(), Some("1. โครงการ 2"));
}

#[test]
fn confused_letters_wrapped_words_and_preferred_words() {
    let lex = lex("โครงการ:13000 ยุทธศาสตร์:2000 ตัวชี้วัด:100 ขึ้น:100000 ขืน:500 เพิ่ม:30000 มี:300000 ที่:800000 จำนวน:24000 จ้าง:3000");
    assert_eq!(lex.repair("เครงการ", &|_| false).as_deref(), Some("โครงการ"));
    assert_eq!(lex.repair("ยทธศาสตร์", &|_| false).as_deref(), Some("ยุทธศาสตร์"));
    // A word cut by a wrapped line: repaired, the space kept.
    assert_eq!(lex.repair("ตัวชี วัด", &|_| false).as_deref(), Some("ตัวชี้ วัด"));
    // ขืน is listed, but ขึ้น is preferred.
    assert_eq!(lex.repair("เพิ่มขืน", &|_| false).as_deref(), Some("เพิ่มขึ้น"));
    assert_eq!(lex.repair("โครงการ", &|_| false), None);
    // ที่ with its vowel and tone mark dropped, before a word.
    assert_eq!(lex.repair("ทมี", &|_| false).as_deref(), Some("ที่มี"));
    // A stray SARA U under a letter.
    assert_eq!(lex.repair("โครุงการ", &|_| false).as_deref(), Some("โครงการ"));
    // SARA AM read as a tone mark and SARA AA.
    assert_eq!(lex.repair("จ้านวน 1", &|_| false).as_deref(), Some("จำนวน 1"));
    assert_eq!(lex.repair("จ้าง", &|_| false), None);
}

#[test]
fn abbreviations_are_left_alone() {
    let lex = lex("ทูต:500 มี:300000");
    assert_eq!(lex.repair("สทต. มี", &|_| false), None);
}

#[test]
fn the_builtin_lexicon_loads_and_repairs() {
    let lex = ToneLexicon::builtin();
    assert_eq!(lex.repair("เครงการ", &|_| false).as_deref(), Some("โครงการ"));
    assert_eq!(lex.repair("สหกรณ์", &|_| false), None);
}

#[test]
fn stray_bars_and_full_stops() {
    let abbr = |s: &str| s == "จก.";
    assert_eq!(clean_strays("เจ้า . หน้าที่", &abbr).as_deref(), Some("เจ้า หน้าที่"));
    assert_eq!(clean_strays("ข้อมูลสารสนเทศ .", &abbr).as_deref(), Some("ข้อมูลสารสนเทศ"));
    assert_eq!(clean_strays("สามจก .", &abbr).as_deref(), Some("สามจก."));
    assert_eq!(clean_strays("จ.น .", &abbr).as_deref(), Some("จ.น."));
    assert_eq!(clean_strays("การ| วางแผน", &abbr).as_deref(), Some("การ วางแผน"));
    assert_eq!(clean_strays("ทมียอด | ชำระ", &abbr).as_deref(), Some("ทมียอด ชำระ"));
    assert_eq!(clean_strays("1 . 2 | 3", &abbr), None);
    assert_eq!(clean_strays("ก.ค. 2566", &abbr), None);
}

#[test]
fn a_rare_listed_reading_becomes_a_far_more_common_word() {
    // ฝาย is listed but rare: ฝ่าย, far more common, is the likelier text.
    let l = lex("ฝาย:20 ฝ่าย:3000 จัด:5000 การ:50000");
    assert_eq!(l.repair("ฝายจัดการ", &|_| false).as_deref(), Some("ฝ่ายจัดการ"));
    // Not when the reading is a common word.
    let l = lex("ฝาย:400 ฝ่าย:3000 จัด:5000 การ:50000");
    assert_eq!(l.repair("ฝายจัดการ", &|_| false), None);
    // Nor when two common words fit the reading about as well.
    let l = lex("ปา:20 ป่า:3000 ป้า:2500");
    assert_eq!(l.repair("ปา", &|_| false), None);
}

#[test]
fn only_the_abbreviation_before_a_full_stop_is_left_as_read() {
    let l = lex("ที่:80000 ที:1000 ผ่าน:5000 การ:60000 สหกรณ์:3000 ท้อง:2000 ถิ่น:900");
    let abbr = |s: &str| s == "จก." || s == "พ.ศ.";
    // A known abbreviation ends the run: the words before it are repaired.
    assert_eq!(l.repair("ทีผ่านการสหกรณ์พ.ศ.2559", &abbr).as_deref(), Some("ที่ผ่านการสหกรณ์พ.ศ.2559"));
    assert_eq!(l.repair("ท้องถินจก.", &abbr).as_deref(), Some("ท้องถิ่นจก."));
    // An unknown one after a space: the letters after the space stay.
    assert_eq!(l.repair("ทีผ่าน ทีก.", &abbr).as_deref(), Some("ที่ผ่าน ทีก."));
    // An unknown one with no space: the run is left alone, as is a known one alone.
    assert_eq!(l.repair("ทีผ่านทีก.", &abbr), None);
    assert_eq!(l.repair("ที.", &abbr), None);
    // Without the table, every run before a full stop is left alone.
    assert_eq!(l.repair("ทีผ่านการสหกรณ์พ.ศ.2559", &|_| false), None);
}

#[test]
fn an_unknown_stretch_is_not_repaired_to_a_rare_word() {
    // สพ is unknown (a name's letters); สัพ is listed but rare: left as read. ถิน becomes
    // the common ถิ่น.
    let l = lex("สัพ:2 คุรุ:3000 บุรี:3000 ท้อง:2000 ถิ่น:900");
    let abbr = |s: &str| s == "จก.";
    assert_eq!(l.repair("คุรุสพบุรีจก.", &abbr), None);
    assert_eq!(l.repair("ท้องถินจก.", &abbr).as_deref(), Some("ท้องถิ่นจก."));
    // A run of consonants only is abbreviations throughout.
    assert_eq!(l.repair("ถนก.ค.", &|s: &str| s == "ก.ค."), None);
}

#[test]
fn a_name_before_an_abbreviation_keeps_its_marks() {
    let l = lex("คุ:3000 รส:5000 พบ:20000 รี:3000 คุรุ:3000 บุรี:3000");
    let abbr = |s: &str| s == "จก.";
    // Before จก. the name stays as read; elsewhere the cut of listed words may take
    // stray marks out.
    assert_eq!(l.repair("คุรุสพบุรีจก.", &abbr), None);
    assert!(l.repair("คุรุสพบุรี", &abbr).is_some());
}
