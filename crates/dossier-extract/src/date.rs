//! Explicit full dates (with a year) in datelines, header lines and captions.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

/// Month names and their AP abbreviations ("Sept.", "Aug."), as a regex group body.
const MONTH: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Month names and common abbreviations in the languages whose pages write the day first
/// ("5. November 2021", "le 3 mars 2021", "4 de mayo de 2022", "12 gennaio 2022", "3 maart
/// 2021"): German, French, Spanish, Italian, Portuguese and Dutch, with their month numbers.
const DAY_FIRST_MONTHS: &[(&str, u32)] = &[
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("märz", 3),
    ("mrz", 3),
    ("mär", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("févr", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("déc", 12),
    ("decembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

/// The regex group body of [`MONTH`] and [`DAY_FIRST_MONTHS`], longest names first.
fn any_month() -> String {
    let mut names: Vec<String> = MONTH.split('|').map(str::to_lowercase).collect();
    names.extend(DAY_FIRST_MONTHS.iter().map(|(n, _)| n.to_string()));
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names.join("|")
}

/// A date found in a string, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateMatch {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

fn patterns() -> &'static [(Regex, Order)] {
    static PATTERNS: OnceLock<Vec<(Regex, Order)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let build = |p: String| Regex::new(&p).expect("date patterns are valid");
        vec![
            // Sept. 15, 2023 / September 15th 2023 / Friday, Sept. 15, 2023
            (
                build(format!(
                    r"(?i)\b({MONTH})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})\b"
                )),
                Order::MonthDayYear,
            ),
            // 15 September 2023 / 15th of Sept. 2023 / 5. November 2021 / 1er mars 2021 /
            // 4 de mayo de 2022
            (
                build(format!(
                    r"(?i)\b([0-9]{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:of\s+|de\s+)?({})\.?,?\s+(?:de\s+)?([0-9]{{4}})\b",
                    any_month()
                )),
                Order::DayMonthYear,
            ),
            // 2023-09-15 (also with a time after it) / 2023/09/15
            (build(r"\b([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:\b|T)".to_string()), Order::YearMonthDay),
            // 15/09/2023 or 09/15/2023, only when the order is unambiguous
            (build(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b".to_string()), Order::Numeric),
            // 15.09.2023: with dots the day comes first (German, Dutch, Nordic, Slavic usage)
            (build(r"\b([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\b".to_string()), Order::DayMonthYearNumeric),
        ]
    })
}

#[derive(Debug, Clone, Copy)]
enum Order {
    MonthDayYear,
    DayMonthYear,
    YearMonthDay,
    Numeric,
    DayMonthYearNumeric,
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    if let Some(&(_, m)) = DAY_FIRST_MONTHS.iter().find(|(n, _)| *n == lower) {
        return Some(m);
    }
    let m = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Whether `word` (without a final period) is a month name or abbreviation.
pub(crate) fn month_like(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    MONTH.split('|').any(|m| m.eq_ignore_ascii_case(word))
}

fn valid(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The first (leftmost) valid full date in `s`.
pub(crate) fn find_date(s: &str) -> Option<DateMatch> {
    let mut best: Option<DateMatch> = None;
    for (re, order) in patterns() {
        for caps in re.captures_iter(s) {
            let whole = caps.get(0)?;
            if best.is_some_and(|b| b.start <= whole.start()) {
                break;
            }
            let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let date = match order {
                Order::MonthDayYear => {
                    let month = month_number(caps.get(1)?.as_str());
                    month.and_then(|m| valid(num(3)? as i32, m, num(2)?))
                }
                Order::DayMonthYear => {
                    let month = month_number(caps.get(2)?.as_str());
                    month.and_then(|m| valid(num(3)? as i32, m, num(1)?))
                }
                Order::YearMonthDay => valid(num(1)? as i32, num(2)?, num(3)?),
                Order::Numeric => {
                    let (a, b, y) = (num(1)?, num(2)?, num(3)? as i32);
                    match (a > 12, b > 12) {
                        (true, false) => valid(y, b, a),
                        (false, true) => valid(y, a, b),
                        _ => None, // 05/06/2023: May 6 or 5 June? Don't guess.
                    }
                }
                Order::DayMonthYearNumeric => valid(num(3)? as i32, num(2)?, num(1)?),
            };
            if let Some(date) = date {
                best = Some(DateMatch { date, start: whole.start(), end: whole.end() });
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> Option<String> {
        find_date(s).map(|m| m.date.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn formats() {
        let cases = [
            ("WASHINGTON, Sept. 15, 2023 —", "2023-09-15"),
            ("Sept. 15, 2023 (Reuters) -", "2023-09-15"),
            ("Published: 15 September 2023", "2023-09-15"),
            ("Updated 2023-09-15 10:04 GMT", "2023-09-15"),
            ("Updated 2023-09-15T10:04:00Z", "2023-09-15"),
            ("in Kyiv, Friday, Sept. 15, 2023.AP", "2023-09-15"),
            ("Aug. 3, 2021", "2021-08-03"),
            ("Jan 1st, 2020", "2020-01-01"),
            ("the 2nd of March 2022", "2022-03-02"),
            ("Dec. 31 2019", "2019-12-31"),
            ("SEPT. 9, 2023", "2023-09-09"),
            ("31/12/2023", "2023-12-31"),
            ("12/31/2023", "2023-12-31"),
        ];
        for (text, want) in cases {
            assert_eq!(ymd(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn rejects() {
        for text in [
            "Sept. 15",
            "Feb. 30, 2023",
            "2023-13-01",
            "05/06/2023",
            "May 2023",
            "Marching 15, 2023",
            "in 2023 alone",
            "Sept. 15, 1066",
        ] {
            assert_eq!(ymd(text), None, "{text}");
        }
    }

    #[test]
    fn leftmost_wins() {
        assert_eq!(ymd("2023-09-15, first reported Aug. 1, 2023").as_deref(), Some("2023-09-15"));
        assert_eq!(ymd("Aug. 1, 2023, then 2023-09-15").as_deref(), Some("2023-08-01"));
        let m = find_date("Updated: Sept. 15, 2023 at noon").unwrap();
        assert_eq!(&"Updated: Sept. 15, 2023 at noon"[m.start..m.end], "Sept. 15, 2023");
    }
}
