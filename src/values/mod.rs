//! Values: typed values read from the normalized text of a cell, exactly (decimals as
//! `rust_decimal::Decimal`, never floats).
//!
//! Reads integers and decimals with thousands separators, "-"/"–" as nil, percentages,
//! amounts with a unit (normalized to baht), counts with a unit, Buddhist-era years (with
//! the CE year), two-digit years in a year-header context, year ranges, Thai dates and date
//! ranges (ISO 8601), checkmarks, timeline arrows and outline codes with their parent path.
//! Month names and units are data (`rules/months.tsv`, `rules/units.tsv`), not match arms.

mod number;
pub use number::parse_number;
use number::is_ascii_number;

use crate::celltext::{ascii_digits, OutlineCode};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Arrow, Value, Year};
use crate::rules::Pattern;
use regex::Regex;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

/// The built-in `rules/units.tsv`.
pub const UNITS_TSV: &str = include_str!("../../rules/units.tsv");
/// The built-in `rules/months.tsv`.
pub const MONTHS_TSV: &str = include_str!("../../rules/months.tsv");

/// BE years planx accepts as years (2400 = CE 1857 … 2700 = CE 2157): wide enough for any
/// plan, narrow enough that amounts such as 2,517 are not taken for years by accident.
const BE_MIN: i32 = 2400;
const BE_MAX: i32 = 2700;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Money: amounts, converted to baht by the unit's factor.
    Money,
    /// Things counted (people, projects, bottles).
    Count,
    /// A share (ร้อยละ).
    Percent,
}

/// A unit of `rules/units.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The unit as written ("ล้านบาท").
    pub name: String,
    /// What it measures.
    pub kind: UnitKind,
    /// Baht per one of this unit (money only).
    pub factor: Option<Decimal>,
}

/// Units and months, from `rules/`.
#[derive(Debug, Clone)]
pub struct ValueRules {
    /// Longest first.
    pub units: Vec<Unit>,
    /// (name without spaces, month), longest first.
    pub months: Vec<(String, u32)>,
    /// The first letter of each month name: a text without any holds no month name.
    month_initials: Vec<char>,
    /// Index into `units` by name without spaces (the first, i.e. longest, unit of each).
    unit_index: HashMap<String, usize>,
    /// The names without spaces of the percent units: a percentage starts or ends with one.
    percent_names: Vec<String>,
    /// Thai dates with any month name of `months` (compiled on first use, once).
    date: Pattern,
    /// Date ranges over two months (the same).
    date_across: Pattern,
}

/// An amount in baht, to the satang (two decimals): "0.5" million → 500000.00.
pub fn to_baht(value: Decimal, factor: Decimal) -> Decimal {
    let mut d = (value * factor).round_dp(2);
    d.rescale(2);
    d
}

/// What the column or row tells about the cells in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The unit the header gives ("(บาท)", "(ล้านบาท)"): bare numbers are in this unit.
    pub unit: Option<String>,
    /// BE years of a year header ("2560 - 2564"): two-digit years are read inside it.
    pub years: Option<(i32, i32)>,
    /// The cell holds a year (a year header): bare four-digit numbers are years.
    pub year_expected: bool,
    /// The cell holds an outline code: "1.5" is a code, not a decimal.
    pub code_expected: bool,
}

/// The regex in `cell`, compiled from `pat()` on first use (the pattern is only built then:
/// values are parsed for every cell).
fn re<P: AsRef<str>>(cell: &'static OnceLock<Regex>, pat: impl FnOnce() -> P) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat().as_ref()).expect("valid pattern"))
}

/// A number with optional thousands separators: "2,240,000", "0.5", "-3".
const NUM: &str = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";

/// One year, maybe after "พ.ศ.", "ค.ศ.", "ปี" or "ปีงบประมาณ": "2566", "ปี 66".
fn one_year() -> &'static Regex {
    static ONE: OnceLock<Regex> = OnceLock::new();
    re(&ONE, || r"^(?:(พ\.ศ\.|ค\.ศ\.|ปี|ปีงบประมาณ)\s*)?(\d{4}|\d{2})$")
}

