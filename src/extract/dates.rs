//! Reading a date or an interval at a token, for `{d: date}` slots and for the event time of a
//! statement: "September 13, 2023", "13 September 2023", "Sept. 13", "April 2019", "2023-09-13",
//! "2019" (after a preposition, or in a date slot), "on Wednesday", "yesterday", "last year",
//! and with a preposition in front, intervals: "since 2006" (2006 on), "until May 2024",
//! "from 2006 to 2019", "between 2019 and 2023".
//!
//! Relative dates are anchored on the document date: a weekday is the latest such day on or
//! before it; a day or month without a year takes the document's year (the previous year
//! when that would put the month after the document date). Without a document date they are not
//! read. The English words come from [`english`](super::english).

use super::english::{self, DatePrep, Lower};
use super::matcher::MTok;
use super::token::TokenKind;
use crate::value::{Date, Interval};

fn tok_text<'t>(text: &'t str, toks: &[MTok], i: usize) -> Option<&'t str> {
    let t = toks.get(i)?;
    text.get(t.start as usize..t.end as usize)
}

fn lower<'t>(text: &'t str, toks: &[MTok], i: usize) -> Option<Lower<'t>> {
    tok_text(text, toks, i).map(Lower::new)
}

/// Whether token `i` directly follows token `i - 1` (no space between).
fn adjacent(toks: &[MTok], i: usize) -> bool {
    match (i.checked_sub(1).and_then(|p| toks.get(p)), toks.get(i)) {
        (Some(a), Some(b)) => a.end == b.start,
        _ => false,
    }
}

/// A number token of exactly `len` digits.
fn digits(text: &str, toks: &[MTok], i: usize, len: usize) -> Option<u32> {
    let t = tok_text(text, toks, i)?;
    (t.len() == len && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A four-digit year from 1000 to 2999.
fn year(text: &str, toks: &[MTok], i: usize) -> Option<i32> {
    let y = digits(text, toks, i, 4)?;
    (1000..3000).contains(&y).then_some(y as i32)
}

/// A day of the month: "13", "3", "13th", "1st".
fn day(text: &str, toks: &[MTok], i: usize) -> Option<u8> {
    let t = tok_text(text, toks, i)?;
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = t.split_at(n);
    let suffix_ok = suffix.is_empty()
        || ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s));
    if !(1..=2).contains(&n) || !suffix_ok {
        return None;
    }
    num.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
}

/// A capitalised month name at `i` (with the full stop of an abbreviation): (month, end).
fn month(text: &str, toks: &[MTok], i: usize) -> Option<(u8, usize)> {
    let t = tok_text(text, toks, i)?;
    if !t.starts_with(|c: char| c.is_uppercase()) || toks.get(i)?.kind != TokenKind::Word {
        return None;
    }
    let lower = Lower::new(t);
    let m = english::month(&lower)?;
    let dot = english::is_month_abbreviation(&lower)
        && tok_text(text, toks, i + 1) == Some(".")
        && adjacent(toks, i + 1);
    Some((m, if dot { i + 2 } else { i + 1 }))
}

/// `d` moved by `delta` days (|delta| is small: relative days and weekdays).
fn add_days(d: Date, delta: i64) -> Option<Date> {
    let (mut y, mut m, mut day) = (d.year, d.month?, d.day?);
    let step = delta.signum();
    for _ in 0..delta.abs() {
        if step < 0 {
            if day > 1 {
                day -= 1;
            } else if m > 1 {
                m -= 1;
                day = crate::value::days_in_month(y, m);
            } else {
                y -= 1;
                m = 12;
                day = 31;
            }
        } else if day < crate::value::days_in_month(y, m) {
            day += 1;
        } else if m < 12 {
            m += 1;
            day = 1;
        } else {
            y += 1;
            m = 1;
            day = 1;
        }
    }
    Date::ymd(y, m, day)
}

/// Days after Monday (0–6) of a day-precision date.
fn weekday_of(d: Date) -> Option<i64> {
    let monday = Date::ymd(2024, 1, 1)?.days().0;
    Some((d.days().0 - monday).rem_euclid(7))
}

