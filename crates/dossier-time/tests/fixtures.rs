//! Fixture tests: short wire-style passages of our own writing, each with the timexes it must
//! (and must not) produce. Reference date for most: Friday 2023-09-15.

use dossier_core::{testing::check_stage, Document, Source, Stage, TimexType};
use dossier_text::SentenceStage;
use dossier_time::{normalize, TimexStage};

const FRIDAY: &str = "2023-09-15";

/// `(text, type, value)` of every timex found in `text` published on `date`.
fn found(text: &str, date: Option<&str>) -> Vec<(String, TimexType, String)> {
    normalize(text, date).into_iter().map(|t| (t.text, t.kind, t.value)).collect()
}

/// Asserts that `text` yields exactly `want` as (surface, value) pairs.
#[track_caller]
fn expect(text: &str, date: Option<&str>, want: &[(&str, &str)]) {
    let got: Vec<(String, String)> =
        found(text, date).into_iter().map(|(s, _, v)| (s, v)).collect();
    let want: Vec<(String, String)> =
        want.iter().map(|(s, v)| (s.to_string(), v.to_string())).collect();
    assert_eq!(got, want, "in {text:?}");
}

#[track_caller]
fn expect_type(text: &str, date: Option<&str>, surface: &str, kind: TimexType, value: &str) {
    let all = found(text, date);
    let hit = all.iter().find(|(s, _, _)| s == surface);
    assert_eq!(
        hit.map(|(_, k, v)| (*k, v.as_str())),
        Some((kind, value)),
        "{surface:?} in {text:?}; found {all:?}"
    );
}

#[test]
fn explicit_dates_in_news_forms() {
    expect(
        "The ceasefire took effect on Sept. 15, 2023, two weeks after talks opened.",
        Some(FRIDAY),
        &[("Sept. 15, 2023", "2023-09-15"), ("two weeks", "P2W")],
    );
    expect(
        "The treaty was signed in Geneva on 15 September 2023 and filed on 2023-09-18.",
        Some(FRIDAY),
        &[("15 September 2023", "2023-09-15"), ("2023-09-18", "2023-09-18")],
    );
    expect(
        "Polls close at 8 p.m. on Nov. 7, officials said.",
        Some(FRIDAY),
        &[("8 p.m.", "2023-11-07T20:00"), ("Nov. 7", "2023-11-07")],
    );
    expect("Growth slowed in mid-2021.", Some(FRIDAY), &[("mid-2021", "2021")]);
    // TimeML writes a decade as its first three digits.
    expect("Prices doubled during the 1990s.", Some(FRIDAY), &[("1990s", "199")]);
    expect(
        "The company expects a loss in Q3 and a return to profit in FY2024.",
        Some(FRIDAY),
        &[("Q3", "2023-Q3"), ("FY2024", "2024")],
    );
    expect(
        "Revenue rose in the third quarter of 2022.",
        Some(FRIDAY),
        &[("the third quarter of 2022", "2022-Q3")],
    );
}

#[test]
fn numeric_dates_follow_the_documents_convention() {
    // Month-first by default.
    expect("The filing is dated 9/15/2023.", Some(FRIDAY), &[("9/15/2023", "2023-09-15")]);
    expect("Dated 3/4/2023, the memo was leaked.", Some(FRIDAY), &[("3/4/2023", "2023-03-04")]);
    // A day above 12 shows the document writes day-first; the ambiguous one follows it.
    expect(
        "The order of 15/09/2023 replaced the one of 3/4/2023.",
        Some(FRIDAY),
        &[("15/09/2023", "2023-09-15"), ("3/4/2023", "2023-04-03")],
    );
    let ex = dossier_time::find_timexes(
        "Dated 3/4/2023.",
        &dossier_text::tokenize("Dated 3/4/2023."),
        &[],
        None,
    );
    assert!(ex.ambiguous_numeric_order);
}

#[test]
fn weekdays_follow_tense() {
    // Published on a Friday.
    expect(
        "The minister resigned on Tuesday. Parliament met Friday to debate the budget.",
        Some(FRIDAY),
        &[("Tuesday", "2023-09-12"), ("Friday", "2023-09-15")],
    );
    expect(
        "The envoy will travel to Cairo on Tuesday, and talks are scheduled to open Wednesday.",
        Some(FRIDAY),
        &[("Tuesday", "2023-09-19"), ("Wednesday", "2023-09-20")],
    );
    expect(
        "Voters go to the polls next Sunday; the campaign ended last Friday.",
        Some(FRIDAY),
        &[("next Sunday", "2023-09-17"), ("last Friday", "2023-09-08")],
    );
    expect_type(
        "Rescuers reached the village Thursday evening.",
        Some(FRIDAY),
        "Thursday evening",
        TimexType::Time,
        "2023-09-14TEV",
    );
}

