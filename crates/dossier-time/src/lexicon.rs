//! Every word the temporal grammar knows, as tables.
//!
//! The grammar never compares against string literals of its own: it looks each alphabetic
//! atom up here once ([`lookup`]) and works with the [`Lex`] it gets back.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A calendar or clock unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// True for units below a day.
    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }
}

/// A season, with its TIMEX3 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// The month the season starts in (northern hemisphere).
    pub fn start_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// A part of the day, with its TIMEX3 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartOfDay {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Night,
}

impl PartOfDay {
    pub fn code(self) -> &'static str {
        match self {
            PartOfDay::Morning => "MO",
            PartOfDay::Midday => "MI",
            PartOfDay::Afternoon => "AF",
            PartOfDay::Evening => "EV",
            PartOfDay::Night => "NI",
        }
    }
}

/// `last`, `this`, `next` and their synonyms: which occurrence of a unit is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    Last,
    This,
    Next,
}

/// Vague reference to the past, present or future.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Past,
    Present,
    Future,
}

impl RefKind {
    pub fn value(self) -> &'static str {
        match self {
            RefKind::Past => "PAST_REF",
            RefKind::Present => "PRESENT_REF",
            RefKind::Future => "FUTURE_REF",
        }
    }
}

/// A public holiday with a date rule (United States, where most wire copy is written, and the
/// Christian calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// Fourth Thursday of November.
    Thanksgiving,
    /// December 25.
    Christmas,
    /// Easter Sunday (Gregorian computus).
    Easter,
    /// `Election Day`: the Tuesday after the first Monday of November.
    Election,
    /// `Labor Day`: first Monday of September.
    Labor,
    /// `Memorial Day`: last Monday of May.
    Memorial,
    /// `Independence Day`: July 4.
    Independence,
}

impl Holiday {
    /// True if the word names the holiday only when `Day` follows (`Election Day`).
    pub fn needs_day(self) -> bool {
        matches!(
            self,
            Holiday::Election | Holiday::Labor | Holiday::Memorial | Holiday::Independence
        )
    }
}

/// Holiday names.
pub const HOLIDAYS: &[(&str, Holiday)] = &[
    ("thanksgiving", Holiday::Thanksgiving),
    ("christmas", Holiday::Christmas),
    ("easter", Holiday::Easter),
    ("election", Holiday::Election),
    ("labor", Holiday::Labor),
    ("memorial", Holiday::Memorial),
    ("independence", Holiday::Independence),
];

/// Where in a period: `early`, `mid`, `late`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Start,
    Mid,
    End,
}

/// Words that place a duration before or after its anchor (`ago`, `later`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `ago`: before the publication date.
    Ago,
    /// `earlier`, `before`: before another expression.
    Before,
    /// `later`, `after`: after another expression.
    After,
    /// `hence`, `from now`: after the publication date.
    Hence,
}

/// The tense a verb or auxiliary marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// Function words the grammar needs to recognize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gram {
    The,
    A,
    Of,
    At,
    And,
    In,
    End,
    Beginning,
    Middle,
    Fiscal,
    Half,
    Every,
    Per,
    Once,
    Twice,
    Times,
    From,
    Tonight,
    Future,
    Present,
    Latest,
    Period,
    Same,
    That,
    Near,
    These,
    More,
    Less,
    Least,
    Up,
    To,
    Than,
    Old,
    As,
    /// `be`, `been`, `being`: passive auxiliaries.
    Be,
    /// `recent` (`in recent years`).
    Recent,
    /// Quarter prefix `Q3`.
    Q,
    /// Half-year prefix `H1`.
    H,
    /// Fiscal-year prefix `FY2024`.
    Fy,
    /// Money and measure words after which `a year` is a rate (`$5 million a year`).
    Rate,
    /// Determiners and possessives before `the 2019 model`.
    Determiner,
    /// Ordinal suffixes `st`, `nd`, `rd`, `th`.
    OrdinalSuffix,
    /// Meridiem `am`, `pm` and the letters of `a.m.`/`p.m.`.
    Am,
    Pm,
    M,
}