/// The year a month without one belongs to: the document's, or the one before when the month
/// is after the document's month.
fn year_for(month: u8, doc: Date) -> i32 {
    match doc.month {
        Some(dm) if month > dm => doc.year - 1,
        _ => doc.year,
    }
}

/// A single date at `i`. `licensed` when a preposition came before it: then a bare year or a
/// month alone is a date too.
fn core(
    text: &str,
    toks: &[MTok],
    i: usize,
    doc: Option<Date>,
    licensed: bool,
) -> Option<(usize, Date)> {
    // ISO: 2023-09-13 or 2023-09, written without spaces.
    if let Some(y) = year(text, toks, i)
        && tok_text(text, toks, i + 1) == Some("-")
        && adjacent(toks, i + 1)
        && adjacent(toks, i + 2)
        && let Some(m) = digits(text, toks, i + 2, 2)
    {
        let m = u8::try_from(m).ok().filter(|m| (1..=12).contains(m))?;
        if tok_text(text, toks, i + 3) == Some("-")
            && adjacent(toks, i + 3)
            && adjacent(toks, i + 4)
            && let Some(d) = digits(text, toks, i + 4, 2)
        {
            return Date::ymd(y, m, u8::try_from(d).ok()?).map(|date| (i + 5, date));
        }
        return Some((
            i + 3,
            Date {
                year: y,
                month: Some(m),
                day: None,
            },
        ));
    }
    // Month first: "September 13, 2023", "Sept. 13", "April 2019", "April".
    if let Some((m, after)) = month(text, toks, i) {
        if let Some(d) = day(text, toks, after) {
            let mut j = after + 1;
            if tok_text(text, toks, j) == Some(",") {
                j += 1;
            }
            if let Some(y) = year(text, toks, j) {
                return Date::ymd(y, m, d).map(|date| (j + 1, date));
            }
            let doc = doc?;
            return Date::ymd(year_for(m, doc), m, d).map(|date| (after + 1, date));
        }
        let mut j = after;
        if tok_text(text, toks, j) == Some(",") {
            j += 1;
        }
        if let Some(y) = year(text, toks, j) {
            let date = Date {
                year: y,
                month: Some(m),
                day: None,
            };
            return Some((j + 1, date));
        }
        if licensed && let Some(doc) = doc {
            let date = Date {
                year: year_for(m, doc),
                month: Some(m),
                day: None,
            };
            return Some((after, date));
        }
        return None;
    }
    // Day first: "13 September 2023", "13th of September".
    if let Some(d) = day(text, toks, i) {
        let mut j = i + 1;
        if lower(text, toks, j).is_some_and(|w| &*w == b"of") {
            j += 1;
        }
        let (m, after) = month(text, toks, j)?;
        let mut k = after;
        if tok_text(text, toks, k) == Some(",") {
            k += 1;
        }
        if let Some(y) = year(text, toks, k) {
            return Date::ymd(y, m, d).map(|date| (k + 1, date));
        }
        let doc = doc?;
        return Date::ymd(year_for(m, doc), m, d).map(|date| (after, date));
    }
    if let Some(y) = year(text, toks, i) {
        let date = Date {
            year: y,
            month: None,
            day: None,
        };
        return licensed.then_some((i + 1, date));
    }
    let word = lower(text, toks, i)?;
    let raw = tok_text(text, toks, i)?;
    if let Some(w) = english::weekday(&word)
        && raw.starts_with(|c: char| c.is_uppercase())
    {
        let doc = doc.filter(|d| d.day.is_some())?;
        let back = (weekday_of(doc)? - i64::from(w)).rem_euclid(7);
        return add_days(doc, -back).map(|date| (i + 1, date));
    }
    if let Some(delta) = english::relative_day(&word) {
        let doc = doc.filter(|d| d.day.is_some())?;
        return add_days(doc, delta).map(|date| (i + 1, date));
    }
    if let Some(offset) = english::relative_offset(&word)
        && let Some(unit) = lower(text, toks, i + 1).and_then(|u| english::relative_unit(&u))
    {
        let doc = doc?;
        let date = if unit {
            Date {
                year: doc.year + offset,
                month: None,
                day: None,
            }
        } else {
            let m = i32::from(doc.month?) - 1 + offset;
            Date {
                year: doc.year + m.div_euclid(12),
                month: Some((m.rem_euclid(12) + 1) as u8),
                day: None,
            }
        };
        return Some((i + 2, date));
    }
    None
}