#[test]
fn deictic_and_relative_periods() {
    expect(
        "The strike began yesterday and will end tomorrow, the union said today.",
        Some(FRIDAY),
        &[("yesterday", "2023-09-14"), ("tomorrow", "2023-09-16"), ("today", "2023-09-15")],
    );
    expect(
        "Exports fell last month and rose this week; officials expect a rebound next year.",
        Some(FRIDAY),
        &[("last month", "2023-08"), ("this week", "2023-W37"), ("next year", "2024")],
    );
    expect(
        "The central bank raised rates earlier this month.",
        Some(FRIDAY),
        &[("earlier this month", "2023-09")],
    );
    expect(
        "The mayor has been in office since April 2019.",
        Some(FRIDAY),
        &[("April 2019", "2019-04")],
    );
    expect(
        "The plant closed three years ago and reopened last spring.",
        Some(FRIDAY),
        &[("three years ago", "2020"), ("last spring", "2023-SP")],
    );
}

#[test]
fn bare_months_take_their_year_from_tense() {
    expect(
        "Inflation peaked in October, the ministry said.",
        Some("2024-02-01"),
        &[("October", "2023-10")],
    );
    expect("The summit will be held in October.", Some("2024-02-01"), &[("October", "2024-10")]);
}

#[test]
fn anchored_expressions() {
    let timexes = normalize(
        "The rebels seized the airport on Sept. 2. A day later they took the port, and the \
         next day the city fell.",
        Some(FRIDAY),
    );
    let got: Vec<(&str, &str, Option<&str>)> =
        timexes.iter().map(|t| (t.text.as_str(), t.value.as_str(), t.anchor.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Sept. 2", "2023-09-02", Some("published")),
            ("A day later", "P1D", Some("t1")),
            ("the next day", "2023-09-03", Some("t1")),
        ]
    );
}

#[test]
fn durations_sets_and_references() {
    expect_type(
        "The talks lasted two months.",
        Some(FRIDAY),
        "two months",
        TimexType::Duration,
        "P2M",
    );
    expect_type(
        "A three-hour hearing followed.",
        Some(FRIDAY),
        "three-hour",
        TimexType::Duration,
        "PT3H",
    );
    expect_type("The board meets every week.", Some(FRIDAY), "every week", TimexType::Set, "P1W");
    expect_type("The index is published weekly.", Some(FRIDAY), "weekly", TimexType::Set, "P1W");
    // A frequency word that names a newspaper is not a set.
    for text in [
        "The report, published by the business daily Vestnik, cited two officials.",
        "Ukraine's financial weekly said the plan was dropped.",
        "A local daily first reported the fire.",
    ] {
        expect(text, Some(FRIDAY), &[]);
    }
    expect("Prices are now falling.", Some(FRIDAY), &[("now", "PRESENT_REF")]);
    expect("He recently moved to Lagos.", Some(FRIDAY), &[("recently", "PAST_REF")]);
    expect("Rates may rise in the future.", Some(FRIDAY), &[("the future", "FUTURE_REF")]);
}

#[test]
fn times_with_zones() {
    expect(
        "The launch is set for 10:30 a.m. EDT Tuesday.",
        Some(FRIDAY),
        &[("10:30 a.m. EDT Tuesday", "2023-09-19T10:30-04:00")],
    );
    expect("Markets closed at 16:00 GMT.", Some(FRIDAY), &[("16:00 GMT", "2023-09-15T16:00Z")]);
}

#[test]
fn things_that_are_not_dates() {
    expect("The air force lost a Su-57 and two F-16 jets.", Some(FRIDAY), &[]);
    expect("Dealers recalled the 2019 model after complaints.", Some(FRIDAY), &[]);
    expect("Sales collapsed in 2019.", Some(FRIDAY), &[("2019", "2019")]);
    expect("Theresa May told reporters she may resign.", Some(FRIDAY), &[]);
    expect("Thousands march through the capital.", Some(FRIDAY), &[]);
    expect("Protesters plan to march on parliament.", Some(FRIDAY), &[]);
    expect("The figures appear on page 2020 of the report.", Some(FRIDAY), &[]);
    expect("Police counted 2000 protesters and 1500 vehicles.", Some(FRIDAY), &[]);
    expect("The quarterly dividend was cut.", Some(FRIDAY), &[]);
}

#[test]
fn without_a_publication_date_relative_values_are_underspecified() {
    let mut doc = Document::new(
        "The minister resigned on Tuesday and will testify next month. The law dates from 1998.",
        Source::text(None),
    );
    TimexStage.process(&mut doc);
    let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["XXXX-WXX-2", "XXXX-XX", "1998"]);
    assert!(doc.timexes.iter().all(|t| t.anchor.as_deref() != Some("published")));
    let t001: Vec<_> = doc.diagnostics.iter().filter(|d| d.code == "T001").collect();
    assert_eq!(t001.len(), 1);
    assert_eq!(t001[0].name, "timex-unanchored");
    // Running twice does not duplicate the diagnostic.
    TimexStage.process(&mut doc);
    assert_eq!(doc.diagnostics.iter().filter(|d| d.code == "T001").count(), 1);
}