/// Function words → grammar role.
pub const GRAMMAR_WORDS: &[(&str, Gram)] = &[
    ("the", Gram::The),
    ("a", Gram::A),
    ("an", Gram::A),
    ("of", Gram::Of),
    ("at", Gram::At),
    ("and", Gram::And),
    ("in", Gram::In),
    ("end", Gram::End),
    ("close", Gram::End),
    ("beginning", Gram::Beginning),
    ("start", Gram::Beginning),
    ("middle", Gram::Middle),
    ("fiscal", Gram::Fiscal),
    ("half", Gram::Half),
    ("every", Gram::Every),
    ("each", Gram::Every),
    ("per", Gram::Per),
    ("once", Gram::Once),
    ("twice", Gram::Twice),
    ("times", Gram::Times),
    ("from", Gram::From),
    ("tonight", Gram::Tonight),
    ("future", Gram::Future),
    ("present", Gram::Present),
    ("latest", Gram::Latest),
    ("period", Gram::Period),
    ("same", Gram::Same),
    ("that", Gram::That),
    ("near", Gram::Near),
    ("these", Gram::These),
    ("more", Gram::More),
    ("less", Gram::Less),
    ("fewer", Gram::Less),
    ("least", Gram::Least),
    ("up", Gram::Up),
    ("to", Gram::To),
    ("than", Gram::Than),
    ("old", Gram::Old),
    ("as", Gram::As),
    ("be", Gram::Be),
    ("been", Gram::Be),
    ("being", Gram::Be),
    ("recent", Gram::Recent),
    ("q", Gram::Q),
    ("h", Gram::H),
    ("fy", Gram::Fy),
    ("million", Gram::Rate),
    ("billion", Gram::Rate),
    ("trillion", Gram::Rate),
    ("thousand", Gram::Rate),
    ("percent", Gram::Rate),
    ("cents", Gram::Rate),
    ("dollars", Gram::Rate),
    ("euros", Gram::Rate),
    ("pounds", Gram::Rate),
    ("tons", Gram::Rate),
    ("barrels", Gram::Rate),
    ("its", Gram::Determiner),
    ("his", Gram::Determiner),
    ("her", Gram::Determiner),
    ("their", Gram::Determiner),
    ("our", Gram::Determiner),
    ("my", Gram::Determiner),
    ("your", Gram::Determiner),
    ("st", Gram::OrdinalSuffix),
    ("nd", Gram::OrdinalSuffix),
    ("rd", Gram::OrdinalSuffix),
    ("th", Gram::OrdinalSuffix),
    ("am", Gram::Am),
    ("pm", Gram::Pm),
    ("m", Gram::M),
];

/// What one word can be. A word may play several roles (`second` is a unit and an ordinal).
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    /// 1..=12 for month names and abbreviations.
    pub month: u8,
    /// True for abbreviated month names (`Sept`), which need a following day or year.
    pub month_abbr: bool,
    /// True for month names that are also common words or names (`May`, `March`, `June`).
    pub month_ambiguous: bool,
    /// 1..=7 (Monday = 1) for weekday names; `weekday_plural` for `Mondays`.
    pub weekday: u8,
    pub weekday_plural: bool,
    /// Cardinal number words (`two` → 2, `twenty` → 20).
    pub number: Option<u32>,
    /// Ordinal number words (`third` → 3).
    pub ordinal: Option<u32>,
    pub unit: Option<Unit>,
    pub unit_plural: bool,
    pub season: Option<Season>,
    pub part_of_day: Option<PartOfDay>,
    /// `nights`, `mornings`: after a weekday, a set (`Tuesday nights`).
    pub part_of_day_plural: Option<PartOfDay>,
    pub shift: Option<Shift>,
    /// `yesterday` → -1, `today` → 0, `tomorrow` → 1.
    pub day_offset: Option<i8>,
    pub reference: Option<RefKind>,
    /// `daily` → Day, `weekly` → Week, ...
    pub set_adverb: Option<Unit>,
    pub modifier: Option<Modifier>,
    /// `about`, `nearly`, `almost`, ...
    pub approx: bool,
    /// `several`, `few`, `many`, `some`: an unspecified count.
    pub vague_count: bool,
    pub direction: Option<Direction>,
    pub tense: Option<Tense>,
    /// Words after which a four-digit number is not a year (`page`, `flight`, `No`).
    pub not_year_before: bool,
    /// Nouns after `the YEAR` that keep the year reading (`the 2019 election`).
    pub year_event_noun: bool,
    /// Prepositions that introduce a date (`in`, `since`, `by`, ...).
    pub temporal_prep: bool,
    /// Clock words: `noon` → 12, `midnight` → 24.
    pub clock_word: Option<u32>,
    /// A time zone abbreviation with its UTC offset in minutes.
    pub zone: Option<i32>,
    /// Decade words: `twenties` → 2 ... `nineties` → 9.
    pub decade_word: Option<u32>,
    pub holiday: Option<Holiday>,
    pub gram: Option<Gram>,
}

