//! Feature extraction: each token becomes a list of 64-bit feature hashes (feature hashing:
//! the model keeps one weight row per hash bucket, never a string table).

use crate::hash::{hash_seq, hash_str, mix, Map64, Set64};

/// Gazetteer entry types (bit flags in the low byte of a gazetteer value).
pub(crate) mod gaz {
    pub const COUNTRY: u32 = 1;
    pub const CITY_BIG: u32 = 2;
    pub const CITY: u32 = 4;
    pub const CITY_SMALL: u32 = 8;
    pub const ADMIN1: u32 = 16;
    pub const DEMONYM: u32 = 32;
    pub const REGION: u32 = 64;
    pub const TYPES: u32 = 7;
}

/// The lexical resources compiled into the model.
#[derive(Default, Clone)]
pub(crate) struct Lexicon {
    /// Hash of a word form → packed cluster ids at three granularities (`id + 1`, 10 bits each).
    pub clusters: Map64<u32>,
    /// Hash of a lowercase word → Zipf frequency × 2, rounded (wordfreq).
    pub zipf: Map64<u8>,
    /// Sequence hash of lowercase tokens → gazetteer flags (low byte) and ISO code (bits 16..32).
    pub gaz: Map64<u32>,
    /// Longest gazetteer name, in tokens.
    pub max_gaz_len: usize,
}

impl Lexicon {
    pub(crate) fn cluster_of(&self, word: &str, lower_h: u64) -> u32 {
        if let Some(&c) = self.clusters.get(&hash_str(word)) {
            return c;
        }
        if let Some(&c) = self.clusters.get(&lower_h) {
            return c;
        }
        // ALL-CAPS word: try its title-case form.
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            let title: String =
                first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect();
            if let Some(&c) = self.clusters.get(&hash_str(&title)) {
                return c;
            }
        }
        0
    }
}

/// Capitalization classes.
pub(crate) mod cap {
    pub const LOWER: u8 = 0;
    pub const TITLE: u8 = 1;
    pub const UPPER: u8 = 2;
    pub const LETTER: u8 = 3;
    pub const MIXED: u8 = 4;
    pub const DIGIT: u8 = 5;
    pub const OTHER: u8 = 6;
}

/// What is known about one token before features are combined.
#[derive(Clone, Default)]
pub(crate) struct TokInfo {
    w: u64,
    pub l: u64,
    shape: u64,
    sshape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    pub cap: u8,
    clu: u32,
    zipf: u8,
    /// Gazetteer matches: bit `type * 4 + position` (position: begin, inside, last, unit).
    gaz: u32,
}

