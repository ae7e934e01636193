//! Resolution: from what an expression means ([`Sem`]) to a TIMEX3 type and value, against the
//! publication date, the tense around the expression and the expressions before it.

use chrono::{Datelike, Days, Months, NaiveDate};
use dossier_core::TimexType;

use crate::grammar::{Clock, Grammar, Mention, Qty, Sem};
use crate::lexicon::{Holiday, Season, Shift, Tense, Unit};

/// What a value was resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The publication date.
    Published,
    /// The expression at this index of the output.
    Timex(usize),
}

/// A resolved expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub kind: TimexType,
    pub value: String,
    pub anchor: Option<Anchor>,
    /// A relative expression that could not be resolved for want of a reference date.
    pub unanchored: bool,
}

/// Resolves mentions in document order, keeping what later expressions may refer to.
pub struct Resolver<'g, 'a> {
    grammar: &'g Grammar<'a>,
    reference: Option<NaiveDate>,
    /// The last expression that named a day: (output index, date).
    last_day: Option<(usize, NaiveDate)>,
    /// The last fiscal quarter named: (output index, year, quarter).
    quarter_focus: Option<(usize, i32, u32)>,
    /// The last expression whose value names a year (and month): (output index, year, month).
    last_year: Option<(usize, i32, Option<u32>)>,
}

impl<'g, 'a> Resolver<'g, 'a> {
    pub fn new(grammar: &'g Grammar<'a>, reference: Option<NaiveDate>) -> Self {
        Resolver { grammar, reference, last_day: None, quarter_focus: None, last_year: None }
    }

