//! Boilerplate lines: share prompts, newsletter sign-ups, related-article lists, copyright
//! lines, repeated site names. The patterns live in `data/boilerplate.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// The pattern file, compiled into the crate.
pub const BOILERPLATE_PATTERNS: &str = include_str!("../data/boilerplate.txt");

/// `line` patterns apply to lines of at most this many words.
const MAX_LINE_WORDS: usize = 40;
/// Link titles under a list header have at most this many words.
const MAX_LINK_WORDS: usize = 20;
/// At most this many link titles are dropped under one header.
const MAX_LINKS: usize = 12;
/// A body line that is not boilerplate has more than this many words.
const LONG_LINE_WORDS: usize = 20;

/// What a pattern line of the data file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    List,
}

/// One pattern of the data file that failed to parse, for the test that checks the file.
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct BadPattern {
    pub line: usize,
    pub message: String,
}

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Patterns {
    lines: RegexSet,
    lists: RegexSet,
    pub errors: Vec<BadPattern>,
}

/// Parse the data file. Bad lines are collected in `errors` (and checked by a test), never
/// a panic at run time.
pub(crate) fn parse_patterns(source: &str) -> Patterns {
    let mut lines = Vec::new();
    let mut lists = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let (kind, pattern) = match raw.split_once(':') {
            Some(("line", p)) => (Kind::Line, p.trim()),
            Some(("list", p)) => (Kind::List, p.trim()),
            _ => {
                errors.push(BadPattern {
                    line: i + 1,
                    message: "expected `line: REGEX` or `list: REGEX`".into(),
                });
                continue;
            }
        };
        let anchored = format!("(?i)^(?:{pattern})$");
        match kind {
            Kind::Line => lines.push((i + 1, anchored)),
            Kind::List => lists.push((i + 1, anchored)),
        }
    }
    // Compile each group once as a set (compiling is the start-up cost of `dossier analyze`);
    // only when a set fails are its patterns compiled one by one to name the bad lines.
    let mut set = |v: &[(usize, String)]| {
        RegexSet::new(v.iter().map(|(_, p)| p)).unwrap_or_else(|_| {
            let good: Vec<&String> = v
                .iter()
                .filter(|(line, p)| match Regex::new(p) {
                    Ok(_) => true,
                    Err(e) => {
                        errors.push(BadPattern { line: *line, message: e.to_string() });
                        false
                    }
                })
                .map(|(_, p)| p)
                .collect();
            RegexSet::new(good).unwrap_or_else(|_| RegexSet::empty())
        })
    };
    let (lines, lists) = (set(&lines), set(&lists));
    Patterns { lines, lists, errors }
}

pub(crate) fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| parse_patterns(BOILERPLATE_PATTERNS))
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Whether a whole line is boilerplate by a `line` pattern.
pub(crate) fn is_boilerplate_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && words(line) <= MAX_LINE_WORDS && patterns().lines.is_match(line)
}

fn is_list_header(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && words(line) <= 8 && patterns().lists.is_match(line)
}

/// A short line in title case (or a bare domain), the shape of a site name.
fn looks_like_site_name(line: &str) -> bool {
    let ws: Vec<&str> = line.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 5 || !line.chars().any(char::is_alphabetic) {
        return false;
    }
    if line.ends_with(['.', '!', '?', ',', ':', ';', '"', '”']) {
        return false;
    }
    const SMALL: &[&str] = &["of", "the", "and", "&", "de", "for", "on", "in", "a", "-", "|"];
    ws.iter().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()) || SMALL.contains(w)
    })
}

