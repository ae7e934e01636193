//! The temporal grammar: one left-to-right pass over atoms that recognizes temporal
//! expressions and records what they mean before resolution ([`Sem`]).
//!
//! Every pattern starts from a lexicon hit (a month, weekday, unit, number, ...) so atoms that
//! are not in the lexicon cost one table lookup and nothing more.

use crate::atoms::{Atom, AtomKind};
use crate::lexicon::{
    Direction, Gram, Holiday, Lex, Modifier, PartOfDay, RefKind, Season, Shift, Tense, Unit,
};

/// A count in a duration: exact (`two`, `1.5`) or vague (`several`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Qty {
    Exact(f64),
    Vague,
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub hour: u32,
    pub minute: Option<u32>,
    /// UTC offset in minutes.
    pub zone: Option<i32>,
}

/// What an expression means, before it is resolved against a reference date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sem {
    /// A calendar date with the parts written; a missing year is inferred.
    Date { year: Option<i32>, month: Option<u32>, day: Option<u32> },
    /// A month name without a year (`in October`, `last April`).
    Month { month: u32, shift: Option<Shift> },
    /// `July last year`: a month of a year named relative to the reference.
    MonthOfYear { month: u32, year_shift: i32 },
    /// A weekday name (`Tuesday`, `next Friday`).
    Weekday { day: u32, shift: Option<Shift> },
    /// `yesterday`, `today`, `tomorrow`.
    DayOffset(i32),
    /// `last week`, `this year`, `next month`.
    ShiftUnit { shift: Shift, unit: Unit },
    /// A season, with its year if written.
    Season { season: Season, year: Option<i32>, shift: Option<Shift> },
    /// A quarter (`q` 1..=4) or half (`half` true, `q` 1..=2); `q == 0` means "the latest".
    /// `year_shift` is set by `last year's third quarter`.
    Quarter { q: u32, half: bool, year: Option<i32>, year_shift: Option<i32> },
    /// `the quarter ended Sept. 30`: the quarter that closes on that day (year if written).
    QuarterEnded { year: Option<i32>, month: u32, day: u32 },
    /// `the latest quarter`, `the latest period`: the last quarter completed.
    LatestQuarter,
    /// `the 1990s` → 199.
    Decade(i32),
    /// `the 20th century` → 19.
    Century(i32),
    /// `two years ago`, `three weeks from now`: a date at the unit's granularity.
    Ago { qty: Qty, unit: Unit, forward: bool },
    /// `a year earlier`, `year-ago`: a date before the expression in focus.
    Earlier { qty: Qty, unit: Unit, forward: bool },
    /// `a day later`, `two months after`: a duration anchored on another expression.
    AnchoredDuration { qty: Qty, unit: Unit },
    /// `the next day`, `the previous week`: a date relative to another expression.
    Following { unit: Unit, offset: i32 },
    /// `two years`, `24 hours`, `several months`.
    Duration { qty: Qty, unit: Unit },
    /// `every week`, `weekly`, `twice a year`.
    Set { qty: Qty, unit: Unit },
    /// `every Monday`, `Tuesday nights`.
    SetWeekday { day: u32 },
    /// `each July`, `every March`.
    SetMonth { month: u32 },
    /// `the previous Friday`, `the following Monday`: the weekday before (`offset` -1) or after
    /// (+1) the day in focus.
    WeekdayFrom { day: u32, offset: i32 },
    /// `Thanksgiving`, `Election Day`, `Easter week`, with its year if written; `week` for the
    /// week containing it.
    Holiday { holiday: Holiday, year: Option<i32>, shift: Option<Shift>, week: bool },
    /// `that day`, `that year`, `later that month`: the unit of the last date named.
    ThatUnit { unit: Unit },
    /// `the week of March 6`: the week containing that day.
    WeekOf { year: Option<i32>, month: u32, day: u32 },
    /// `now`, `recently`, `the future`.
    Ref(RefKind),
    /// A time of day with no date written (`3 p.m.`): dated by its neighbours.
    ClockOnly,
}

/// One recognized expression: atoms `first..last`, its meaning and decorations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    pub first: usize,
    pub last: usize,
    pub sem: Sem,
    pub part_of_day: Option<PartOfDay>,
    pub clock: Option<Clock>,
}

impl Mention {
    fn new(first: usize, last: usize, sem: Sem) -> Self {
        Mention { first, last, sem, part_of_day: None, clock: None }
    }
}

/// Document-level conventions found in a first pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Conventions {
    /// Numeric dates are day-first (`15/09/2023`).
    pub day_first: bool,
    /// Numeric dates were ambiguous and no evidence decided their order.
    pub ambiguous_order: bool,
}

/// The grammar over one document's atoms.
pub struct Grammar<'a> {
    atoms: &'a [Atom],
    text: &'a str,
    conv: Conventions,
}

const NO_LEX: Lex = Lex {
    month: 0,
    month_abbr: false,
    month_ambiguous: false,
    weekday: 0,
    weekday_plural: false,
    number: None,
    ordinal: None,
    unit: None,
    unit_plural: false,
    season: None,
    part_of_day: None,
    part_of_day_plural: None,
    shift: None,
    day_offset: None,
    reference: None,
    set_adverb: None,
    modifier: None,
    approx: false,
    vague_count: false,
    direction: None,
    tense: None,
    not_year_before: false,
    year_event_noun: false,
    temporal_prep: false,
    clock_word: None,
    zone: None,
    decade_word: None,
    holiday: None,
    gram: None,
};

impl<'a> Grammar<'a> {
    pub fn new(atoms: &'a [Atom], text: &'a str) -> Self {
        let mut g = Grammar { atoms, text, conv: Conventions::default() };
        g.conv = g.find_conventions();
        g
    }

    pub fn conventions(&self) -> Conventions {
        self.conv
    }

    /// All mentions, left to right, not overlapping.
    pub fn mentions(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.atoms.len() {
            match self.mention_at(i) {
                Some(m) if m.last > i => {
                    i = m.last;
                    out.push(m);
                    if let Some(second) = self.second_day_at(&m) {
                        if let (Sem::Date { year: y2 @ Some(_), .. }, Some(first)) =
                            (second.sem, out.last_mut())
                        {
                            // `April 24 and 25, 1999`: the year covers both days.
                            if let Sem::Date { year, .. } = &mut first.sem {
                                *year = y2;
                            }
                        }
                        i = second.last;
                        out.push(second);
                    }
                }
                _ => i += 1,
            }
        }
        out
    }

    /// `April 24 and 25`: the second day of a pair named after a month and day, a date of its
    /// own in the same month.
    fn second_day_at(&self, m: &Mention) -> Option<Mention> {
        let Sem::Date { year: None, month: Some(month), day: Some(_) } = m.sem else {
            return None;
        };
        let j = m.last;
        if !(self.is_gram(j, Gram::And) || self.str(j).eq_ignore_ascii_case("or")) {
            return None;
        }
        let (d, len) = self.digits(j + 1)?;
        // `May 3 and 4 percent`, `June 5 and 6.5`: a count, not a day.
        let count_word = |w: &str| {
            ["percent", "cents", "points", "million", "billion", "times", "per"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        };
        if len > 2
            || !(1..=31).contains(&d)
            || self.lex(j + 2).unit.is_some()
            || count_word(self.str(j + 2))
            || (self.joined(j + 2)
                && (self.is_punct(j + 2, b'%')
                    || (self.atom(j + 2).is_some_and(|a| a.kind == AtomKind::Punct)
                        && self.joined(j + 3)
                        && self.digits(j + 3).is_some())))
        {
            return None;
        }
        let mut end = j + 2;
        if self.is_gram(end, Gram::OrdinalSuffix) {
            end += 1;
        }
        let k = self.skip_comma(end);
        let year = self.year_value_at(k);
        if year.is_some() {
            end = k + 1;
        }
        if !valid_date(year.unwrap_or(2000), month, d) {
            return None;
        }
        Some(Mention::new(j + 1, end, Sem::Date { year, month: Some(month), day: Some(d) }))
    }

    // ----- atom helpers -------------------------------------------------------------------

    fn atom(&self, i: usize) -> Option<&Atom> {
        self.atoms.get(i)
    }

    fn lex(&self, i: usize) -> &'static Lex {
        match self.atoms.get(i) {
            Some(a) if a.kind == AtomKind::Alpha => a.lex.unwrap_or(&NO_LEX),
            _ => &NO_LEX,
        }
    }

    fn gram(&self, i: usize) -> Option<Gram> {
        self.lex(i).gram
    }

    fn is_gram(&self, i: usize, g: Gram) -> bool {
        self.gram(i) == Some(g)
    }

    /// `the business daily`, `a weekly`, `the financial weekly Kommersant`: a frequency word
    /// used as the noun for a newspaper, after a determiner or a periodical's adjective.
    fn is_periodical(&self, i: usize) -> bool {
        let word = |k: usize| self.str(k).to_ascii_lowercase();
        let determiner =
            |w: &str| matches!(w, "a" | "an" | "the" | "this" | "that" | "its" | "their");
        if i == 0 {
            return false;
        }
        let prev = word(i - 1);
        // `the Communist Party daily Granma`: between a name and a name.
        let between_names = self.cap(i - 1)
            && !self.is_sentence_start(i - 1)
            && self.cap(i + 1)
            && self.lex(i + 1).month == 0
            && self.lex(i + 1).weekday == 0;
        determiner(&prev)
            || between_names
            || (i >= 2
                && crate::lexicon::PERIODICAL_ADJECTIVES.contains(&prev.as_str())
                && (determiner(&word(i - 2)) || word(i - 2) == "s"))
    }

    fn str(&self, i: usize) -> &str {
        self.atoms.get(i).map_or("", |a| &self.text[a.start..a.end])
    }

    fn is_punct(&self, i: usize, c: u8) -> bool {
        self.atoms.get(i).is_some_and(|a| a.kind == AtomKind::Punct && a.byte == c)
    }

    /// Atom `i` exists and touches the previous atom (no space between).
    fn joined(&self, i: usize) -> bool {
        self.atoms.get(i).is_some_and(|a| !a.space_before)
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        self.atoms.get(i).filter(|a| a.kind == AtomKind::Digit).map(|a| (a.value, a.len()))
    }

    fn is_alpha(&self, i: usize) -> bool {
        self.atoms.get(i).is_some_and(|a| a.kind == AtomKind::Alpha)
    }

    fn cap(&self, i: usize) -> bool {
        self.atoms.get(i).is_some_and(|a| a.cap)
    }

    /// Skip a period glued to atom `i - 1` (`Sept.`), returning the next index.
    fn skip_period(&self, i: usize) -> usize {
        if self.is_punct(i, b'.') && self.joined(i) {
            i + 1
        } else {
            i
        }
    }

    /// Skip a comma at `i`.
    fn skip_comma(&self, i: usize) -> usize {
        if self.is_punct(i, b',') {
            i + 1
        } else {
            i
        }
    }

    // ----- document conventions ------------------------------------------------------------

    fn find_conventions(&self) -> Conventions {
        let mut day_first_votes = 0i32;
        let mut month_first_votes = 0i32;
        let mut ambiguous = false;
        let mut text_day_first = 0i32;
        let mut text_month_first = 0i32;
        for i in 0..self.atoms.len() {
            if let Some((a, _)) = self.digits(i) {
                if let Some((_, b, _, _)) = self.slash_date(i) {
                    if a > 12 && b <= 12 {
                        day_first_votes += 1;
                    } else if b > 12 && a <= 12 {
                        month_first_votes += 1;
                    } else if a <= 12 && b <= 12 && a != b {
                        ambiguous = true;
                    }
                }
                if (1..=31).contains(&a) && self.lex(i + 1).month > 0 && self.cap(i + 1) {
                    text_day_first += 1;
                }
            } else if self.lex(i).month > 0 && self.cap(i) {
                let j = self.skip_period(i + 1);
                if self.digits(j).is_some_and(|(d, len)| (1..=31).contains(&d) && len <= 2) {
                    text_month_first += 1;
                }
            }
        }
        let day_first = if day_first_votes != month_first_votes {
            day_first_votes > month_first_votes
        } else {
            text_day_first > text_month_first
        };
        Conventions {
            day_first,
            ambiguous_order: ambiguous && day_first_votes == 0 && month_first_votes == 0,
        }
    }

    /// `a/b/yyyy` at `i`: (a, b, year, end).
    fn slash_date(&self, i: usize) -> Option<(u32, u32, i32, usize)> {
        let (a, la) = self.digits(i)?;
        let sep = self.atom(i + 1)?;
        if sep.kind != AtomKind::Punct
            || !(sep.byte == b'/' || sep.byte == b'.')
            || sep.space_before
        {
            return None;
        }
        let c = sep.byte;
        let (b, lb) = self.digits(i + 2).filter(|_| self.joined(i + 2))?;
        if !self.is_punct(i + 3, c) || !self.joined(i + 3) || !self.joined(i + 4) {
            return None;
        }
        let (y, ly) = self.digits(i + 4)?;
        if la > 2 || lb > 2 || !(ly == 4 || ly == 2) || a == 0 || b == 0 {
            return None;
        }
        // `1.5.2023` is a date only with a four-digit year.
        if c == b'.' && ly != 4 {
            return None;
        }
        // Not part of a longer run (`1/2/3/4`, version numbers).
        if self.joined(i + 5)
            && (self.is_punct(i + 5, c) || self.digits(i + 5).is_some() || self.is_alpha(i + 5))
        {
            return None;
        }
        let year = if ly == 2 { 2000 + y as i32 } else { y as i32 };
        Some((a, b, year, i + 5))
    }