    /// Resolve `m`, the expression that will sit at output index `index`. `None` drops it.
    pub fn resolve(&mut self, m: &Mention, index: usize) -> Option<Resolved> {
        let r = self.reference;
        let mut anchor = Some(Anchor::Published);
        let mut unanchored = false;
        let mut day: Option<NaiveDate> = None;
        let (kind, value) = match m.sem {
            Sem::Date { year: Some(y), month, day: d } => {
                anchor = None;
                match (month, d) {
                    (Some(mo), Some(dd)) => {
                        let date = NaiveDate::from_ymd_opt(y, mo, dd)?;
                        day = Some(date);
                        (TimexType::Date, fmt_date(date))
                    }
                    (Some(mo), None) => (TimexType::Date, format!("{y:04}-{mo:02}")),
                    _ => (TimexType::Date, format!("{y:04}")),
                }
            }
            Sem::Date { year: None, month: Some(mo), day: Some(dd) } => match r {
                Some(r) => {
                    let tense = self.tense(m);
                    let y = infer_year(r, mo, Some(dd), None, tense);
                    let date = NaiveDate::from_ymd_opt(y, mo, dd)
                        .or_else(|| NaiveDate::from_ymd_opt(y - 1, mo, dd))?;
                    day = Some(date);
                    (TimexType::Date, fmt_date(date))
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, format!("XXXX-{mo:02}-{dd:02}"))
                }
            },
            Sem::Date { .. } => return None,
            Sem::Month { month, shift } => match r {
                Some(r) => {
                    // `by February`, `loans through January`: a deadline or the end of a
                    // stretch is the occurrence nearest the publication date, whatever the
                    // tense of the clause.
                    let y = if shift.is_none() && self.grammar.deadline_before(m.first) {
                        nearest_year(r, month)
                    } else {
                        infer_year(r, month, None, shift, self.tense(m))
                    };
                    (TimexType::Date, format!("{y:04}-{month:02}"))
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, format!("XXXX-{month:02}"))
                }
            },
            Sem::MonthOfYear { month, year_shift } => match r {
                Some(r) => (TimexType::Date, format!("{:04}-{month:02}", r.year() + year_shift)),
                None => {
                    unanchored = true;
                    (TimexType::Date, format!("XXXX-{month:02}"))
                }
            },
            Sem::Weekday { day: wd, shift } => match r {
                Some(r) => {
                    // `Friday's vote`, `Wednesday's ruling`: news names a day by its event
                    // once the event is over.
                    let tense = if shift.is_none() && self.grammar.possessive_after(m.last) {
                        Some(Tense::Past)
                    } else {
                        self.tense(m)
                    };
                    let date = weekday_date(r, wd, shift, tense);
                    day = Some(date);
                    (TimexType::Date, fmt_date(date))
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, format!("XXXX-WXX-{wd}"))
                }
            },
            Sem::DayOffset(n) => match r {
                Some(r) => {
                    let date = add_days(r, n as i64)?;
                    day = Some(date);
                    (TimexType::Date, fmt_date(date))
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, "XXXX-XX-XX".to_string())
                }
            },
            Sem::ShiftUnit { shift, unit } => {
                let off = match shift {
                    Shift::Last => -1,
                    Shift::This => 0,
                    Shift::Next => 1,
                };
                match r {
                    Some(r) => {
                        let tense = self.tense(m);
                        (TimexType::Date, shifted_unit(r, unit, off, tense)?)
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Date, unknown_at(unit).to_string())
                    }
                }
            }
            Sem::Season { season, year: Some(y), .. } => {
                anchor = None;
                (TimexType::Date, format!("{y:04}-{}", season.code()))
            }
            Sem::Season { season, year: None, shift } => match r {
                Some(r) => {
                    let tense = self.tense(m);
                    let y = season_year(r, season, shift, tense);
                    (TimexType::Date, format!("{y:04}-{}", season.code()))
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, format!("XXXX-{}", season.code()))
                }
            },
            Sem::Quarter { q: 0, year: Some(y), .. } if self.quarter_focus.is_none() => {
                // `the 1988 period` with no quarter in focus: the year.
                anchor = None;
                (TimexType::Date, format!("{y:04}"))
            }
            Sem::LatestQuarter => {
                let latest = r.map(last_completed_quarter);
                let focus = self
                    .quarter_focus
                    .filter(|&(_, y, q)| latest.is_none_or(|(ly, lq)| (y, q) <= (ly, lq)));
                match (focus, latest) {
                    (Some((idx, y, q)), _) => {
                        anchor = Some(Anchor::Timex(idx));
                        self.quarter_focus = Some((index, y, q));
                        (TimexType::Date, format!("{y:04}-Q{q}"))
                    }
                    (None, Some((y, q))) => {
                        self.quarter_focus = Some((index, y, q));
                        (TimexType::Date, format!("{y:04}-Q{q}"))
                    }
                    (None, None) => {
                        unanchored = true;
                        (TimexType::Date, "XXXX-QX".to_string())
                    }
                }
            }
            Sem::QuarterEnded { year, month, day: d } => {
                let y = match (year, r) {
                    (Some(y), _) => {
                        anchor = None;
                        Some(y)
                    }
                    (None, Some(r)) => Some(infer_year(r, month, Some(d), None, Some(Tense::Past))),
                    (None, None) => None,
                };
                // A quarter that closes on day D covers about the three months before it: its
                // calendar quarter is the one of D minus 45 days (`ended July 31` → Q2).
                match y.and_then(|y| NaiveDate::from_ymd_opt(y, month, d)) {
                    Some(end) => {
                        let mid = add_days(end, -45)?;
                        let (y, q) = (mid.year(), (mid.month() - 1) / 3 + 1);
                        self.quarter_focus = Some((index, y, q));
                        (TimexType::Date, format!("{y:04}-Q{q}"))
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Date, "XXXX-QX".to_string())
                    }
                }
            }
            Sem::Quarter { q, half, year, year_shift } => {
                let q_written = q;
                let p = if half { "H" } else { "Q" };
                let resolved: Option<(i32, u32)> = match (year, year_shift, q, r) {
                    (Some(y), _, q, _) if q > 0 => {
                        anchor = None;
                        Some((y, q))
                    }
                    (Some(y), _, 0, _) => {
                        let (idx, _, fq) = self.quarter_focus.unwrap_or((0, 0, 1));
                        anchor = Some(Anchor::Timex(idx));
                        Some((y, fq))
                    }
                    (_, Some(s), q, Some(r)) if q > 0 => Some((r.year() + s, q)),
                    (_, Some(s), 0, Some(r)) => {
                        // `last year's quarter`: the quarter in focus (or the last completed), a
                        // year earlier.
                        let q = match self.quarter_focus {
                            Some((idx, _, fq)) => {
                                anchor = Some(Anchor::Timex(idx));
                                fq
                            }
                            None => last_completed_quarter(r).1,
                        };
                        Some((r.year() + s, q))
                    }
                    (_, _, 0, _) if self.quarter_focus.is_some() => {
                        let (idx, y, fq) = self.quarter_focus.unwrap_or((0, 0, 1));
                        anchor = Some(Anchor::Timex(idx));
                        Some((y, fq))
                    }
                    (_, _, 0, Some(r)) => {
                        let cur = (r.month() - 1) / 3 + 1;
                        Some(if cur == 1 { (r.year() - 1, 4) } else { (r.year(), cur - 1) })
                    }
                    (_, _, q, Some(r)) => {
                        let per = if half { 6 } else { 3 };
                        let cur = (r.month() - 1) / per + 1;
                        let tense = self.tense(m);
                        let y = if q <= cur || tense == Some(Tense::Future) {
                            r.year()
                        } else {
                            r.year() - 1
                        };
                        Some((y, q))
                    }
                    _ => None,
                };
                match resolved {
                    Some((y, q)) => {
                        // A quarter named outright becomes the one in focus; one taken from the
                        // focus (`the 1988 period`, `last year's quarter`) leaves it alone.
                        // A quarter of another year (`the year-ago third quarter`, `last
                        // year's third quarter`) is a comparison and leaves it alone too.
                        if !half
                            && q_written > 0
                            && year_shift.is_none()
                            && !self.grammar.indefinite_before(m.first)
                        {
                            self.quarter_focus = Some((index, y, q));
                        }
                        (TimexType::Date, format!("{y:04}-{p}{q}"))
                    }
                    None => {
                        unanchored = true;
                        let q = if q == 0 { "X".to_string() } else { q.to_string() };
                        (TimexType::Date, format!("XXXX-{p}{q}"))
                    }
                }
            }
            Sem::Decade(d) if d >= 0 => {
                anchor = None;
                (TimexType::Date, format!("{d:03}"))
            }
            Sem::Decade(d) => {
                // `'90s`: the century of the reference date, or the one before for later decades.
                let k = -d - 1;
                let (century, a) = match r {
                    Some(r) => {
                        let c = r.year() / 100;
                        (if k * 10 > r.year() % 100 { c - 1 } else { c }, Some(Anchor::Published))
                    }
                    None => (19, None),
                };
                anchor = a;
                (TimexType::Date, format!("{century:02}{k}"))
            }
            Sem::Century(c) => {
                anchor = None;
                (TimexType::Date, format!("{c:02}"))
            }
            Sem::Ago { qty: Qty::Exact(n), unit: Unit::Year, forward: false }
                if n == 1.0 && self.quarter_focus.is_some() && !self.longer_period(m) =>
            {
                // `a year ago` in an earnings report: the same quarter a year before.
                let (idx, y, q) = self.quarter_focus.unwrap_or((0, 0, 1));
                anchor = Some(Anchor::Timex(idx));
                (TimexType::Date, format!("{:04}-Q{q}", y - 1))
            }
            Sem::Ago { qty: Qty::Exact(n), unit: Unit::Year, forward: false }
                if n == 1.0
                    && r.is_some()
                    && self.grammar.earnings_around(m.first, m.last)
                    && !self.longer_period(m) =>
            {
                (TimexType::Date, last_quarter_year_before(r.unwrap_or_default()))
            }
            Sem::Ago { qty: Qty::Exact(n), unit, forward } => match r {
                Some(r) => {
                    let v = shifted_by(r, unit, if forward { n } else { -n })?;
                    if unit == Unit::Day {
                        day = parse_day(&v);
                    }
                    (TimexType::Date, v)
                }
                None => {
                    unanchored = true;
                    (TimexType::Date, unknown_at(unit).to_string())
                }
            },
            Sem::Ago { .. } => (TimexType::Date, "PAST_REF".to_string()),
            Sem::Earlier { qty, unit, forward } => {
                let n = match qty {
                    Qty::Exact(n) => n,
                    Qty::Vague => return None,
                };
                let n = if forward { n } else { -n };
                match (self.quarter_focus, unit, r) {
                    (Some((idx, y, q)), Unit::Year, _)
                        if n.fract() == 0.0 && !self.longer_period(m) =>
                    {
                        anchor = Some(Anchor::Timex(idx));
                        (TimexType::Date, format!("{:04}-Q{q}", y + n as i32))
                    }
                    (None, Unit::Year, Some(r))
                        if n == -1.0
                            && self.grammar.earnings_around(m.first, m.last)
                            && !self.longer_period(m) =>
                    {
                        (TimexType::Date, last_quarter_year_before(r))
                    }
                    (_, _, Some(r)) => (TimexType::Date, shifted_by(r, unit, n)?),
                    _ => {
                        unanchored = true;
                        (TimexType::Date, unknown_at(unit).to_string())
                    }
                }
            }
            Sem::AnchoredDuration { qty, unit } => {
                anchor = self.last_day.map(|(i, _)| Anchor::Timex(i));
                (TimexType::Duration, fmt_duration(qty, unit))
            }
            Sem::Following { unit, offset } => {
                // `the following month` after `in March 1989`: a month or a year counts from the
                // last month or year named when that came after the last day named.
                let month_base = self
                    .last_year
                    .filter(|_| matches!(unit, Unit::Month | Unit::Quarter | Unit::Year))
                    .filter(|&(i, _, mo)| {
                        (unit == Unit::Year || mo.is_some())
                            && self.last_day.is_none_or(|(di, _)| i > di)
                    })
                    .and_then(|(i, y, mo)| {
                        NaiveDate::from_ymd_opt(y, mo.unwrap_or(7), 1).map(|d| (i, d))
                    });
                let base = match (month_base, self.last_day, r) {
                    (Some((i, d)), _, _) | (None, Some((i, d)), _) => {
                        anchor = Some(Anchor::Timex(i));
                        Some(d)
                    }
                    (None, None, Some(r)) => Some(r),
                    _ => None,
                };
                match base {
                    Some(b) => {
                        let v = if unit == Unit::Day {
                            let date = add_days(b, offset as i64)?;
                            day = Some(date);
                            fmt_date(date)
                        } else {
                            shifted_unit(b, unit, offset, None)?
                        };
                        (TimexType::Date, v)
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Date, unknown_at(unit).to_string())
                    }
                }
            }
            Sem::Duration { qty, unit } => {
                anchor = None;
                (TimexType::Duration, fmt_duration(qty, unit))
            }
            Sem::Set { qty, unit } => {
                anchor = None;
                (TimexType::Set, fmt_duration(qty, unit))
            }
            Sem::SetWeekday { day: wd } => {
                anchor = None;
                let pod = m.part_of_day.map_or(String::new(), |p| format!("T{}", p.code()));
                return Some(Resolved {
                    kind: TimexType::Set,
                    value: format!("XXXX-WXX-{wd}{pod}"),
                    anchor,
                    unanchored: false,
                });
            }
            Sem::SetMonth { month } => {
                anchor = None;
                (TimexType::Set, format!("XXXX-{month:02}"))
            }
            Sem::WeekdayFrom { day: wd, offset } => {
                let base = match (self.last_day, r) {
                    (Some((i, d)), _) => {
                        anchor = Some(Anchor::Timex(i));
                        Some(d)
                    }
                    (None, Some(r)) => Some(r),
                    _ => None,
                };
                match base {
                    Some(b) => {
                        let bw = b.weekday().number_from_monday();
                        let delta = if offset < 0 {
                            let back = ((bw + 7 - wd) % 7) as i64;
                            -(if back == 0 { 7 } else { back })
                        } else {
                            let fwd = ((wd + 7 - bw) % 7) as i64;
                            if fwd == 0 {
                                7
                            } else {
                                fwd
                            }
                        };
                        let date = add_days(b, delta)?;
                        day = Some(date);
                        (TimexType::Date, fmt_date(date))
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Date, format!("XXXX-WXX-{wd}"))
                    }
                }
            }
            Sem::Holiday { holiday, year, shift, week } => {
                let date = match (year, r) {
                    (Some(y), _) => {
                        anchor = None;
                        holiday_date(holiday, y)
                    }
                    (None, Some(r)) => {
                        let tense = self.tense(m);
                        let past = [r.year(), r.year() - 1]
                            .into_iter()
                            .filter_map(|y| holiday_date(holiday, y))
                            .find(|&d| d <= r);
                        let future = [r.year(), r.year() + 1]
                            .into_iter()
                            .filter_map(|y| holiday_date(holiday, y))
                            .find(|&d| d >= r);
                        // A holiday within a week either way is the one meant, whatever the
                        // tense (`as Easter week began`, told six days before Easter).
                        let close = |d: &NaiveDate| (*d - r).num_days().abs() <= 7;
                        let tense =
                            if past.iter().chain(future.iter()).any(close) && shift.is_none() {
                                None
                            } else {
                                tense
                            };
                        match (shift, tense) {
                            (Some(Shift::Last), _) => past
                                .filter(|&d| d < r)
                                .or_else(|| holiday_date(holiday, r.year() - 1)),
                            (Some(Shift::Next), _) => future
                                .filter(|&d| d > r)
                                .or_else(|| holiday_date(holiday, r.year() + 1)),
                            (_, Some(Tense::Past)) => past,
                            (_, Some(Tense::Future)) => future,
                            _ => match (past, future) {
                                (Some(p), Some(f)) => {
                                    Some(if (r - p).num_days() <= (f - r).num_days() {
                                        p
                                    } else {
                                        f
                                    })
                                }
                                (p, f) => p.or(f),
                            },
                        }
                    }
                    (None, None) => None,
                };
                match date {
                    Some(d) if week => (TimexType::Date, fmt_week(d)),
                    Some(d) => {
                        day = Some(d);
                        (TimexType::Date, fmt_date(d))
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Date, "XXXX-XX-XX".to_string())
                    }
                }
            }
            Sem::ThatUnit { unit } => {
                let ym = self.last_year;
                match (unit, self.last_day, ym, self.quarter_focus) {
                    (Unit::Day, Some((i, d)), _, _) => {
                        anchor = Some(Anchor::Timex(i));
                        day = Some(d);
                        (TimexType::Date, fmt_date(d))
                    }
                    (Unit::Week, Some((i, d)), _, _) => {
                        anchor = Some(Anchor::Timex(i));
                        (TimexType::Date, fmt_week(d))
                    }
                    (Unit::Month, _, Some((i, y, Some(mo))), _) => {
                        anchor = Some(Anchor::Timex(i));
                        (TimexType::Date, format!("{y:04}-{mo:02}"))
                    }
                    (Unit::Quarter, _, _, Some((i, y, q))) => {
                        anchor = Some(Anchor::Timex(i));
                        (TimexType::Date, format!("{y:04}-Q{q}"))
                    }
                    (Unit::Year, _, Some((i, y, _)), _) => {
                        anchor = Some(Anchor::Timex(i));
                        (TimexType::Date, format!("{y:04}"))
                    }
                    // Nothing to refer back to: a generic use (`trades made that day`).
                    _ => return None,
                }
            }
            Sem::WeekOf { year, month, day: d } => {
                let y = match (year, r) {
                    (Some(y), _) => {
                        anchor = None;
                        Some(y)
                    }
                    (None, Some(r)) => Some(infer_year(r, month, Some(d), None, self.tense(m))),
                    (None, None) => None,
                };
                match y.and_then(|y| NaiveDate::from_ymd_opt(y, month, d)) {
                    Some(date) => (TimexType::Date, fmt_week(date)),
                    None => {
                        unanchored = true;
                        (TimexType::Date, "XXXX-WXX".to_string())
                    }
                }
            }
            Sem::Ref(k) => {
                anchor = None;
                (TimexType::Date, k.value().to_string())
            }
            Sem::ClockOnly => {
                // Dated later by [`Resolver::date_clock`]; placeholder here.
                match r {
                    Some(r) => {
                        day = None;
                        (TimexType::Time, fmt_date(r))
                    }
                    None => {
                        unanchored = true;
                        (TimexType::Time, "XXXX-XX-XX".to_string())
                    }
                }
            }
        };
        if let Some(d) = day {
            self.last_day = Some((index, d));
        }
        // Remember the year (and month) of dated values for `that year`, `later that month`.
        if kind == TimexType::Date || kind == TimexType::Time {
            let b = value.as_bytes();
            if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) {
                let y = value[..4].parse().unwrap_or(0);
                let mo = (b.len() >= 7 && b[4] == b'-' && b[5..7].iter().all(u8::is_ascii_digit))
                    .then(|| value[5..7].parse().unwrap_or(0))
                    .filter(|m| (1..=12).contains(m));
                self.last_year = Some((index, y, mo));
            }
        }
        let mut out = Resolved { kind, value, anchor, unanchored };
        if unanchored {
            out.anchor = None;
        }
        decorate(&mut out, m);
        Some(out)
    }

    /// `a year earlier` next to `the nine months`: the comparison is with the year.
    fn longer_period(&self, m: &Mention) -> bool {
        self.grammar.longer_period_around(m.first, m.last)
    }

    fn tense(&self, m: &Mention) -> Option<Tense> {
        self.grammar.tense_around(m.first, m.last)
    }
}

