//! Tag schemes: BIO (what files and the API speak) and BILOU (what the tagger may use inside).

use dossier_core::Label;

/// How entity spans are written as one tag per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Begin, Inside, Outside.
    Bio,
    /// Begin, Inside, Last, Outside, Unit.
    Bilou,
}

/// A labelled span of tokens, `start..end`.
pub type TokenSpan = (usize, usize, Label);

impl Scheme {
    pub(crate) fn code(self) -> u8 {
        match self {
            Scheme::Bio => 0,
            Scheme::Bilou => 1,
        }
    }
    pub(crate) fn from_code(c: u8) -> Option<Scheme> {
        match c {
            0 => Some(Scheme::Bio),
            1 => Some(Scheme::Bilou),
            _ => None,
        }
    }
    pub(crate) fn parts(self) -> usize {
        match self {
            Scheme::Bio => 2,
            Scheme::Bilou => 4,
        }
    }
    /// Number of tags, `O` included.
    pub fn n_tags(self) -> usize {
        1 + 4 * self.parts()
    }
    fn label_of(self, tag: usize) -> Option<(Label, usize)> {
        if tag == 0 {
            return None;
        }
        let l = (tag - 1) / self.parts();
        Some((Label::ALL[l], (tag - 1) % self.parts()))
    }
    fn tag(self, label: Label, part: usize) -> usize {
        let l = Label::ALL.iter().position(|&x| x == label).unwrap_or(0);
        1 + l * self.parts() + part
    }

    /// Can `next` follow `prev` (`None` = sentence start)?
    pub(crate) fn allowed(self, prev: Option<usize>, next: usize) -> bool {
        let p = prev.and_then(|p| self.label_of(p));
        let n = self.label_of(next);
        match self {
            Scheme::Bio => match n {
                Some((l, 1)) => matches!(p, Some((pl, _)) if pl == l),
                _ => true,
            },
            Scheme::Bilou => {
                let open = matches!(p, Some((_, 0 | 1)));
                match n {
                    Some((l, 1 | 2)) => open && matches!(p, Some((pl, _)) if pl == l),
                    _ => !open,
                }
            }
        }
    }

    /// Can a sentence end after `tag`?
    pub(crate) fn may_end(self, tag: usize) -> bool {
        match self {
            Scheme::Bio => true,
            Scheme::Bilou => !matches!(self.label_of(tag), Some((_, 0 | 1))),
        }
    }

    /// Tags for `n` tokens with the given spans.
    pub(crate) fn encode(self, n: usize, spans: &[TokenSpan]) -> Vec<u8> {
        let mut tags = vec![0u8; n];
        for &(s, e, l) in spans {
            for (i, t) in tags.iter_mut().enumerate().take(e).skip(s) {
                let part = match self {
                    Scheme::Bio => usize::from(i != s),
                    Scheme::Bilou => {
                        if e - s == 1 {
                            3
                        } else if i == s {
                            0
                        } else if i + 1 == e {
                            2
                        } else {
                            1
                        }
                    }
                };
                *t = self.tag(l, part) as u8;
            }
        }
        tags
    }

    /// Spans of a tag sequence (lenient: a stray inside tag opens a span).
    pub(crate) fn decode(self, tags: &[u8]) -> Vec<TokenSpan> {
        let mut out = Vec::new();
        let mut cur: Option<(usize, Label)> = None;
        for (i, &t) in tags.iter().enumerate() {
            let lp = self.label_of(t as usize);
            let begins = match (lp, cur) {
                (None, _) => false,
                (Some((l, part)), Some((_, cl))) => {
                    let cont = match self {
                        Scheme::Bio => part == 1,
                        Scheme::Bilou => part == 1 || part == 2,
                    };
                    !(cont && cl == l)
                }
                (Some(_), None) => true,
            };
            if lp.is_none() || begins {
                if let Some((s, l)) = cur.take() {
                    out.push((s, i, l));
                }
            }
            if let Some((l, part)) = lp {
                if begins {
                    cur = Some((i, l));
                }
                let closes = self == Scheme::Bilou && (part == 2 || part == 3);
                if closes {
                    if let Some((s, l)) = cur.take() {
                        out.push((s, i + 1, l));
                    }
                }
            }
        }
        if let Some((s, l)) = cur {
            out.push((s, tags.len(), l));
        }
        out
    }
}

/// Spans of BIO strings (`B-PER`, `I-PER`, `O`), conlleval-style: an `I-X` after `O` or after
/// another type opens a span. Unknown types are skipped.
pub fn bio_spans<S: AsRef<str>>(tags: &[S]) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Label)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, label) = match t.split_once('-') {
            Some((p, l)) => (p, Label::parse(l)),
            None => ("O", None),
        };
        let begins = match (label, cur) {
            (None, _) => false,
            (Some(l), Some((_, cl))) => prefix == "B" || cl != l,
            (Some(_), None) => true,
        };
        if label.is_none() || begins {
            if let Some((s, l)) = cur.take() {
                out.push((s, i, l));
            }
        }
        if begins {
            cur = label.map(|l| (i, l));
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

/// BIO strings for `n` tokens with the given spans.
pub fn spans_to_bio(n: usize, spans: &[TokenSpan]) -> Vec<String> {
    let mut out = vec!["O".to_string(); n];
    for &(s, e, l) in spans {
        for (i, t) in out.iter_mut().enumerate().take(e.min(n)).skip(s) {
            *t = format!("{}-{}", if i == s { "B" } else { "I" }, l.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let spans = vec![(0, 2, Label::Per), (3, 4, Label::Loc), (4, 7, Label::Org)];
        for scheme in [Scheme::Bio, Scheme::Bilou] {
            let tags = scheme.encode(8, &spans);
            assert_eq!(scheme.decode(&tags), spans, "{scheme:?}");
            let mut prev = None;
            for &t in &tags {
                assert!(scheme.allowed(prev, t as usize), "{scheme:?} {tags:?}");
                prev = Some(t as usize);
            }
        }
        let bio = spans_to_bio(8, &spans);
        assert_eq!(bio_spans(&bio), spans);
        assert_eq!(
            bio_spans(&["I-PER", "I-PER", "O", "I-LOC"]),
            vec![(0, 2, Label::Per), (3, 4, Label::Loc)]
        );
    }
}