#[test]
fn anchors_name_the_publication_date() {
    let t = normalize("Talks resumed on Monday.", Some(FRIDAY));
    assert_eq!(t[0].anchor.as_deref(), Some("published"));
    let t = normalize("Talks resumed on Sept. 11, 2023.", Some(FRIDAY));
    assert_eq!(t[0].anchor, None);
}

#[test]
fn offsets_are_bytes_on_char_boundaries() {
    let text = "Le 15 septembre — non: “on Sept. 15, 2023” — the pact was signed.";
    let t = normalize(text, Some(FRIDAY));
    assert_eq!(t.len(), 1);
    assert_eq!(&text[t[0].start..t[0].end], "Sept. 15, 2023");
}

#[test]
fn stage_contract() {
    assert_eq!(TimexStage.name(), "timexes");
    check_stage(&TimexStage, &|doc: &mut Document| {
        doc.published = Some(FRIDAY.into());
        SentenceStage.process(doc);
    });
    check_stage(&TimexStage, &|_doc: &mut Document| {});
}

#[test]
fn timeml_formats_for_decades_quarters_and_vague_stretches() {
    // Decades: `199`, not `199X`; `the last decade` from 2023 is the 2010s.
    expect("The firm grew in the late 1980s.", Some(FRIDAY), &[("the late 1980s", "198")]);
    expect("Wages lagged over the last decade.", Some(FRIDAY), &[("the last decade", "201")]);
    // Durations in decades count years; quarters keep their own unit.
    expect("Output hit its lowest in two decades.", Some(FRIDAY), &[("two decades", "P20Y")]);
    expect(
        "The unit has lost money in the past two quarters.",
        Some(FRIDAY),
        &[("the past two quarters", "P2Q")],
    );
    expect("It paid interest every quarter.", Some(FRIDAY), &[("every quarter", "P1Q")]);
    // `the next few years`: a duration of unstated length.
    expect_type(
        "Demand will stay weak for the next few years.",
        Some(FRIDAY),
        "the next few years",
        TimexType::Duration,
        "PXY",
    );
    // With no count at all, `coming weeks` and `past years` are vague references.
    expect_type(
        "Rates may fall in coming weeks, traders said.",
        Some(FRIDAY),
        "coming weeks",
        TimexType::Date,
        "FUTURE_REF",
    );
    expect_type(
        "Similar sell-offs happened in past years.",
        Some(FRIDAY),
        "past years",
        TimexType::Date,
        "PAST_REF",
    );
}

#[test]
fn tense_cues_for_months_and_weekdays() {
    const OCT: &str = "2023-10-27"; // a Friday
                                    // A past clause reaches back ten months.
    expect("In January, the board hired a new chief.", Some(OCT), &[("January", "2023-01")]);
    // No tense: a month of the publication year when it is at most seven months away.
    expect("Shares traded at $30 in March.", Some(OCT), &[("March", "2023-03")]);
    // `un-` adjectives and `-eed` verbs are not past tenses.
    expect(
        "The bonus would be paid on an unspecified date in January.",
        Some(OCT),
        &[("January", "2024-01")],
    );
    expect("Ms. Ruiz will succeed Mr. Ortiz Feb. 1.", Some(OCT), &[("Feb. 1", "2024-02-01")]);
    // `had been due to`: a plan in the past; `as soon as`: still to come.
    expect(
        "The offer had been due to expire Tuesday evening.",
        Some(OCT),
        &[("Tuesday evening", "2023-10-24TEV")],
    );
    expect(
        "The family could arrive as soon as Tuesday, officials said.",
        Some(OCT),
        &[("Tuesday", "2023-10-31")],
    );
}

#[test]
fn every_shifted_unit() {
    // Published on Friday 2023-09-15 (ISO week 37).
    expect(
        "Turnout fell last week, and the count ends next week.",
        Some(FRIDAY),
        &[("last week", "2023-W36"), ("next week", "2023-W38")],
    );
    expect(
        "Tariffs rose this month after a calm last year; a review is due next month.",
        Some(FRIDAY),
        &[("this month", "2023-09"), ("last year", "2022"), ("next month", "2023-10")],
    );
    expect(
        "The ministry will publish this year's figures earlier than last month.",
        Some(FRIDAY),
        &[("this year", "2023"), ("last month", "2023-08")],
    );
}

#[test]
fn durations_anchored_on_an_earlier_date() {
    let timexes = normalize(
        "The dam failed on March 3, 2021. Two months after the flood, the inquiry opened.",
        Some(FRIDAY),
    );
    let got: Vec<(&str, &str, Option<&str>)> =
        timexes.iter().map(|t| (t.text.as_str(), t.value.as_str(), t.anchor.as_deref())).collect();
    assert_eq!(got, [("March 3, 2021", "2021-03-03", None), ("Two months", "P2M", Some("t1"))]);
}