/// Month names and abbreviations (lowercase) → month number.
pub const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

/// Abbreviated month names (lowercase, without the period).
pub const MONTH_ABBREVIATIONS: &[(&str, u8)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Month names that are also everyday words or given names: they need date context.
pub const AMBIGUOUS_MONTHS: &[&str] = &["may", "march", "june", "april", "august"];

/// Weekday names (Monday = 1).
pub const WEEKDAYS: &[(&str, u8)] = &[
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
];

/// Plural weekday names (`Mondays`), which denote sets.
pub const WEEKDAYS_PLURAL: &[(&str, u8)] = &[
    ("mondays", 1),
    ("tuesdays", 2),
    ("wednesdays", 3),
    ("thursdays", 4),
    ("fridays", 5),
    ("saturdays", 6),
    ("sundays", 7),
];

/// Cardinal number words.
pub const NUMBERS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("dozen", 12),
];

/// Ordinal number words.
pub const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("twenty-first", 21),
];

/// Unit nouns, singular and plural.
pub const UNITS: &[(&str, Unit, bool)] = &[
    ("second", Unit::Second, false),
    ("seconds", Unit::Second, true),
    ("minute", Unit::Minute, false),
    ("minutes", Unit::Minute, true),
    ("hour", Unit::Hour, false),
    ("hours", Unit::Hour, true),
    ("day", Unit::Day, false),
    ("days", Unit::Day, true),
    ("week", Unit::Week, false),
    ("weeks", Unit::Week, true),
    ("weekend", Unit::Weekend, false),
    ("weekends", Unit::Weekend, true),
    ("fortnight", Unit::Fortnight, false),
    ("month", Unit::Month, false),
    ("months", Unit::Month, true),
    ("quarter", Unit::Quarter, false),
    ("quarters", Unit::Quarter, true),
    ("year", Unit::Year, false),
    ("years", Unit::Year, true),
    ("decade", Unit::Decade, false),
    ("decades", Unit::Decade, true),
    ("century", Unit::Century, false),
    ("centuries", Unit::Century, true),
];

/// Season names.
pub const SEASONS: &[(&str, Season)] = &[
    ("spring", Season::Spring),
    ("summer", Season::Summer),
    ("fall", Season::Fall),
    ("autumn", Season::Fall),
    ("winter", Season::Winter),
];

/// Parts of the day.
pub const PARTS_OF_DAY: &[(&str, PartOfDay)] = &[
    ("morning", PartOfDay::Morning),
    ("afternoon", PartOfDay::Afternoon),
    ("evening", PartOfDay::Evening),
    ("night", PartOfDay::Night),
    ("overnight", PartOfDay::Night),
    ("midday", PartOfDay::Midday),
];

