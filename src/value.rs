//! Values that appear as arguments of propositions: entities, strings, quantities (numbers with
//! qualifiers, ranges and units), dates of day, month or year precision, and date intervals.
//! Also the comparison and compatibility rules the engine and the contradiction finder share
//! ("about 7,000" overlaps "more than 6,500"; "April 2019" contains "2019-04-25").
//!
//! Values are plain data here; the engine interns them into `u32` ids.

use serde::Serialize;
use std::fmt;

/// Index of an entity in `resolve::hir::Program::entities`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntityId(pub u32);

/// How a number was qualified in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "1000", "exactly 1000".
    Exactly,
    /// "about 1000", "around", "some", "nearly", "roughly", "~".
    About,
    /// "more than 1000", "over", "> 1000".
    MoreThan,
    /// "at least 1000", ">= 1000".
    AtLeast,
    /// "less than 1000", "under", "< 1000".
    LessThan,
    /// "at most 1000", "up to", "<= 1000".
    AtMost,
}

/// Relative tolerance of an approximate number ("about 300,000" covers ±10%).
pub const APPROX_TOLERANCE: f64 = 0.10;

/// A number as stated: a qualified value or a range `lo..hi`, with an optional unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// How the value was qualified.
    pub qualifier: Qualifier,
    /// The value (lower end of a range).
    pub value: f64,
    /// Upper end when the text gave a range ("300,000 to 500,000").
    pub upper: Option<f64>,
    /// Unit name, singular and lowercase ("shell", "container"), if any.
    pub unit: Option<String>,
}

impl Quantity {
    /// A plain number without unit.
    pub fn exactly(value: f64) -> Quantity {
        Quantity {
            qualifier: Qualifier::Exactly,
            value,
            upper: None,
            unit: None,
        }
    }

    /// The closed interval of values this quantity allows (infinite ends for open bounds).
    /// Strict bounds ("more than") are treated as closed: the finder only flags gaps.
    pub fn bounds(&self) -> (f64, f64) {
        if let Some(hi) = self.upper {
            return (self.value.min(hi), self.value.max(hi));
        }
        let v = self.value;
        let tol = (v * APPROX_TOLERANCE).abs();
        match self.qualifier {
            Qualifier::Exactly => (v, v),
            Qualifier::About => (v - tol, v + tol),
            Qualifier::MoreThan | Qualifier::AtLeast => (v, f64::INFINITY),
            Qualifier::LessThan | Qualifier::AtMost => (f64::NEG_INFINITY, v),
        }
    }

    /// Whether two quantities can describe the same amount: same unit (or one unitless) and
    /// overlapping bounds.
    pub fn compatible(&self, other: &Quantity) -> bool {
        if let (Some(a), Some(b)) = (&self.unit, &other.unit)
            && a != b
        {
            return true; // different units are not comparable: never a conflict
        }
        let (a0, a1) = self.bounds();
        let (b0, b1) = other.bounds();
        a0 <= b1 && b0 <= a1
    }
}

impl Eq for Quantity {}

impl std::hash::Hash for Quantity {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.qualifier.hash(state);
        self.value.to_bits().hash(state);
        self.upper.map(f64::to_bits).hash(state);
        self.unit.hash(state);
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = match self.qualifier {
            Qualifier::Exactly => "",
            Qualifier::About => "about ",
            Qualifier::MoreThan => "more than ",
            Qualifier::AtLeast => "at least ",
            Qualifier::LessThan => "less than ",
            Qualifier::AtMost => "at most ",
        };
        write!(f, "{q}{}", fmt_number(self.value))?;
        if let Some(hi) = self.upper {
            write!(f, "..{}", fmt_number(hi))?;
        }
        if let Some(u) = &self.unit {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A calendar date of day, month or year precision ("2023-09-13", "2023-09", "2023").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day 1–31, if known (only with a month).
    pub day: Option<u8>,
}

/// Days since 0000-03-01 in the proleptic Gregorian calendar; only differences matter.
pub type DayNumber = i64;

impl Date {
    /// A day-precision date; `None` when the day does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(())?;
        Some(Date {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The first and last day this date covers.
    pub fn days(self) -> (DayNumber, DayNumber) {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let n = day_number(self.year, m, d);
                (n, n)
            }
            (Some(m), None) => (
                day_number(self.year, m, 1),
                day_number(self.year, m, days_in_month(self.year, m)),
            ),
            _ => (day_number(self.year, 1, 1), day_number(self.year, 12, 31)),
        }
    }