/// A number, maybe after "จำนวน" or "งบประมาณ", and what follows it (a unit, or not).
fn quantity() -> &'static Regex {
    static Q: OnceLock<Regex> = OnceLock::new();
    re(&Q, || format!(r"^(?:(?:จำนวน|งบประมาณ)\s*)?({NUM})\s*(.*)$"))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn parse_tsv<'a>(text: &'a str) -> impl Iterator<Item = Vec<&'a str>> + 'a {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).skip(1).map(|l| l.split('\t').collect())
}

impl ValueRules {
    /// Parses the texts of `units.tsv` and `months.tsv`; `dir` names them in errors.
    pub fn from_texts(dir: &Path, units: &str, months: &str) -> Result<ValueRules> {
        let bad = |what: &str, line: &[&str]| Error::new(dir.join(what), ErrorKind::Rules(format!("bad line {:?}", line.join("\t"))));
        let mut us = Vec::new();
        for l in parse_tsv(units) {
            let kind = match l.get(1).copied() {
                Some("money") => UnitKind::Money,
                Some("count") => UnitKind::Count,
                Some("percent") => UnitKind::Percent,
                _ => return Err(bad("units.tsv", &l)),
            };
            let factor = match (kind, l.get(2).map(|s| s.trim()).filter(|s| !s.is_empty())) {
                (UnitKind::Money, Some(f)) => Some(Decimal::from_str(f).map_err(|_| bad("units.tsv", &l))?),
                (UnitKind::Money, None) => return Err(bad("units.tsv", &l)),
                _ => None,
            };
            us.push(Unit { name: l[0].trim().to_string(), kind, factor });
        }
        us.sort_by_key(|u| std::cmp::Reverse(u.name.chars().count()));
        let mut unit_index = HashMap::new();
        for (i, u) in us.iter().enumerate() {
            unit_index.entry(u.name.split_whitespace().collect::<String>()).or_insert(i);
        }
        let percent_names = us.iter().filter(|u| u.kind == UnitKind::Percent).map(|u| u.name.split_whitespace().collect()).collect();
        let mut ms = Vec::new();
        for l in parse_tsv(months) {
            let m: u32 = l.get(1).and_then(|s| s.trim().parse().ok()).filter(|m| (1..=12).contains(m)).ok_or_else(|| bad("months.tsv", &l))?;
            let name = l[0].split_whitespace().collect::<String>();
            if name.is_empty() {
                return Err(bad("months.tsv", &l));
            }
            ms.push((name, m));
        }
        ms.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
        let alt = ms.iter().map(|(n, _)| regex::escape(n)).collect::<Vec<_>>().join("|");
        let pat = format!(r"(\d{{1,2}})(?:\s*[-–—]\s*(\d{{1,2}}))?\s*(?:เดือน\s*)?({alt})\s*(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})(?:\D|$)");
        let date = Pattern::new(&pat).map_err(|e| Error::new(dir.join("months.tsv"), ErrorKind::Rules(e)))?;
        let m = alt;
        let pat = format!(r"(\d{{1,2}})\s*(?:เดือน\s*)?({m})\s*(?:(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})\s*)?[-–—]\s*(\d{{1,2}})\s*(?:เดือน\s*)?({m})\s*(?:พ\.ศ\.\s*)?(\d{{4}}|\d{{2}})(?:\D|$)");
        let date_across = Pattern::new(&pat).map_err(|e| Error::new(dir.join("months.tsv"), ErrorKind::Rules(e)))?;
        let mut month_initials: Vec<char> = ms.iter().filter_map(|(n, _)| n.chars().next()).collect();
        month_initials.sort_unstable();
        month_initials.dedup();
        Ok(ValueRules { units: us, unit_index, percent_names, months: ms, month_initials, date, date_across })
    }

    /// The units and months shipped in `rules/`. Built once per process and cloned (a
    /// clone shares the compiled patterns): the month patterns take milliseconds to
    /// compile, and the pipeline and the review rows both want them.
    pub fn builtin() -> ValueRules {
        static SHIPPED: OnceLock<ValueRules> = OnceLock::new();
        SHIPPED.get_or_init(|| ValueRules::from_texts(Path::new("rules"), UNITS_TSV, MONTHS_TSV).expect("built-in units.tsv and months.tsv are valid")).clone()
    }