/// The date of `holiday` in year `y`.
fn holiday_date(holiday: Holiday, y: i32) -> Option<NaiveDate> {
    // The `n`th (1-based; 5 = last) weekday `wd` (Monday = 1) of month `m`.
    let nth = |m: u32, wd: u32, n: u32| -> Option<NaiveDate> {
        if n == 5 {
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            let last = next.pred_opt()?;
            let back = (last.weekday().number_from_monday() + 7 - wd) % 7;
            return add_days(last, -(back as i64));
        }
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let fwd = (wd + 7 - first.weekday().number_from_monday()) % 7;
        add_days(first, (fwd + 7 * (n - 1)) as i64)
    };
    match holiday {
        Holiday::Thanksgiving => nth(11, 4, 4),
        Holiday::Christmas => NaiveDate::from_ymd_opt(y, 12, 25),
        Holiday::Independence => NaiveDate::from_ymd_opt(y, 7, 4),
        Holiday::Labor => nth(9, 1, 1),
        Holiday::Memorial => nth(5, 1, 5),
        Holiday::Election => nth(11, 1, 1).and_then(|d| add_days(d, 1)),
        Holiday::Easter => {
            // Anonymous Gregorian algorithm.
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            NaiveDate::from_ymd_opt(y, month as u32, day as u32)
        }
    }
}