    /// The same date cut to year precision.
    pub fn to_year(self) -> Date {
        Date {
            year: self.year,
            month: None,
            day: None,
        }
    }

    /// The same date cut to month precision (unchanged when coarser).
    pub fn to_month(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: None,
        }
    }

    /// Whether the two dates can denote the same day.
    pub fn overlaps(self, other: Date) -> bool {
        let (a0, a1) = self.days();
        let (b0, b1) = other.days();
        a0 <= b1 && b0 <= a1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (0 for an invalid month).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn day_number(year: i32, month: u8, day: u8) -> DayNumber {
    // Shift so that the year starts in March; then leap days fall at the end.
    let (y, m) = if month <= 2 {
        (year as i64 - 1, month as i64 + 9)
    } else {
        (year as i64, month as i64 - 3)
    };
    365 * y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        + (153 * m + 2) / 5
        + day as i64
        - 1
}

/// A time span: both ends optional ("since 2006", "until 2024-05-12"), inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Interval {
    /// First date covered, if bounded.
    pub from: Option<Date>,
    /// Last date covered, if bounded.
    pub until: Option<Date>,
}

impl Interval {
    /// The interval a single date covers.
    pub fn at(date: Date) -> Interval {
        Interval {
            from: Some(date),
            until: Some(date),
        }
    }

    /// First and last day number (open ends are infinite).
    pub fn days(self) -> (DayNumber, DayNumber) {
        (
            self.from.map_or(DayNumber::MIN, |d| d.days().0),
            self.until.map_or(DayNumber::MAX, |d| d.days().1),
        )
    }

    /// Whether two intervals share a day.
    pub fn overlaps(self, other: Interval) -> bool {
        let (a0, a1) = self.days();
        let (b0, b1) = other.days();
        a0 <= b1 && b0 <= a1
    }

    /// Whether the interval is empty (ends reversed).
    pub fn is_empty(self) -> bool {
        let (a, b) = self.days();
        a > b
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => {
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

/// One argument of a proposition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A declared entity.
    Entity(EntityId),
    /// A string literal.
    Str(Box<str>),
    /// A number (boxed: a quantity is 56 bytes, and most arguments are entities).
    Num(Box<Quantity>),
    /// A date.
    Date(Date),
    /// A date interval.
    Interval(Interval),
    /// An argument the statement leaves open ("any such agreement": with whom is unknown).
    /// Unknown matches anything when a denial is compared with an assertion; it never enters
    /// the engine as a fact argument.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// Each argument of each statement is a `Value` (SPEC §9: at most 300 bytes per base
    /// statement). Quantities are boxed and strings are `Box<str>` to keep it at this size.
    #[test]
    fn a_value_stays_small() {
        assert!(size_of::<Value>() <= 24, "{}", size_of::<Value>());
        assert!(size_of::<Date>() <= 8);
        assert!(size_of::<Option<Date>>() <= 8);
        assert!(size_of::<Interval>() <= 16);
        assert!(size_of::<Option<Interval>>() <= 16);
    }

    #[test]
    fn boxed_values_compare_by_content() {
        let a = Value::Num(Box::new(Quantity::exactly(7.0)));
        let b = Value::Num(Box::new(Quantity::exactly(7.0)));
        assert_eq!(a, b);
        assert_eq!(Value::Str("x".into()), Value::Str("x".into()));
    }
}
