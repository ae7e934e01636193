//! The learned attribution check: after the rules and the builder have found the attributions
//! of a document, a logistic model over hashed features of each one (its cue word and the
//! cue's context, where its speaker and content stand, how long they are, what they start
//! with, whether another attribution holds it) gives the probability that a reader would mark
//! it. Reported-speech attributions below the threshold of `data/attr_check.tsv` are dropped.
//! Direct quotes (content mostly quoted) are not checked, since their quoted spans stay quotes
//! without an attribution, nor are attributions by "say". Trained by
//! `examples/learn_attr_check.rs` on PolNeAR train.

use super::{Attribution, Ctx};
use crate::model::{class, for_each_feature, hash_all};
use crate::speaker::{can_head, pronoun};

/// A length in tokens as a coarse bucket.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        17..=32 => "17-32",
        _ => "33+",
    }
}

/// Calls `f` with the hash of every feature of the attribution `at` (one of `found`).
pub(super) fn features(
    ctx: &Ctx<'_>,
    found: &[Attribution<'_>],
    at: &Attribution<'_>,
    mut f: impl FnMut(u32),
) {
    let w = &ctx.w;
    let lex = ctx.lex;
    let (c0, c1) = at.cue;
    // The cue word in its context, as the cue classifier reads it.
    for_each_feature("chk", &ctx.site(c0), lex, &mut f);
    let (a, b) = ctx.bounds(c0);
    let cw = w.lower(c0);
    let kind = if std::ptr::eq(at.entry, &lex.dash) {
        "dash"
    } else if std::ptr::eq(at.entry, &lex.colon) {
        "colon"
    } else if lex.cues.contains_key(cw) {
        "listed"
    } else {
        "learned"
    };
    let strength = match ctx.strength(c0) {
        s if s >= 1.0 => "1",
        s if s >= 0.6 => "0.6",
        s if s >= 0.45 => "0.45",
        _ => "low",
    };
    let cue_len = bucket(c1 - c0);
    let lemma = at.entry.lemma.as_str();
    // The speaker: side, distance, length, head and first word.
    let (side, dist, slen, head, hcls, first, pron, headable) = match at.speaker {
        None => ("none", "none", "0", "", "none", "", "n", "n"),
        Some((s, e)) => {
            let left = e <= c0;
            let side = if left {
                "L"
            } else if s >= c1 {
                "R"
            } else {
                "in"
            };
            let dist = if left { c0 - e } else { s.saturating_sub(c1) };
            let h = e - 1;
            let hl = w.lower(h);
            let hc = class(w.raw(h), hl, ctx.mention[h], lex);
            let pron = if pronoun(w.lower(s)).is_some() && e == s + 1 { "y" } else { "n" };
            let headable = if can_head(w, lex, h) { "y" } else { "n" };
            (side, bucket(dist), bucket(e - s), hl, hc, w.lower(s), pron, headable)
        }
    };
    // The content: side of the cue, length, quoted share, first and last words.
    let (x, y) = at.content;
    let cside = if x >= c1 {
        "after"
    } else if y <= c0 {
        "before"
    } else {
        "around"
    };
    let clen = bucket(y - x + at.more.map_or(0, |(p, q)| q - p));
    let quoted = quoted_tokens(ctx, at);
    let qshare = if quoted == 0 {
        "0"
    } else if mostly(quoted, y - x) {
        "most"
    } else {
        "some"
    };
    let cfirst = w.lower(x);
    let cfc = class(w.raw(x), cfirst, ctx.mention[x], lex);
    let clast = class(w.raw(y - 1), w.lower(y - 1), ctx.mention[y - 1], lex);
    let more = if at.more.is_some() { "y" } else { "n" };
    let to_end = bucket(b.saturating_sub(y));
    let from_start = bucket(x.saturating_sub(a));
    // Nesting: the cue inside another attribution's content, or another cue inside this one's.
    let nested = found.iter().any(|g| g.cue != at.cue && g.content.0 <= c0 && c0 < g.content.1);
    let holds = found.iter().any(|g| g.cue != at.cue && x <= g.cue.0 && g.cue.0 < y);
    let yes = |v: bool| if v { "y" } else { "n" };
    let (nested, holds) = (yes(nested), yes(holds));
    let features: [&[&str]; 30] = [
        &["kind", kind],
        &["kind.strength", kind, strength],
        &["cw.kind", cw, kind],
        &["lemma", lemma],
        &["cuelen", cue_len, kind],
        &["side", side, dist],
        &["side.hcls", side, hcls],
        &["side.slen", side, slen],
        &["head", head],
        &["head.side", head, side],
        &["first", first, side],
        &["pron", pron, side],
        &["headable", headable, side, hcls],
        &["cw.side", cw, side],
        &["cw.cside", cw, cside],
        &["cside", cside, side],
        &["clen", clen, cside],
        &["cw.clen", cw, clen],
        &["qshare", qshare, cside],
        &["cfirst", cfirst, cside],
        &["cfc", cfc, cside],
        &["clast", clast, cside],
        &["more", more, cside],
        &["ends", from_start, to_end],
        &["nested", nested, holds, kind],
        &["cw.nested", cw, nested, holds],
        &["lemma.side.cside", lemma, side, cside],
        &["strength.clen", strength, clen],
        &["hcls.cfc", hcls, cfc],
        &["kind.qshare.side", kind, qshare, side],
    ];
    hash_all("chk", &features, f);
}

/// The quoted tokens of the content of `at`.
fn quoted_tokens(ctx: &Ctx<'_>, at: &Attribution<'_>) -> usize {
    let (x, y) = at.content;
    (x..y).filter(|&k| ctx.quoted(k)).count()
}

/// At least 70% of `len` tokens quoted.
fn mostly(quoted: usize, len: usize) -> bool {
    quoted * 10 >= len * 7
}

/// Is the content of `at` mostly quoted (a direct quote, which stays a quote without it)?
pub(super) fn direct(ctx: &Ctx<'_>, at: &Attribution<'_>) -> bool {
    mostly(quoted_tokens(ctx, at), at.content.1 - at.content.0)
}

/// Drops the reported-speech attributions the check is unsure of (none when no check model
/// is loaded).
pub(super) fn drop_unsure(ctx: &Ctx<'_>, found: &mut Vec<Attribution<'_>>) {
    let model = &ctx.lex.check;
    if model.weights.is_empty() {
        return;
    }
    let mut hashes = Vec::with_capacity(80);
    let keep: Vec<bool> = found
        .iter()
        .map(|at| {
            // "Said" and its forms are the commonest cue and almost always right: they are
            // not checked, which keeps the check's cost down.
            if at.entry.lemma == "say" || direct(ctx, at) {
                return true;
            }
            hashes.clear();
            features(ctx, found, at, |h| hashes.push(h));
            model.probability(hashes.iter().copied()) >= model.threshold
        })
        .collect();
    let mut keep = keep.into_iter();
    found.retain(|_| keep.next().unwrap_or(true));
}