#[test]
fn earnings_report_quarters() {
    const OCT: &str = "1989-10-26";
    // A quarter that closes on a date is the calendar quarter it mostly covers.
    expect(
        "Sales rose in the quarter ended Sept. 30, the carrier said.",
        Some(OCT),
        &[("the quarter", "1989-Q3"), ("Sept. 30", "1989-09-30")],
    );
    expect(
        "In the quarter ended July 31, the printer lost money.",
        Some(OCT),
        &[("the quarter", "1989-Q2"), ("July 31", "1989-07-31")],
    );
    // `the latest quarter`: the last completed one, not a quarter still running.
    expect(
        "The insurer expects a weak fourth quarter. In the latest quarter it lost $23 million.",
        Some(OCT),
        &[("fourth quarter", "1989-Q4"), ("the latest quarter", "1989-Q3")],
    );
    // The quarter in focus, in another year.
    expect(
        "Profit fell in the third quarter from $4 million in the 1988 quarter and \
         from last year's quarter.",
        Some(OCT),
        &[
            ("the third quarter", "1989-Q3"),
            ("the 1988 quarter", "1988-Q3"),
            ("last year's quarter", "1988-Q3"),
        ],
    );
    // A fiscal year that ends on a date is reported as a one-year stretch.
    expect_type(
        "Net income for the year ended March 31 doubled.",
        Some(OCT),
        "the year",
        TimexType::Duration,
        "P1Y",
    );
}

#[test]
fn years_in_words_and_recent_stretches() {
    expect(
        "Prices last touched that level in the winter of nineteen ninety-four.",
        Some("1998-02-23"),
        &[("the winter of nineteen ninety-four", "1994-WI")],
    );
    expect(
        "Engineers warned about computers failing in the year two thousand.",
        Some("1998-02-23"),
        &[("the year two thousand", "2000")],
    );
    expect("Rents have doubled in recent years.", Some(FRIDAY), &[("recent years", "PXY")]);
    expect_type(
        "Shelling has intensified in recent days, aid workers said.",
        Some(FRIDAY),
        "recent days",
        TimexType::Duration,
        "PXD",
    );
    expect(
        "Earnings will lag in the last half of 1989 and the following year.",
        Some("1989-10-26"),
        &[("the last half of 1989", "1989-H2"), ("the following year", "1990")],
    );
    expect(
        "The bid was made in March 1989. The following month, the board sold the unit.",
        Some("1989-10-27"),
        &[("March 1989", "1989-03"), ("The following month", "1989-04")],
    );
}

#[test]
fn clause_structure_for_tense() {
    // Published on Friday 2023-09-15.
    // A fronted `Until Thursday,` takes the tense of its main clause.
    expect(
        "Until Thursday, prosecutors had not named a suspect.",
        Some(FRIDAY),
        &[("Thursday", "2023-09-14")],
    );
    // `since` looks back: the nearest such day in the past.
    expect(
        "Police have searched for him since shortly after the Aug. 20 shooting.",
        Some("2024-03-01"),
        &[("Aug. 20", "2023-08-20")],
    );
    // A reporting verb outside a quotation does not set the tense inside it.
    expect(
        "\"The convoy will leave at dawn on Monday,\" the governor said.",
        Some(FRIDAY),
        &[("Monday", "2023-09-18")],
    );
    // `vacation plans` is a noun, not a plan to do something later.
    expect(
        "On Tuesday, when the envoy cut short her vacation plans, the talks resumed.",
        Some(FRIDAY),
        &[("Tuesday", "2023-09-12")],
    );
}

#[test]
fn holidays() {
    // Published on Friday 2023-09-15.
    expect(
        "Shops expect record sales on Thanksgiving Day, and the vote is on Election Day.",
        Some(FRIDAY),
        &[("Thanksgiving Day", "2023-11-23"), ("Election Day", "2023-11-07")],
    );
    // Easter 2023 fell on April 9, a Sunday of ISO week 14.
    expect(
        "Pilgrims crowded the city during Easter week.",
        Some(FRIDAY),
        &[("Easter week", "2023-W14")],
    );
    expect("The church reopened at Easter 2000.", Some(FRIDAY), &[("Easter 2000", "2000-04-23")]);
    expect("Sales were weak last Christmas.", Some(FRIDAY), &[("last Christmas", "2022-12-25")]);
    expect("The ship docked at Christmas Island.", Some(FRIDAY), &[]);
}

#[test]
fn titles_and_names_with_time_words() {
    expect(
        "The minister, speaking on ABC's \"This Week,\" said the request was legal.",
        Some(FRIDAY),
        &[],
    );
    expect("He told CBS's \"60 Minutes\" he would stay.", Some(FRIDAY), &[]);
    expect("The Communist Party daily Granma printed the letter.", Some(FRIDAY), &[]);
    expect("Police found Kopp's 1987 Chevrolet near the border.", Some(FRIDAY), &[]);
}