/// The last calendar quarter completed before `r`: (year, quarter).
fn last_completed_quarter(r: NaiveDate) -> (i32, u32) {
    let cur = (r.month() - 1) / 3 + 1;
    if cur == 1 {
        (r.year() - 1, 4)
    } else {
        (r.year(), cur - 1)
    }
}

/// The latest completed quarter before `r`, a year earlier: what an earnings report compares
/// with when it says `a year ago`.
fn last_quarter_year_before(r: NaiveDate) -> String {
    let cur = (r.month() - 1) / 3 + 1;
    let (y, q) = if cur == 1 { (r.year() - 1, 4) } else { (r.year(), cur - 1) };
    format!("{:04}-Q{q}", y - 1)
}

/// Add a part of day or a clock time to a day-valued expression.
fn decorate(out: &mut Resolved, m: &Mention) {
    if out.kind != TimexType::Date && out.kind != TimexType::Time {
        return;
    }
    let is_day =
        out.value.len() == 10 && out.value.as_bytes()[4] == b'-' && out.value.as_bytes()[7] == b'-';
    if !is_day {
        return;
    }
    if let Some(c) = m.clock {
        out.value.push_str(&fmt_clock(c));
        out.kind = TimexType::Time;
    } else if let Some(p) = m.part_of_day {
        out.value.push('T');
        out.value.push_str(p.code());
        out.kind = TimexType::Time;
    }
}