/// Mark the lines to drop. `lines[i]` is dropped when the result's `[i]` is `true`; the
/// dropped lines' text is appended to `removed` in order.
pub(crate) fn mark(lines: &[&str], removed: &mut Vec<String>) -> Vec<bool> {
    let n = lines.len();
    let mut drop = vec![false; n];
    let blank = |i: usize| lines[i].trim().is_empty();

    // The last long line that is not boilerplate: after it, everything short is trailing matter.
    let last_long =
        (0..n).rev().find(|&i| words(lines[i]) > LONG_LINE_WORDS && !is_boilerplate_line(lines[i]));

    let mut i = 0;
    while i < n {
        let line = lines[i];
        if blank(i) {
            i += 1;
            continue;
        }
        if is_boilerplate_line(line) {
            drop[i] = true;
            i += 1;
            continue;
        }
        if is_list_header(line) {
            drop[i] = true;
            let trailing = !matches!(last_long, Some(l) if i <= l);
            let mut j = i + 1;
            let mut links = 0;
            while j < n && links < MAX_LINKS {
                let item = lines[j].trim();
                if item.is_empty() || is_boilerplate_line(item) {
                    drop[j] = !item.is_empty();
                    j += 1;
                    continue;
                }
                let w = words(item);
                // Link titles rarely end like a sentence; after the story, fewer of them do.
                let sentence_words = if trailing { 12 } else { 6 };
                let sentence_like = item.ends_with(['.', '"', '”']) && w > sentence_words;
                if is_list_header(item) || (w <= MAX_LINK_WORDS && !sentence_like) {
                    drop[j] = true;
                    links += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }

    // Repeated site names: a short title-case line printed more than once.
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if looks_like_site_name(line.trim()) {
            seen.entry(line.trim().to_lowercase()).or_default().push(i);
        }
    }
    let first_content = (0..n).find(|&i| !blank(i) && !drop[i]);
    let mut site_names: Vec<usize> = Vec::new();
    for positions in seen.values().filter(|p| p.len() > 1) {
        for &i in positions.iter().filter(|&&i| !drop[i]) {
            // A headline printed again further down (a share box) keeps its first copy,
            // unless another short headline-shaped line follows it (then it is the site name).
            let next_content = (i + 1..n).find(|&j| !blank(j) && !drop[j]);
            let next_is_headline = next_content.is_some_and(|j| {
                let next = lines[j].trim();
                words(next) <= 20 && !next.ends_with(['.', '!', '?', ',', ';', ':'])
            });
            if Some(i) == first_content && !next_is_headline {
                continue;
            }
            site_names.push(i);
        }
    }
    for i in site_names {
        drop[i] = true;
    }

    removed.extend((0..n).filter(|&i| drop[i]).map(|i| lines[i].trim().to_string()));
    drop
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses() {
        let p = parse_patterns(BOILERPLATE_PATTERNS);
        let errors: Vec<String> =
            p.errors.iter().map(|e| format!("line {}: {}", e.line, e.message)).collect();
        assert!(errors.is_empty(), "bad patterns in data/boilerplate.txt: {errors:#?}");
        assert!(p.lines.len() > 20 && p.lists.len() > 5);
    }

    #[test]
    fn bad_pattern_lines_are_reported_not_fatal() {
        let p = parse_patterns("# c\nline: (unclosed\nwhat: x\nline: fine\n");
        let mut lines: Vec<usize> = p.errors.iter().map(|e| e.line).collect();
        lines.sort();
        assert_eq!(lines, [2, 3], "{:?}", p.errors.iter().map(|e| &e.message).collect::<Vec<_>>());
        assert!(p.lines.is_match("FINE"));
    }

    #[test]
    fn line_patterns() {
        for line in [
            "Share this article",
            "Share on Facebook",
            "Facebook Twitter Email",
            "Follow us on Twitter",
            "Follow Jane Doe on X for more updates.",
            "Sign up for our daily newsletter",
            "Get the Morning Brief newsletter delivered to your inbox.",
            "Subscribe",
            "Advertisement",
            "Story continues below advertisement",
            "Archived in World News",
            "Copyright 2023 The Associated Press. All rights reserved.",
            "© 2023 Example Media Group",
            "All rights reserved.",
            "Reporting by Jane Doe; Editing by John Roe",
            "www.example.com",
            "Read more: Port strike enters its third week",
            "4 min read",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
        for line in [
            "The newsletter reported on Monday that the minister would resign.",
            "Officials said the copyright dispute would go to court.",
            "Follow-up talks are planned for next week, the ministry said.",
            "Share prices fell 4% on Monday.",
            "“Subscribe to nothing,” she said.",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }

    fn run(text: &str) -> (Vec<String>, Vec<String>) {
        let lines: Vec<&str> = text.lines().collect();
        let mut removed = Vec::new();
        let drop = mark(&lines, &mut removed);
        let kept = lines
            .iter()
            .zip(&drop)
            .filter(|(l, d)| !**d && !l.trim().is_empty())
            .map(|(l, _)| l.to_string())
            .collect();
        (kept, removed)
    }

    #[test]
    fn related_list_at_the_end() {
        let body = "The council voted 7-2 on Tuesday to close the harbor to cruise ships for the rest of the season, citing damage to the breakwater.";
        let text = format!(
            "{body}\n\nThe Associated Press contributed.\n\nRelated\n\nFerry operators brace for a slow winter\nHarbor repairs to cost $4 million, study finds\n\nSign up for our newsletter\nCopyright 2023 Example News."
        );
        let (kept, removed) = run(&text);
        assert_eq!(kept, [body, "The Associated Press contributed."]);
        assert_eq!(removed.len(), 5, "{removed:?}");
    }

    #[test]
    fn related_block_in_the_middle_stops_at_the_body() {
        let text = "First paragraph of the story is long enough to count as body text for sure, with many words in it.\n\nMore from Example News\nTalks stall again\nMinister resigns\n\nThe second paragraph continues the story with more detail about the vote and the people involved in it.";
        let (kept, removed) = run(text);
        assert_eq!(kept.len(), 2);
        assert_eq!(removed, ["More from Example News", "Talks stall again", "Minister resigns"]);
    }

    #[test]
    fn repeated_site_names() {
        let text = "The Harbor Gazette\nPort talks resume\n\nThe body of the story, long enough to be a real paragraph with many many words in it.\n\nThe Harbor Gazette";
        let (kept, removed) = run(text);
        assert_eq!(kept[0], "Port talks resume");
        assert_eq!(removed, ["The Harbor Gazette", "The Harbor Gazette"]);

        // A headline repeated in a share box keeps its first copy.
        let text = "Port Talks Resume\n\nThe body of the story, long enough to be a real paragraph with many many words in it.\n\nPort Talks Resume";
        let (kept, removed) = run(text);
        assert_eq!(kept[0], "Port Talks Resume");
        assert_eq!(removed, ["Port Talks Resume"]);
    }
}