    /// `DIR/units.tsv` and `DIR/months.tsv` where they exist, else the built-in ones.
    pub fn load(dir: Option<&Path>) -> Result<ValueRules> {
        let Some(d) = dir else { return Ok(ValueRules::builtin()) };
        let read = |name: &str, default: &str| -> Result<String> {
            Ok(crate::rules::override_file(dir, name)?.map_or_else(|| default.to_string(), |(_, text)| text))
        };
        ValueRules::from_texts(d, &read("units.tsv", UNITS_TSV)?, &read("months.tsv", MONTHS_TSV)?)
    }

    /// The unit named `name` (spaces inside it ignored), if `units.tsv` has it.
    pub fn unit(&self, name: &str) -> Option<&Unit> {
        let trimmed = name.trim();
        self.units.iter().find(|u| u.name == trimmed).or_else(|| {
            let squashed: String = name.split_whitespace().collect();
            self.unit_index.get(&squashed).map(|&i| &self.units[i])
        })
    }

    /// The month of a name or abbreviation ("มิถุนายน", "ต.ค.", "เดือนตุลาคม").
    pub fn month(&self, name: &str) -> Option<u32> {
        let s: String = name.split_whitespace().collect();
        let s = s.strip_prefix("เดือน").unwrap_or(&s);
        self.months.iter().find(|(n, _)| *n == s).map(|(_, m)| *m)
    }

    /// A BE year from 2 or 4 digits; two digits only inside `ctx.years` (or, without a
    /// context, in the 2500s, where every plan of this century is).
    fn year_from(&self, digits: &str, ctx: &Context) -> Option<Year> {
        let n: i32 = digits.parse().ok()?;
        match digits.len() {
            4 if (BE_MIN..=BE_MAX).contains(&n) => Some(Year::be(n)),
            2 => {
                let century = ctx.years.map_or(2500, |(a, _)| a / 100 * 100);
                let mut y = century + n;
                if let Some((a, b)) = ctx.years {
                    // A range such as 2598 - 2602 crosses a century: pick the one inside.
                    if !(a..=b).contains(&y) && (a..=b).contains(&(y + 100)) {
                        y += 100;
                    }
                }
                Some(Year::be(y))
            }
            _ => None,
        }
    }

    /// Thai dates "29 มิถุนายน 2566", "25 – 26 เดือนตุลาคม 2565", "1 ต.ค. 65" anywhere in
    /// `s`, as ISO (start, end).
    pub fn find_date(&self, s: &str) -> Option<(String, String)> {
        let s = ascii_digits(s);
        // Both date patterns hold a month name of `months` as written: a cell without one
        // holds no date (and a document without one never compiles the patterns). Most
        // cells hold no month name's first letter either, which one pass finds.
        if !s.contains(self.month_initials.as_slice()) || !self.months.iter().any(|(n, _)| s.contains(n.as_str())) {
            return None;
        }
        if let Some(r) = self.find_date_across_months(&s) {
            return Some(r);
        }
        let c = self.date.captures(&s)?;
        let month = self.month(&c[3])?;
        let year = self.year_from(&c[4], &Context::default())?;
        let d1: u32 = c[1].parse().ok()?;
        let d2: u32 = c.get(2).map_or(Some(d1), |m| m.as_str().parse().ok())?;
        let dim = days_in_month(year.ce, month);
        if d1 == 0 || d2 < d1 || d2 > dim {
            return None;
        }
        let iso = |d: u32| format!("{:04}-{:02}-{:02}", year.ce, month, d);
        Some((iso(d1), iso(d2)))
    }

    /// "30 ก.ย. - 1 ต.ค. 2565", "28 ธ.ค. 2565 - 3 ม.ค. 2566": a range over two months.
    fn find_date_across_months(&self, s: &str) -> Option<(String, String)> {
        if !s.contains(['-', '–', '—']) {
            return None;
        }
        let c = self.date_across.captures(s)?;
        let y2 = self.year_from(&c[6], &Context::default())?;
        let y1 = match c.get(3) {
            Some(y) => self.year_from(y.as_str(), &Context::default())?,
            None => Year::be(y2.be - i32::from(self.month(&c[2])? > self.month(&c[5])?)),
        };
        let (m1, m2) = (self.month(&c[2])?, self.month(&c[5])?);
        let (d1, d2): (u32, u32) = (c[1].parse().ok()?, c[4].parse().ok()?);
        if d1 == 0 || d2 == 0 || d1 > days_in_month(y1.ce, m1) || d2 > days_in_month(y2.ce, m2) || (y1.ce, m1, d1) >= (y2.ce, m2, d2) {
            return None;
        }
        Some((format!("{:04}-{:02}-{:02}", y1.ce, m1, d1), format!("{:04}-{:02}-{:02}", y2.ce, m2, d2)))
    }