#[test]
fn that_day_refers_back() {
    let timexes = normalize(
        "The doctor was shot on Oct. 23, 1998. Earlier that day he had seen patients, and \
         later that year the clinic closed. That week, police searched the woods.",
        Some("1999-02-06"),
    );
    let got: Vec<(&str, &str, Option<&str>)> =
        timexes.iter().map(|t| (t.text.as_str(), t.value.as_str(), t.anchor.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Oct. 23, 1998", "1998-10-23", None),
            ("Earlier that day", "1998-10-23", Some("t1")),
            ("later that year", "1998", Some("t2")),
            ("That week", "1998-W43", Some("t2")),
        ]
    );
    // With nothing to refer back to, `that day` is generic and not reported.
    expect("Traders who sold that day lost heavily.", Some(FRIDAY), &[]);
}

#[test]
fn months_before_a_noun_and_hedged_counts() {
    // A capitalized month between a determiner and a noun names a time.
    expect(
        "The firm is bound by a June agreement with its lenders.",
        Some("1989-10-27"),
        &[("June", "1989-06")],
    );
    expect(
        "The March accession will admit three states.",
        Some("1999-02-10"),
        &[("March", "1999-03")],
    );
    // ... but the verb and the name are still not months.
    expect("Thousands march through the capital.", Some(FRIDAY), &[]);
    // `or so` stays inside an `ago` expression.
    expect_type(
        "Then, a week or so ago, the general picked the date.",
        Some("1991-02-25"),
        "a week or so ago",
        TimexType::Date,
        "1991-W08",
    );
}

#[test]
fn earnings_comparisons_name_the_quarter() {
    // A results sentence without money still compares periods: profit, sales, a percentage.
    expect(
        "Profit at the chemicals unit climbed 12% from a year earlier.",
        Some("1989-10-26"),
        &[("a year earlier", "1988-Q3")],
    );
    // Outside a results report `a year ago` is the year.
    expect(
        "The bridge was closed to traffic a year ago.",
        Some("1989-10-26"),
        &[("a year ago", "1988")],
    );
    // Next to a longer results period (`the nine months`), the comparison is with the year.
    expect(
        "For the nine months, the airline earned $18 million, compared with a loss of \
         $9 million a year earlier.",
        Some("1989-10-26"),
        &[("the nine months", "P9M"), ("a year earlier", "1988")],
    );
    // `the quarter a year ago` is one expression: the quarter in focus, a year back.
    expect(
        "The lender lost $20 million in the third quarter. For the quarter a year ago, it \
         earned $4 million.",
        Some("1989-10-26"),
        &[("the third quarter", "1989-Q3"), ("the quarter a year ago", "1988-Q3")],
    );
}

#[test]
fn possessive_weekdays_effective_dates_and_weekday_sets() {
    // `Wednesday's ruling` is an event already over, whatever the clause's tense.
    expect(
        "Lawyers said they would seek to overturn Wednesday's ruling by the appeals court.",
        Some("2000-01-07"),
        &[("Wednesday", "2000-01-05")],
    );
    // `effective Feb. 1`: a change still to come.
    expect(
        "The board named a new finance chief, effective Feb. 1.",
        Some("1989-10-26"),
        &[("Feb. 1", "1990-02-01")],
    );
    // `Tuesday nights` is every Tuesday night; `Monday and Tuesday nights` makes both sets.
    expect(
        "The airline will fly to Lagos on Monday and Tuesday nights from next month.",
        Some(FRIDAY),
        &[
            ("Monday", "XXXX-WXX-1TNI"),
            ("Tuesday nights", "XXXX-WXX-2TNI"),
            ("next month", "2023-10"),
        ],
    );
}

#[test]
fn fractions_extra_units_and_year_phrases() {
    // A whole number and a fraction: the fraction goes down a unit.
    expect(
        "The families spent 2 1/2 years in the camps and the envoy stayed 5 1/2 hours.",
        Some(FRIDAY),
        &[("2 1/2 years", "P2Y6M"), ("5 1/2 hours", "PT5H30M")],
    );
    // A share price with a fraction is not a duration.
    expect("The stock dropped 2 1/2 to 37 3/4.", Some(FRIDAY), &[]);
    // `two more weeks`, `an additional year`.
    expect(
        "The boy will stay for two more weeks; the lease runs for an additional year.",
        Some(FRIDAY),
        &[("two more weeks", "P2W"), ("an additional year", "P1Y")],
    );
    // `for the full year`, `for the fiscal year`: the current year, like `for the year`.
    expect(
        "The retailer expects a loss for the full year and weaker sales for the fiscal year.",
        Some(FRIDAY),
        &[("the full year", "2023"), ("the fiscal year", "2023")],
    );
    // `a day-long meeting`; `in the past` before a clause.
    expect(
        "After a day-long meeting, officials said in the past that talks had failed.",
        Some(FRIDAY),
        &[("day-long", "P1D"), ("the past", "PAST_REF")],
    );
}

