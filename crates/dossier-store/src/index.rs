//! The tantivy index: title and body for full-text search (English stemming, positions for
//! phrases), the publication day, and one facet field with the paths `/country/KR`,
//! `/entity/<id>`, `/place/<geonames id>`, `/speaker/<id>` and `/stype/<speaker type>`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, STORED, STRING,
};
use tantivy::{Index, TantivyDocument};

use crate::facts::DocFacts;
use crate::Result;

/// The fields of the schema.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub text: Field,
    pub day: Field,
    pub facets: Field,
}

pub const DAY: &str = "day";
pub const FACETS: &str = "facets";

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text_options.clone()),
        text: b.add_text_field("text", text_options),
        day: b.add_i64_field(DAY, NumericOptions::default().set_indexed().set_fast()),
        facets: b.add_facet_field(FACETS, FacetOptions::default()),
    };
    (b.build(), fields)
}

/// Open (or create) the index in `dir`.
pub fn open(dir: &Path) -> Result<(Index, Fields)> {
    let (schema, fields) = schema();
    let directory = MmapDirectory::open(dir).map_err(|e| {
        crate::Error::Invalid(format!("{}: cannot open the search index: {e}", dir.display()))
    })?;
    let index = Index::open_or_create(directory, schema)?;
    Ok((index, fields))
}

/// The facet paths of a document.
pub fn facet_paths(facts: &DocFacts, entity_of: &BTreeMap<String, String>) -> BTreeSet<Facet> {
    let mut out = BTreeSet::new();
    let mut add = |kind: &str, value: &str| {
        if !value.is_empty() {
            out.insert(Facet::from_path([kind, value]));
        }
    };
    for e in &facts.entities {
        if let Some(id) = entity_of.get(&e.cluster) {
            add("entity", id);
        }
        if let Some(c) = &e.country {
            add("country", c);
        }
    }
    for p in &facts.places {
        if let Some(id) = p.geonames_id {
            add("place", &id.to_string());
        }
        if let Some(c) = &p.country {
            add("country", c);
        }
    }
    for q in &facts.quotes {
        if let Some(t) = q.speaker_type {
            add("stype", t);
        }
        if let Some(id) = q.speaker_cluster.as_ref().and_then(|c| entity_of.get(c)) {
            add("speaker", id);
        }
    }
    out
}

/// The index document of a stored document.
pub fn make_doc(
    fields: &Fields,
    id: &str,
    title: Option<&str>,
    text: &str,
    day: Option<i64>,
    facets: BTreeSet<Facet>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    if let Some(t) = title {
        doc.add_text(fields.title, t);
    }
    doc.add_text(fields.text, text);
    if let Some(d) = day {
        doc.add_i64(fields.day, d);
    }
    for f in facets {
        doc.add_facet(fields.facets, f);
    }
    doc
}