/// Re-date a clock-only expression with the day of a neighbouring expression.
pub fn date_clock(out: &mut Resolved, clock: Clock, day_value: Option<&str>) {
    if let Some(d) = day_value {
        out.value = d.to_string();
    }
    out.value.truncate(10);
    out.value.push_str(&fmt_clock(clock));
    out.kind = TimexType::Time;
}

fn fmt_clock(c: Clock) -> String {
    let mut s = format!("T{:02}:{:02}", c.hour, c.minute.unwrap_or(0));
    if let Some(z) = c.zone {
        if z == 0 {
            s.push('Z');
        } else {
            let sign = if z < 0 { '-' } else { '+' };
            let z = z.abs();
            s.push_str(&format!("{sign}{:02}:{:02}", z / 60, z % 60));
        }
    }
    s
}

pub fn fmt_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn parse_day(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let first = d.with_day(1)?;
    if n >= 0 {
        first.checked_add_months(Months::new(n as u32))
    } else {
        first.checked_sub_months(Months::new(n.unsigned_abs() as u32))
    }
}

/// The value of `unit` shifted `off` whole units from `r` (`last week` → the week before).
fn shifted_unit(r: NaiveDate, unit: Unit, off: i32, tense: Option<Tense>) -> Option<String> {
    let off = off as i64;
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => fmt_date(add_days(r, off)?),
        Unit::Week | Unit::Fortnight => fmt_week(add_days(r, 7 * off)?),
        Unit::Weekend => {
            // `the weekend` in a weekday story told in the past is the one just gone.
            let wd = r.weekday().number_from_monday();
            let extra = if off == 0 && tense == Some(Tense::Past) && wd < 6 { -7 } else { 0 };
            format!("{}-WE", fmt_week(add_days(r, 7 * off + extra)?))
        }
        Unit::Month => {
            let d = add_months(r, off)?;
            format!("{:04}-{:02}", d.year(), d.month())
        }
        Unit::Quarter => {
            let d = add_months(r, 3 * off)?;
            format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
        }
        Unit::Year => format!("{:04}", r.year() as i64 + off),
        Unit::Decade => format!("{:03}", (r.year() as i64 + 10 * off) / 10),
        Unit::Century => format!("{:02}", (r.year() as i64 + 100 * off) / 100),
    })
}