#[test]
fn years_before_nouns_clock_asides_and_the_month_just_gone() {
    // A year between a determiner and a noun dates the noun; a product noun makes a model year.
    expect(
        "Survivors of the 1998 market bombing met as the 1959 trade embargo was debated.",
        Some(FRIDAY),
        &[("1998", "1998"), ("1959", "1959")],
    );
    expect("The dealer sold a 1961 vintage at auction.", Some(FRIDAY), &[]);
    // A clock time takes the day named after a parenthesis.
    expect(
        "The blast occurred at 10:35 a.m. (0735 GMT) Friday, witnesses said.",
        Some("2023-09-16"),
        &[("10:35 a.m.", "2023-09-15T10:35"), ("Friday", "2023-09-15")],
    );
    // `last February` told in March is the February of the year before; `last June` the
    // most recent June.
    expect(
        "Two helicopters crashed last February; the inquiry opened last June.",
        Some("1998-03-01"),
        &[("last February", "1997-02"), ("last June", "1997-06")],
    );
    expect("The plant closed last June.", Some("1998-10-01"), &[("last June", "1998-06")]);
}

#[test]
fn mid_parts_of_day_and_midday() {
    // `mid-afternoon yesterday` is one TIME; `at midday` is noon of the day; a clock word
    // does not take the day of the next sentence.
    expect(
        "In London at mid-afternoon yesterday, shares were up. Talks resumed at midday. The \
         Friday session closed early.",
        Some("1989-11-02"),
        &[
            ("mid-afternoon yesterday", "1989-11-01TAF"),
            ("midday", "1989-11-02T12:00"),
            ("Friday", "1989-10-27"),
        ],
    );
}

#[test]
fn current_soon_and_paired_days() {
    // `current` before a noun it dates is the present; not `the current account`.
    expect(
        "Under current rules, the board can block the sale, its chairman said.",
        Some(FRIDAY),
        &[("current", "PRESENT_REF")],
    );
    expect("The current account deficit widened to 4% of output.", Some(FRIDAY), &[]);
    expect(
        "Holders may buy shares at half the then current market price.",
        Some(FRIDAY),
        &[("then current", "PAST_REF")],
    );
    // `soon after`, and `soon` in a past narrative, are not about the publication date.
    expect("The minister resigned soon after the vote.", Some(FRIDAY), &[]);
    expect("The driver was soon released by the police.", Some(FRIDAY), &[]);
    expect("The bank will soon raise its rates.", Some(FRIDAY), &[("soon", "FUTURE_REF")]);
    // `April 24 and 25`: the second day is a date too; a count after `and` is not.
    expect(
        "Leaders will meet in Rome on Oct. 3 and 4, the office said.",
        Some(FRIDAY),
        &[("Oct. 3", "2023-10-03"), ("4", "2023-10-04")],
    );
    expect(
        "The talks ran on March 7 and 8, 2022 in Vienna.",
        Some(FRIDAY),
        &[("March 7", "2022-03-07"), ("8, 2022", "2022-03-08")],
    );
    expect(
        "Shares rose on Oct. 3 and 4 percent on Oct. 4.",
        Some(FRIDAY),
        &[("Oct. 3", "2023-10-03"), ("Oct. 4", "2023-10-04")],
    );
}

#[test]
fn the_near_term_and_the_weeks_ahead() {
    expect(
        "Analysts see little relief for lenders in the near term.",
        Some(FRIDAY),
        &[("the near term", "FUTURE_REF")],
    );
    // The hyphenated adjective is not a time.
    expect("The bank cut its near-term forecast and its short-term debt.", Some(FRIDAY), &[]);
    expect_type(
        "Traders expect more selling in the weeks ahead.",
        Some(FRIDAY),
        "the weeks ahead",
        TimexType::Duration,
        "PXW",
    );
}

#[test]
fn a_quarter_named_in_passing_keeps_the_focus() {
    // The report is about the third quarter; `a weak second quarter` is background, so `the
    // year-earlier period` still compares with the third.
    expect(
        "Acme posted higher third-quarter profit. After a weak second quarter, sales \
         recovered. Charges taken in the year-earlier period also helped.",
        Some("2023-10-26"),
        &[
            ("third-quarter", "2023-Q3"),
            ("second quarter", "2023-Q2"),
            ("the year-earlier period", "2022-Q3"),
        ],
    );
}

#[test]
fn a_sentence_initial_now_with_a_comma_is_a_discourse_marker() {
    expect("Now, the minister says, the plan must change.", Some(FRIDAY), &[]);
    expect(
        "Now officials are weighing a second round of cuts.",
        Some(FRIDAY),
        &[("Now", "PRESENT_REF")],
    );
}

#[test]
fn frequency_words_before_basis_and_prepositions() {
    expect("Police review the footage on a daily basis.", Some(FRIDAY), &[("daily", "P1D")]);
    expect("Protesters gather daily outside the embassy.", Some(FRIDAY), &[("daily", "P1D")]);
    // Still an adjective before a noun: not a set.
    expect("The bank raised its quarterly dividend.", Some(FRIDAY), &[]);
}