fn cap_class(word: &str) -> u8 {
    let (mut up, mut low, mut digit, mut other) = (0, 0, 0, 0);
    let mut first_up = false;
    for (i, c) in word.chars().enumerate() {
        if c.is_uppercase() {
            up += 1;
            if i == 0 {
                first_up = true;
            }
        } else if c.is_lowercase() {
            low += 1;
        } else if c.is_numeric() {
            digit += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    let letters = up + low + other;
    if letters == 0 {
        return if digit > 0 { cap::DIGIT } else { cap::OTHER };
    }
    if digit > 0 {
        return cap::DIGIT;
    }
    if up == 0 {
        cap::LOWER
    } else if low == 0 && other == 0 {
        if up == 1 {
            cap::LETTER
        } else {
            cap::UPPER
        }
    } else if first_up && up == 1 {
        cap::TITLE
    } else {
        cap::MIXED
    }
}

impl TokInfo {
    pub(crate) fn new(word: &str, lex: &Lexicon) -> TokInfo {
        let lower = word.to_lowercase();
        let l = hash_str(&lower);
        let mut shape = 0x5a5a_u64;
        let mut sshape = 0xa5a5_u64;
        let mut last = '\0';
        for (n, c) in word.chars().enumerate() {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else if c.is_alphabetic() {
                'o'
            } else {
                c
            };
            if n < 12 {
                shape = mix(shape, s as u64);
            }
            if s != last {
                sshape = mix(sshape, s as u64);
                last = s;
            }
        }
        let mut pre = [0u64; 4];
        let mut suf = [0u64; 4];
        let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let nch = idx.len();
        for k in 0..4 {
            let cut = if k + 1 < nch { idx[k + 1] } else { lower.len() };
            pre[k] = hash_str(&lower[..cut]);
            let from = if nch > k + 1 { idx[nch - k - 1] } else { 0 };
            suf[k] = hash_str(&lower[from..]);
        }
        let zipf = lex.zipf.get(&l).copied().unwrap_or(255);
        TokInfo {
            w: hash_str(word),
            l,
            shape,
            sshape,
            pre,
            suf,
            cap: cap_class(word),
            clu: lex.cluster_of(word, l),
            zipf,
            gaz: 0,
        }
    }
}

/// Marks gazetteer matches of every length in a sentence.
pub(crate) fn mark_gazetteer(toks: &mut [TokInfo], lex: &Lexicon) {
    let n = toks.len();
    for i in 0..n {
        let max = lex.max_gaz_len.min(n - i);
        let mut h = crate::hash::SEQ_SEED;
        for len in 1..=max {
            h = mix(h, toks[i + len - 1].l);
            if let Some(&v) = lex.gaz.get(&h) {
                for t in 0..gaz::TYPES {
                    if v & (1 << t) == 0 {
                        continue;
                    }
                    for (k, tok) in toks[i..i + len].iter_mut().enumerate() {
                        let pos = if len == 1 {
                            3
                        } else if k == 0 {
                            0
                        } else if k + 1 == len {
                            2
                        } else {
                            1
                        };
                        tok.gaz |= 1 << (t * 4 + pos);
                    }
                }
            }
        }
    }
}

/// Document-wide evidence about words (how the same word is written elsewhere).
#[derive(Default)]
pub(crate) struct DocContext {
    lower_seen: Set64,
    cap_mid_seen: Set64,
}

impl DocContext {
    pub(crate) fn new(sentences: &[Vec<TokInfo>]) -> DocContext {
        let mut ctx = DocContext::default();
        for s in sentences {
            let headline = is_headline(s);
            for (i, t) in s.iter().enumerate() {
                if t.cap == cap::LOWER {
                    ctx.lower_seen.insert(t.l);
                } else if i > 0 && !headline && t.cap == cap::TITLE {
                    ctx.cap_mid_seen.insert(t.l);
                }
            }
        }
        ctx
    }
}

fn is_headline(s: &[TokInfo]) -> bool {
    let letters = s.iter().filter(|t| t.cap <= cap::MIXED).count();
    let upper = s.iter().filter(|t| t.cap == cap::UPPER || t.cap == cap::LETTER).count();
    letters >= 2 && upper * 10 >= letters * 7
}

fn is_lowercase_sentence(s: &[TokInfo]) -> bool {
    let letters = s.iter().filter(|t| t.cap <= cap::MIXED).count();
    let lower = s.iter().filter(|t| t.cap == cap::LOWER).count();
    letters >= 3 && lower == letters
}

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_L: u64 = 3;
const T_SHAPE: u64 = 4;
const T_SSHAPE: u64 = 5;
const T_PRE: u64 = 10;
const T_SUF: u64 = 20;
const T_WM1: u64 = 30;
const T_WP1: u64 = 31;
const T_LM1: u64 = 32;
const T_LP1: u64 = 33;
const T_LM2: u64 = 34;
const T_LP2: u64 = 35;
const T_BIG_L: u64 = 36;
const T_BIG_R: u64 = 37;
const T_SS3: u64 = 38;
const T_SSL: u64 = 39;
const T_SSR: u64 = 40;
const T_CAPPOS: u64 = 41;
const T_CAP3: u64 = 42;
const T_HEAD_L: u64 = 43;
const T_HEAD_C: u64 = 44;
const T_LOWSENT: u64 = 45;
const T_CLU: u64 = 50;
const T_CLUM1: u64 = 53;
const T_CLUP1: u64 = 56;
const T_ZIPF: u64 = 60;
const T_ZIPFCAP: u64 = 61;
const T_GAZ: u64 = 70;
const T_GAZCAP: u64 = 71;
const T_GAZM1: u64 = 72;
const T_GAZP1: u64 = 73;
const T_DOCLOW: u64 = 80;
const T_DOCCAP: u64 = 81;
const T_WM1_L: u64 = 82;
const T_SHM1: u64 = 83;
const T_SHP1: u64 = 84;
const T_CLU_L: u64 = 85;

const PAD: u64 = 0x0bad_cafe;

/// Appends the feature hashes of every token of `s` to `out`; `offs` gets one end offset per
/// token.
pub(crate) fn sentence_features(
    s: &[TokInfo],
    doc: &DocContext,
    prior: Option<(&[u8], &DocPrior)>,
    out: &mut Vec<u64>,
    offs: &mut Vec<usize>,
) {
    let headline = is_headline(s);
    let lowsent = is_lowercase_sentence(s);
    for i in 0..s.len() {
        base_features(s, i, doc, headline, lowsent, out);
        if let Some((tags, dp)) = prior {
            prior_features(s, i, tags, dp, out);
        }
        offs.push(out.len());
    }
}

/// Like [`sentence_features`] with a prior, but only the features of the second pass that
/// depend on the first pass's tags (the others are the same in both passes).
pub(crate) fn sentence_prior_features(
    s: &[TokInfo],
    tags: &[u8],
    dp: &DocPrior,
    out: &mut Vec<u64>,
    offs: &mut Vec<usize>,
) {
    for i in 0..s.len() {
        prior_features(s, i, tags, dp, out);
        offs.push(out.len());
    }
}

#[inline]
fn is_capped(c: u8) -> bool {
    matches!(c, cap::TITLE | cap::UPPER | cap::LETTER | cap::MIXED)
}

/// Gazetteer types (bit per type) of a token.
#[inline]
fn gaz_types(t: &TokInfo) -> u32 {
    let mut r = 0;
    for k in 0..gaz::TYPES {
        if t.gaz >> (k * 4) & 0xf != 0 {
            r |= 1 << k;
        }
    }
    r
}

/// The features of token `i` that do not depend on an earlier pass.
#[inline]
fn base_features(
    s: &[TokInfo],
    i: usize,
    doc: &DocContext,
    headline: bool,
    lowsent: bool,
    out: &mut Vec<u64>,
) {
    let t = &s[i];
    let p1 = if i > 0 { s.get(i - 1) } else { None };
    let n1 = s.get(i + 1);
    let p2 = if i > 1 { s.get(i - 2) } else { None };
    let n2 = s.get(i + 2);
    let w = |x: Option<&TokInfo>| x.map_or(PAD, |t| t.w);
    let l = |x: Option<&TokInfo>| x.map_or(PAD, |t| t.l);
    let ss = |x: Option<&TokInfo>| x.map_or(PAD, |t| t.sshape);
    let sh = |x: Option<&TokInfo>| x.map_or(PAD, |t| t.shape);
    let cp = |x: Option<&TokInfo>| x.map_or(9, |t| t.cap as u64);
    let mut f = |tpl: u64, v: u64| out.push(mix(tpl, v));
    f(T_BIAS, 0);
    f(T_W, t.w);
    f(T_L, t.l);
    f(T_SHAPE, t.shape);
    f(T_SSHAPE, t.sshape);
    for k in 0..4 {
        f(T_PRE + k as u64, t.pre[k]);
        f(T_SUF + k as u64, t.suf[k]);
    }
    f(T_WM1, w(p1));
    f(T_WP1, w(n1));
    f(T_LM1, l(p1));
    f(T_LP1, l(n1));
    f(T_LM2, l(p2));
    f(T_LP2, l(n2));
    f(T_BIG_L, mix(l(p1), t.l));
    f(T_BIG_R, mix(t.l, l(n1)));
    f(T_WM1_L, mix(w(p1), t.cap as u64));
    f(T_SS3, mix(mix(ss(p1), t.sshape), ss(n1)));
    f(T_SSL, mix(ss(p1), t.sshape));
    f(T_SSR, mix(t.sshape, ss(n1)));
    f(T_SHM1, sh(p1));
    f(T_SHP1, sh(n1));
    f(T_CAPPOS, mix(t.cap as u64, (i == 0) as u64 + 2 * headline as u64));
    f(T_CAP3, mix(mix(cp(p1), t.cap as u64), cp(n1)));
    if headline {
        f(T_HEAD_L, t.l);
        f(T_HEAD_C, (t.clu & 0x3ff) as u64);
    }
    if lowsent {
        f(T_LOWSENT, t.l);
    }
    if t.clu != 0 {
        for g in 0..3u64 {
            let c = (t.clu >> (10 * g)) & 0x3ff;
            f(T_CLU + g, c as u64);
        }
        f(T_CLU_L, mix((t.clu >> 10) as u64 & 0x3ff, t.cap as u64));
    } else {
        f(T_CLU, 0xffff);
    }
    let cl =
        |x: Option<&TokInfo>, g: u32| x.map_or(0xfff, |t| ((t.clu >> (10 * g)) & 0x3ff) as u64);
    for g in 0..3u32 {
        f(T_CLUM1 + g as u64, cl(p1, g));
        f(T_CLUP1 + g as u64, cl(n1, g));
    }
    f(T_ZIPF, t.zipf as u64);
    f(T_ZIPFCAP, mix(t.zipf as u64, t.cap as u64 + 16 * (i == 0) as u64));
    let capped = is_capped(t.cap);
    let mut g = t.gaz;
    while g != 0 {
        let b = g.trailing_zeros() as u64;
        g &= g - 1;
        f(T_GAZ, b);
        f(T_GAZCAP, mix(b, capped as u64 + 2 * headline as u64));
    }
    let (gm, gp) = (p1.map_or(0, gaz_types), n1.map_or(0, gaz_types));
    if gm != 0 {
        f(T_GAZM1, gm as u64);
    }
    if gp != 0 {
        f(T_GAZP1, gp as u64);
    }
    if capped {
        let first = i == 0 || headline;
        f(T_DOCLOW, mix(doc.lower_seen.contains(&t.l) as u64, first as u64));
        if first {
            f(T_DOCCAP, doc.cap_mid_seen.contains(&t.l) as u64);
        }
    }
}

/// The features of token `i` that look at the first pass's tags.
#[inline]
fn prior_features(s: &[TokInfo], i: usize, tags: &[u8], dp: &DocPrior, out: &mut Vec<u64>) {
    let n = s.len();
    let t = &s[i];
    let capped = is_capped(t.cap);
    let mut f = |tpl: u64, v: u64| out.push(mix(tpl, v));
    let tg = |k: isize| -> u64 {
        if k < 0 || k as usize >= n {
            99
        } else {
            tags[k as usize] as u64
        }
    };
    let ii = i as isize;
    f(T_P_TAG, tg(ii));
    f(T_P_TAGC, mix(tg(ii), t.cap as u64));
    f(T_P_TAG3, mix(mix(tg(ii - 1), tg(ii)), tg(ii + 1)));
    f(T_P_TAGW, mix(tg(ii), t.l));
    // How the same word is labelled elsewhere in the document (this position excluded).
    let own = tag_label(tags[i], dp.parts);
    let mut c = dp.counts.get(&t.l).copied().unwrap_or([0; 4]);
    if let Some(l) = own {
        c[l] = c[l].saturating_sub(1);
    }
    let total: u16 = c.iter().sum();
    let o = dp
        .outside
        .get(&t.l)
        .copied()
        .unwrap_or(0)
        .saturating_sub(u16::from(own.is_none() && capped));
    if total > 0 {
        let maj = (0..4).max_by_key(|&k| (c[k], 4 - k)).unwrap_or(0) as u64;
        f(T_NL_MAJ, mix(maj, capped as u64));
        f(T_NL_MAJ2, mix(maj, tg(ii)));
        for (k, &x) in c.iter().enumerate() {
            if x > 0 {
                f(T_NL_ANY, k as u64);
            }
        }
        let share = (total as u64 * 4) / (total as u64 + o as u64).max(1);
        f(T_NL_SHARE, mix(maj, share));
    } else if capped && o > 0 {
        f(T_NL_NONE, o.min(3) as u64);
    }
}

const T_P_TAG: u64 = 90;
const T_P_TAGC: u64 = 91;
const T_P_TAG3: u64 = 92;
const T_P_TAGW: u64 = 93;
const T_NL_MAJ: u64 = 94;
const T_NL_MAJ2: u64 = 95;
const T_NL_ANY: u64 = 96;
const T_NL_SHARE: u64 = 97;
const T_NL_NONE: u64 = 98;

/// Which of PER/ORG/LOC/MISC a tag belongs to (tags are numbered label-major after `O`, with
/// `parts` tags per label).
fn tag_label(tag: u8, parts: usize) -> Option<usize> {
    if tag == 0 {
        None
    } else {
        Some(((tag as usize - 1) / parts.max(1)).min(3))
    }
}

/// First-pass predictions over a whole document, for the second pass.
#[derive(Default)]
pub(crate) struct DocPrior {
    /// Lowercase word → how often it was inside a predicted PER/ORG/LOC/MISC span.
    counts: Map64<[u16; 4]>,
    /// Lowercase word → how often it was written capitalized outside any predicted span.
    outside: Map64<u16>,
    parts: usize,
}

impl DocPrior {
    pub(crate) fn new(sentences: &[Vec<TokInfo>], tags: &[Vec<u8>], parts: usize) -> DocPrior {
        let mut dp = DocPrior { parts, ..DocPrior::default() };
        for (s, ts) in sentences.iter().zip(tags) {
            for (t, &tag) in s.iter().zip(ts) {
                if t.cap == cap::DIGIT || t.cap == cap::OTHER {
                    continue;
                }
                match tag_label(tag, parts) {
                    Some(l) => {
                        let c = dp.counts.entry(t.l).or_insert([0; 4]);
                        c[l] = c[l].saturating_add(1);
                    }
                    None if t.cap != cap::LOWER => {
                        let o = dp.outside.entry(t.l).or_insert(0);
                        *o = o.saturating_add(1);
                    }
                    None => {}
                }
            }
        }
        dp
    }
}

/// Hash of a gazetteer name tokenized like text.
pub(crate) fn name_key(name: &str) -> (u64, usize) {
    let toks = crate::tokens::simple_tokenize(name);
    let n = toks.len();
    (hash_seq(toks.iter().map(|t| hash_str(&t.to_lowercase()))), n)
}

/// Packs an ISO 3166-1 alpha-2 code into 16 bits.
pub(crate) fn pack_iso(code: &str) -> u32 {
    let b = code.as_bytes();
    if b.len() != 2 {
        return 0;
    }
    ((b[0] as u32) << 8) | b[1] as u32
}

/// Unpacks a code packed by [`pack_iso`].
pub(crate) fn unpack_iso(v: u32) -> Option<String> {
    let (a, b) = (((v >> 8) & 0xff) as u8, (v & 0xff) as u8);
    if a.is_ascii_uppercase() && b.is_ascii_uppercase() {
        Some(String::from_utf8(vec![a, b]).unwrap_or_default())
    } else {
        None
    }
}

/// Looks a whole name up in the gazetteer.
pub(crate) fn gaz_lookup(lex: &Lexicon, name: &str) -> Option<u32> {
    lex.gaz.get(&name_key(name).0).copied()
}