/// The value `n` units from `r` at the unit's granularity (`two years ago` → `2021`).
fn shifted_by(r: NaiveDate, unit: Unit, n: f64) -> Option<String> {
    // Fractions go down a unit: 1.5 years → 18 months.
    if n.fract() != 0.0 {
        return match unit {
            Unit::Year => shifted_by(r, Unit::Month, (n * 12.0).round()),
            Unit::Month => shifted_by(r, Unit::Day, (n * 30.0).round()),
            Unit::Week => shifted_by(r, Unit::Day, (n * 7.0).round()),
            Unit::Decade => shifted_by(r, Unit::Year, (n * 10.0).round()),
            _ => shifted_by(r, unit, n.round()),
        };
    }
    let n = n as i64;
    if n.abs() > 100_000 {
        return None;
    }
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => fmt_date(r),
        Unit::Day => fmt_date(add_days(r, n)?),
        Unit::Week | Unit::Weekend => fmt_week(add_days(r, 7 * n)?),
        Unit::Fortnight => fmt_week(add_days(r, 14 * n)?),
        Unit::Month => {
            let d = add_months(r, n)?;
            format!("{:04}-{:02}", d.year(), d.month())
        }
        Unit::Quarter => {
            let d = add_months(r, 3 * n)?;
            format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
        }
        Unit::Year => format!("{:04}", r.year() as i64 + n),
        Unit::Decade => format!("{:04}", r.year() as i64 + 10 * n),
        Unit::Century => format!("{:04}", r.year() as i64 + 100 * n),
    })
}