#[test]
fn over_a_week_and_as_long_as_a_month() {
    expect(
        "The inspection tour is likely to last over a week.",
        Some(FRIDAY),
        &[("over a week", "P1W")],
    );
    expect(
        "The appeal could take as long as a month, lawyers said.",
        Some(FRIDAY),
        &[("a month", "P1M")],
    );
    // A bare `a week` with nothing before it is still not reported.
    expect("It was a week of talks in Geneva.", Some(FRIDAY), &[]);
}

#[test]
fn hours_told_by_a_part_of_the_day() {
    expect(
        "The convoy will leave at 4 in the morning on Monday.",
        Some(FRIDAY),
        &[("4 in the morning", "2023-09-18T04:00"), ("Monday", "2023-09-18")],
    );
    expect(
        "Police sealed the square at 9 in the evening.",
        Some(FRIDAY),
        &[("9 in the evening", "2023-09-15T21:00")],
    );
    // A count, not an hour: no preposition before it.
    expect("Rebels killed 4 in the morning raid.", Some(FRIDAY), &[]);
}

#[test]
fn a_year_or_a_day_word_after_a_name_is_part_of_the_name() {
    // A number right after a name inside a sentence names a company or a product.
    expect(
        "The engineer later founded a parts maker called Vega 1985, which still exports.",
        Some(FRIDAY),
        &[],
    );
    // A temporal word before the year keeps it a date.
    expect("Since 1985, Vega has doubled its staff.", Some(FRIDAY), &[("1985", "1985")]);
    // `Today` after a name is a programme or a paper; at the start of a sentence it is a day.
    expect("You are listening to Harbour Radio Today.", Some(FRIDAY), &[]);
    expect("Today, the port reopened.", Some(FRIDAY), &[("Today", "2023-09-15")]);
}

#[test]
fn the_first_or_last_two_quarters_of_a_year_are_a_half() {
    expect(
        "Shipyards expect weak orders through at least the first two quarters of 2024.",
        Some(FRIDAY),
        &[("the first two quarters of 2024", "2024-H1")],
    );
    expect(
        "Margins recovered over the last two quarters of 2022.",
        Some(FRIDAY),
        &[("the last two quarters of 2022", "2022-H2")],
    );
}

#[test]
fn a_month_after_by_or_through_is_the_nearest_one() {
    // Told in late October: `through January` is the coming January even in a past clause,
    // `by February` the coming February; `through August` the one just gone.
    expect(
        "The lenders agreed to extend the credit line through January.",
        Some("2023-10-30"),
        &[("January", "2024-01")],
    );
    expect(
        "The carrier said it repaid half the loan and would clear it by February.",
        Some("2023-10-30"),
        &[("February", "2024-02")],
    );
    // Halfway between two, the one to come: `by August` told in February.
    expect(
        "The airline will double its flights by August.",
        Some("2023-02-13"),
        &[("August", "2023-08")],
    );
    expect(
        "Sales were flat this year through August.",
        Some("2023-10-30"),
        &[("this year", "2023"), ("August", "2023-08")],
    );
}

#[test]
fn in_years_closing_a_clause_is_a_vague_stretch() {
    expect_type(
        "The mill is hiring for the first time in years.",
        Some(FRIDAY),
        "years",
        TimexType::Duration,
        "PXY",
    );
    expect_type(
        "Grain prices hit their lowest level in decades, traders said.",
        Some(FRIDAY),
        "decades",
        TimexType::Duration,
        "PXDE",
    );
    // A plural unit that a noun phrase goes on from is not one.
    expect("The bonds fell in years of turmoil.", Some(FRIDAY), &[]);
}

#[test]
fn the_year_ago_third_quarter_is_one_expression() {
    expect(
        "Acme earned $3 million in the third quarter. In the year-ago third quarter, it lost \
         $1 million. Sales fell from a year earlier.",
        Some("2023-10-26"),
        &[
            ("the third quarter", "2023-Q3"),
            ("the year-ago third quarter", "2022-Q3"),
            ("a year earlier", "2022-Q3"),
        ],
    );
}

#[test]
fn fractions_and_period_comparisons_are_not_timexes() {
    expect("Pension funds hold more than a quarter of the bonds.", Some(FRIDAY), &[]);
    expect("The quarter-to-quarter comparison was flattered by charges.", Some(FRIDAY), &[]);
    expect("Nearly two-thirds of the voters stayed home.", Some(FRIDAY), &[]);
    // A vague count of quarters is still a stretch.
    expect_type(
        "The unit lost money for several quarters of the past two years.",
        Some(FRIDAY),
        "several quarters",
        TimexType::Duration,
        "PXQ",
    );
}

