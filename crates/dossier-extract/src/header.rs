//! The lines above the body: headline, standfirst, byline, date lines, and the dateline that
//! opens the first paragraph.

use std::sync::OnceLock;

use regex::Regex;

use crate::caption::parse_caption;
use crate::date::find_date;

/// A headline has at most this many words and characters.
const MAX_TITLE_WORDS: usize = 20;
const MAX_TITLE_CHARS: usize = 150;
/// A standfirst has at most this many words.
const MAX_STANDFIRST_WORDS: usize = 45;

pub(crate) fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// The line without closing quotes and brackets at its end.
fn strip_closers(line: &str) -> &str {
    line.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '»'])
}

/// Whether the line ends like a sentence (`.`, `!`, `?`, possibly inside closing quotes).
pub(crate) fn ends_sentence(line: &str) -> bool {
    strip_closers(line).ends_with(['.', '!', '?', '…'])
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // WASHINGTON (AP) — / LONDON, Sept. 15 (Reuters) - / KYIV, Ukraine — / Sept. 15, 2023 (Reuters) -
    RE.get_or_init(|| {
        Regex::new(r"^(?:[\p{Lu}][\p{Lu}\p{M} .'’-]+|[\p{L}\p{M}]+\.?\s+[0-9]{1,2},?\s+[0-9]{4})(?:,\s*[^—–()]+?)?\s*(?:\([A-Za-z][\w .&-]*\))?\s*(?:—|–|-{1,2})\s")
            .expect("dateline pattern is valid")
    })
}

/// The dateline that opens a paragraph ("WASHINGTON, Sept. 15, 2023 (AP) — "), if any.
pub(crate) fn dateline_prefix(line: &str) -> Option<&str> {
    dateline_re().find(line).map(|m| &line[..m.end()])
}

fn byline_re() -> &'static (Regex, Regex) {
    static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let by = Regex::new(r"(?i)^(?:written |story |words |reporting |text )?by[:\s]\s*(..+)$")
            .expect("byline pattern is valid");
        let pipe = Regex::new(
            r"^([\p{Lu}][\p{L}\p{M}'’.-]*(?:\s+[\p{Lu}][\p{L}\p{M}'’.-]*){1,3})\s*[|·•]\s*(..+)$",
        )
        .expect("byline pattern is valid");
        (by, pipe)
    })
}

/// Words that can sit between capitalized words in a name list.
const NAME_JOINERS: &[&str] = &[
    "and", "&", "de", "da", "del", "della", "der", "van", "von", "la", "le", "bin", "al", "el",
    "du", "dos", "di", "ter", "y",
];
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "This",
    "That",
    "Then",
    "Now",
    "Last",
    "Next",
    "Early",
    "Late",
    "Noon",
    "Midnight",
    "Mid",
];

/// Whether `names` reads like a list of names: capitalized words and joiners, not too long.
fn looks_like_names(names: &str) -> bool {
    let ws: Vec<&str> = names.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 10 {
        return false;
    }
    let first = ws[0].trim_matches(|c: char| !c.is_alphanumeric());
    if NOT_NAMES.contains(&first) || crate::date::month_like(first) {
        return false;
    }
    ws.iter().all(|w| {
        let w = w.trim_end_matches(',');
        w.chars().next().is_some_and(char::is_uppercase) || NAME_JOINERS.contains(&w)
    })
}

/// A byline: `By Jane Doe`, `By JANE DOE and JOHN ROE, Associated Press`, `Jane Doe | Reuters`.
/// Returns the author(s) as printed, without `By` and without a date printed after them.
pub(crate) fn parse_byline(line: &str) -> Option<String> {
    let line = line.trim();
    if words(line) > 16 {
        return None;
    }
    let (by, pipe) = byline_re();
    let authors = if let Some(c) = by.captures(line) {
        let rest = c.get(1)?.as_str();
        // The names are what comes before the first comma, "|" or date.
        let cut = cut_date(rest);
        let names = cut.split([',', '|', '·', '•']).next().unwrap_or("");
        if !looks_like_names(names) {
            return None;
        }
        cut
    } else if let Some(c) = pipe.captures(line) {
        let names = c.get(1)?.as_str();
        if !looks_like_names(names) || ends_sentence(line) {
            return None;
        }
        cut_date(line)
    } else {
        return None;
    };
    let authors = authors.trim_end_matches([' ', ',', '|', '·', '•', '-', '—', '–']).trim();
    let authors = authors
        .strip_suffix(" Published")
        .or_else(|| authors.strip_suffix(" Updated"))
        .unwrap_or(authors)
        .trim_end_matches([' ', ',', '|', ':']);
    (!authors.is_empty()).then(|| authors.to_string())
}