/// Plural parts of the day: `Tuesday nights` is a set.
pub const PARTS_OF_DAY_PLURAL: &[(&str, PartOfDay)] = &[
    ("mornings", PartOfDay::Morning),
    ("afternoons", PartOfDay::Afternoon),
    ("evenings", PartOfDay::Evening),
    ("nights", PartOfDay::Night),
];

/// `last`/`this`/`next` and synonyms.
pub const SHIFTS: &[(&str, Shift)] = &[
    ("last", Shift::Last),
    ("past", Shift::Last),
    ("previous", Shift::Last),
    ("this", Shift::This),
    ("current", Shift::This),
    ("next", Shift::Next),
    ("coming", Shift::Next),
    ("following", Shift::Next),
];

/// Deictic day words.
pub const DAY_WORDS: &[(&str, i8)] = &[("yesterday", -1), ("today", 0), ("tomorrow", 1)];

/// Vague references.
pub const REFERENCES: &[(&str, RefKind)] = &[
    ("now", RefKind::Present),
    ("currently", RefKind::Present),
    ("nowadays", RefKind::Present),
    ("recently", RefKind::Past),
    ("lately", RefKind::Past),
    ("soon", RefKind::Future),
];

/// Frequency adverbs.
pub const SET_ADVERBS: &[(&str, Unit)] = &[
    ("hourly", Unit::Hour),
    ("daily", Unit::Day),
    ("nightly", Unit::Day),
    ("weekly", Unit::Week),
    ("fortnightly", Unit::Fortnight),
    ("monthly", Unit::Month),
    ("quarterly", Unit::Quarter),
    ("yearly", Unit::Year),
    ("annually", Unit::Year),
];

/// Adjectives that make a frequency word the name of a periodical ("the business daily").
pub const PERIODICAL_ADJECTIVES: &[&str] = &[
    "business",
    "financial",
    "economic",
    "national",
    "regional",
    "local",
    "state",
    "official",
    "leading",
    "influential",
    "conservative",
    "liberal",
    "independent",
    "tabloid",
    "sports",
    "english-language",
    "german-language",
    "french-language",
    "spanish-language",
    "news",
];

/// Position modifiers before a date.
pub const MODIFIERS: &[(&str, Modifier)] =
    &[("early", Modifier::Start), ("mid", Modifier::Mid), ("late", Modifier::End)];

/// Approximators kept inside a timex (`nearly two years`).
pub const APPROXIMATORS: &[&str] =
    &["about", "nearly", "almost", "around", "roughly", "approximately", "some"];

/// Unspecified counts (`several years`).
pub const VAGUE_COUNTS: &[&str] = &["several", "few", "many", "some", "couple"];

/// Direction words after a duration.
pub const DIRECTIONS: &[(&str, Direction)] = &[
    ("ago", Direction::Ago),
    ("earlier", Direction::Before),
    ("before", Direction::Before),
    ("later", Direction::After),
    ("after", Direction::After),
    ("hence", Direction::Hence),
];

