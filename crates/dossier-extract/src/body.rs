//! Body paragraphs: one paragraph a line, or hard-wrapped lines joined back together.

use crate::header::ends_sentence;

/// Hard-wrapped text is wrapped at a width in this range (characters).
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 30..=100;

/// The paragraphs of a block of consecutive non-blank lines.
///
/// A block is hard-wrapped when its lines stay within a wrap width and many of its line breaks
/// fall mid-sentence; then lines are joined, and a paragraph ends at a line that is clearly
/// shorter than the width and ends a sentence, or before an indented line. Otherwise every line
/// is its own paragraph.
pub(crate) fn paragraphs(block: &[&str]) -> Vec<String> {
    let lines: Vec<&str> = block.iter().map(|l| l.trim_end()).filter(|l| !l.is_empty()).collect();
    if !is_hard_wrapped(&lines) {
        return lines.iter().map(|l| l.trim().to_string()).collect();
    }
    let width = lines.iter().map(|l| l.trim().chars().count()).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut current = String::new();
    for (k, line) in lines.iter().enumerate() {
        let text = line.trim();
        if current.is_empty() || joins_hyphenated(&current, text) {
            current.push_str(text);
        } else {
            current.push(' ');
            current.push_str(text);
        }
        let next_indented = lines.get(k + 1).is_some_and(|n| n.starts_with([' ', '\t']));
        let short = text.chars().count() * 100 < width * 75;
        if next_indented || (short && ends_sentence(text)) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `inter-` + `national` → `inter-national`: a word broken at a hyphen joins without a space.
fn joins_hyphenated(current: &str, next: &str) -> bool {
    let mut rev = current.chars().rev();
    rev.next() == Some('-')
        && rev.next().is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}

fn is_hard_wrapped(lines: &[&str]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let lens: Vec<usize> = lines.iter().map(|l| l.trim().chars().count()).collect();
    let width = lens.iter().copied().max().unwrap_or(0);
    if !WRAP_WIDTHS.contains(&width) {
        return false;
    }
    let breaks = lines.len() - 1;
    let mid_sentence = (0..breaks)
        .filter(|&k| {
            !ends_sentence(lines[k])
                || lines[k + 1].trim_start().chars().next().is_some_and(char::is_lowercase)
        })
        .count();
    // Lines that fill the width: in wrapped text most lines but the last of each paragraph.
    let full = lens[..breaks].iter().filter(|&&l| l * 100 >= width * 60).count();
    mid_sentence * 5 >= breaks * 2 && full * 2 >= breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_a_line() {
        let block = [
            "The council voted on Tuesday.",
            "“We had no choice,” the mayor said.",
            "Ferry operators were not consulted",
        ];
        assert_eq!(paragraphs(&block), block.map(String::from));
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let block = [
            "The harbor council voted 7-2 on Tuesday to close the port to cruise",
            "ships for the rest of the season, citing storm damage to the old",
            "breakwater and a repair bill estimated at $4 million.",
            "  Ferry operators said they had not been consulted and would appeal",
            "the decision before the regional court.",
        ];
        assert_eq!(
            paragraphs(&block),
            [
                "The harbor council voted 7-2 on Tuesday to close the port to cruise ships for the rest of the season, citing storm damage to the old breakwater and a repair bill estimated at $4 million.",
                "Ferry operators said they had not been consulted and would appeal the decision before the regional court.",
            ]
        );
    }

    #[test]
    fn wrapped_paragraphs_without_blank_lines_split_at_short_lines() {
        let block = [
            "Officials in the coastal town of Varna said the repairs would take",
            "at least a year.",
            "The mayor, who faces re-election in the spring, said the town would",
            "borrow to pay for them, a move his opponents called reckless.",
        ];
        assert_eq!(paragraphs(&block).len(), 2);
    }

    #[test]
    fn hyphenated_breaks() {
        let block = [
            "The ministry said the new inter-",
            "national terminal would open in May, two years later than planned",
            "and at twice the cost.",
        ];
        assert_eq!(
            paragraphs(&block),
            ["The ministry said the new inter-national terminal would open in May, two years later than planned and at twice the cost."]
        );
    }

    #[test]
    fn trailing_spaces_trimmed() {
        assert_eq!(paragraphs(&["One line.   ", "Two lines.\t"]), ["One line.", "Two lines."]);
    }
}