/// Reads a date or interval at `pos`, with its preposition if it has one. `bare` lets a
/// bare year ("2019") or a lone month count without a preposition, as in a date slot.
pub(crate) fn read_date(
    text: &str,
    toks: &[MTok],
    pos: usize,
    doc: Option<Date>,
    bare: bool,
) -> Option<(usize, Interval)> {
    let word = lower(text, toks, pos)?;
    let (prep, at) = if &*word == b"as" && lower(text, toks, pos + 1).is_some_and(|w| &*w == b"of")
    {
        (Some(DatePrep::At), pos + 2)
    } else {
        match english::date_prep(&word) {
            Some(p) => (Some(p), pos + 1),
            None => (None, pos),
        }
    };
    let Some(prep) = prep else {
        return core(text, toks, pos, doc, bare).map(|(end, d)| (end, Interval::at(d)));
    };
    let (end, first) = core(text, toks, at, doc, true)?;
    let interval = match prep {
        DatePrep::At => Interval::at(first),
        DatePrep::Until => Interval {
            from: None,
            until: Some(first),
        },
        DatePrep::Since => Interval {
            from: Some(first),
            until: None,
        },
        DatePrep::Between => {
            let joined = lower(text, toks, end)
                .filter(|j| english::is_interval_joiner(j))
                .and_then(|_| core(text, toks, end + 1, doc, true));
            match joined {
                Some((end2, second)) => {
                    let i = Interval {
                        from: Some(first),
                        until: Some(second),
                    };
                    if i.is_empty() {
                        return None;
                    }
                    return Some((end2, i));
                }
                None if &*word == b"from" => Interval {
                    from: Some(first),
                    until: None,
                },
                None => return None,
            }
        }
    };
    Some((end, interval))
}