/// The underspecified value of a unit-granularity expression with no reference date.
fn unknown_at(unit: Unit) -> &'static str {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week | Unit::Fortnight => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXXX",
        Unit::Century => "XX",
    }
}

/// The year of a month (and day) written without one.
///
/// `last April` is the most recent April before this month, `next April` the first after.
/// Otherwise a past-tense clause picks the most recent such date (up to ten months back) and a
/// future clause the coming one (up to nine months ahead, a month alone ten); with no tense, a bare month is one of
/// the publication year unless more than seven months away, and a day the nearest.
pub fn infer_year(
    r: NaiveDate,
    m: u32,
    d: Option<u32>,
    shift: Option<Shift>,
    tense: Option<Tense>,
) -> i32 {
    let y = r.year();
    let rm = r.month();
    match shift {
        // `last February` told in March: the month just gone would be `last month`, so the
        // one of the year before.
        Some(Shift::Last) => return if m + 1 < rm { y } else { y - 1 },
        Some(Shift::Next) => return if m > rm { y } else { y + 1 },
        Some(Shift::This) => return y,
        None => {}
    }
    // Positions in days (month-only: mid-month).
    let pos = |yy: i32| -> i64 {
        let day = d.unwrap_or(15).min(28);
        NaiveDate::from_ymd_opt(yy, m, day).map_or(0, |x| x.num_days_from_ce() as i64)
    };
    let now = if d.is_some() {
        r.num_days_from_ce() as i64
    } else {
        NaiveDate::from_ymd_opt(y, rm, 15).map_or(0, |x| x.num_days_from_ce() as i64)
    };
    let past = [y, y - 1].into_iter().find(|&yy| pos(yy) <= now).unwrap_or(y - 1);
    let future = [y, y + 1].into_iter().find(|&yy| pos(yy) >= now).unwrap_or(y + 1);
    let nearest = if now - pos(past) <= pos(future) - now { past } else { future };
    // A past clause reaches back ten months (`in January` told in late October), a future
    // clause forward nine; a month alone, counted mid-month to mid-month, ten months either
    // way (`changed ... in December` told in October, `a mission in December` told in March).
    let (far_back, far) = if d.is_none() { (310, 310) } else { (300, 270) };
    match tense {
        Some(Tense::Past) if now - pos(past) <= far_back => past,
        Some(Tense::Future) if pos(future) - now <= far => future,
        // No tense: a month of the publication year unless it is more than seven months away
        // (`from $29.75 in March` in October, `by August` in February).
        None if d.is_none() && m.abs_diff(rm) <= 7 => y,
        _ => nearest,
    }
}

/// The year of the occurrence of month `m` nearest `r`, counted in months; halfway, the one to
/// come (`by August` told in February).
pub fn nearest_year(r: NaiveDate, m: u32) -> i32 {
    let now = r.year() * 12 + r.month() as i32;
    [r.year() + 1, r.year(), r.year() - 1]
        .into_iter()
        .min_by_key(|&y| (y * 12 + m as i32 - now).abs())
        .unwrap_or(r.year())
}