#[test]
fn at_the_time_and_at_a_later_date() {
    expect(
        "The minister spoke to reporters, saying at the time he was ready to resign.",
        Some(FRIDAY),
        &[("the time", "PAST_REF")],
    );
    expect(
        "The company will raise the money at a later date.",
        Some(FRIDAY),
        &[("a later date", "FUTURE_REF")],
    );
    // `at the time of ...` and a clause naming the time are not vague references.
    expect("The alliance had ten members at the time of its founding.", Some(FRIDAY), &[]);
    expect("At the time the envoy arrived, the talks had stalled.", Some(FRIDAY), &[]);
}

#[test]
fn today_is_the_eighth_day_of() {
    expect(
        "In the capital, today is the eighth day of the dock strike.",
        Some(FRIDAY),
        &[("today", "2023-09-15"), ("the eighth day", "2023-09-15")],
    );
    expect(
        "It's the second day of talks between the two sides.",
        Some(FRIDAY),
        &[("the second day", "2023-09-15")],
    );
}

#[test]
fn today_for_the_present_age_is_not_a_day() {
    expect("Teachers say today's youth read less than their parents did.", Some(FRIDAY), &[]);
    expect("The chip powers many of today's laptops.", Some(FRIDAY), &[]);
    expect("\"We are building the ports of tomorrow,\" the minister said.", Some(FRIDAY), &[]);
    // The day's own things keep the day.
    expect(
        "The offer appears in today's editions of the paper.",
        Some(FRIDAY),
        &[("today", "2023-09-15")],
    );
}

#[test]
fn a_half_after_the_unit_and_adjectives_before_it() {
    expect(
        "Talks ran for an hour and a half; a minute and a half later the lights failed.",
        Some(FRIDAY),
        &[("an hour and a half", "PT1H30M"), ("a minute and a half later", "PT1M30S")],
    );
    expect(
        "Shares recovered five trading days after the crash and held for three straight weeks.",
        Some(FRIDAY),
        &[("five trading days", "P5D"), ("three straight weeks", "P3W")],
    );
}

#[test]
fn over_the_years_is_a_vague_stretch() {
    expect_type(
        "Over the years the harbour silted up.",
        Some(FRIDAY),
        "the years",
        TimexType::Duration,
        "PXY",
    );
    expect_type(
        "Growth was fastest in the early years, planners said.",
        Some(FRIDAY),
        "the early years",
        TimexType::Duration,
        "PXY",
    );
    // The years of something, or numbered years, are not.
    expect("Veterans spoke about the years of war.", Some(FRIDAY), &[]);
}

#[test]
fn within_weeks_is_a_vague_stretch() {
    expect_type(
        "More troops are expected to arrive within weeks, officials said.",
        Some(FRIDAY),
        "weeks",
        TimexType::Duration,
        "PXW",
    );
}

#[test]
fn a_month_alone_reaches_ten_months_by_tense() {
    // Told in late October: a past clause's December is the one ten months back.
    expect(
        "The insurer switched its books to a calendar year in December.",
        Some("2023-10-26"),
        &[("December", "2022-12")],
    );
    // Told in early March: a future clause's December is the one still to come.
    expect(
        "The probe will be launched on a mission to Mars in December.",
        Some("2023-03-03"),
        &[("December", "2023-12")],
    );
}

#[test]
fn a_second_verb_phrase_keeps_its_own_tense() {
    // Told on a Friday: the rally is planned for the coming Saturday; the `were` of the verb
    // phrase after `and` does not reach back over it.
    expect(
        "Farmers planned a rally outside the ministry on Saturday and were asking members to \
         bring tractors.",
        Some(FRIDAY),
        &[("Saturday", "2023-09-16")],
    );
    // `and` inside a name is no clause boundary.
    expect(
        "On Tuesday, the Society of Arts and Letters will open its new hall.",
        Some(FRIDAY),
        &[("Tuesday", "2023-09-19")],
    );
}

#[test]
fn a_plan_in_the_progressive_is_still_open() {
    // `were planning to`, like `were going to`, looks ahead; `was scheduled for` is a plan
    // that has come and gone.
    expect(
        "Union leaders were planning to picket the depot on Monday.",
        Some(FRIDAY),
        &[("Monday", "2023-09-18")],
    );
    expect("The vote was scheduled for Monday.", Some(FRIDAY), &[("Monday", "2023-09-11")]);
}

#[test]
fn a_scheduled_present_and_an_infinitive() {
    // News present for a scheduled meeting: told on a Friday, `meet ... Monday` is the
    // nearer Monday, the one to come.
    expect(
        "The two ministers meet separately Monday with the envoy.",
        Some(FRIDAY),
        &[("Monday", "2023-09-18")],
    );
    // `to meet` is an infinitive: the past verb before it sets the tense.
    expect(
        "Suppliers struggled to meet orders well into the summer.",
        Some(FRIDAY),
        &[("the summer", "2023-SU")],
    );
}

#[test]
fn a_record_set_on_a_day_is_past() {
    // `set on` after a noun is what was done that day: the March gone, not the one to come.
    expect("Traders eye the high set on March 3.", Some(FRIDAY), &[("March 3", "2023-03-03")]);
}