    /// Reads one cell.
    pub fn parse(&self, text: &str, ctx: &Context) -> Value {
        static WS: OnceLock<Regex> = OnceLock::new();
        let s = ascii_digits(text);
        // Values are read for every cell, several times: the regexes below run only where
        // they can match (the checks are supersets of what each pattern needs).
        let s = s.trim();
        let s = if s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ") { re(&WS, || r"\s+").replace_all(s, " ").to_string() } else { s.to_string() };
        // Markup a converter wrapped around the whole cell ("<b>10</b>", "**10**") is not
        // part of the value. The normalizer removes it too (and flags it); reading through
        // it here keeps values right whichever stage runs first.
        static WRAP: OnceLock<Regex> = OnceLock::new();
        let wrapped = if s.starts_with("<b>") || s.starts_with("**") { re(&WRAP, || r"^(?:<b>(.*)</b>|\*\*(.*)\*\*)$").captures(&s) } else { None };
        let s = match wrapped {
            Some(c) => c.get(1).or_else(|| c.get(2)).map_or(String::new(), |m| m.as_str().trim().to_string()),
            None => s,
        };
        if s.is_empty() {
            return Value::Empty;
        }
        if matches!(s.as_str(), "-" | "–" | "—" | "--") {
            return Value::Nil;
        }
        if matches!(s.as_str(), "√" | "✓" | "✔" | "/") {
            return Value::Check { value: true };
        }
        if matches!(s.as_str(), "×" | "✗" | "✘") {
            return Value::Check { value: false };
        }
        match s.as_str() {
            "↔" | "⟷" | "<->" | "←→" | "← →" => return Value::Arrow { arrow: Arrow::Both },
            "←" | "<-" => return Value::Arrow { arrow: Arrow::Start },
            "→" | "->" => return Value::Arrow { arrow: Arrow::End },
            _ => {}
        }
        // Percentages, dates, years and quantities all hold a digit (`\d` is a Unicode
        // decimal digit; `is_numeric` takes in every one of them): text cells skip them.
        let digits = s.chars().any(char::is_numeric);
        if let Some(v) = digits.then(|| self.parse_percent(&s)).flatten() {
            return v;
        }
        if let Some((start, end)) = digits.then(|| self.find_date(&s)).flatten() {
            // Only when the date is the whole cell (maybe with "วันที่" or "ณ").
            static DATEONLY: OnceLock<Regex> = OnceLock::new();
            let r = re(&DATEONLY, || r"^(?:ณ\s*)?(?:วันที่\s*)?\d");
            if r.is_match(&s) && !s.chars().any(|c| c.is_ascii_alphabetic()) && s.split(' ').count() <= 8 {
                return Value::Date { start, end };
            }
        }
        if let Some(v) = digits.then(|| self.parse_years(&s, ctx)).flatten() {
            return v;
        }
        if ctx.code_expected || s.matches('.').count() >= 2 {
            if let Some(code) = OutlineCode::parse(&s).filter(|c| c.depth() > 1) {
                return Value::Code { parents: code.parents(), code: code.to_string() };
            }
        }
        if let Some(v) = digits.then(|| self.parse_quantity(&s, ctx)).flatten() {
            return v;
        }
        Value::Text { text: s }
    }