/// Tense markers used to choose between the last and the coming occurrence of a weekday or
/// month. Regular past forms (`-ed`) are recognized by their ending.
pub const TENSE_MARKERS: &[(&str, Tense)] = &[
    ("will", Tense::Future),
    ("ll", Tense::Future),
    ("shall", Tense::Future),
    ("would", Tense::Future),
    ("scheduled", Tense::Future),
    ("expected", Tense::Future),
    ("due", Tense::Future),
    ("plans", Tense::Future),
    ("plan", Tense::Future),
    ("planned", Tense::Future),
    ("planning", Tense::Future),
    ("upcoming", Tense::Future),
    ("going", Tense::Future),
    ("intends", Tense::Future),
    ("until", Tense::Future),
    // `effective Feb. 1`: a change that takes effect.
    ("effective", Tense::Future),
    ("begins", Tense::Future),
    ("starts", Tense::Future),
    ("said", Tense::Past),
    ("says", Tense::Present),
    ("meet", Tense::Present),
    ("meets", Tense::Present),
    ("visits", Tense::Present),
    ("opens", Tense::Present),
    ("resumes", Tense::Present),
    ("convenes", Tense::Present),
    ("say", Tense::Present),
    ("is", Tense::Present),
    ("are", Tense::Present),
    ("was", Tense::Past),
    ("were", Tense::Past),
    ("had", Tense::Past),
    ("did", Tense::Past),
    ("told", Tense::Past),
    ("met", Tense::Past),
    ("left", Tense::Past),
    ("went", Tense::Past),
    ("came", Tense::Past),
    ("took", Tense::Past),
    ("made", Tense::Past),
    ("gave", Tense::Past),
    ("began", Tense::Past),
    ("won", Tense::Past),
    ("lost", Tense::Past),
    ("held", Tense::Past),
    ("fell", Tense::Past),
    ("rose", Tense::Past),
    ("sold", Tense::Past),
    ("bought", Tense::Past),
    ("paid", Tense::Past),
    ("sent", Tense::Past),
    ("spent", Tense::Past),
    ("found", Tense::Past),
    ("saw", Tense::Past),
    ("got", Tense::Past),
    ("became", Tense::Past),
    ("struck", Tense::Past),
    ("broke", Tense::Past),
    ("fled", Tense::Past),
    ("flew", Tense::Past),
    ("ran", Tense::Past),
    ("led", Tense::Past),
    ("spoke", Tense::Past),
    ("wrote", Tense::Past),
    ("brought", Tense::Past),
    ("thought", Tense::Past),
    ("kept", Tense::Past),
    ("knew", Tense::Past),
    ("felt", Tense::Past),
    ("shot", Tense::Past),
    ("stood", Tense::Past),
    ("chose", Tense::Past),
    ("drew", Tense::Past),
    ("grew", Tense::Past),
    ("threw", Tense::Past),
    ("sought", Tense::Past),
    ("caught", Tense::Past),
    ("fought", Tense::Past),
    ("built", Tense::Past),
    ("meant", Tense::Past),
    ("hit", Tense::Past),
    ("killed", Tense::Past),
    ("arrived", Tense::Past),
    ("ago", Tense::Past),
    // `searching since the Oct. 23 slaying`: what follows `since` is past.
    ("since", Tense::Past),
];

/// Past participles/adjectives in -ed that do not mark the past.
pub const ED_NOT_PAST: &[&str] = &[
    "scheduled",
    "expected",
    "planned",
    "proposed",
    "intended",
    "supposed",
    "red",
    "bed",
    // `-eed` verbs in the base form
    "succeed",
    "proceed",
    "exceed",
    "need",
    "feed",
    "speed",
    "breed",
    "indeed",
    "hundred",
    // `un-` adjectives (but `unveiled`, `unleashed` are verbs)
    "unspecified",
    "undisclosed",
    "unnamed",
    "unidentified",
    "unconfirmed",
    "unexpected",
    "unprecedented",
    "unresolved",
    "unchanged",
    "unemployed",
    "unsecured",
    "untouched",
    "unaffected",
    "unscathed",
    "unopposed",
];

/// Words after which a four-digit number is a label, not a year.
pub const NOT_YEAR_BEFORE: &[&str] = &[
    "page",
    "pages",
    "p",
    "pp",
    "no",
    "nos",
    "number",
    "room",
    "flight",
    "route",
    "chapter",
    "section",
    "article",
    "item",
    "vol",
    "volume",
    "issue",
    "rule",
    "resolution",
    "paragraph",
    "exhibit",
    "figure",
    "table",
    "line",
    "bill",
    "code",
    "model",
    "version",
    "series",
    "unit",
    "highway",
    "interstate",
    "suite",
    "box",
    "lot",
    "apartment",
    "platform",
    "gate",
    "bus",
];

/// Product nouns after which `the YEAR` is a model year, not a date (`the 2019 model`).
pub const MODEL_YEAR_NOUNS: &[&str] =
    &["model", "models", "vintage", "version", "sedan", "coupe", "truck", "car"];

