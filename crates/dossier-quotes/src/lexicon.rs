//! The word lists the stage reads: reporting cues with their stance, roles, unnamed-source
//! heads, media, documents, stance markers. All are data files in `data/`, embedded at build
//! time and parsed once.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::model::CueModel;

/// Where a cue may stand relative to its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CuePosition {
    /// Before its content ("X said that ...") or after it ("..., X said").
    #[default]
    Any,
    /// Only before its content ("X urged ...", "according to X, ...").
    Pre,
}

/// One reporting cue of `data/cues.tsv`.
#[derive(Debug, Clone, Default)]
pub struct CueEntry {
    /// Lower-case words of the surface form.
    pub words: Vec<String>,
    pub lemma: String,
    pub stance: String,
    pub position: CuePosition,
}

/// The texts of the data files, in their formats (see each file's header).
#[derive(Debug, Clone, Copy)]
pub struct LexiconFiles<'a> {
    pub cues: &'a str,
    /// The learned cue classifier (`data/cue_model.tsv`).
    pub model: &'a str,
    /// The learned attribution builder (`data/cue_build.tsv`).
    pub builder: &'a str,
    /// The learned attribution check (`data/attr_check.tsv`).
    pub check: &'a str,
    pub roles: &'a str,
    pub unnamed: &'a str,
    pub documents: &'a str,
    pub organizations: &'a str,
    pub media: &'a str,
    pub between: &'a str,
    pub modifiers: &'a str,
    pub markers: &'a str,
    /// Headline labels that are no source (`data/labels.txt`).
    pub labels: &'a str,
}

impl LexiconFiles<'static> {
    /// The data files embedded in the binary.
    pub fn embedded() -> Self {
        LexiconFiles {
            cues: include_str!("../data/cues.tsv"),
            model: include_str!("../data/cue_model.tsv"),
            builder: include_str!("../data/cue_build.tsv"),
            check: include_str!("../data/attr_check.tsv"),
            roles: include_str!("../data/roles.txt"),
            unnamed: include_str!("../data/unnamed.txt"),
            documents: include_str!("../data/documents.txt"),
            organizations: include_str!("../data/organizations.txt"),
            media: include_str!("../data/media.txt"),
            between: include_str!("../data/between.txt"),
            modifiers: include_str!("../data/modifiers.txt"),
            markers: include_str!("../data/markers.tsv"),
            labels: include_str!("../data/labels.txt"),
        }
    }
}

/// Every list the stage uses.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// First word → cues starting with it, longest first.
    pub cues: HashMap<String, Vec<CueEntry>>,
    /// Single-word roles and titles ("minister", "spokesperson").
    pub roles: HashSet<String>,
    pub unnamed: HashSet<String>,
    pub documents: HashSet<String>,
    pub organizations: HashSet<String>,
    /// Media names as lower-case word sequences, with `true` for state media.
    pub media: Vec<(Vec<String>, bool)>,
    pub between: HashSet<String>,
    pub modifiers: HashSet<String>,
    pub markers: HashMap<String, String>,
    /// Words that make a "Word: …" opening headline a label rather than a source.
    pub labels: HashSet<String>,
    /// Words that are cues only where the learned classifier says so.
    pub model: CueModel,
    /// The learned attribution builder: where the speaker and the content of a cue that no
    /// rule attributed are, and the confidence it needs (its threshold).
    pub builder: CueModel,
    /// The learned attribution check: how likely an attribution found is one a reader would
    /// mark, and the likelihood it needs to be kept (its threshold).
    pub check: CueModel,
    /// The cue of a quotation signed with a dash ("“…” — Ana Ruiz").
    pub dash: CueEntry,
    /// The cue of a transcript line ("RUIZ: …").
    pub colon: CueEntry,
}

fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

impl Lexicon {
    /// Parse the data files.
    pub fn parse(files: &LexiconFiles<'_>) -> Lexicon {
        let LexiconFiles {
            cues,
            model,
            builder,
            check,
            roles,
            unnamed,
            documents,
            organizations,
            media,
            between,
            modifiers,
            markers,
            labels,
        } = *files;
        let mut lex = Lexicon::default();
        // Learned cues never shadow hand-written ones, and nouns of the speaker lists
        // ("statement", "campaign") are not cues.
        let known: HashSet<String> = lines(cues)
            .filter_map(|l| l.split('\t').next())
            .chain(lines(documents))
            .chain(lines(organizations))
            .chain(lines(unnamed))
            .chain(lines(roles))
            .map(str::to_lowercase)
            .collect();
        for line in lines(cues) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                continue;
            }
            let w = words(cols[0]);
            if w.is_empty() {
                continue;
            }
            let position = if cols.get(3).is_some_and(|p| p.trim() == "pre") {
                CuePosition::Pre
            } else {
                CuePosition::Any
            };
            let entry = CueEntry {
                words: w.clone(),
                lemma: cols[1].trim().to_string(),
                stance: cols[2].trim().to_string(),
                position,
            };
            lex.cues.entry(w[0].clone()).or_default().push(entry);
        }
        lex.model = CueModel::parse(model);
        lex.builder = CueModel::parse(builder);
        lex.check = CueModel::parse(check);
        lex.dash = CueEntry {
            words: vec!["—".into()],
            lemma: "say".into(),
            stance: "assert".into(),
            position: CuePosition::Any,
        };
        lex.colon = CueEntry { words: vec![":".into()], ..lex.dash.clone() };
        lex.model.candidates.retain(|w, _| !known.contains(w) && !lex.cues.contains_key(w));
        for list in lex.cues.values_mut() {
            list.sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.lemma.cmp(&b.lemma)));
        }
        let set = |data: &str| -> HashSet<String> { lines(data).map(str::to_lowercase).collect() };
        lex.roles = set(roles).into_iter().filter(|r| !r.contains(' ')).collect();
        lex.unnamed = set(unnamed);
        lex.documents = set(documents);
        lex.organizations = set(organizations);
        lex.between = set(between);
        lex.modifiers = set(modifiers);
        lex.labels = set(labels);
        for line in lines(media) {
            let (state, name) = match line.strip_prefix("state:") {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            lex.media.push((words(name), state));
        }
        // Longest names first, so "state television" wins over "television".
        lex.media.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
        for line in lines(markers) {
            if let Some((w, s)) = line.split_once('\t') {
                lex.markers.insert(w.trim().to_lowercase(), s.trim().to_string());
            }
        }
        lex
    }

    /// The lists embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(&LexiconFiles::embedded()))
    }

    /// Is `word` (lower case) a role or title?
    pub fn is_role(&self, word: &str) -> bool {
        self.roles.contains(word)
    }
}