    // ----- dispatch ------------------------------------------------------------------------

    fn mention_at(&self, i: usize) -> Option<Mention> {
        let a = self.atom(i)?;
        match a.kind {
            AtomKind::Digit => self.numeric_at(i),
            AtomKind::Punct => self.apostrophe_decade_at(i),
            AtomKind::Alpha => {
                let lex = a.lex?;
                self.alpha_at(i, lex)
            }
        }
    }

    fn alpha_at(&self, i: usize, lex: &'static Lex) -> Option<Mention> {
        if let Some(g) = lex.gram {
            let m = match g {
                Gram::The => self.the_at(i),
                Gram::Fiscal | Gram::Fy | Gram::Q | Gram::H => self.fiscal_at(i),
                Gram::Every => self.every_at(i),
                Gram::Once | Gram::Twice => self.frequency_at(i),
                Gram::Tonight => Some(self.with_part_of_day(
                    Mention::new(i, i + 1, Sem::DayOffset(0)),
                    Some(PartOfDay::Night),
                )),
                Gram::End | Gram::Beginning | Gram::Middle => self.end_of_at(i, i),
                Gram::These => self.these_days_at(i),
                Gram::That => self.that_unit_at(i, i),
                Gram::More | Gram::Less | Gram::Up => self.approx_at(i),
                Gram::At => self.at_least_at(i).or_else(|| self.at_the_time_at(i)),
                Gram::A => self.duration_family_at(i, i),
                Gram::Present => None,
                _ => None,
            };
            if m.is_some() {
                return m;
            }
        }
        if lex.holiday.is_some() {
            if let Some(m) = self.holiday_at(i, i, None) {
                return Some(m);
            }
        }
        if lex.month > 0 {
            if let Some(m) = self.month_at(i) {
                return Some(m);
            }
        }
        if lex.weekday > 0 {
            if let Some(m) = self.weekday_at(i) {
                return Some(m);
            }
        }
        if let Some(d) = lex.day_offset {
            // `This is VOA Today`, `USA Today`: a capitalized day word after a name is the
            // name of a programme or a newspaper.
            if self.cap(i) && !self.is_sentence_start(i) && self.name_before(i) {
                return None;
            }
            if self.generic_day_word(i) {
                return None;
            }
            return Some(self.day_word_at(i, d));
        }
        if lex.shift.is_some() {
            if let Some(m) = self.shift_at(i, i) {
                return Some(m);
            }
        }
        if let Some(m) = lex.modifier {
            if let Some(x) = self.modifier_at(i, m) {
                return Some(x);
            }
        }
        if lex.direction.is_some() {
            if let Some(x) = self.earlier_this_at(i) {
                return Some(x);
            }
        }
        if lex.approx {
            if let Some(x) = self.approx_at(i) {
                return Some(x);
            }
        }
        if let Some(r) = lex.reference {
            // `as soon as`, `how soon`
            if r == RefKind::Future && i > 0 && self.is_gram(i + 1, Gram::As) {
                return None;
            }
            // `Now, he says, ...`: a sentence-initial `Now` set off by a comma is a discourse
            // marker, not a time.
            if r == RefKind::Present
                && self.str(i).eq_ignore_ascii_case("now")
                && self.is_sentence_start(i)
                && self.is_punct(i + 1, b',')
            {
                return None;
            }
            // `soon after the vote`, `soon before`: a relation to an event, not to the
            // publication date; `he was soon released`: soon after a time already told.
            if r == RefKind::Future
                && (["after", "before", "afterwards", "thereafter"]
                    .iter()
                    .any(|w| self.str(i + 1).eq_ignore_ascii_case(w))
                    || (i > 0 && self.tense_of(i - 1) == Some(Tense::Past))
                    || self.tense_of(i + 1) == Some(Tense::Past))
            {
                return None;
            }
            return Some(Mention::new(i, i + 1, Sem::Ref(r)));
        }
        if lex.gram == Some(Gram::Recent) {
            // `in recent years`, `recent weeks`: a stretch of unstated length up to now
            // (`PXY`, `PXW`), as the TempEval-3 training gold writes 7 of its 12 cases (the
            // rest `PAST_REF`).
            if let Some(unit) = self.lex(i + 1).unit.filter(|_| self.lex(i + 1).unit_plural) {
                return Some(Mention::new(i, i + 2, Sem::Duration { qty: Qty::Vague, unit }));
            }
        }
        if let Some(u) = lex.set_adverb {
            // `quarterly dividend`, `daily newspaper`: an adjective before a noun is not a set;
            // `on a daily basis` is, and so is `gather daily outside` (a preposition follows).
            let preposition = ["outside", "inside", "across", "around", "near", "along", "through"]
                .iter()
                .any(|w| self.str(i + 1).eq_ignore_ascii_case(w));
            let basis = self.str(i + 1).eq_ignore_ascii_case("basis");
            let noun_after = !preposition
                && !basis
                && self.atom(i + 1).is_some_and(|n| {
                    n.kind == AtomKind::Alpha
                        && !n.cap
                        && n.lex.is_none_or(|l| {
                            l.gram.is_none() && !l.temporal_prep && l.tense.is_none()
                        })
                });
            if noun_after || (self.is_periodical(i) && !basis) {
                return None;
            }
            return Some(Mention::new(i, i + 1, Sem::Set { qty: Qty::Exact(1.0), unit: u }));
        }
        if lex.season.is_some() {
            if let Some(m) = self.season_at(i, i, None) {
                return Some(m);
            }
        }
        if lex.ordinal.is_some() {
            if let Some(m) = self.quarter_at(i, i) {
                return Some(m);
            }
        }
        if lex.number.is_some() || lex.vague_count {
            if let Some(m) = self.duration_family_at(i, i) {
                return Some(m);
            }
            if let Some(m) = self.spoken_year_at(i) {
                return Some(m);
            }
        }
        if lex.unit == Some(Unit::Year) {
            // `year-ago`, `year-earlier` (adjectives in earnings reports).
            if let Some(m) = self.year_ago_adjective_at(i, i) {
                return Some(m);
            }
        }
        if let Some(u) = lex.unit {
            // `a day-long meeting`, `decades-long`: a stretch of the unit.
            if self.is_punct(i + 1, b'-')
                && self.joined(i + 1)
                && self.joined(i + 2)
                && self.str(i + 2).eq_ignore_ascii_case("long")
                && u != Unit::Weekend
            {
                let qty = if lex.unit_plural { Qty::Vague } else { Qty::Exact(1.0) };
                return Some(Mention::new(i, i + 3, Sem::Duration { qty, unit: u }));
            }
            if lex.unit_plural && u != Unit::Weekend {
                // `for years`, `in recent months` are handled by their triggers; a bare plural
                // unit after `for` is a vague duration.
                // `for the first time in years.`, `the lowest in decades,`: a bare plural
                // closing its clause after `in` is a stretch of unstated length too.
                let in_closing = i > 0
                    && self.is_gram(i - 1, Gram::In)
                    && self.atom(i + 1).is_none_or(|n| {
                        n.kind == AtomKind::Punct
                            && matches!(n.byte, b'.' | b',' | b';' | b'!' | b'?')
                    });
                // `within weeks`, `within days or months of the crash`: the same.
                let for_within = i > 0
                    && (self.str(i - 1).eq_ignore_ascii_case("for")
                        || self.str(i - 1).eq_ignore_ascii_case("within"));
                if for_within || in_closing {
                    return Some(Mention::new(
                        i,
                        i + 1,
                        Sem::Duration { qty: Qty::Vague, unit: u },
                    ));
                }
            }
        }
        if lex.clock_word.is_some() {
            return self.clock_word_at(i);
        }
        None
    }

    // ----- numbers -------------------------------------------------------------------------

    /// A count at `i`: digits (`24`, `1.5`), number words (`twenty-four`, `a couple of`),
    /// vague counts (`several`, `a few`). Returns (end, qty).
    fn number_at(&self, i: usize) -> Option<(usize, Qty)> {
        let a = self.atom(i)?;
        let (mut end, mut qty) = match a.kind {
            AtomKind::Digit => {
                if a.len() > 6 {
                    return None;
                }
                // Part of a bigger number or a date (`1,200`, `9/11`, `2023-09`)?
                if i > 0
                    && !a.space_before
                    && self.atoms[i - 1].kind == AtomKind::Punct
                    && matches!(self.atoms[i - 1].byte, b',' | b'.' | b'/' | b':')
                    && i > 1
                    && self.atoms[i - 2].kind == AtomKind::Digit
                {
                    return None;
                }
                if self.joined(i + 1)
                    && matches!(self.atom(i + 1).map(|x| x.byte), Some(b',' | b'/' | b':'))
                    && self.digits(i + 2).is_some()
                    && self.joined(i + 2)
                {
                    return None;
                }
                if self.is_punct(i + 1, b'.') && self.joined(i + 1) && self.joined(i + 2) {
                    if let Some((frac, len)) = self.digits(i + 2) {
                        let v = a.value as f64 + frac as f64 / 10f64.powi(len as i32);
                        (i + 3, Qty::Exact(v))
                    } else {
                        (i + 1, Qty::Exact(a.value as f64))
                    }
                } else if let Some(frac) = self.simple_fraction_at(i + 1) {
                    // `2 1/2 years`
                    (i + 4, Qty::Exact(a.value as f64 + frac))
                } else {
                    (i + 1, Qty::Exact(a.value as f64))
                }
            }
            AtomKind::Alpha => {
                let lex = self.lex(i);
                if let Some(n) = lex.number {
                    let mut n = n;
                    let mut end = i + 1;
                    // `twenty-four`, `twenty four`
                    if n >= 20 && n % 10 == 0 && n < 100 {
                        let k = if self.is_punct(end, b'-') && self.joined(end) {
                            end + 1
                        } else {
                            end
                        };
                        if let Some(u) = self.lex(k).number.filter(|&u| u < 10) {
                            n += u;
                            end = k + 1;
                        }
                    }
                    if self.lex(end).number == Some(100) && n < 10 {
                        n *= 100;
                        end += 1;
                    }
                    (end, Qty::Exact(n as f64))
                } else if lex.gram == Some(Gram::A) {
                    // `a`, `a couple of`, `a few`, `a dozen`, `a half`
                    let next = self.lex(i + 1);
                    if next.vague_count && self.str(i + 1).eq_ignore_ascii_case("couple") {
                        let e = if self.is_gram(i + 2, Gram::Of) { i + 3 } else { i + 2 };
                        (e, Qty::Exact(2.0))
                    } else if next.vague_count && self.str(i + 1).eq_ignore_ascii_case("few") {
                        (i + 2, Qty::Vague)
                    } else if next.number == Some(12) {
                        (i + 2, Qty::Exact(12.0))
                    } else {
                        (i + 1, Qty::Exact(1.0))
                    }
                } else if lex.vague_count {
                    if self.str(i).eq_ignore_ascii_case("couple") {
                        // `the next couple of years`
                        if !self.is_gram(i + 1, Gram::Of) {
                            return None;
                        }
                        (i + 2, Qty::Exact(2.0))
                    } else {
                        (i + 1, Qty::Vague)
                    }
                } else {
                    return None;
                }
            }
            AtomKind::Punct => return None,
        };
        // `two and a half`
        if let Qty::Exact(v) = qty {
            if self.is_gram(end, Gram::And)
                && self.is_gram(end + 1, Gram::A)
                && self.is_gram(end + 2, Gram::Half)
            {
                qty = Qty::Exact(v + 0.5);
                end += 3;
            }
        }
        Some((end, qty))
    }

    /// A fraction `1/2`, `3/4` written apart from the whole number before it (`2 1/2`).
    fn simple_fraction_at(&self, i: usize) -> Option<f64> {
        let (num, _) = self.digits(i)?;
        let (den, _) = self.digits(i + 2)?;
        let spaced = self.atom(i).is_some_and(|a| a.space_before);
        (spaced
            && self.is_punct(i + 1, b'/')
            && self.joined(i + 1)
            && self.joined(i + 2)
            && matches!(den, 2 | 4)
            && num < den)
            .then(|| num as f64 / den as f64)
    }

    // ----- numeric forms -------------------------------------------------------------------