/// The date of a weekday named relative to `r`.
///
/// News convention: a bare weekday in a past-tense clause is the most recent such day (the
/// same day included); in a future clause, the coming one; `last`/`next` skip the same day.
pub fn weekday_date(
    r: NaiveDate,
    day: u32,
    shift: Option<Shift>,
    tense: Option<Tense>,
) -> NaiveDate {
    let rw = r.weekday().number_from_monday();
    let back = ((rw + 7 - day) % 7) as i64;
    let fwd = ((day + 7 - rw) % 7) as i64;
    let delta = match shift {
        Some(Shift::Last) => -(if back == 0 { 7 } else { back }),
        Some(Shift::Next) => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Some(Shift::This) => day as i64 - rw as i64,
        None => match tense {
            Some(Tense::Future) => fwd,
            Some(Tense::Present) if fwd < back => fwd,
            _ => -back,
        },
    };
    add_days(r, delta).unwrap_or(r)
}

/// The year (of the season's start) of a season named without one.
fn season_year(r: NaiveDate, season: Season, shift: Option<Shift>, tense: Option<Tense>) -> i32 {
    // Season instances as (year, start month index counted in months since year 0).
    let start = |y: i32| y * 12 + season.start_month() as i32 - 1;
    let now = r.year() * 12 + r.month() as i32 - 1;
    let candidates = [r.year() - 1, r.year(), r.year() + 1];
    let containing = candidates.iter().copied().find(|&y| start(y) <= now && now < start(y) + 3);
    let last = candidates.iter().copied().filter(|&y| start(y) + 3 <= now).max();
    let next = candidates.iter().copied().filter(|&y| start(y) > now).min();
    let fallback = r.year();
    match shift {
        Some(Shift::Last) => last.unwrap_or(fallback - 1),
        Some(Shift::Next) => next.unwrap_or(fallback + 1),
        // `this summer`: the one of this (season) year.
        Some(Shift::This) => {
            if season == Season::Winter && r.month() <= 2 {
                r.year() - 1
            } else {
                r.year()
            }
        }
        None => containing.unwrap_or_else(|| match tense {
            Some(Tense::Past) => last.unwrap_or(fallback),
            Some(_) => next.unwrap_or(fallback),
            // No tense: the nearer of the one just ended and the one to come.
            None => match (last, next) {
                (Some(l), Some(n)) if now - (start(l) + 2) <= start(n) - now => l,
                (_, Some(n)) => n,
                (Some(l), None) => l,
                (None, None) => fallback,
            },
        }),
    }
}

/// The TIMEX3 duration value (`P2M`, `PT3H`, `PXY`).
pub fn fmt_duration(qty: Qty, unit: Unit) -> String {
    // A fraction goes down a unit when that makes it whole: 2 1/2 years → `P2Y6M`, 5 1/2
    // hours → `PT5H30M`.
    if let Qty::Exact(v) = qty {
        let whole = v.trunc();
        let lower = match unit {
            Unit::Year => Some((12.0, "M", false)),
            Unit::Month => None,
            Unit::Week => Some((7.0, "D", false)),
            Unit::Day => Some((24.0, "H", true)),
            Unit::Hour => Some((60.0, "M", true)),
            Unit::Minute => Some((60.0, "S", true)),
            _ => None,
        };
        if let Some((per, code, clock_part)) = lower.filter(|_| v.fract() != 0.0 && whole >= 1.0) {
            let rest = v.fract() * per;
            if rest.fract() == 0.0 {
                let head = fmt_duration(Qty::Exact(whole), unit);
                let t = if clock_part && !head.contains('T') { "T" } else { "" };
                return format!("{head}{t}{}{code}", rest as i64);
            }
        }
    }
    let n = |mult: f64| match qty {
        Qty::Exact(v) => {
            let v = v * mult;
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        }
        Qty::Vague => "X".to_string(),
    };
    match unit {
        Unit::Second => format!("PT{}S", n(1.0)),
        Unit::Minute => format!("PT{}M", n(1.0)),
        Unit::Hour => format!("PT{}H", n(1.0)),
        Unit::Day => format!("P{}D", n(1.0)),
        Unit::Week => format!("P{}W", n(1.0)),
        Unit::Weekend => format!("P{}WE", n(1.0)),
        Unit::Fortnight => format!("P{}W", n(2.0)),
        Unit::Month => format!("P{}M", n(1.0)),
        Unit::Quarter => format!("P{}Q", n(1.0)),
        Unit::Year => format!("P{}Y", n(1.0)),
        Unit::Decade => match qty {
            Qty::Exact(_) => format!("P{}Y", n(10.0)),
            Qty::Vague => "PXDE".to_string(),
        },
        Unit::Century => format!("P{}CE", n(1.0)),
    }
}