    fn parse_percent(&self, s: &str) -> Option<Value> {
        static PRE: OnceLock<Regex> = OnceLock::new();
        static SUF: OnceLock<Regex> = OnceLock::new();
        // The unit is a whole run without spaces at either end, so a percentage starts or
        // ends with a percent unit's name: other cells (most amounts) skip both patterns
        // (and a document without percentages never compiles them).
        if !self.percent_names.iter().any(|n| s.starts_with(n.as_str()) || s.ends_with(n.as_str())) {
            return None;
        }
        let pre = re(&PRE, || format!(r"^(\S+)\s*({NUM})$"));
        let suf = re(&SUF, || format!(r"^({NUM})\s*(\S+)$"));
        if let Some(c) = pre.captures(s) {
            if self.unit(&c[1]).is_some_and(|u| u.kind == UnitKind::Percent) {
                return parse_number(&c[2]).map(|value| Value::Percent { value });
            }
        }
        if let Some(c) = suf.captures(s) {
            if self.unit(&c[2]).is_some_and(|u| u.kind == UnitKind::Percent) {
                return parse_number(&c[1]).map(|value| Value::Percent { value });
            }
        }
        None
    }

    fn parse_years(&self, s: &str, ctx: &Context) -> Option<Value> {
        static RANGE: OnceLock<Regex> = OnceLock::new();
        // A range has a dash between its years (the pattern is compiled only then).
        let dashed = s.contains(['-', '–', '—']);
        let range = || re(&RANGE, || format!(r"^(?:(?:พ\.ศ\.|ปี|ปีงบประมาณ)\s*)?(\d{{4}}|\d{{2}})\s*[-–—]\s*(\d{{4}}|\d{{2}})(?:\s+({NUM})\s*(.*))?$"));
        if let Some(c) = dashed.then(|| range().captures(s)).flatten() {
            let four = c[1].len() == 4;
            if four || ctx.years.is_some() || ctx.year_expected {
                let a = self.year_from(&c[1], ctx)?;
                let b = if c[2].len() == 2 && four {
                    // "2562 - 64": the end in the start's century.
                    self.year_from(&c[2], &Context { years: Some((a.be, a.be + 99)), ..Context::default() })?
                } else {
                    self.year_from(&c[2], ctx)?
                };
                if b.be < a.be {
                    return None;
                }
                return match c.get(3) {
                    None => Some(Value::YearRange { start: a, end: b }),
                    Some(n) => {
                        let value = parse_number(n.as_str())?;
                        let unit = c.get(4).map_or("", |m| m.as_str()).trim();
                        let u = self.unit(unit).filter(|u| u.kind == UnitKind::Money).or_else(|| ctx.unit.as_deref().and_then(|u| self.unit(u)))?;
                        Some(Value::YearRangeAmount { start: a, end: b, thb: to_baht(value, u.factor?) })
                    }
                };
            }
        }
        // A number in ASCII (most cells) matches `ONE` only as two or four bare digits (the
        // prefixes are words): it is answered without the pattern, the same way.
        let year = if is_ascii_number(s) {
            (matches!(s.len(), 2 | 4) && s.bytes().all(|b| b.is_ascii_digit())).then_some((None, s))
        } else {
            one_year().captures(s).map(|c| (c.get(1).map(|m| m.as_str()), c.get(2).map_or("", |m| m.as_str())))
        };
        if let Some((prefix, digits)) = year {
            if prefix == Some("ค.ศ.") {
                return digits.parse().ok().filter(|&n: &i32| digits.len() == 4 && (1900..=2200).contains(&n)).map(|n| {
                    let y = Year::ce(n);
                    Value::Year { be: y.be, ce: y.ce }
                });
            }
            if prefix.is_some() || ctx.year_expected || (digits.len() == 2 && ctx.years.is_some()) {
                if let Some(y) = self.year_from(digits, ctx) {
                    return Some(Value::Year { be: y.be, ce: y.ce });
                }
            }
        }
        None
    }

    fn parse_quantity(&self, s: &str, ctx: &Context) -> Option<Value> {
        // A bare number (most cells) is all `NUM` with nothing after it (the pattern's
        // first choices take every digit, comma and fraction): read without the pattern.
        let (number, unit) = if is_ascii_number(s) {
            (s, "")
        } else {
            let c = quantity().captures(s)?;
            (c.get(1).map_or("", |m| m.as_str()), c.get(2).map_or("", |m| m.as_str()))
        };
        let value = parse_number(number)?;
        let unit = unit.trim();
        let unit_rule = if unit.is_empty() { ctx.unit.as_deref().and_then(|u| self.unit(u)) } else { Some(self.unit(unit)?) };
        Some(match unit_rule {
            None => Value::Number { value },
            Some(u) => match u.kind {
                UnitKind::Money => Value::Amount { value, unit: u.name.clone(), thb: to_baht(value, u.factor.unwrap_or(Decimal::ONE)) },
                UnitKind::Percent => Value::Percent { value },
                UnitKind::Count => Value::Count { value, unit: u.name.clone() },
            },
        })
    }