/// True if `word` (any case) is one of [`MODEL_YEAR_NOUNS`].
pub fn is_model_year_noun(word: &str) -> bool {
    MODEL_YEAR_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Nouns that keep the year reading after `the YEAR` (`the 2019 election`).
pub const YEAR_EVENT_NOUNS: &[&str] = &[
    "election",
    "elections",
    "campaign",
    "census",
    "budget",
    "season",
    "olympics",
    "games",
    "war",
    "crisis",
    "period",
    "quarter",
    "summit",
    "vote",
    "referendum",
    "race",
    "cup",
    "championship",
    "tournament",
    "agreement",
    "accord",
    "law",
    "act",
    "attack",
    "attacks",
    "earthquake",
    "storm",
    "levels",
    "level",
    "figure",
    "figures",
    "fiscal",
    "results",
    "session",
    "meeting",
    "report",
    "survey",
    "film",
    "book",
    "edition",
    "invasion",
    "coup",
    "uprising",
    "revolution",
    "protests",
    "talks",
    "deal",
    "treaty",
    "crash",
    "first",
    "second",
    "third",
    "fourth",
    "annual",
    "world",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "presidential",
    "general",
    "midterm",
    "midterms",
    "primary",
];

/// Prepositions that introduce a date.
pub const TEMPORAL_PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "since",
    "by",
    "until",
    "till",
    "before",
    "after",
    "during",
    "from",
    "through",
    "throughout",
    "of",
    "between",
    "and",
    "to",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "that",
    "each",
    "every",
    "around",
    "about",
    "for",
    "at",
];

/// Clock words.
pub const CLOCK_WORDS: &[(&str, u32)] = &[("noon", 12), ("midday", 12), ("midnight", 24)];

/// Time zone abbreviations → UTC offset in minutes.
pub const ZONES: &[(&str, i32)] = &[
    ("gmt", 0),
    ("utc", 0),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("msk", 180),
    ("ist", 330),
    ("jst", 540),
    ("aest", 600),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("et", -300),
    ("pt", -480),
];

/// Decade words.
pub const DECADE_WORDS: &[(&str, u32)] = &[
    ("twenties", 2),
    ("thirties", 3),
    ("forties", 4),
    ("fifties", 5),
    ("sixties", 6),
    ("seventies", 7),
    ("eighties", 8),
    ("nineties", 9),
];

fn build() -> HashMap<&'static str, Lex> {
    let mut map: HashMap<&'static str, Lex> = HashMap::with_capacity(512);
    fill(&mut map);
    map
}