/// `s` up to the first date in it (or all of it).
fn cut_date(s: &str) -> &str {
    match find_date(s) {
        Some(m) => {
            let before = s[..m.start].trim_end();
            // Drop a weekday or "Published"/"Updated" label printed before the date.
            let before = before.trim_end_matches([',', ':', ' ']);
            let trimmed = before.rsplit_once(' ').map_or(before, |(head, last)| {
                let last = last.trim_matches(|c: char| !c.is_alphabetic());
                if is_date_label(last) {
                    head
                } else {
                    before
                }
            });
            if is_date_label(trimmed.trim()) {
                ""
            } else {
                trimmed
            }
        }
        None => s,
    }
}

fn is_date_label(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    matches!(
        w.as_str(),
        "published"
            | "updated"
            | "posted"
            | "modified"
            | "on"
            | "date"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "wed"
            | "thu"
            | "fri"
            | "sat"
            | "sun"
    )
}

fn date_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // What may surround a date on a line of its own.
        Regex::new(r"(?i)^(?:(?:first |last )?(?:published|updated|posted|modified|date|created)(?: on| at)?|on|at|[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:\.[0-9]+)?(?:z|[+-][0-9:]{2,5})?(?:\s?[ap]\.?m\.?)?|[ap]\.?m\.?|[A-Z]{2,5}|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|utc[+-][0-9]{1,2}|gmt[+-][0-9]{1,2}|t[0-9:.z+-]+|z|[|·•,:;()\[\]/—–-]+)$")
            .expect("date-line pattern is valid")
    })
}

/// A line that only gives a date: `Published: 15 September 2023`,
/// `Updated 2023-09-15 10:04 GMT`, `Friday, Sept. 15, 2023`.
pub(crate) fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    if words(line) > 14 {
        return false;
    }
    let Some(m) = find_date(line) else { return false };
    let rest = format!("{} {}", &line[..m.start], &line[m.end..]);
    let re = date_line_re();
    rest.split_whitespace().all(|w| re.is_match(w) || re.is_match(w.trim_end_matches([',', ':'])))
}

/// Whether `line` can be the headline, given the line after it (`next`) and whether a blank
/// line separates them.
pub(crate) fn is_title(line: &str, next: Option<&str>, blank_after: bool) -> bool {
    let line = line.trim();
    let Some(next) = next else { return false };
    if words(line) > MAX_TITLE_WORDS
        || line.chars().count() > MAX_TITLE_CHARS
        || !line.chars().any(char::is_alphabetic)
    {
        return false;
    }
    let end = strip_closers(line);
    if end.ends_with(['.', '!', ',', ';', ':', '…']) {
        return false;
    }
    if end.ends_with('?') && !blank_after {
        return false;
    }
    if is_header_furniture(line) {
        return false;
    }
    blank_after || next.trim().chars().count() > line.chars().count()
}

/// A byline, photo caption, date line or dateline: header lines that are neither a headline
/// nor a standfirst.
fn is_header_furniture(line: &str) -> bool {
    parse_byline(line).is_some()
        || parse_caption(line).is_some()
        || is_date_line(line)
        || dateline_prefix(line).is_some()
}

/// Whether line `i` of `lines` is a standfirst (dek): a single sentence summary after the
/// headline, before the byline or the body. Being followed by a byline, a date line or a
/// dateline-opened paragraph, or lacking final punctuation, tells it from a one-sentence lede.
pub(crate) fn is_standfirst(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let w = words(line);
    if !(4..=MAX_STANDFIRST_WORDS).contains(&w) {
        return false;
    }
    if is_header_furniture(line) {
        return false;
    }
    if sentence_count(line) > 1 {
        return false;
    }
    // The next line that is not a caption.
    let next = lines[i + 1..].iter().map(|l| l.trim()).find(|l| parse_caption(l).is_none());
    let Some(next) = next else { return false };
    parse_byline(next).is_some()
        || is_date_line(next)
        || dateline_prefix(next).is_some()
        || !ends_sentence(line)
}

/// A rough count of sentences: sentence punctuation followed by a space and a capital.
fn sentence_count(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let mut count = 1;
    for k in 1..chars.len().saturating_sub(2) {
        if matches!(chars[k], '.' | '!' | '?')
            && chars[k + 1] == ' '
            && chars[k + 2].is_uppercase()
            && chars[k - 1].is_lowercase()
            && !ends_with_abbreviation(&chars[..=k])
        {
            count += 1;
        }
    }
    count
}