    fn numeric_at(&self, i: usize) -> Option<Mention> {
        let a = *self.atom(i)?;
        // Glued to a word or code on the left (`Su-57`, `F-16`, `$2019`, `#2020`, `1,999`)?
        if !a.space_before && i > 0 {
            let p = &self.atoms[i - 1];
            match p.kind {
                // `FY2024` and `Q3` are handled from the letters.
                AtomKind::Alpha => return None,
                AtomKind::Punct if matches!(p.byte, b'$' | b'#') || p.byte >= 0x80 => return None,
                AtomKind::Punct
                    if matches!(p.byte, b'-' | b'/' | b'.' | b',' | b':')
                        && !p.space_before
                        && i >= 2
                        && matches!(self.atoms[i - 2].kind, AtomKind::Alpha | AtomKind::Digit)
                        && self.atoms[i - 2].lex.is_none_or(|l| l.modifier.is_none()) =>
                {
                    return None
                }
                _ => {}
            }
        }
        // ISO date 2023-09-15
        if a.len() == 4
            && self.is_punct(i + 1, b'-')
            && self.joined(i + 1)
            && self.joined(i + 2)
            && self.is_punct(i + 3, b'-')
            && self.joined(i + 3)
            && self.joined(i + 4)
        {
            if let (Some((m, 2)), Some((d, 2))) = (self.digits(i + 2), self.digits(i + 4)) {
                if valid_date(a.value as i32, m, d) {
                    let mut mention = Mention::new(
                        i,
                        i + 5,
                        Sem::Date { year: Some(a.value as i32), month: Some(m), day: Some(d) },
                    );
                    // `2023-09-15T10:30`
                    if self.str(i + 5) == "T" && self.joined(i + 5) {
                        if let Some((end, clock)) = self.clock_digits_at(i + 6) {
                            mention.last = end;
                            mention.clock = Some(clock);
                        }
                    }
                    return Some(mention);
                }
            }
            return None;
        }
        // 9/15/2023, 15/09/2023, 15.09.2023
        if let Some((x, y, year, end)) = self.slash_date(i) {
            let (m, d) = if self.is_punct(i + 1, b'.') || self.conv.day_first || x > 12 {
                (y, x)
            } else {
                (x, y)
            };
            let (m, d) = if m > 12 && d <= 12 { (d, m) } else { (m, d) };
            if valid_date(year, m, d) {
                return Some(Mention::new(
                    i,
                    end,
                    Sem::Date { year: Some(year), month: Some(m), day: Some(d) },
                ));
            }
            return None;
        }
        // Times: 10:30, 3 p.m., 3pm
        if let Some((end, clock)) = self.clock_digits_at(i) {
            return Some(self.clock_with_date(i, end, clock));
        }
        // 15 September 2023, 15th of September
        if a.len() <= 2 && (1..=31).contains(&a.value) {
            let mut j = i + 1;
            if self.is_gram(j, Gram::OrdinalSuffix) && self.joined(j) {
                j += 1;
                if self.is_gram(j, Gram::Of) {
                    j += 1;
                }
            }
            let lex = self.lex(j);
            if lex.month > 0 && (self.cap(j) || self.atom(j).is_some_and(|x| x.upper)) {
                let month = lex.month as u32;
                let mut end = self.skip_period(j + 1);
                let mut year = None;
                let k = self.skip_comma(end);
                if let Some(y) = self.year_value_at(k) {
                    year = Some(y);
                    end = k + 1;
                }
                if valid_date(year.unwrap_or(2000), month, a.value) {
                    return Some(Mention::new(
                        i,
                        end,
                        Sem::Date { year, month: Some(month), day: Some(a.value) },
                    ));
                }
            }
            // 20th century
            if self.is_gram(i + 1, Gram::OrdinalSuffix)
                && self.joined(i + 1)
                && self.lex(i + 2).unit == Some(Unit::Century)
            {
                return Some(Mention::new(i, i + 3, Sem::Century(a.value as i32 - 1)));
            }
        }
        // `1988 third quarter`
        if a.len() == 4 && self.lex(i + 1).ordinal.is_some() {
            if let Some(y) = self.year_value_at(i) {
                if let Some(q) = self.quarter_at(i + 1, i + 1) {
                    if let Sem::Quarter { q, half, year: None, .. } = q.sem {
                        let last = self.quarter_at(i + 1, i + 1).map_or(i + 1, |m| m.last);
                        let first = if i > 0 && self.is_gram(i - 1, Gram::The) { i - 1 } else { i };
                        return Some(Mention::new(
                            first,
                            last,
                            Sem::Quarter { q, half, year: Some(y), year_shift: None },
                        ));
                    }
                }
            }
        }
        // Years and decades
        if a.len() == 4 {
            if let Some(m) = self.year_at(i) {
                return Some(m);
            }
        }
        self.duration_family_at(i, i)
    }

    /// A four-digit year at `i` (no checks on context), for `Sept. 15, 2023`.
    fn year_value_at(&self, i: usize) -> Option<i32> {
        let (y, len) = self.digits(i)?;
        if len != 4 || !(1000..=2100).contains(&y) {
            return None;
        }
        if self.joined(i + 1)
            && (self.digits(i + 1).is_some()
                || self.is_alpha(i + 1)
                || (self.atom(i + 1).is_some_and(|a| matches!(a.byte, b',' | b'.' | b'%' | b'-'))
                    && self.joined(i + 2)
                    && self.digits(i + 2).is_some()))
        {
            return None;
        }
        Some(y as i32)
    }

    /// A stand-alone year or decade at `i`.
    fn year_at(&self, i: usize) -> Option<Mention> {
        let a = self.atom(i)?;
        let y = a.value;
        // Decade: 1990s, 1990's
        if (1000..=2100).contains(&y) && y % 10 == 0 {
            if self.str(i + 1) == "s" && self.joined(i + 1) {
                return Some(Mention::new(i, i + 2, Sem::Decade(y as i32 / 10)));
            }
            if self.is_punct(i + 1, b'\'') && self.str(i + 2) == "s" && self.joined(i + 2) {
                return Some(Mention::new(i, i + 3, Sem::Decade(y as i32 / 10)));
            }
        }
        let year = self.year_value_at(i)?;
        if !(1600..=2100).contains(&year) {
            return None;
        }
        if self.joined(i + 1) && self.is_punct(i + 1, b'%') {
            return None;
        }
        // `page 2019`, `No. 2019`, `flight 2019`
        let mut p = i;
        if p > 0 && self.is_punct(p - 1, b'.') {
            p -= 1;
        }
        if p > 0 && self.lex(p - 1).not_year_before {
            return None;
        }
        // `a venture called Orion 1980`: a number right after a name inside a sentence is part
        // of the name (a temporal word before it, `Since 1985`, `July 1988`, is in the lexicon).
        if self.name_before(i) {
            return None;
        }
        // A count: `2000 people`, `1500 troops`.
        let next = self.lex(i + 1);
        // `Kopp's 1987 Chevrolet`: after a possessive, before a name, a model year.
        if i >= 2
            && self.str(i - 1) == "s"
            && self.is_punct(i - 2, b'\'')
            && self.cap(i + 1)
            && next.month == 0
            && next.season.is_none()
        {
            return None;
        }
        if let Some(n) = self.atom(i + 1) {
            if n.kind == AtomKind::Alpha && !n.cap && n.space_before {
                let w = self.str(i + 1);
                let plural_noun = w.len() > 3
                    && w.ends_with('s')
                    && n.lex.is_none_or(|l| {
                        l.unit.is_none() && l.tense.is_none() && l.gram.is_none() && !l.approx
                    })
                    && !w.ends_with("ss");
                let determiner_before = i > 0
                    && (self.is_gram(i - 1, Gram::The)
                        || self.is_gram(i - 1, Gram::A)
                        || self.is_gram(i - 1, Gram::Determiner));
                if plural_noun && !next.year_event_noun {
                    return None;
                }
                // `the 2019 model`, `a 1961 vintage`: a determiner, the number, then a product
                // noun. Other nouns keep the year (`the 1998 bombing`, `the 1959 trade embargo`).
                if determiner_before && crate::lexicon::is_model_year_noun(w) {
                    return None;
                }
            }
        }
        // `the 1988 quarter`, `the 1989 period`: in an earnings report, the quarter in focus of
        // that year.
        if i > 0 && self.is_gram(i - 1, Gram::The) {
            let k = i + 1;
            if (next.unit == Some(Unit::Quarter) && !next.unit_plural)
                || self.is_gram(k, Gram::Period)
            {
                return Some(Mention::new(
                    i - 1,
                    k + 1,
                    Sem::Quarter { q: 0, half: false, year: Some(year), year_shift: None },
                ));
            }
        }
        Some(Mention::new(i, i + 1, Sem::Date { year: Some(year), month: None, day: None }))
    }

    /// `'90s`
    fn apostrophe_decade_at(&self, i: usize) -> Option<Mention> {
        if !self.is_punct(i, b'\'') && self.str(i) != "\u{2019}" {
            return None;
        }
        let (d, len) = self.digits(i + 1)?;
        if len == 2
            && d % 10 == 0
            && self.joined(i + 1)
            && self.str(i + 2) == "s"
            && self.joined(i + 2)
        {
            // Resolved against the reference century later; store as a two-digit decade.
            return Some(Mention::new(i, i + 3, Sem::Decade(-(d as i32 / 10) - 1)));
        }
        None
    }

    /// `nineteen ninety-six`
    /// A year written in words after a month, a season or `the year`: `nineteen ninety-four`,
    /// `two thousand`, `two thousand and one`. Returns (year, end).
    fn year_words_at(&self, i: usize) -> Option<(i32, usize)> {
        if self.lex(i).number == Some(2) && self.str(i + 1).eq_ignore_ascii_case("thousand") {
            let mut end = i + 2;
            let k = if self.is_gram(end, Gram::And) { end + 1 } else { end };
            let mut year = 2000;
            if let Some((e, Qty::Exact(n))) = self.number_at(k) {
                if n.fract() == 0.0 && n < 100.0 && self.is_alpha(k) {
                    year += n as i32;
                    end = e;
                }
            }
            return Some((year, end));
        }
        let m = self.spoken_year_at(i)?;
        match m.sem {
            Sem::Date { year: Some(y), .. } => Some((y, m.last)),
            _ => None,
        }
    }

    fn spoken_year_at(&self, i: usize) -> Option<Mention> {
        let c = self.lex(i).number?;
        if !(11..=20).contains(&c) {
            return None;
        }
        let t = self.lex(i + 1).number?;
        if !(20..=90).contains(&t) || t % 10 != 0 {
            return None;
        }
        let mut end = i + 2;
        let mut v = t;
        let k = if self.is_punct(end, b'-') { end + 1 } else { end };
        if let Some(u) = self.lex(k).number.filter(|&u| u < 10) {
            v += u;
            end = k + 1;
        }
        let year = (c * 100 + v) as i32;
        Some(Mention::new(i, end, Sem::Date { year: Some(year), month: None, day: None }))
    }

    // ----- clock times ---------------------------------------------------------------------

    /// `10:30`, `10:30 a.m.`, `3 p.m.`, `3pm`, with an optional zone. Returns (end, clock).
    fn clock_digits_at(&self, i: usize) -> Option<(usize, Clock)> {
        let (h, hl) = self.digits(i)?;
        if hl > 2 || h > 24 {
            return None;
        }
        let mut end = i + 1;
        let mut minute = None;
        if self.is_punct(end, b':') && self.joined(end) && self.joined(end + 1) {
            let (m, ml) = self.digits(end + 1)?;
            if ml != 2 || m >= 60 {
                return None;
            }
            minute = Some(m);
            end += 2;
            // seconds
            if self.is_punct(end, b':') && self.joined(end) && self.digits(end + 1).is_some() {
                end += 2;
            }
        }
        let mut hour = h;
        let mer = self.meridiem_at(end);
        if let Some((e, pm)) = mer {
            if !(1..=12).contains(&h) {
                return None;
            }
            hour = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            end = e;
        } else if let Some((e, h24)) = self.hour_of_part_of_day(i, end, h, minute) {
            hour = h24;
            end = e;
        } else if minute.is_none() || (i > 0 && self.digits(i - 1).is_some()) {
            // A bare number is no time; `1 10:30` is a list or a score.
            return None;
        }
        let mut zone = None;
        if let Some(z) = self.lex(end).zone {
            if self.atom(end).is_some_and(|a| a.upper) {
                zone = Some(z);
                end += 1;
            }
        }
        Some((end, Clock { hour, minute, zone }))
    }

    /// `at 4 in the morning`, `by 9 in the evening`: the hour `h` (at atom `i`, its digits
    /// ending at `end`) told by a part of the day, after a temporal preposition.
    fn hour_of_part_of_day(
        &self,
        i: usize,
        end: usize,
        h: u32,
        minute: Option<u32>,
    ) -> Option<(usize, u32)> {
        if !(1..=12).contains(&h)
            || minute.is_some_and(|m| m >= 60)
            || i == 0
            || !self.lex(i - 1).temporal_prep
            || !self.str(end).eq_ignore_ascii_case("in")
            || !self.is_gram(end + 1, Gram::The)
        {
            return None;
        }
        let hour = match self.part_of_day_word(end + 2)? {
            PartOfDay::Morning => h % 12,
            PartOfDay::Afternoon | PartOfDay::Evening => h % 12 + 12,
            // `10 in the night`: late evening from six, small hours before.
            PartOfDay::Night if h >= 6 => h % 12 + 12,
            PartOfDay::Night => h,
            PartOfDay::Midday => return None,
        };
        Some((end + 3, hour))
    }