fn fill(map: &mut HashMap<&'static str, Lex>) {
    for &(w, m) in MONTHS {
        let l = map.entry(w).or_default();
        l.month = m;
        l.month_ambiguous = AMBIGUOUS_MONTHS.contains(&w);
    }
    for &(w, m) in MONTH_ABBREVIATIONS {
        let l = map.entry(w).or_default();
        l.month = m;
        l.month_abbr = true;
    }
    for &(w, d) in WEEKDAYS {
        map.entry(w).or_default().weekday = d;
    }
    for &(w, n) in NUMBERS {
        map.entry(w).or_default().number = Some(n);
    }
    for &(w, n) in ORDINALS {
        map.entry(w).or_default().ordinal = Some(n);
    }
    for &(w, u, plural) in UNITS {
        let l = map.entry(w).or_default();
        l.unit = Some(u);
        l.unit_plural = plural;
    }
    for &(w, s) in SEASONS {
        map.entry(w).or_default().season = Some(s);
    }
    for &(w, p) in PARTS_OF_DAY {
        map.entry(w).or_default().part_of_day = Some(p);
    }
    for &(w, p) in PARTS_OF_DAY_PLURAL {
        map.entry(w).or_default().part_of_day_plural = Some(p);
    }
    for &(w, s) in SHIFTS {
        map.entry(w).or_default().shift = Some(s);
    }
    for &(w, d) in DAY_WORDS {
        map.entry(w).or_default().day_offset = Some(d);
    }
    for &(w, r) in REFERENCES {
        map.entry(w).or_default().reference = Some(r);
    }
    for &(w, u) in SET_ADVERBS {
        map.entry(w).or_default().set_adverb = Some(u);
    }
    for &(w, m) in MODIFIERS {
        map.entry(w).or_default().modifier = Some(m);
    }
    for &w in APPROXIMATORS {
        map.entry(w).or_default().approx = true;
    }
    for &w in VAGUE_COUNTS {
        map.entry(w).or_default().vague_count = true;
    }
    for &(w, d) in DIRECTIONS {
        map.entry(w).or_default().direction = Some(d);
    }
    for &(w, t) in TENSE_MARKERS {
        map.entry(w).or_default().tense = Some(t);
    }
    for &w in NOT_YEAR_BEFORE {
        map.entry(w).or_default().not_year_before = true;
    }
    for &w in YEAR_EVENT_NOUNS {
        map.entry(w).or_default().year_event_noun = true;
    }
    for &w in TEMPORAL_PREPOSITIONS {
        map.entry(w).or_default().temporal_prep = true;
    }
    for &(w, h) in CLOCK_WORDS {
        map.entry(w).or_default().clock_word = Some(h);
    }
    for &(w, z) in ZONES {
        map.entry(w).or_default().zone = Some(z);
    }
    for &(w, d) in DECADE_WORDS {
        map.entry(w).or_default().decade_word = Some(d);
    }
    for &(w, h) in HOLIDAYS {
        map.entry(w).or_default().holiday = Some(h);
    }
    for &(w, g) in GRAMMAR_WORDS {
        map.entry(w).or_default().gram = Some(g);
    }
    for &(w, d) in WEEKDAYS_PLURAL {
        let l = map.entry(w).or_default();
        l.weekday = d;
        l.weekday_plural = true;
    }
}

/// The lexicon, built once.
fn table() -> &'static HashMap<&'static str, Lex> {
    static TABLE: OnceLock<HashMap<&'static str, Lex>> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// Look a word up (any case). Words longer than 16 bytes or not ASCII are never in the lexicon.
pub fn lookup(word: &str) -> Option<&'static Lex> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 16];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..bytes.len()]).ok()?;
    table().get(lower)
}

/// Nouns of a results report: with one of them in the sentence, `a year ago` compares a period
/// (`profit rose 19% from a year ago`).
pub const EARNINGS_NOUNS: &[&str] = &[
    "profit", "profits", "earnings", "net", "income", "sales", "revenue", "revenues", "loss",
    "losses",
];

/// True if `word` (any case) is one of [`EARNINGS_NOUNS`].
pub fn is_earnings_noun(word: &str) -> bool {
    EARNINGS_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Adjectives between a count and its unit that keep the stretch (`eight trading days`).
pub const DURATION_ADJECTIVES: &[&str] =
    &["trading", "business", "working", "straight", "consecutive", "full"];

/// True if `word` (any case) is one of [`DURATION_ADJECTIVES`].
pub fn is_duration_adjective(word: &str) -> bool {
    DURATION_ADJECTIVES.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Nouns for people or the world at large after `today's`: the phrase means the present age
/// (`in today's world`, `today's youth`), not the day of publication.
pub const GENERIC_AGE_NOUNS: &[&str] = &[
    "world",
    "youth",
    "society",
    "generation",
    "generations",
    "children",
    "kids",
    "young",
    "teenagers",
    "students",
    "parents",
];

/// True if `word` (any case) is one of [`GENERIC_AGE_NOUNS`].
pub fn is_generic_age_noun(word: &str) -> bool {
    GENERIC_AGE_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// True if `word` ends like a regular past-tense verb (`voted`, `announced`).
pub fn looks_past(word: &str) -> bool {
    word.len() > 4
        && word.ends_with("ed")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !ED_NOT_PAST.contains(&word)
}
