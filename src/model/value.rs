//! Typed values: what a cell holds once read (`crate::values` reads them), exactly
//! (decimals as `rust_decimal::Decimal`, never floats), with the one CSV form each has.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Offset between the Buddhist era and the common era (BE 2566 = CE 2023).
pub const BE_OFFSET: i32 = 543;

/// A year in both eras.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Year {
    /// Buddhist era (พ.ศ.), as Thai documents write it: 2566.
    pub be: i32,
    /// Common era: 2023.
    pub ce: i32,
}

impl Year {
    /// The year of a Buddhist-era number.
    pub fn be(be: i32) -> Year {
        Year { be, ce: be - BE_OFFSET }
    }
    /// The year of a common-era number.
    pub fn ce(ce: i32) -> Year {
        Year { be: ce + BE_OFFSET, ce }
    }
}

/// A timeline arrow in a per-year column: "↔" (this year), "←" (the span starts here),
/// "→" (the span ends here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrow {
    /// "↔": this year.
    Both,
    /// "←": the span starts here.
    Start,
    /// "→": the span ends here.
    End,
}

/// A typed value. Serialized with a `type` tag; decimals as strings. More kinds of value
/// may come, so a `match` needs a catch-all arm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Value {
    /// A blank cell.
    Empty,
    /// "-", "–", "—": nothing (null), written on purpose.
    Nil,
    /// A plain number ("2,517", "0.5").
    Number {
        /// The number, exactly.
        value: Decimal,
    },
    /// A percentage ("80%", "ร้อยละ 80").
    Percent {
        /// The percentage as written (80 for 80 %).
        value: Decimal,
    },
    /// Money: the number as written, its unit, and the amount in baht.
    Amount {
        /// The number as written ("1.5" of "1.5 ล้านบาท").
        value: Decimal,
        /// The unit as written, from `rules/units.tsv` ("ล้านบาท").
        unit: String,
        /// The amount in baht, to the satang.
        thb: Decimal,
    },
    /// A number of things with the unit as written ("385 สหกรณ์").
    Count {
        /// The number.
        value: Decimal,
        /// The unit as written.
        unit: String,
    },
    /// A year ("2566", "พ.ศ. 2566", "66" under a year header).
    Year {
        /// Buddhist era.
        be: i32,
        /// Common era.
        ce: i32,
    },
    /// A span of years ("2562 - 2564").
    YearRange {
        /// The first year.
        start: Year,
        /// The last year (inclusive).
        end: Year,
    },
    /// "2562 - 2564 30,000,000 บาท": an amount over a span of years.
    YearRangeAmount {
        /// The first year.
        start: Year,
        /// The last year (inclusive).
        end: Year,
        /// The amount in baht.
        thb: Decimal,
    },
    /// ISO 8601 dates; `end` equals `start` for a single day.
    Date {
        /// The first day (YYYY-MM-DD, common era).
        start: String,
        /// The last day.
        end: String,
    },
    /// A checkmark ("√" true) or a cross ("×" false).
    Check {
        /// Whether the box is ticked.
        value: bool,
    },
    /// A timeline arrow.
    Arrow {
        /// Which arrow.
        arrow: Arrow,
    },
    /// An outline code ("1.1.2") with its parents, nearest first ("1.1", "1").
    Code {
        /// The code as written, Thai digits as ASCII.
        code: String,
        /// Its parents, nearest first.
        parents: Vec<String>,
    },
    /// Words, or anything no other kind reads.
    Text {
        /// The normalized text.
        text: String,
    },
}

/// The type of a value, as the column-type check compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // one per kind of `Value`, named the same
pub enum Kind {
    Empty,
    Nil,
    Number,
    Percent,
    Amount,
    Count,
    Year,
    YearRange,
    Date,
    Check,
    Arrow,
    Code,
    Text,
}

impl Kind {
    /// The kind's name as the review messages write it (`year_range`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Empty => "empty",
            Kind::Nil => "nil",
            Kind::Number => "number",
            Kind::Percent => "percent",
            Kind::Amount => "amount",
            Kind::Count => "count",
            Kind::Year => "year",
            Kind::YearRange => "year_range",
            Kind::Date => "date",
            Kind::Check => "check",
            Kind::Arrow => "arrow",
            Kind::Code => "code",
            Kind::Text => "text",
        }
    }
}

impl Value {
    /// The value's kind (a year range with an amount is a year range).
    pub fn kind(&self) -> Kind {
        match self {
            Value::Empty => Kind::Empty,
            Value::Nil => Kind::Nil,
            Value::Number { .. } => Kind::Number,
            Value::Percent { .. } => Kind::Percent,
            Value::Amount { .. } => Kind::Amount,
            Value::Count { .. } => Kind::Count,
            Value::Year { .. } => Kind::Year,
            Value::YearRange { .. } | Value::YearRangeAmount { .. } => Kind::YearRange,
            Value::Date { .. } => Kind::Date,
            Value::Check { .. } => Kind::Check,
            Value::Arrow { .. } => Kind::Arrow,
            Value::Code { .. } => Kind::Code,
            Value::Text { .. } => Kind::Text,
        }
    }

    /// True for a value of any type but words and blank: the records' "is this cell a
    /// value" (with the unit and month rules; the rule-free shape is in `celltext`).
    pub fn is_typed(&self) -> bool {
        !matches!(self, Value::Text { .. } | Value::Empty)
    }

    /// True for a blank cell or a nil dash.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Empty | Value::Nil)
    }

    /// The number a sum adds: amounts in baht, numbers, counts and percentages as written;
    /// nil and blank count as zero (a dash in a plan means "nothing this month").
    pub fn addend(&self) -> Option<Decimal> {
        match self {
            Value::Empty | Value::Nil => Some(Decimal::ZERO),
            Value::Number { value } | Value::Percent { value } | Value::Count { value, .. } => Some(*value),
            Value::Amount { thb, .. } => Some(*thb),
            _ => None,
        }
    }

    /// The value as one CSV cell: amounts as baht with two decimals, percentages with "%"
/// (so a reader never takes 80 % for 80 things), years as BE, dates as
    /// ISO (a range as "start/end"), checkmarks as true/false, nil and blank as "".
    pub fn csv(&self) -> String {
        match self {
            Value::Empty | Value::Nil => String::new(),
            Value::Number { value } | Value::Count { value, .. } => value.normalize().to_string(),
            Value::Percent { value } => format!("{}%", value.normalize()),
            Value::Amount { thb, .. } => baht(*thb),
            Value::Year { be, .. } => be.to_string(),
            Value::YearRange { start, end } => format!("{}-{}", start.be, end.be),
            Value::YearRangeAmount { start, end, thb } => format!("{}-{} {}", start.be, end.be, baht(*thb)),
            Value::Date { start, end } => {
                if start == end {
                    start.clone()
                } else {
                    format!("{start}/{end}")
                }
            }
            Value::Check { value } => value.to_string(),
            Value::Arrow { arrow } => match arrow {
                Arrow::Both => "↔",
                Arrow::Start => "←",
                Arrow::End => "→",
            }
            .to_string(),
            Value::Code { code, .. } => code.clone(),
            Value::Text { text } => text.clone(),
        }
    }
}

/// Baht with two decimals ("500000.00").
fn baht(d: Decimal) -> String {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d.to_string()
}