    /// `a.m.`, `p.m.`, `am`, `pm`, `a.m` at `i`: (end, is_pm).
    fn meridiem_at(&self, i: usize) -> Option<(usize, bool)> {
        let s = self.str(i);
        match self.gram(i) {
            Some(Gram::Am) => return Some((i + 1, false)),
            Some(Gram::Pm) => return Some((i + 1, true)),
            _ => {}
        }
        let pm = if s.eq_ignore_ascii_case("a") {
            false
        } else if s.eq_ignore_ascii_case("p") {
            true
        } else {
            return None;
        };
        if self.is_punct(i + 1, b'.')
            && self.joined(i + 1)
            && self.str(i + 2).eq_ignore_ascii_case("m")
            && self.joined(i + 2)
        {
            let end = self.skip_period(i + 3);
            return Some((end, pm));
        }
        None
    }

    /// A clock time, extended by a date written right after it (`10 p.m. Wednesday`).
    fn clock_with_date(&self, i: usize, end: usize, clock: Clock) -> Mention {
        let j = self.skip_comma(end);
        let date = if self.lex(j).weekday > 0 && self.cap(j) && !self.lex(j).weekday_plural {
            self.weekday_at(j)
        } else if self.lex(j).month > 0 {
            self.month_at(j).filter(|m| matches!(m.sem, Sem::Date { day: Some(_), .. }))
        } else if self.lex(j).day_offset.is_some() {
            Some(self.day_word_at(j, self.lex(j).day_offset.unwrap_or(0)))
        } else {
            None
        };
        match date {
            Some(d) => Mention { first: i, clock: Some(clock), part_of_day: None, ..d },
            None => Mention {
                first: i,
                last: end,
                sem: Sem::ClockOnly,
                part_of_day: None,
                clock: Some(clock),
            },
        }
    }

    fn clock_word_at(&self, i: usize) -> Option<Mention> {
        let h = self.lex(i).clock_word?;
        // Only after `at`, `by`, `until`, `before`, `after` or `around`: `noon` is otherwise a noun
        // used in names.
        if i == 0 || !(self.lex(i - 1).temporal_prep) {
            return None;
        }
        let clock = Clock { hour: h, minute: Some(0), zone: None };
        Some(self.clock_with_date(i, i + 1, clock))
    }

    // ----- names ---------------------------------------------------------------------------

    fn month_at(&self, i: usize) -> Option<Mention> {
        let a = self.atom(i)?;
        let lex = self.lex(i);
        if !(a.cap || a.upper) {
            return None;
        }
        let month = lex.month as u32;
        // Only abbreviations own a following period (`Sept.`); after a full name it ends the
        // sentence.
        let after = if lex.month_abbr { self.skip_period(i + 1) } else { i + 1 };

        // Day: `Sept. 15`, `September 15th`
        if let Some((d, len)) = self.digits(after) {
            let day_ok = len <= 2
                && (1..=31).contains(&d)
                && !(self.joined(after + 1)
                    && (self.is_punct(after + 1, b'%')
                        || ((self.is_punct(after + 1, b'.') || self.is_punct(after + 1, b':'))
                            && self.joined(after + 2)
                            && self.digits(after + 2).is_some())));
            if day_ok {
                let mut end = after + 1;
                if self.is_gram(end, Gram::OrdinalSuffix) && self.joined(end) {
                    end += 1;
                }
                let k = self.skip_comma(end);
                let mut year = None;
                if let Some(y) = self.year_value_at(k) {
                    year = Some(y);
                    end = k + 1;
                }
                if valid_date(year.unwrap_or(2000), month, d) {
                    return Some(Mention::new(
                        i,
                        end,
                        Sem::Date { year, month: Some(month), day: Some(d) },
                    ));
                }
            }
            // `September 2023`
            if let Some(y) = self.year_value_at(after) {
                return Some(Mention::new(
                    i,
                    after + 1,
                    Sem::Date { year: Some(y), month: Some(month), day: None },
                ));
            }
        }
        // `January nineteen ninety-seven` (transcribed speech)
        if let Some((y, end)) = self.year_words_at(after) {
            return Some(Mention::new(
                i,
                end,
                Sem::Date { year: Some(y), month: Some(month), day: None },
            ));
        }
        // `May of 2019`, `September, 2023`
        let k = if self.is_gram(after, Gram::Of) || self.is_punct(after, b',') {
            after + 1
        } else {
            after
        };
        if k != after {
            if let Some(y) = self.year_value_at(k) {
                return Some(Mention::new(
                    i,
                    k + 1,
                    Sem::Date { year: Some(y), month: Some(month), day: None },
                ));
            }
        }
        // `July last year`, `February this year`
        if let Some(shift) = self.lex(after).shift {
            if self.lex(after + 1).unit == Some(Unit::Year) && !self.lex(after + 1).unit_plural {
                let ys = match shift {
                    Shift::Last => -1,
                    Shift::This => 0,
                    Shift::Next => 1,
                };
                if !self.str(after).eq_ignore_ascii_case("past") {
                    return Some(Mention::new(
                        i,
                        after + 2,
                        Sem::MonthOfYear { month, year_shift: ys },
                    ));
                }
            }
        }
        // Bare month: abbreviations need a day or year; ambiguous names need a date context.
        if lex.month_abbr {
            return None;
        }
        if lex.month_ambiguous && !self.month_context_before(i) {
            return None;
        }
        // A capitalized word right after usually means a name (`October Revolution`).
        if self.cap(after)
            && self.atom(after).is_some_and(|x| x.space_before)
            && !self.lex(after).temporal_prep
            && self.lex(after).weekday == 0
        {
            return None;
        }
        if i > 0
            && self.cap(i - 1)
            && self.atom(i).is_some_and(|x| x.space_before)
            && self.lex(i - 1).gram.is_none()
            && !self.lex(i - 1).temporal_prep
            && self.lex(i - 1).shift.is_none()
            && self.lex(i - 1).modifier.is_none()
        {
            // `Theresa May`, `Justice April Smith`
            if !self.is_sentence_start(i - 1) {
                return None;
            }
        }
        Some(Mention::new(i, after.min(i + 1), Sem::Month { month, shift: None }))
    }

    /// A unit word capitalized inside a sentence of lower-case text is part of a title (`ABC's
    /// "This Week"`, `CBS's "60 Minutes"`).
    fn is_title_word(&self, i: usize) -> bool {
        self.cap(i) && !self.atoms[i].upper && !self.is_sentence_start(i) && {
            // The sentence is not itself in title case: some lower-case word precedes.
            let s = self.atoms[i].sentence;
            (i.saturating_sub(8)..i).any(|k| {
                self.atoms[k].sentence == s
                    && self.atoms[k].kind == AtomKind::Alpha
                    && !self.atoms[k].cap
                    && self.atoms[k].len() > 3
            })
        }
    }

    /// Atom `i` follows a capitalized word of no temporal meaning (not in the lexicon) that
    /// does not start its sentence: `Orion 1980`, `VOA Today`.
    fn name_before(&self, i: usize) -> bool {
        i > 0
            && self.atom(i).is_some_and(|a| a.space_before)
            && self.atoms[i - 1].kind == AtomKind::Alpha
            && self.cap(i - 1)
            && self.atoms[i - 1].lex.is_none()
            && self.atoms[i - 1].sentence == self.atoms[i].sentence
            && !self.is_sentence_start(i - 1)
    }

    /// `in today's world`, `many of today's computers`, `the people of tomorrow`: a day word
    /// standing for the present age or the future in general, not for a day.
    fn generic_day_word(&self, i: usize) -> bool {
        let word = |k: usize, w: &str| self.str(k).eq_ignore_ascii_case(w);
        if self.possessive_after(i + 1) {
            // `today's youth`; `many of today's ...`: a share of everything there is now.
            let quantified = i >= 2
                && word(i - 1, "of")
                && ["many", "most", "all", "some"].iter().any(|w| word(i - 2, w));
            return quantified || crate::lexicon::is_generic_age_noun(self.str(i + 3));
        }
        // `the people of tomorrow,`: after `of` and a noun, closing the phrase.
        i >= 2
            && word(i - 1, "of")
            && self.is_alpha(i - 2)
            && !self.cap(i - 2)
            && self.lex(i - 2).part_of_day.is_none()
            && self.lex(i - 2).unit.is_none()
            && self.lex(i - 2).gram.is_none()
            && self.atom(i + 1).is_none_or(|a| a.kind == AtomKind::Punct)
    }

    fn is_sentence_start(&self, i: usize) -> bool {
        i == 0 || self.atoms[i - 1].sentence != self.atoms[i].sentence || {
            let p = &self.atoms[i - 1];
            p.kind == AtomKind::Punct && matches!(p.byte, b'.' | b'!' | b'?' | b'"' | b'\n')
        }
    }

