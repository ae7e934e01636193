//! Quotation marks: which tokens open and close a quotation, and the quoted spans they enclose.
//!
//! Double marks (`“ ”`, `"`, `''`, `« »`) make quotations. A quotation left open at the end of a
//! paragraph continues when the next paragraph opens with a mark (the news convention for
//! quotes over several paragraphs); otherwise it is closed at the paragraph end (unbalanced).
//! Single marks (`‘ ’`, `'`) make quotations only when a word-initial opener and a word-final
//! closer pair up in one sentence outside double quotes (headlines, nested quotes are left
//! inside their double quote). `’` never opens, so "the allies’ plans" and "rock ’n’ roll" are
//! not quotations.

use dossier_core::{Token, TokenKind};

/// A quoted span, in token indices and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedSpan {
    /// Token index of the opening mark (its first token).
    pub open: usize,
    /// Token index just past the closing mark, or past the last quoted token when unbalanced.
    pub close_end: usize,
    /// First and one-past-last token of the content.
    pub first: usize,
    pub last: usize,
    /// Byte span of the content, without the marks.
    pub start: usize,
    pub end: usize,
    /// False when the quote was never closed.
    pub balanced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    /// First token and one past the last (`''` is two tokens).
    tok: usize,
    tok_end: usize,
    dir: Dir,
    double: bool,
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

fn opens_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || "([{—–-/:“‘«".contains(c),
    }
}

fn closes_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || ".,;:!?)]}—–-…”’»\"'".contains(c),
    }
}

/// The marks among `tokens`.
fn marks(text: &str, tokens: &[Token]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if t.kind != TokenKind::Punct {
            i += 1;
            continue;
        }
        let s = t.text(text);
        let adjacent_same =
            tokens.get(i + 1).is_some_and(|n| n.start == t.end && n.text(text) == s);
        let mark = match s {
            "“" | "«" | "„" => {
                Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Open, double: true })
            }
            "”" | "»" => Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Close, double: true }),
            "\"" => Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Either, double: true }),
            "'" | "`" | "’" | "‘" if adjacent_same => {
                let dir = match s {
                    "`" | "‘" => Dir::Open,
                    "’" => Dir::Close,
                    _ => Dir::Either,
                };
                Some(Mark { tok: i, tok_end: i + 2, dir, double: true })
            }
            "‘" => Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Open, double: false }),
            "’" => Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Close, double: false }),
            "'" => Some(Mark { tok: i, tok_end: i + 1, dir: Dir::Either, double: false }),
            _ => None,
        };
        match mark {
            Some(m) => {
                out.push(m);
                i = m.tok_end;
            }
            None => i += 1,
        }
    }
    out
}

/// `para[i]`: paragraph number of token `i` (a blank line starts a paragraph).
pub fn paragraphs(text: &str, tokens: &[Token]) -> Vec<u32> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut p = 0u32;
    let mut prev_end = 0;
    for t in tokens {
        let gap = &text[prev_end.min(t.start)..t.start];
        if gap.bytes().filter(|&b| b == b'\n').count() >= 2 {
            p += 1;
        }
        out.push(p);
        prev_end = t.end;
    }
    out
}

fn span(
    text: &str,
    tokens: &[Token],
    open: &Mark,
    close: Option<&Mark>,
    last: usize,
) -> QuotedSpan {
    let first = open.tok_end;
    let (last, close_end, balanced) = match close {
        Some(c) => (c.tok, c.tok_end, true),
        None => (last, last, false),
    };
    let last = last.max(first);
    let start = tokens.get(first).map_or(text.len(), |t| t.start);
    let end = if last > first { tokens[last - 1].end } else { start };
    QuotedSpan { open: open.tok, close_end, first, last, start, end: end.max(start), balanced }
}

/// Quoted spans of the text, in order, not overlapping.
pub fn quoted_spans(text: &str, tokens: &[Token], para: &[u32]) -> Vec<QuotedSpan> {
    let all = marks(text, tokens);
    let para_end = |tok: usize| -> usize {
        let p = para[tok];
        let mut k = tok;
        while k < tokens.len() && para[k] == p {
            k += 1;
        }
        k
    };
    let para_start = |tok: usize| tok == 0 || para[tok - 1] != para[tok];
    let mut out: Vec<QuotedSpan> = Vec::new();
    let mut open: Option<Mark> = None;
    // The paragraph the open quote has reached (it may continue over paragraphs).
    let mut open_para_tok = 0;
    for m in all.iter().filter(|m| m.double) {
        let before = prev_char(text, tokens[m.tok].start);
        let after = next_char(text, tokens[m.tok_end - 1].end);
        let is_open = match m.dir {
            Dir::Open => true,
            Dir::Close => false,
            Dir::Either => {
                let o = opens_context(before) && !after.is_some_and(char::is_whitespace);
                let c = closes_context(after) && !before.is_some_and(char::is_whitespace);
                match (o, c) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => open.is_none(),
                }
            }
        };
        if is_open {
            if let Some(o) = open {
                if para[m.tok] != para[open_para_tok] && para_start(m.tok) {
                    // The quote runs on into this paragraph.
                    open_para_tok = m.tok;
                    continue;
                }
                // Unbalanced: close the earlier quote at its paragraph end or before this mark.
                let end = para_end(open_para_tok).min(m.tok);
                out.push(span(text, tokens, &o, None, end));
            }
            open = Some(*m);
            open_para_tok = m.tok;
        } else if let Some(o) = open.take() {
            if para[m.tok] != para[open_para_tok] {
                // A closing mark in a later paragraph that did not reopen: the quote ended
                // unbalanced at its paragraph's end.
                out.push(span(text, tokens, &o, None, para_end(open_para_tok)));
            } else {
                out.push(span(text, tokens, &o, Some(m), m.tok));
            }
        }
    }
    if let Some(o) = open {
        out.push(span(text, tokens, &o, None, para_end(open_para_tok)));
    }
    out.retain(|q| q.start < q.end);
    // Single quotes: pairs inside one paragraph, outside double quotes.
    let mut covered = vec![false; tokens.len()];
    for q in &out {
        for c in &mut covered[q.open..q.close_end.min(tokens.len())] {
            *c = true;
        }
    }
    let inside_double = |tok: usize| covered[tok];
    let mut pending: Option<Mark> = None;
    for m in all.iter().filter(|m| !m.double) {
        if inside_double(m.tok) {
            continue;
        }
        let before = prev_char(text, tokens[m.tok].start);
        let after = next_char(text, tokens[m.tok].end);
        let can_open = m.dir != Dir::Close
            && opens_context(before)
            && after.is_some_and(char::is_alphanumeric);
        let can_close = m.dir != Dir::Open
            && closes_context(after)
            && before.is_some_and(|c| !c.is_whitespace());
        if let Some(o) = pending {
            if can_close && para[o.tok] == para[m.tok] && m.tok > o.tok_end {
                let q = span(text, tokens, &o, Some(m), m.tok);
                let letters = text[q.start..q.end].chars().filter(|c| c.is_alphabetic()).count();
                if letters >= 2 && q.last - q.first >= 1 {
                    out.push(q);
                    pending = None;
                    continue;
                }
            }
        }
        if can_open {
            pending = Some(*m);
        }
    }
    out.sort_by_key(|q| q.start);
    out
}