fn ends_with_abbreviation(chars: &[char]) -> bool {
    let word: String = chars
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    const ABBR: &[&str] = &[
        "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "St.", "Jan.",
        "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "Prof.", "Sgt.", "Capt.", "Jr.", "Sr.",
    ];
    ABBR.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        let cases = [
            ("By Jane Doe", "Jane Doe"),
            ("BY JANE DOE", "JANE DOE"),
            (
                "By JANE DOE and JOHN ROE, Associated Press",
                "JANE DOE and JOHN ROE, Associated Press",
            ),
            ("Jane Doe | Reuters", "Jane Doe | Reuters"),
            ("By Ana María de la Cruz", "Ana María de la Cruz"),
            ("By Jane Doe, Sept. 15, 2023", "Jane Doe"),
            ("By Jane Doe | Published 15 September 2023", "Jane Doe"),
            ("Written by Lena Ortiz", "Lena Ortiz"),
        ];
        for (line, want) in cases {
            assert_eq!(parse_byline(line).as_deref(), Some(want), "{line}");
        }
        for line in [
            "By the time rescuers arrived, the fire had spread.",
            "By Tuesday, the talks had collapsed.",
            "By September 2024 the plant will close",
            "Markets | Stocks rally",
            "by and large",
            "The vote was 7-2.",
        ] {
            assert_eq!(parse_byline(line), None, "{line}");
        }
    }

    #[test]
    fn date_lines() {
        for line in [
            "Published: 15 September 2023",
            "Updated 2023-09-15 10:04 GMT",
            "Friday, Sept. 15, 2023",
            "Sept. 15, 2023 10:04 a.m. EDT",
            "Published 9:30 AM EDT, Fri September 15, 2023",
            "Last updated on 2023-09-15T10:04:00Z",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in ["Talks resume on Sept. 15, 2023 in Geneva", "Port Talks Resume"] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline_prefix("WASHINGTON (AP) — Lawmakers agreed"),
            Some("WASHINGTON (AP) — ")
        );
        assert_eq!(
            dateline_prefix("WASHINGTON, Sept. 15, 2023 — Lawmakers agreed"),
            Some("WASHINGTON, Sept. 15, 2023 — ")
        );
        assert_eq!(
            dateline_prefix("Sept. 15, 2023 (Reuters) - Shares rose"),
            Some("Sept. 15, 2023 (Reuters) - ")
        );
        assert_eq!(
            dateline_prefix("LONDON, Sept 15 (Reuters) - Shares rose"),
            Some("LONDON, Sept 15 (Reuters) - ")
        );
        assert_eq!(dateline_prefix("KYIV, Ukraine — Drones hit"), Some("KYIV, Ukraine — "));
        assert_eq!(dateline_prefix("The minister — who resigned — spoke."), None);
        assert_eq!(dateline_prefix("A well-known figure spoke."), None);
    }

    #[test]
    fn titles() {
        assert!(is_title("Port talks resume after storm", Some("By Jane Doe"), true));
        assert!(is_title(
            "Port talks resume",
            Some("A much longer line follows the headline."),
            false
        ));
        assert!(is_title("Is the port deal dead?", Some("x"), true));
        assert!(!is_title(
            "Is the port deal dead?",
            Some("Longer line, longer line, longer."),
            false
        ));
        assert!(!is_title("The talks resumed on Monday.", Some("x"), true));
        assert!(!is_title("By Jane Doe", Some("x"), true));
        assert!(!is_title("Port talks resume", None, true));
        assert!(!is_title("Port talks resume after storm", Some("Short"), false));
    }

    #[test]
    fn standfirsts() {
        let lines = [
            "Negotiators return to the table as shipping backlog grows",
            "By Jane Doe",
            "The body.",
        ];
        assert!(is_standfirst(&lines, 0));
        let lines = ["The government said Tuesday it would raise port fees.", "Second paragraph."];
        assert!(!is_standfirst(&lines, 0));
        let lines =
            ["Two sentences here. Not a dek.", "WASHINGTON (AP) — The lede follows the dek."];
        assert!(!is_standfirst(&lines, 0));
        let lines = [
            "The harbor reopens after a month, but ferry operators say the damage is done.",
            "VARNA, Bulgaria (AP) — The lede.",
        ];
        assert!(is_standfirst(&lines, 0));
    }
}