    /// `in May`, `last March`, `early June`, `since April`, `May-June`.
    fn month_context_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let p = self.lex(i - 1);
        // `a June agreement`, `the March accession`: a month naming when something is.
        let determiner_and_noun = matches!(p.gram, Some(Gram::A | Gram::The))
            && self.atom(i + 1).is_some_and(|n| {
                n.kind == AtomKind::Alpha
                    && !n.cap
                    && n.space_before
                    && n.lex.is_none_or(|l| l.year_event_noun && l.ordinal.is_none())
            });
        determiner_and_noun
            || (p.temporal_prep && !self.str(i - 1).eq_ignore_ascii_case("to"))
            || p.shift.is_some()
            || p.modifier.is_some()
            || (self.is_punct(i - 1, b'-')
                && self.joined(i)
                && i > 1
                && self.lex(i - 2).modifier.is_some())
    }

    fn weekday_at(&self, i: usize) -> Option<Mention> {
        let a = self.atom(i)?;
        let lex = self.lex(i);
        if !(a.cap || a.upper) {
            return None;
        }
        let day = lex.weekday as u32;
        if lex.weekday_plural {
            let mut m = Mention::new(i, i + 1, Sem::SetWeekday { day });
            if let Some(p) = self.part_of_day_word(i + 1) {
                m.part_of_day = Some(p);
                m.last = i + 2;
            }
            return Some(m);
        }
        // `Friday, Sept. 15, 2023` / `Friday Sept. 15`
        let j = self.skip_comma(i + 1);
        if self.lex(j).month > 0 {
            if let Some(m) = self.month_at(j) {
                if matches!(m.sem, Sem::Date { day: Some(_), .. }) {
                    return Some(Mention { first: i, ..m });
                }
            }
        }
        // `Tuesday nights`: every Tuesday night; `Monday and Tuesday nights`: both sets.
        let plural_pod = |k: usize| {
            self.atom(k)
                .is_some_and(|a| a.space_before)
                .then(|| self.lex(k).part_of_day_plural)
                .flatten()
        };
        if let Some(p) = plural_pod(i + 1) {
            let mut m = Mention::new(i, i + 2, Sem::SetWeekday { day });
            m.part_of_day = Some(p);
            return Some(m);
        }
        if self.is_gram(i + 1, Gram::And) && self.lex(i + 2).weekday > 0 && self.cap(i + 2) {
            if let Some(p) = plural_pod(i + 3) {
                let mut m = Mention::new(i, i + 1, Sem::SetWeekday { day });
                m.part_of_day = Some(p);
                return Some(m);
            }
        }
        let mut m = Mention::new(i, i + 1, Sem::Weekday { day, shift: None });
        if let Some(p) = self.part_of_day_word(i + 1) {
            m.part_of_day = Some(p);
            m.last = i + 2;
        }
        Some(m)
    }

    fn part_of_day_word(&self, i: usize) -> Option<PartOfDay> {
        let a = self.atom(i)?;
        if !a.space_before {
            return None;
        }
        let p = self.lex(i).part_of_day?;
        // `Friday night` but not `Friday night's` game? The possessive is fine either way.
        Some(p)
    }

    fn with_part_of_day(&self, mut m: Mention, pod: Option<PartOfDay>) -> Mention {
        m.part_of_day = pod;
        m
    }

    fn day_word_at(&self, i: usize, d: i8) -> Mention {
        let mut m = Mention::new(i, i + 1, Sem::DayOffset(d as i32));
        if let Some(p) = self.part_of_day_word(i + 1) {
            m.part_of_day = Some(p);
            m.last = i + 2;
        }
        m
    }

    // ----- relative expressions ------------------------------------------------------------

    /// `last week`, `next Friday`, `this morning`, `past three years`, ... at `i` (a shift word);
    /// the mention starts at `first`.
    fn shift_at(&self, first: usize, i: usize) -> Option<Mention> {
        let shift = self.lex(i).shift?;
        let word = self.str(i);
        // `the current fiscal year`, `last fiscal year`: the fiscal year is named like the
        // calendar one.
        let j = if self.is_gram(i + 1, Gram::Fiscal)
            && self.lex(i + 2).unit == Some(Unit::Year)
            && !self.lex(i + 2).unit_plural
        {
            i + 2
        } else {
            i + 1
        };
        let next = self.lex(j);
        // `the last half of 1989`: the second half.
        if self.is_gram(j, Gram::Half)
            && word.eq_ignore_ascii_case("last")
            && self.lex(j + 1).unit.is_none()
        {
            let k = if self.is_gram(j + 1, Gram::Of) { j + 2 } else { j + 1 };
            let (year, end) = match self.year_value_at(k) {
                Some(y) => (Some(y), k + 1),
                // `the last half of the '80s`, `the last half of the game`: not a half-year.
                None if k != j + 1 => return None,
                None => (None, j + 1),
            };
            return Some(Mention::new(
                first,
                end,
                Sem::Quarter { q: 2, half: true, year, year_shift: None },
            ));
        }
        let cap_ok = self.cap(j) || self.atom(j).is_some_and(|a| a.upper);
        if next.weekday > 0 && !next.weekday_plural && cap_ok {
            let relative = first != i
                && (word.eq_ignore_ascii_case("previous")
                    || word.eq_ignore_ascii_case("following"));
            let sem = if relative {
                let offset = if shift == Shift::Next { 1 } else { -1 };
                Sem::WeekdayFrom { day: next.weekday as u32, offset }
            } else {
                Sem::Weekday { day: next.weekday as u32, shift: Some(shift) }
            };
            let mut m = Mention::new(first, j + 1, sem);
            if let Some(p) = self.part_of_day_word(j + 1) {
                m.part_of_day = Some(p);
                m.last = j + 2;
            }
            return Some(m);
        }
        if next.month > 0 && !next.month_abbr && cap_ok {
            return Some(Mention::new(
                first,
                j + 1,
                Sem::Month { month: next.month as u32, shift: Some(shift) },
            ));
        }
        if let Some(season) = next.season {
            return Some(Mention::new(
                first,
                j + 1,
                Sem::Season { season, year: None, shift: Some(shift) },
            ));
        }
        if next.holiday.is_some() && matches!(shift, Shift::Last | Shift::Next) {
            if let Some(m) = self.holiday_at(first, j, Some(shift)) {
                return Some(m);
            }
        }
        if let Some(p) = next.part_of_day {
            // `this morning`, `last night`
            let offset = match shift {
                Shift::Last if p == PartOfDay::Night || p == PartOfDay::Evening => -1,
                Shift::Last => return None,
                Shift::This => 0,
                Shift::Next => 1,
            };
            if word.eq_ignore_ascii_case("past") || word.eq_ignore_ascii_case("following") {
                return None;
            }
            return Some(
                self.with_part_of_day(Mention::new(first, j + 1, Sem::DayOffset(offset)), Some(p)),
            );
        }
        if let Some(unit) = next.unit.filter(|_| !self.is_title_word(j)) {
            if next.unit_plural {
                // `past years`, `in coming months`: with no count at all, a vague reference to
                // the past or the future (TimeML `PAST_REF`, `FUTURE_REF`), like `recently`;
                // `the next few years` (a count, if vague) is a stretch (`PXY`).
                if matches!(shift, Shift::Last | Shift::Next) && !word.eq_ignore_ascii_case("last")
                {
                    let r = if shift == Shift::Last { RefKind::Past } else { RefKind::Future };
                    return Some(Mention::new(first, j + 1, Sem::Ref(r)));
                }
                return None;
            }
            // `the following week`, `the previous day`, `the next day`: relative to the story's
            // last date, not to the publication date.
            let the = first != i;
            if word.eq_ignore_ascii_case("following")
                || word.eq_ignore_ascii_case("previous")
                || (the && word.eq_ignore_ascii_case("next") && !unit.is_clock())
            {
                let offset = if shift == Shift::Next { 1 } else { -1 };
                return Some(Mention::new(first, j + 1, Sem::Following { unit, offset }));
            }
            if unit.is_clock() {
                // `the past hour`, `the next minute`
                return Some(Mention::new(
                    first,
                    j + 1,
                    Sem::Duration { qty: Qty::Exact(1.0), unit },
                ));
            }
            if word.eq_ignore_ascii_case("coming") {
                return Some(Mention::new(
                    first,
                    j + 1,
                    Sem::Duration { qty: Qty::Exact(1.0), unit },
                ));
            }
            let mut m = Mention::new(first, j + 1, Sem::ShiftUnit { shift, unit });
            // `last year's third quarter`
            if unit == Unit::Year && self.is_punct(j + 1, b'\'') && self.str(j + 2) == "s" {
                let ys = match shift {
                    Shift::Last => -1,
                    Shift::This => 0,
                    Shift::Next => 1,
                };
                // `last year's quarter`, `last year's period`: the quarter in focus, a year
                // earlier.
                let k = j + 3;
                if (self.lex(k).unit == Some(Unit::Quarter) && !self.lex(k).unit_plural)
                    || self.is_gram(k, Gram::Period)
                {
                    return Some(Mention::new(
                        first,
                        k + 1,
                        Sem::Quarter { q: 0, half: false, year: None, year_shift: Some(ys) },
                    ));
                }
                if let Some(qm) = self.quarter_at(j + 3, j + 3) {
                    if let Sem::Quarter { q, half, .. } = qm.sem {
                        let year_shift = Some(match shift {
                            Shift::Last => -1,
                            Shift::This => 0,
                            Shift::Next => 1,
                        });
                        m = Mention::new(
                            first,
                            qm.last,
                            Sem::Quarter { q, half, year: None, year_shift },
                        );
                    }
                }
            }
            return Some(m);
        }
        // `the last two quarters of 1990`: the second half of that year.
        if shift == Shift::Last && word.eq_ignore_ascii_case("last") {
            if let Some(m) = self.half_of_quarters_at(first, j, 2) {
                return Some(m);
            }
        }
        // `the past three months`, `next two weeks`; `the last few months` is a duration of
        // unstated length (TimeML `PXM`).
        if let Some((end, qty)) = self.number_at(j) {
            if let Some(unit) = self.lex(end).unit {
                if self.atom(end).is_some_and(|a| a.space_before) {
                    return Some(Mention::new(first, end + 1, Sem::Duration { qty, unit }));
                }
            }
        }
        // `current market conditions`, `his current position`: the adjective alone refers to
        // the present (TimeML `PRESENT_REF`); `the then current price` to a past time.
        if first == i && word.eq_ignore_ascii_case("current") && self.current_adjective(i) {
            if i > 0 && self.str(i - 1).eq_ignore_ascii_case("then") {
                return Some(Mention::new(i - 1, i + 1, Sem::Ref(RefKind::Past)));
            }
            return Some(Mention::new(i, i + 1, Sem::Ref(RefKind::Present)));
        }
        None
    }

    /// `current` before a noun it dates: not the accounting or physics senses (`current
    /// account`, `current assets`, `an electric current`).
    fn current_adjective(&self, i: usize) -> bool {
        let Some(next) = self.atom(i + 1) else {
            return false;
        };
        if next.kind != AtomKind::Alpha || next.cap || !next.space_before {
            return false;
        }
        let technical = ["account", "accounts", "assets", "liabilities", "ratio", "dollars"];
        !technical.iter().any(|w| self.str(i + 1).eq_ignore_ascii_case(w))
            && self.lex(i + 1).unit.is_none()
            && self.lex(i + 1).gram.is_none()
    }

    /// `the ...`
    fn the_at(&self, i: usize) -> Option<Mention> {
        // `the full year`, `the fiscal year` (with no year number) read like `the year`.
        let year_adjective =
            self.str(i + 1).eq_ignore_ascii_case("full") || self.is_gram(i + 1, Gram::Fiscal);
        let j = if year_adjective
            && self.lex(i + 2).unit == Some(Unit::Year)
            && !self.lex(i + 2).unit_plural
            && self.year_value_at(i + 3).is_none()
        {
            i + 2
        } else {
            i + 1
        };
        let lex = self.lex(j);
        // `in the near term`, `in the short term`: the time to come (not the adjective
        // `near-term`, and not `the long term debt`).
        if ["near", "short", "long"].iter().any(|w| self.str(j).eq_ignore_ascii_case(w))
            && self.str(j + 1).eq_ignore_ascii_case("term")
            && self.atom(j + 1).is_some_and(|a| a.space_before)
            && !self.atom(j + 2).is_some_and(|a| a.kind == AtomKind::Alpha && !a.cap)
        {
            return Some(Mention::new(i, j + 2, Sem::Ref(RefKind::Future)));
        }
        // `over the years`, `in the early years`, `in the years that followed`: a stretch of
        // unstated length (not `the years of war`, `the years 1990 to 1995`).
        let k = if self.str(i + 1).eq_ignore_ascii_case("early") { i + 2 } else { i + 1 };
        let stretch_prep = i > 0
            && ["over", "in", "during", "through", "throughout"]
                .iter()
                .any(|w| self.str(i - 1).eq_ignore_ascii_case(w));
        if stretch_prep
            && self.lex(k).unit == Some(Unit::Year)
            && self.lex(k).unit_plural
            && !self.cap(k)
            && !self.is_gram(k + 1, Gram::Of)
            && self.digits(k + 1).is_none()
            && self.lex(k + 1).direction.is_none()
        {
            return Some(Mention::new(
                i,
                k + 1,
                Sem::Duration { qty: Qty::Vague, unit: Unit::Year },
            ));
        }
        // `in the weeks ahead`, `the months ahead`: a stretch to come of unstated length.
        if let Some(unit) = lex.unit.filter(|_| lex.unit_plural) {
            if self.str(j + 1).eq_ignore_ascii_case("ahead") {
                return Some(Mention::new(i, j + 2, Sem::Duration { qty: Qty::Vague, unit }));
            }
        }
        if lex.shift.is_some() {
            // `the past`, `the last three months`, `the next day`
            if let Some(m) = self.shift_at(i, j) {
                return Some(m);
            }
            if self.str(j).eq_ignore_ascii_case("past") && !self.is_alpha(j + 1) {
                return Some(Mention::new(i, j + 1, Sem::Ref(RefKind::Past)));
            }
            // `in the past that it would`, `in the past it has`: a clause follows.
            let clause_word = |w: &str| {
                ["that", "it", "they", "we", "he", "she", "i", "you", "when", "but", "has", "have"]
                    .iter()
                    .any(|c| w.eq_ignore_ascii_case(c))
            };
            if self.str(j).eq_ignore_ascii_case("past") && clause_word(self.str(j + 1)) {
                return Some(Mention::new(i, j + 1, Sem::Ref(RefKind::Past)));
            }
            if self.str(j).eq_ignore_ascii_case("past") && self.is_gram(j + 1, Gram::And) {
                return Some(Mention::new(i, j + 1, Sem::Ref(RefKind::Past)));
            }
            return None;
        }
        match lex.gram {
            // `the future` as a period, not `the future of the alliance`
            Some(Gram::Future) if !self.is_gram(j + 1, Gram::Of) => {
                return Some(Mention::new(i, j + 1, Sem::Ref(RefKind::Future)))
            }
            Some(Gram::Near) if self.is_gram(j + 1, Gram::Future) => {
                return Some(Mention::new(i, j + 2, Sem::Ref(RefKind::Future)))
            }
            Some(Gram::Present) if !self.is_alpha(j + 1) => {
                return Some(Mention::new(i, j + 1, Sem::Ref(RefKind::Present)))
            }
            Some(Gram::End | Gram::Beginning | Gram::Middle) => return self.end_of_at(i, j),
            Some(Gram::Latest) => {
                if (self.lex(j + 1).unit == Some(Unit::Quarter) && !self.lex(j + 1).unit_plural)
                    || self.is_gram(j + 1, Gram::Period)
                {
                    return Some(Mention::new(i, j + 2, Sem::LatestQuarter));
                }
                return None;
            }
            // `the period ended Sept. 30`
            Some(Gram::Period) => {
                let (year, month, day) = self.ended_date_at(j + 1)?;
                return Some(Mention::new(i, j + 1, Sem::QuarterEnded { year, month, day }));
            }
            Some(Gram::Fiscal) => return self.fiscal_at(j).map(|m| Mention { first: i, ..m }),
            Some(Gram::Same) | Some(Gram::That) => {
                if self.lex(j + 1).unit == Some(Unit::Day) && !self.lex(j + 1).unit_plural {
                    return Some(Mention::new(
                        i,
                        j + 2,
                        Sem::Following { unit: Unit::Day, offset: 0 },
                    ));
                }
                return None;
            }
            _ => {}
        }
        // `the quarter-to-quarter comparison`, `the year-to-year change`: a comparison between
        // periods, no period itself.
        if lex.unit.is_some()
            && self.is_punct(j + 1, b'-')
            && self.joined(j + 1)
            && self.is_gram(j + 2, Gram::To)
            && self.joined(j + 2)
        {
            return None;
        }
        if lex.unit == Some(Unit::Quarter) && !lex.unit_plural {
            if let Some((year, month, day)) = self.ended_date_at(j + 1) {
                return Some(Mention::new(i, j + 1, Sem::QuarterEnded { year, month, day }));
            }
            // `the quarter a year ago`, `the period a year earlier`: the quarter in focus, a
            // year before.
            if self.is_gram(j + 1, Gram::A)
                && self.lex(j + 2).unit == Some(Unit::Year)
                && !self.lex(j + 2).unit_plural
                && matches!(self.lex(j + 3).direction, Some(Direction::Ago | Direction::Before))
            {
                return Some(Mention::new(
                    i,
                    j + 4,
                    Sem::Earlier { qty: Qty::Exact(1.0), unit: Unit::Year, forward: false },
                ));
            }
            return Some(Mention::new(
                i,
                j + 1,
                Sem::Quarter { q: 0, half: false, year: None, year_shift: None },
            ));
        }
        if lex.unit == Some(Unit::Week)
            && !lex.unit_plural
            && self.is_gram(j + 1, Gram::Of)
            && self.lex(j + 2).month > 0
        {
            if let Some(Sem::Date { year, month: Some(month), day: Some(day) }) =
                self.month_at(j + 2).map(|m| m.sem)
            {
                let last = self.month_at(j + 2).map_or(j + 3, |m| m.last);
                return Some(Mention::new(i, last, Sem::WeekOf { year, month, day }));
            }
        }
        if lex.unit == Some(Unit::Weekend) && !lex.unit_plural {
            return Some(Mention::new(
                i,
                j + 1,
                Sem::ShiftUnit { shift: Shift::This, unit: Unit::Weekend },
            ));
        }
        if lex.unit == Some(Unit::Year) {
            if let Some(m) = self.year_ago_adjective_at(i, j) {
                return Some(m);
            }
            if !lex.unit_plural && !self.cap(j) {
                // `the year 2000`, `the year two thousand`
                if let Some(y) = self.year_value_at(j + 1) {
                    return Some(Mention::new(
                        i,
                        j + 2,
                        Sem::Date { year: Some(y), month: None, day: None },
                    ));
                }
                if let Some((y, end)) = self.year_words_at(j + 1) {
                    return Some(Mention::new(
                        i,
                        end,
                        Sem::Date { year: Some(y), month: None, day: None },
                    ));
                }
                // `the year ended March 31`: a fiscal year, reported as a one-year stretch.
                if self.ended_date_at(j + 1).is_some() {
                    return Some(Mention::new(
                        i,
                        j + 1,
                        Sem::Duration { qty: Qty::Exact(1.0), unit: Unit::Year },
                    ));
                }
                // `for the year`, `a high for the year`: the current year, unless the phrase
                // goes on (`the year before`, `the year of the dragon`, `the year's best`).
                let next = self.lex(j + 1);
                let goes_on = next.direction.is_some()
                    || self.is_gram(j + 1, Gram::Of) && !self.is_gram(j + 2, Gram::The)
                    || self.is_punct(j + 1, b'\'')
                    || self.is_gram(j + 1, Gram::That)
                    || (self.is_alpha(j + 1)
                        && next.gram.is_none()
                        && !next.temporal_prep
                        && next.tense.is_none()
                        && !self.cap(j + 1));
                let after_prep = i > 0
                    && (self.lex(i - 1).temporal_prep
                        || self.str(i - 1).eq_ignore_ascii_case("for"));
                if after_prep && !goes_on {
                    return Some(Mention::new(
                        i,
                        j + 1,
                        Sem::ShiftUnit { shift: Shift::This, unit: Unit::Year },
                    ));
                }
            }
        }
        if lex.ordinal.is_some() {
            if let Some(m) = self.quarter_at(i, j) {
                return Some(m);
            }
            // `today is the eighth day of the strike`, `it's the second day of talks`: the
            // count of days names the present day.
            if self.lex(j + 1).unit == Some(Unit::Day)
                && !self.lex(j + 1).unit_plural
                && self.is_gram(j + 2, Gram::Of)
                && self.copula_present_before(i)
            {
                return Some(Mention::new(i, j + 2, Sem::DayOffset(0)));
            }
            // `the first two quarters of 1990`: the first half of that year.
            if lex.ordinal == Some(1) {
                if let Some(m) = self.half_of_quarters_at(i, j + 1, 1) {
                    return Some(m);
                }
            }
            // `the first nine months`
            if let Some((end, qty)) = self.number_at(j + 1) {
                if let Some(unit) = self.lex(end).unit.filter(|_| self.lex(end).unit_plural) {
                    return Some(Mention::new(i, end + 1, Sem::Duration { qty, unit }));
                }
            }
            // `the twentieth century`
            if self.lex(j + 1).unit == Some(Unit::Century) {
                let n = lex.ordinal.unwrap_or(1) as i32;
                return Some(Mention::new(i, j + 2, Sem::Century(n - 1)));
            }
            return None;
        }
        if let Some(d) = self.digits(j) {
            // `the 20th century`
            if d.1 <= 2
                && self.is_gram(j + 1, Gram::OrdinalSuffix)
                && self.lex(j + 2).unit == Some(Unit::Century)
            {
                return Some(Mention::new(i, j + 3, Sem::Century(d.0 as i32 - 1)));
            }
        }
        if lex.season.is_some() {
            return self.season_at(i, j, None);
        }
        if let Some(m) = lex.modifier {
            // `the late 1990s`, `the early 2000s`
            if let Some(x) = self.modifier_at(j, m) {
                if matches!(x.sem, Sem::Decade(_) | Sem::Century(_)) {
                    return Some(Mention { first: i, ..x });
                }
            }
            return None;
        }
        if lex.decade_word.is_some() {
            let d = lex.decade_word.unwrap_or(0) as i32;
            return Some(Mention::new(j, j + 1, Sem::Decade(-d - 1)));
        }
        // `the nine months`, `the three days`
        if lex.number.is_some() && lex.gram.is_none() {
            if let Some((end, qty)) = self.number_at(j) {
                if let Some(unit) = self.lex(end).unit.filter(|_| self.lex(end).unit_plural) {
                    return Some(Mention::new(i, end + 1, Sem::Duration { qty, unit }));
                }
            }
        }
        // `the year-ago quarter`
        None
    }

    /// A holiday name at `j` (`Thanksgiving`, `Thanksgiving Day`, `Election Day`, `Christmas
    /// 1998`, `Easter week`); the mention starts at `first`.
    fn holiday_at(&self, first: usize, j: usize, shift: Option<Shift>) -> Option<Mention> {
        let holiday = self.lex(j).holiday?;
        if !self.cap(j) || self.atom(j).is_some_and(|a| a.upper) {
            return None;
        }
        let mut end = j + 1;
        let day_word = self.str(end) == "Day";
        if holiday.needs_day() && !day_word {
            return None;
        }
        let mut week = false;
        if day_word {
            end += 1;
        } else if self.str(end).eq_ignore_ascii_case("week") {
            week = true;
            end += 1;
        } else if self.cap(end) && self.lex(end).month == 0 && self.lex(end).weekday == 0 {
            // `Christmas Island`, `Easter Rising`: a name.
            return None;
        }
        let mut year = None;
        let k = self.skip_comma(end);
        if let Some(y) = self.year_value_at(k) {
            year = Some(y);
            end = k + 1;
        }
        Some(Mention::new(first, end, Sem::Holiday { holiday, year, shift, week }))
    }

    /// `ended Sept. 30`, `ending Aug. 26, 1989` at `k`: (year if written, month, day).
    fn ended_date_at(&self, k: usize) -> Option<(Option<i32>, u32, u32)> {
        let w = self.str(k);
        if !(w.eq_ignore_ascii_case("ended") || w.eq_ignore_ascii_case("ending")) {
            return None;
        }
        if self.lex(k + 1).month == 0 {
            return None;
        }
        match self.month_at(k + 1)?.sem {
            Sem::Date { year, month: Some(month), day: Some(day) } => Some((year, month, day)),
            _ => None,
        }
    }

    /// `year-ago`, `year-earlier` at `j` (the mention starts at `first`), optionally followed by
    /// `quarter`/`period`/`results`.
    fn year_ago_adjective_at(&self, first: usize, j: usize) -> Option<Mention> {
        if !(self.is_punct(j + 1, b'-') && self.joined(j + 1) && self.joined(j + 2)) {
            return None;
        }
        let dir = self.lex(j + 2).direction?;
        if !matches!(dir, Direction::Ago | Direction::Before) {
            return None;
        }
        let mut end = j + 3;
        // `the year-ago third quarter`: that quarter of the year before, one expression.
        if let Some(qm) = self.quarter_at(end, end) {
            if let Sem::Quarter { q, half, year: None, .. } = qm.sem {
                return Some(Mention::new(
                    first,
                    qm.last,
                    Sem::Quarter { q, half, year: None, year_shift: Some(-1) },
                ));
            }
        }
        if first != j
            && (self.lex(end).unit == Some(Unit::Quarter) || self.is_gram(end, Gram::Period))
        {
            end += 1;
        } else if first != j {
            // `the year-earlier results`: the timex is the adjective alone.
            return Some(Mention::new(
                j,
                j + 3,
                Sem::Earlier { qty: Qty::Exact(1.0), unit: Unit::Year, forward: false },
            ));
        }
        Some(Mention::new(
            first,
            end,
            Sem::Earlier { qty: Qty::Exact(1.0), unit: Unit::Year, forward: false },
        ))
    }

    /// `the end of 2023`, `the beginning of next year`, `end of the month`.
    fn end_of_at(&self, first: usize, j: usize) -> Option<Mention> {
        if !self.is_gram(j + 1, Gram::Of) {
            return None;
        }
        let k = j + 2;
        // `the end of the year/month/week`
        if self.is_gram(k, Gram::The) {
            if let Some(unit) = self.lex(k + 1).unit.filter(|_| !self.lex(k + 1).unit_plural) {
                if matches!(
                    unit,
                    Unit::Year
                        | Unit::Month
                        | Unit::Week
                        | Unit::Quarter
                        | Unit::Decade
                        | Unit::Century
                ) {
                    return Some(Mention::new(
                        first,
                        k + 2,
                        Sem::ShiftUnit { shift: Shift::This, unit },
                    ));
                }
            }
        }
        let inner = self.mention_at(k)?;
        match inner.sem {
            Sem::Duration { .. }
            | Sem::Set { .. }
            | Sem::SetWeekday { .. }
            | Sem::Ref(_)
            | Sem::AnchoredDuration { .. } => None,
            _ => Some(Mention { first, ..inner }),
        }
    }

    /// `early 2023`, `mid-2021`, `late Tuesday`, `mid-November`.
    fn modifier_at(&self, i: usize, m: Modifier) -> Option<Mention> {
        let mut j = i + 1;
        if self.is_punct(j, b'-') && self.joined(j) {
            j += 1;
        } else if !self.atom(j).is_some_and(|a| a.space_before) {
            return None;
        }
        // `mid-afternoon`, `mid-afternoon yesterday`: a part of the day named or of today.
        if let (Modifier::Mid, Some(pod)) = (m, self.lex(j).part_of_day) {
            let day = self.lex(j + 1).day_offset.filter(|_| self.atom(j + 1).is_some());
            let (end, d) = match day {
                Some(d) => (j + 2, d),
                None => (j + 1, 0),
            };
            let mut x = Mention::new(i, end, Sem::DayOffset(d as i32));
            x.part_of_day = Some(pod);
            return Some(x);
        }
        let inner = self.mention_at(j)?;
        match inner.sem {
            Sem::Date { .. }
            | Sem::Month { .. }
            | Sem::Weekday { .. }
            | Sem::DayOffset(_)
            | Sem::ShiftUnit { .. }
            | Sem::Season { .. }
            | Sem::Decade(_)
            | Sem::Century(_)
            | Sem::Quarter { .. } => Some(Mention { first: i, ..inner }),
            _ => None,
        }
    }

    /// `earlier this month`, `later this year`, `earlier today`.
    fn earlier_this_at(&self, i: usize) -> Option<Mention> {
        let w = self.str(i);
        if !(w.eq_ignore_ascii_case("earlier") || w.eq_ignore_ascii_case("later")) {
            return None;
        }
        let j = i + 1;
        let lex = self.lex(j);
        if lex.shift == Some(Shift::This) || lex.day_offset.is_some() {
            let inner = self.mention_at(j)?;
            return Some(Mention { first: i, ..inner });
        }
        if lex.gram == Some(Gram::That) {
            return self.that_unit_at(i, j);
        }
        None
    }

    /// `that day`, `that same year`, `that quarter` at `j` (the mention starts at `first`).
    fn that_unit_at(&self, first: usize, j: usize) -> Option<Mention> {
        let mut k = j + 1;
        if self.is_gram(k, Gram::Same) {
            k += 1;
        }
        let lex = self.lex(k);
        let unit = lex.unit.filter(|_| !lex.unit_plural && !self.cap(k))?;
        if !matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Quarter | Unit::Year) {
            return None;
        }
        // `that year's budget` is fine; `that day trader`, `that year-end` are not.
        if self.joined(k + 1) && self.is_punct(k + 1, b'-') {
            return None;
        }
        Some(Mention::new(first, k + 1, Sem::ThatUnit { unit }))
    }

    /// `about two years`, `more than a decade ago`, `up to 180 days`, `around 7 p.m.`
    fn approx_at(&self, i: usize) -> Option<Mention> {
        let mut j = i + 1;
        match self.gram(i) {
            Some(Gram::More | Gram::Less) => {
                if !self.is_gram(j, Gram::Than) {
                    return None;
                }
                j += 1;
            }
            Some(Gram::Up) => {
                if !self.is_gram(j, Gram::To) {
                    return None;
                }
                j += 1;
            }
            _ => {}
        }
        let inner = self.mention_at(j)?;
        match inner.sem {
            Sem::Duration { .. }
            | Sem::Ago { .. }
            | Sem::Earlier { .. }
            | Sem::AnchoredDuration { .. }
            | Sem::ClockOnly => Some(Mention { first: i, ..inner }),
            _ if inner.clock.is_some() => Some(Mention { first: i, ..inner }),
            _ => None,
        }
    }

    /// `at least two years`
    fn at_least_at(&self, i: usize) -> Option<Mention> {
        if !self.is_gram(i + 1, Gram::Least) {
            return None;
        }
        let inner = self.mention_at(i + 2)?;
        match inner.sem {
            Sem::Duration { .. } | Sem::Ago { .. } => Some(Mention { first: i, ..inner }),
            _ => None,
        }
    }

    /// `saying at the time he ...` (`the time`: `PAST_REF`), `at a later date` (`FUTURE_REF`)
    /// at `i` (`at`). Not `at the time of the vote`, nor a sentence-initial `At the time Smith
    /// was ...` (a clause names the time).
    fn at_the_time_at(&self, i: usize) -> Option<Mention> {
        let word = |k: usize, w: &str| self.str(k).eq_ignore_ascii_case(w);
        if self.is_gram(i + 1, Gram::The) && word(i + 2, "time") {
            let k = i + 3;
            let clause = ["of", "when", "that", "the", "a", "an"].iter().any(|w| word(k, w))
                || (self.is_sentence_start(i) && self.is_alpha(k));
            if clause {
                return None;
            }
            return Some(Mention::new(i + 1, i + 3, Sem::Ref(RefKind::Past)));
        }
        let later = |k: usize| word(k, "later") || word(k, "future");
        if self.is_gram(i + 1, Gram::A)
            && later(i + 2)
            && (word(i + 3, "date") || word(i + 3, "time"))
        {
            return Some(Mention::new(i + 1, i + 4, Sem::Ref(RefKind::Future)));
        }
        None
    }

    /// `is` or a contracted `'s` (`it's`) right before atom `i`.
    fn copula_present_before(&self, i: usize) -> bool {
        (i >= 1 && self.str(i - 1).eq_ignore_ascii_case("is"))
            || (i >= 2
                && self.str(i - 1).eq_ignore_ascii_case("s")
                && self.joined(i - 1)
                && (self.is_punct(i - 2, b'\'') || self.str(i - 2) == "\u{2019}")
                && i >= 3
                && ["it", "today", "this"].iter().any(|w| self.str(i - 3).eq_ignore_ascii_case(w)))
    }

    /// `these days`
    fn these_days_at(&self, i: usize) -> Option<Mention> {
        if self.lex(i + 1).unit == Some(Unit::Day) && self.lex(i + 1).unit_plural {
            return Some(Mention::new(i, i + 2, Sem::Ref(RefKind::Present)));
        }
        None
    }

    /// Durations and what grows out of them: `two years`, `three-year`, `two years ago`,
    /// `a day later`, `24 hours a day`.
    fn duration_family_at(&self, first: usize, i: usize) -> Option<Mention> {
        let (mut end, qty) = self.number_at(i)?;
        // `two more weeks`, `an additional year`, `eight trading days`: the same stretch.
        let extra = self.is_gram(end, Gram::More)
            || self.str(end).eq_ignore_ascii_case("additional")
            || self.str(end).eq_ignore_ascii_case("extra")
            || crate::lexicon::is_duration_adjective(self.str(end));
        if extra
            && self.lex(end + 1).unit.is_some()
            && self.atom(end).is_some_and(|a| a.space_before)
        {
            end += 1;
        }
        let adjectival = self.is_punct(end, b'-') && self.joined(end) && self.joined(end + 1);
        if adjectival {
            end += 1;
        } else if !self.atom(end).is_some_and(|a| a.space_before) {
            return None;
        }
        let ulex = self.lex(end);
        let unit = ulex.unit?;
        if self.is_title_word(end) {
            return None;
        }
        let is_a = self.is_gram(i, Gram::A);
        // `a quarter of the market`, `three quarters of the votes`: a fraction, not a stretch
        // of time.
        if unit == Unit::Quarter
            && !adjectival
            && qty != Qty::Vague
            && self.is_gram(end + 1, Gram::Of)
        {
            return None;
        }
        // `a year` must be singular; `two year` without a hyphen happens in speech.
        if is_a && ulex.unit_plural {
            return None;
        }
        let unit_end = end + 1;
        // `a day-long meeting`: the timex is `day-long` (found from the unit).
        if is_a
            && self.is_punct(unit_end, b'-')
            && self.joined(unit_end)
            && self.str(unit_end + 1).eq_ignore_ascii_case("long")
        {
            return None;
        }
        // `year-old` is an age, not a duration.
        if adjectival && self.is_punct(unit_end, b'-') && self.is_gram(unit_end + 1, Gram::Old) {
            return None;
        }
        if !adjectival && self.is_gram(unit_end, Gram::Old) {
            return None;
        }
        // `three-month-long`: fine, the timex is `three-month`; `three-quarters` is a fraction.
        if adjectival && ulex.unit_plural {
            return None;
        }
        if adjectival {
            return Some(Mention::new(first, unit_end, Sem::Duration { qty, unit }));
        }
        // `will one day be`: after a modal, `one day` is some time to come.
        if unit == Unit::Day
            && !ulex.unit_plural
            && self.str(i).eq_ignore_ascii_case("one")
            && i > 0
            && ["will", "would", "could", "may", "might", "should", "can", "shall"]
                .iter()
                .any(|w| self.str(i - 1).eq_ignore_ascii_case(w))
        {
            return Some(Mention::new(first, unit_end, Sem::Ref(RefKind::Future)));
        }
        // `a week or so ago`: the hedge stays inside the expression.
        let unit_end = if self.str(unit_end).eq_ignore_ascii_case("or")
            && self.str(unit_end + 1).eq_ignore_ascii_case("so")
            && self.lex(unit_end + 2).direction.is_some()
        {
            unit_end + 2
        } else {
            unit_end
        };
        // `a minute and a half`, `an hour and a half later`: the half joins the count.
        let (qty, unit_end) = match qty {
            Qty::Exact(v)
                if self.is_gram(unit_end, Gram::And)
                    && self.is_gram(unit_end + 1, Gram::A)
                    && self.is_gram(unit_end + 2, Gram::Half) =>
            {
                (Qty::Exact(v + 0.5), unit_end + 3)
            }
            _ => (qty, unit_end),
        };
        // Direction after the unit.
        let dir_lex = self.lex(unit_end);
        if let Some(dir) = dir_lex.direction {
            let sem = match (dir, qty) {
                (Direction::Ago, Qty::Vague) => Some(Sem::Ref(RefKind::Past)),
                (Direction::Hence, Qty::Vague) => Some(Sem::Ref(RefKind::Future)),
                (Direction::Ago, _) => Some(Sem::Ago { qty, unit, forward: false }),
                (Direction::Hence, _) => Some(Sem::Ago { qty, unit, forward: true }),
                (Direction::Before | Direction::After, _) => {
                    let w = self.str(unit_end);
                    let adverb =
                        w.eq_ignore_ascii_case("earlier") || w.eq_ignore_ascii_case("later");
                    if adverb
                        && matches!(unit, Unit::Year | Unit::Quarter | Unit::Month)
                        && qty != Qty::Vague
                    {
                        Some(Sem::Earlier { qty, unit, forward: dir == Direction::After })
                    } else if adverb {
                        Some(Sem::AnchoredDuration { qty, unit })
                    } else {
                        // `two months after the vote`: the duration alone.
                        return Some(Mention::new(
                            first,
                            unit_end,
                            Sem::AnchoredDuration { qty, unit },
                        ));
                    }
                }
            };
            if let Some(sem) = sem {
                return Some(Mention::new(first, unit_end + 1, sem));
            }
        }
        // `three weeks from now`
        if self.is_gram(unit_end, Gram::From) && self.str(unit_end + 1).eq_ignore_ascii_case("now")
        {
            let sem = if qty == Qty::Vague {
                Sem::Ref(RefKind::Future)
            } else {
                Sem::Ago { qty, unit, forward: true }
            };
            return Some(Mention::new(first, unit_end + 2, sem));
        }
        if unit == Unit::Weekend {
            return None;
        }
        // `a year` after a money amount or `once`/`twice`/`times` is a rate.
        if is_a && i > 0 {
            let p = i - 1;
            let rate =
                matches!(self.gram(p), Some(Gram::Rate | Gram::Once | Gram::Twice | Gram::Times))
                    || self.digits(p).is_some()
                    || self.is_punct(p, b'%');
            if rate {
                return Some(Mention::new(
                    first,
                    unit_end,
                    Sem::Set { qty: Qty::Exact(1.0), unit },
                ));
            }
        }
        // Vague counts need a plural unit (`several years`, not `some year`).
        if qty == Qty::Vague && !ulex.unit_plural {
            return None;
        }
        // A bare `a day` / `a year` with nothing around it is often not temporal enough to
        // report (`a day of talks`): require a preposition or approximator before it.
        if is_a && first == i {
            let ok = i > 0
                && (self.lex(i - 1).temporal_prep
                    || self.lex(i - 1).approx
                    || self.str(i - 1).eq_ignore_ascii_case("within")
                    || self.str(i - 1).eq_ignore_ascii_case("than")
                    || self.str(i - 1).eq_ignore_ascii_case("nearly"));
            // `to last over a week`: `over` is `more than`, inside the expression.
            if !ok && i > 0 && self.str(i - 1).eq_ignore_ascii_case("over") {
                return Some(Mention::new(i - 1, unit_end, Sem::Duration { qty, unit }));
            }
            // `could take as long as a month`
            let as_long_as = i >= 3
                && self.is_gram(i - 1, Gram::As)
                && self.str(i - 2).eq_ignore_ascii_case("long")
                && self.is_gram(i - 3, Gram::As);
            if !ok && !as_long_as {
                return None;
            }
        }
        Some(Mention::new(first, unit_end, Sem::Duration { qty, unit }))
    }

    // ----- seasons, quarters, fiscal years --------------------------------------------------

    /// A season at `j` (`spring 2020`, `the summer of 2019`, `in the fall`).
    fn season_at(&self, first: usize, j: usize, shift: Option<Shift>) -> Option<Mention> {
        let season = self.lex(j).season?;
        let mut end = j + 1;
        let k = if self.is_gram(end, Gram::Of) { end + 1 } else { end };
        let mut year = None;
        if let Some(y) = self.year_value_at(k) {
            year = Some(y);
            end = k + 1;
        } else if let Some((y, e)) = self.year_words_at(k) {
            // `the winter of nineteen ninety-four`
            year = Some(y);
            end = e;
        }
        if year.is_none() && first == j {
            // A bare season word: only after `in`/`during`/`by`/`since`/`until`, and `fall` only
            // then too (it is usually a verb).
            let ok = j > 0 && self.lex(j - 1).temporal_prep && !self.is_gram(j - 1, Gram::To);
            if !ok {
                return None;
            }
        }
        Some(Mention::new(first, end, Sem::Season { season, year, shift }))
    }

    /// `third quarter`, `third-quarter`, `first half of 2023`, `fiscal first quarter`, at `j`.
    fn quarter_at(&self, first: usize, j: usize) -> Option<Mention> {
        let mut k = j;
        if self.is_gram(k, Gram::Fiscal) {
            k += 1;
        }
        let ord = self.lex(k).ordinal?;
        let mut end = k + 1;
        if self.is_punct(end, b'-') && self.joined(end) {
            end += 1;
        }
        let half = match (self.lex(end).unit, self.gram(end)) {
            (Some(Unit::Quarter), _) if !self.lex(end).unit_plural => false,
            (_, Some(Gram::Half)) => true,
            _ => return None,
        };
        if (half && ord > 2) || ord > 4 || ord == 0 {
            return None;
        }
        end += 1;
        let mut year = None;
        let k = if self.is_gram(end, Gram::Of) { end + 1 } else { end };
        if let Some(y) = self.year_value_at(k) {
            year = Some(y);
            end = k + 1;
        } else if self.is_gram(k, Gram::Fiscal) {
            if let Some(y) = self.year_value_at(k + 1) {
                year = Some(y);
                end = k + 2;
            }
        }
        Some(Mention::new(first, end, Sem::Quarter { q: ord, half, year, year_shift: None }))
    }

    /// `two quarters of 1990` at `j` after `the first`/`the last` (the mention starts at
    /// `first`): half `h` of that year.
    fn half_of_quarters_at(&self, first: usize, j: usize, h: u32) -> Option<Mention> {
        let (end, qty) = self.number_at(j)?;
        let unit = self.lex(end);
        if qty != Qty::Exact(2.0) || unit.unit != Some(Unit::Quarter) || !unit.unit_plural {
            return None;
        }
        if !self.is_gram(end + 1, Gram::Of) {
            return None;
        }
        let year = self.year_value_at(end + 2)?;
        Some(Mention::new(
            first,
            end + 3,
            Sem::Quarter { q: h, half: true, year: Some(year), year_shift: None },
        ))
    }

    /// `fiscal 2024`, `fiscal year 2024`, `FY2024`, `FY24`, `Q3`, `Q3 2023`, `H1`.
    fn fiscal_at(&self, i: usize) -> Option<Mention> {
        match self.gram(i)? {
            Gram::Fiscal => {
                let mut j = i + 1;
                if self.lex(j).unit == Some(Unit::Year) && !self.lex(j).unit_plural {
                    j += 1;
                }
                if let Some(y) = self.year_value_at(j) {
                    return Some(Mention::new(
                        i,
                        j + 1,
                        Sem::Date { year: Some(y), month: None, day: None },
                    ));
                }
                if self.lex(i + 1).ordinal.is_some() {
                    return self.quarter_at(i, i);
                }
                None
            }
            Gram::Fy => {
                let a = self.atom(i)?;
                if !a.upper {
                    return None;
                }
                let j =
                    if self.is_punct(i + 1, b'-') && self.joined(i + 1) { i + 2 } else { i + 1 };
                let (y, len) = self.digits(j)?;
                let year = match len {
                    4 => y as i32,
                    2 => 2000 + y as i32,
                    _ => return None,
                };
                if self.joined(j + 1) && (self.is_alpha(j + 1) || self.digits(j + 1).is_some()) {
                    return None;
                }
                Some(Mention::new(i, j + 1, Sem::Date { year: Some(year), month: None, day: None }))
            }
            g @ (Gram::Q | Gram::H) => {
                let a = self.atom(i)?;
                if !a.cap || a.len() != 1 || !self.joined(i + 1) {
                    return None;
                }
                let (q, len) = self.digits(i + 1)?;
                let half = g == Gram::H;
                if len != 1 || q == 0 || q > if half { 2 } else { 4 } {
                    return None;
                }
                if self.joined(i + 2) && (self.is_alpha(i + 2) || self.digits(i + 2).is_some()) {
                    return None;
                }
                if i > 0 && self.joined(i) && !self.atoms[i].space_before {
                    return None;
                }
                let mut end = i + 2;
                let mut year = None;
                let k = if self.is_gram(end, Gram::Of) || self.is_punct(end, b',') {
                    end + 1
                } else {
                    end
                };
                if let Some(y) = self.year_value_at(k) {
                    year = Some(y);
                    end = k + 1;
                }
                Some(Mention::new(i, end, Sem::Quarter { q, half, year, year_shift: None }))
            }
            _ => None,
        }
    }

    // ----- sets ----------------------------------------------------------------------------

    /// `every week`, `each year`, `every two years`, `every Monday`.
    fn every_at(&self, i: usize) -> Option<Mention> {
        let j = i + 1;
        let lex = self.lex(j);
        if lex.weekday > 0 && self.cap(j) {
            return Some(Mention::new(i, j + 1, Sem::SetWeekday { day: lex.weekday as u32 }));
        }
        if lex.month > 0 && !lex.month_abbr && self.cap(j) {
            // `each July`, but not `each May 1` (a date) — those go to the month itself.
            if self.digits(j + 1).is_none() {
                return Some(Mention::new(i, j + 1, Sem::SetMonth { month: lex.month as u32 }));
            }
        }
        if let Some(unit) = lex.unit.filter(|_| !lex.unit_plural) {
            return Some(Mention::new(i, j + 1, Sem::Set { qty: Qty::Exact(1.0), unit }));
        }
        if let Some((end, qty)) = self.number_at(j) {
            if let Some(unit) = self.lex(end).unit {
                return Some(Mention::new(i, end + 1, Sem::Set { qty, unit }));
            }
        }
        None
    }

    /// `once a week`, `twice a year`
    fn frequency_at(&self, i: usize) -> Option<Mention> {
        let j = i + 1;
        if !(self.is_gram(j, Gram::A) || self.is_gram(j, Gram::Per) || self.is_gram(j, Gram::Every))
        {
            return None;
        }
        let unit = self.lex(j + 1).unit.filter(|_| !self.lex(j + 1).unit_plural)?;
        Some(Mention::new(i, j + 2, Sem::Set { qty: Qty::Exact(1.0), unit }))
    }

    /// `a flat second quarter`, `an earlier quarter`: an indefinite article (with at most one
    /// adjective) before atom `first` introduces a period in passing.
    pub fn indefinite_before(&self, first: usize) -> bool {
        let article = |k: usize| ["a", "an"].iter().any(|w| self.str(k).eq_ignore_ascii_case(w));
        (first >= 1 && article(first - 1))
            || (first >= 2
                && article(first - 2)
                && self.is_alpha(first - 1)
                && !self.cap(first - 1)
                && self.lex(first - 1).unit.is_none())
    }

    /// True if the sentence around atoms `first..last` talks money (`$`, `#`, `cents`): the
    /// sign of an earnings comparison (`up from $2 million a year ago`).
    pub fn money_around(&self, first: usize, last: usize) -> bool {
        self.any_in_sentence(first, first.saturating_sub(25), last + 25, |a, k| {
            (a.kind == AtomKind::Punct && matches!(a.byte, b'$' | b'#'))
                || (a.kind == AtomKind::Alpha && self.str(k).eq_ignore_ascii_case("cents"))
        })
    }

    /// True if an atom of the sentence of atom `first`, within atoms `lo..hi`, passes `test`.
    fn any_in_sentence(
        &self,
        first: usize,
        lo: usize,
        hi: usize,
        test: impl Fn(&Atom, usize) -> bool,
    ) -> bool {
        let Some(sentence) = self.atoms.get(first).map(|a| a.sentence) else { return false };
        let hi = hi.min(self.atoms.len());
        (lo..hi).any(|k| self.atoms[k].sentence == sentence && test(&self.atoms[k], k))
    }

    /// True if the sentence around atoms `first..last` names a results period longer than a
    /// quarter (`the nine months`, `the first half`): `a year earlier` there is the year.
    pub fn longer_period_around(&self, first: usize, last: usize) -> bool {
        self.any_in_sentence(first, first.saturating_sub(50).max(1), last + 30, |a, k| {
            if a.kind != AtomKind::Alpha {
                return false;
            }
            let count = self.lex(k - 1).number.or_else(|| self.digits(k - 1).map(|d| d.0));
            let months = self.lex(k).unit == Some(Unit::Month)
                && self.lex(k).unit_plural
                && count.is_some_and(|n| (4..12).contains(&n));
            let half = self.is_gram(k, Gram::Half) && self.lex(k - 1).ordinal.is_some();
            months || half
        })
    }

    /// True if the expression at atom `first` follows `by`, `until`, `till` or `through`.
    pub fn deadline_before(&self, first: usize) -> bool {
        first > 0
            && ["by", "until", "till", "through"]
                .iter()
                .any(|w| self.str(first - 1).eq_ignore_ascii_case(w))
    }

    /// True if the expression ending before atom `end` is a possessive (`Friday's vote`).
    pub fn possessive_after(&self, end: usize) -> bool {
        (self.is_punct(end, b'\'') || self.str(end) == "\u{2019}")
            && self.joined(end)
            && self.str(end + 1) == "s"
            && self.joined(end + 1)
    }

    /// True if the sentence around atoms `first..last` reads like a results report: money, a
    /// percentage or a results noun (`profit`, `sales`, ...). `a year ago` there is a period.
    pub fn earnings_around(&self, first: usize, last: usize) -> bool {
        if self.money_around(first, last) {
            return true;
        }
        self.any_in_sentence(first, first.saturating_sub(25), last + 25, |a, k| {
            (a.kind == AtomKind::Punct && a.byte == b'%')
                || (a.kind == AtomKind::Alpha && crate::lexicon::is_earnings_noun(self.str(k)))
        })
    }

    /// Tense markers near atoms `first..last` in the same sentence: the nearest wins.
    pub fn tense_around(&self, first: usize, last: usize) -> Option<Tense> {
        let sentence = self.atoms.get(first)?.sentence;
        let mut best: Option<(usize, Tense)> = None;
        let mut consider = |dist: usize, t: Tense| {
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, t));
            }
        };
        // Left, up to 12 atoms or a sentence boundary.
        let mut k = first;
        let mut steps = 0;
        while k > 0 && steps < 14 {
            k -= 1;
            steps += 1;
            let a = &self.atoms[k];
            if a.sentence != sentence || self.breaks_clause(k) {
                break;
            }
            if let Some(t) = self.tense_of(k) {
                consider(steps, t);
                break;
            }
        }
        // Right, up to 8 atoms.
        let mut k = last;
        let mut steps = 0;
        while k < self.atoms.len() && steps < 10 {
            let a = &self.atoms[k];
            if a.sentence != sentence || self.breaks_clause(k) {
                break;
            }
            // `on Saturday and were planning to ...`: a second verb phrase has its own tense.
            if matches!(self.str(k), "and" | "but")
                && k + 1 < self.atoms.len()
                && self.tense_of(k + 1).is_some()
            {
                break;
            }
            steps += 1;
            if let Some(t) = self.tense_of(k) {
                consider(steps + 1, t);
                break;
            }
            k += 1;
        }
        best.map(|(_, t)| t)
    }

    fn breaks_clause(&self, k: usize) -> bool {
        let a = &self.atoms[k];
        if a.kind != AtomKind::Punct {
            return false;
        }
        match a.byte {
            b'!' | b'?' | b';' => true,
            // A quotation mark: the reporting verb outside a quote does not set the tense of
            // what is said inside it (`"... will leave Thursday," he said`).
            b'"' | b'`' => true,
            b'\'' => self.is_punct(k + 1, b'\'') && self.joined(k + 1),
            0xE2 => matches!(&self.text[a.start..a.end], "\u{201C}" | "\u{201D}"),
            b'.' => {
                // A period after a one-letter word or a month abbreviation is not a stop.
                let prev_short = k > 0 && {
                    let p = &self.atoms[k - 1];
                    p.kind == AtomKind::Alpha
                        && (p.len() == 1 || p.lex.is_some_and(|l| l.month_abbr))
                };
                !prev_short
            }
            _ => false,
        }
    }

    fn tense_of(&self, k: usize) -> Option<Tense> {
        let a = &self.atoms[k];
        if a.kind != AtomKind::Alpha {
            return None;
        }
        // `had been due`, `was scheduled`: a past auxiliary within two words.
        let past_aux_before = |k: usize| -> bool {
            (k.saturating_sub(2)..k).any(|p| {
                matches!((self.lex(p).tense, self.str(p).len()), (Some(Tense::Past), 3..=4))
            })
        };
        if let Some(t) = a.lex.and_then(|l| l.tense) {
            // `'ll`
            if self.str(k) == "ll" && !(k > 0 && self.is_punct(k - 1, b'\'')) {
                return None;
            }
            // `plans to`, `plan to`: a plan; `vacation plans` is a noun.
            if matches!(self.str(k).to_ascii_lowercase().as_str(), "plan" | "plans")
                && !self.is_gram(k + 1, Gram::To)
            {
                return None;
            }
            // `to meet`, `to say`: an infinitive has no tense of its own.
            if t == Tense::Present && k > 0 && self.is_gram(k - 1, Gram::To) {
                return None;
            }
            // A sentence-initial `Until Thursday, they had ...`: the main clause decides.
            if self.str(k).eq_ignore_ascii_case("until") && self.is_sentence_start(k) {
                return None;
            }
            // `had been due to`, `was scheduled for`: a plan in the past; but `were planning
            // to`, like `were going to`, is a plan still open.
            let w = self.str(k);
            let plan_word = (w.len() > 5 && !w.ends_with("ing")) || w.eq_ignore_ascii_case("due");
            if t == Tense::Future && plan_word && past_aux_before(k) {
                return Some(Tense::Past);
            }
            // `be left`, `been told`: a participle after `be` is not a past tense.
            if t == Tense::Past && k > 0 && self.lex(k - 1).gram == Some(Gram::Be) {
                return None;
            }
            return Some(t);
        }
        // `as soon as Tuesday`, `as early as next week`: a time still to come.
        if (self.str(k).eq_ignore_ascii_case("soon") || self.str(k).eq_ignore_ascii_case("early"))
            && k > 0
            && self.is_gram(k - 1, Gram::As)
            && self.is_gram(k + 1, Gram::As)
        {
            return Some(Tense::Future);
        }
        // `set for Tuesday`, `set to meet`: a plan.
        if self.str(k).eq_ignore_ascii_case("set")
            && (self.is_gram(k + 1, Gram::To) || self.str(k + 1).eq_ignore_ascii_case("for"))
        {
            return Some(Tense::Future);
        }
        // `the record set on Aug. 6`: a participle after a noun tells what was done then.
        if self.str(k).eq_ignore_ascii_case("set")
            && self.str(k + 1).eq_ignore_ascii_case("on")
            && k > 0
            && self.lex(k - 1).gram.is_none()
            && self.lex(k - 1).tense.is_none()
        {
            return Some(Tense::Past);
        }
        // `is to resume`: a plan.
        if a.lex.is_some_and(|l| l.gram == Some(Gram::To)) && k > 0 {
            let p = self.str(k - 1);
            if ["is", "are", "set"].iter().any(|w| p.eq_ignore_ascii_case(w)) {
                return Some(Tense::Future);
            }
        }
        if a.lex.is_none() && crate::lexicon::looks_past(self.str(k)) {
            // `must be returned`, `has been arrested`: the auxiliary decides.
            if k > 0 && self.lex(k - 1).gram == Some(Gram::Be) {
                return None;
            }
            return Some(Tense::Past);
        }
        None
    }
}

/// True if the date exists (`2023-02-30` does not).
pub fn valid_date(year: i32, month: u32, day: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(year, month, day).is_some()
}