/// Whether a date can start at token `i`: a number, a capitalised word, or a lower-case
/// preposition or relative word. A cheap test that spares most tokens the full reading.
fn may_start(text: &str, toks: &[MTok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    if t.kind == TokenKind::Number {
        return true;
    }
    let Some(word) = tok_text(text, toks, i) else {
        return false;
    };
    if word.starts_with(|c: char| c.is_uppercase()) {
        // Only a number or one of these words can start a date (a capitalised one at the
        // start of a sentence, or a month or weekday name).
        let w = Lower::new(word);
        return english::date_prep(&w).is_some()
            || &*w == b"as"
            || english::month(&w).is_some()
            || english::weekday(&w).is_some()
            || english::relative_day(&w).is_some()
            || english::relative_offset(&w).is_some();
    }
    // Bytes rather than characters: no byte of a character beyond ASCII is a lowercase letter.
    word.bytes().all(|b| b.is_ascii_lowercase())
        && (english::date_prep(word.as_bytes()).is_some()
            || english::relative_day(word.as_bytes()).is_some()
            || english::relative_offset(word.as_bytes()).is_some()
            || word == "as")
}

#[cfg(test)]
fn find_dates(text: &str, toks: &[MTok], doc: Option<Date>) -> Vec<(usize, usize, Interval)> {
    let mut out = Vec::new();
    find_dates_into(text, toks, doc, |_| true, &mut out);
    out
}

/// Every date in a run of tokens, left to right, not overlapping: (start, end, interval),
/// into `out` (cleared first). Bare years count only after a preposition. `may_start_word`
/// tells by a token's word id whether a word token can start a date at all (it may say yes
/// too often, never too rarely: `Matcher::may_start_date`); the others are passed over
/// without reading their text.
pub(crate) fn find_dates_into(
    text: &str,
    toks: &[MTok],
    doc: Option<Date>,
    may_start_word: impl Fn(u32) -> bool,
    out: &mut Vec<(usize, usize, Interval)>,
) {
    out.clear();
    // Whether a date proper may start at token `j`: a number, a word that starts with a
    // digit, a capital or a character beyond ASCII (a month, a weekday), or a relative word
    // ("yesterday", "last"). `relative` tells the last: by word id after a preposition (a
    // superset: every word a date starts with), by the word itself at the token read.
    let may_start_core = |j: usize, relative: &dyn Fn(&MTok) -> bool| {
        toks.get(j).is_some_and(|t| {
            let first = text.as_bytes().get(t.start as usize).copied().unwrap_or(0);
            t.kind == TokenKind::Number
                || first.is_ascii_digit()
                || first.is_ascii_uppercase()
                || !first.is_ascii()
                || relative(t)
        })
    };
    let any_date_word = |t: &MTok| may_start_word(t.word);
    let relative_word = |t: &MTok| {
        text.get(t.start as usize..t.end as usize)
            .map(Lower::new)
            .is_some_and(|w| {
                english::relative_day(&w).is_some() || english::relative_offset(&w).is_some()
            })
    };
    let mut i = 0;
    while i < toks.len() {
        let worth_reading = toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number || may_start_word(t.word))
            // At `i`, after a preposition at `i`, or after "as of".
            && (may_start_core(i + 1, &any_date_word)
                || may_start_core(i + 2, &any_date_word)
                || may_start_core(i, &relative_word));
        if !worth_reading || !may_start(text, toks, i) {
            i += 1;
            continue;
        }
        match read_date(text, toks, i, doc, false) {
            Some((end, interval)) if end > i => {
                out.push((i, end, interval));
                i = end;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn toks(text: &str) -> Vec<MTok> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| MTok {
                start: t.span.0,
                end: t.span.1,
                word: 0,
                kind: t.kind,
            })
            .collect()
    }

    fn read(text: &str, doc: Option<Date>) -> Option<(String, usize)> {
        let t = toks(text);
        read_date(text, &t, 0, doc, true).map(|(end, i)| (i.to_string(), end))
    }

    fn friday() -> Option<Date> {
        Date::ymd(2023, 9, 15)
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            read("September 13, 2023", None),
            Some(("2023-09-13".into(), 4))
        );
        assert_eq!(
            read("13 September 2023", None),
            Some(("2023-09-13".into(), 3))
        );
        assert_eq!(read("Sept. 13, 2023", None), Some(("2023-09-13".into(), 5)));
        assert_eq!(read("in April 2019", None), Some(("2019-04".into(), 3)));
        assert_eq!(read("2023-09-13", None), Some(("2023-09-13".into(), 5)));
        assert_eq!(read("2019", None), Some(("2019".into(), 1)));
        assert_eq!(read("September 31, 2023", None), None);
        assert_eq!(read("may 2019", None), None);
    }

    #[test]
    fn relative_dates_need_the_document_date() {
        assert_eq!(
            read("on Wednesday", friday()),
            Some(("2023-09-13".into(), 2))
        );
        assert_eq!(read("on Friday", friday()), Some(("2023-09-15".into(), 2)));
        assert_eq!(
            read("on Saturday", friday()),
            Some(("2023-09-09".into(), 2))
        );
        assert_eq!(read("on Wednesday", None), None);
        assert_eq!(read("yesterday", friday()), Some(("2023-09-14".into(), 1)));
        assert_eq!(read("last year", friday()), Some(("2022".into(), 2)));
        assert_eq!(read("in November", friday()), Some(("2022-11".into(), 2)));
        assert_eq!(
            read("September 13", friday()),
            Some(("2023-09-13".into(), 2))
        );
    }

    #[test]
    fn intervals() {
        assert_eq!(read("since 2006", None), Some(("2006..".into(), 2)));
        assert_eq!(read("until May 2024", None), Some(("..2024-05".into(), 3)));
        assert_eq!(
            read("from 2006 to 2019", None),
            Some(("2006..2019".into(), 4))
        );
        assert_eq!(
            read("between 2019 and 2023", None),
            Some(("2019..2023".into(), 4))
        );
        assert_eq!(read("between 2023 and 2019", None), None);
    }

    #[test]
    fn scanning_skips_bare_years() {
        let text = "In 2019 they sold 2000 shells on September 13, 2023.";
        let t = toks(text);
        let found: Vec<String> = find_dates(text, &t, None)
            .iter()
            .map(|(_, _, i)| i.to_string())
            .collect();
        assert_eq!(found, vec!["2019", "2023-09-13"]);
    }
}