    /// The unit a header text names in brackets or at its end: "ประมาณการงบประมาณที่ใช้
    /// (บาท)" → "บาท", "วงเงินงบประมาณปี (ล้านบาท)" → "ล้านบาท".
    pub fn header_unit(&self, header: &str) -> Option<String> {
        static BR: OnceLock<Regex> = OnceLock::new();
        let br = re(&BR, || r"\(([^()]+)\)");
        for c in br.captures_iter(header) {
            if let Some(u) = self.unit(&c[1]) {
                return Some(u.name.clone());
            }
        }
        // "หน่วย : ล้านบาท" above budget-bill tables (the broken-font "หน่ วย" too).
        static UNIT: OnceLock<Regex> = OnceLock::new();
        let r = re(&UNIT, || r"หน่\s?วย\s*:\s*(\S+(?:\s\S+)?)");
        let c = r.captures(header)?;
        let words: Vec<&str> = c[1].split(' ').collect();
        [c[1].to_string(), words[0].to_string()].into_iter().find_map(|w| self.unit(&w).map(|u| u.name.clone()))
    }

    /// The BE year range of a header text ("2560 - 2564", "พ.ศ. 2566-2570"), if any.
    pub fn header_years(&self, header: &str) -> Option<(i32, i32)> {
        static R: OnceLock<Regex> = OnceLock::new();
        let r = || re(&R, || r"(\d{4})\s*[-–—]\s*(\d{4}|\d{2})");
        let s = ascii_digits(header);
        // Both patterns have a dash between the years: a header without one skips them.
        if !s.contains(['-', '–', '—']) {
            return None;
        }
        let Some(c) = r().captures(&s) else {
            // "60 - 64": a two-digit BE range, taken in the 2500s (CE 1957–2056), where every
            // plan these documents hold falls.
            static R2: OnceLock<Regex> = OnceLock::new();
            let c = re(&R2, || r"(?:^|[^\d.])(\d{2})\s*[-–—]\s*(\d{2})(?:[^\d.]|$)").captures(&s)?;
            let (a, b): (i32, i32) = (2500 + c[1].parse::<i32>().ok()?, 2500 + c[2].parse::<i32>().ok()?);
            return (b >= a).then_some((a, b));
        };
        let a: i32 = c[1].parse().ok()?;
        let b: i32 = if c[2].len() == 2 { a / 100 * 100 + c[2].parse::<i32>().ok()? } else { c[2].parse().ok()? };
        ((BE_MIN..=BE_MAX).contains(&a) && b >= a && b - a < 100).then_some((a, b))
    }

    /// The BE year a header label names ("2566", "ปี 2568", "ดำเนินการได้ในปี 2566", "61"
    /// under "2560 - 2564"), if exactly one.
    pub fn label_year(&self, label: &str, ctx: &Context) -> Option<i32> {
        static R4: OnceLock<Regex> = OnceLock::new();
        let s = ascii_digits(label.trim());
        // A year is digits (`\d` is a Unicode decimal digit, every one `is_numeric`): a
        // label without any is no year, by either rule below.
        if !s.chars().any(char::is_numeric) {
            return None;
        }
        let r4 = re(&R4, || r"(?:^|\D)(\d{4})(?:\D|$)");
        let years: Vec<i32> = r4.captures_iter(&s).filter_map(|c| c[1].parse().ok()).filter(|n| (BE_MIN..=BE_MAX).contains(n)).collect();
        if years.len() == 1 {
            return Some(years[0]);
        }
        if years.is_empty() && s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()) && ctx.years.is_some() {
            return self.year_from(&s, ctx).map(|y| y.be);
        }
        None
    }
}

#[cfg(test)]
mod tests;
