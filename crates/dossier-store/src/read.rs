//! Reading the library: search with facets, documents, entities, quotes, places, timeline and
//! the co-occurrence graph. A [`Reader`] is shared between threads; each call borrows one of
//! its read-only SQLite connections.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, Mutex};

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use crate::{index, sql, Error, Library, Result};

/// Most items one list call returns.
pub const MAX_LIMIT: usize = 1000;
/// Characters of a snippet.
const SNIPPET_CHARS: usize = 220;

/// A search: full text plus facet filters (all optional; all given ones must hold).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// tantivy query syntax over title and body (words are ANDed; `"phrases"`, `OR`, `-not`).
    pub q: String,
    pub entities: Vec<String>,
    /// A GeoNames id, or a place name as stored.
    pub place: Option<String>,
    pub country: Option<String>,
    /// Publication dates, inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// An entity id or a speaker's name.
    pub speaker: Option<String>,
    pub speaker_type: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub snippet: String,
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SearchFacets {
    pub countries: Vec<FacetCount>,
    pub speaker_types: Vec<FacetCount>,
    pub entities: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResult {
    pub total: usize,
    pub items: Vec<Hit>,
    pub facets: SearchFacets,
}

/// A page of a list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListPage<T> {
    pub total: usize,
    pub items: Vec<T>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub version: u32,
    pub ingested_at: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VersionInfo {
    pub id: String,
    pub version: u32,
    pub ingested_at: String,
}

/// A stored document with its links into the library.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPage {
    /// The `dossier.document/1` JSON as stored.
    pub document: serde_json::Value,
    /// Document cluster → library entity id.
    pub entity_ids: BTreeMap<String, String>,
    pub version: u32,
    /// Every version of the same URL (or path), oldest first.
    pub versions: Vec<VersionInfo>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub subtype: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub mentions: u64,
    pub articles: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpeakerRecord {
    pub text: String,
    pub canonical: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub entity_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRecord {
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub kind: String,
    pub stance: String,
    pub cue: Option<String>,
    pub speaker: Option<SpeakerRecord>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateCount {
    pub date: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Neighbour {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub weight: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityDetail {
    pub entity: EntityRecord,
    pub quotes: Vec<QuoteRecord>,
    pub articles: Vec<ArticleRef>,
    pub timeline: Vec<DateCount>,
    pub neighbours: Vec<Neighbour>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRecord {
    pub name: String,
    pub geonames_id: Option<u64>,
    pub feature: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: u64,
    pub articles: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineItem {
    pub date: String,
    pub value: String,
    pub text: String,
    pub sentence: String,
    pub doc_id: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GraphNode {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    pub weight: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// Counts for a health check.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Counts {
    pub documents: u64,
    pub entities: u64,
}

/// Reads the library; clone it freely.
#[derive(Clone)]
pub struct Reader {
    lib: Library,
    index_reader: IndexReader,
    pool: Arc<Mutex<Vec<Connection>>>,
}

/// Most recent articles of an entity whose places `places(entity)` sums.
pub const ENTITY_PLACE_ARTICLES: usize = 2000;
/// Entities of one article listed on an entity page, at most.
const ENTITY_PAGE_ITEMS: usize = 50;

impl Reader {
    pub(crate) fn open(lib: &Library) -> Result<Reader> {
        let index_reader =
            lib.index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(Reader { lib: lib.clone(), index_reader, pool: Arc::new(Mutex::new(Vec::new())) })
    }

    /// Run `f` with a read-only connection from the pool.
    fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.pool.lock().map(|mut p| p.pop()).unwrap_or(None);
        let conn = match conn {
            Some(c) => c,
            None => sql::connect(&self.lib.db_path(), true)?,
        };
        let out = f(&conn);
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < 16 {
                p.push(conn);
            }
        }
        out
    }

    /// Make the latest index commit visible now (otherwise it shows within a second or so).
    pub fn refresh(&self) -> Result<()> {
        self.index_reader.reload()?;
        Ok(())
    }

    pub fn counts(&self) -> Result<Counts> {
        self.with_conn(|c| {
            Ok(Counts {
                documents: c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?,
                entities: c.query_row("SELECT count(*) FROM entities", [], |r| r.get(0))?,
            })
        })
    }

    /// Full-text and faceted search.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResult> {
        let fields = self.lib.fields;
        let searcher = self.index_reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_query = if query.q.trim().is_empty() {
            None
        } else {
            let mut parser =
                QueryParser::for_index(&self.lib.index, vec![fields.title, fields.text]);
            parser.set_conjunction_by_default();
            parser.set_field_boost(fields.title, 2.0);
            let q = parser.parse_query(&query.q).map_err(|e| Error::Query(e.to_string()))?;
            clauses.push((Occur::Must, q.box_clone()));
            Some(q)
        };
        let facet_term = |kind: &str, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(fields.facets, &Facet::from_path([kind, value])),
                IndexRecordOption::Basic,
            ))
        };
        let any_of = |kind: &str, values: &[String]| -> Box<dyn Query> {
            if values.len() == 1 {
                return facet_term(kind, &values[0]);
            }
            let subs = values.iter().map(|v| (Occur::Should, facet_term(kind, v))).collect();
            Box::new(BooleanQuery::new(subs))
        };
        for e in &query.entities {
            clauses.push((Occur::Must, facet_term("entity", e)));
        }
        if let Some(c) = &query.country {
            clauses.push((Occur::Must, facet_term("country", &c.to_ascii_uppercase())));
        }
        if let Some(t) = &query.speaker_type {
            clauses.push((Occur::Must, facet_term("stype", t)));
        }
        if let Some(p) = &query.place {
            let ids = if p.chars().all(|c| c.is_ascii_digit()) {
                vec![p.clone()]
            } else {
                self.place_ids_named(p)?
            };
            if ids.is_empty() {
                return Ok(empty_result());
            }
            clauses.push((Occur::Must, any_of("place", &ids)));
        }
        if let Some(s) = &query.speaker {
            let ids = self.entity_ids_for(s)?;
            if ids.is_empty() {
                return Ok(empty_result());
            }
            clauses.push((Occur::Must, any_of("speaker", &ids)));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |d: &Option<String>, name: &str| -> Result<Bound<Term>> {
                match d {
                    None => Ok(Bound::Unbounded),
                    Some(s) => crate::day_number(s)
                        .map(|n| Bound::Included(Term::from_field_i64(fields.day, n)))
                        .ok_or_else(|| {
                            Error::Query(format!("{name}: expected a date YYYY-MM-DD, got {s:?}"))
                        }),
                }
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(&query.from, "from")?, bound(&query.to, "to")?)),
            ));
        }
        let combined: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let limit = query.limit.clamp(1, MAX_LIMIT);
        let mut facet_collector = FacetCollector::for_field(index::FACETS);
        for root in ["/country", "/stype", "/entity"] {
            facet_collector.add_facet(root);
        }
        let top = TopDocs::with_limit(limit).and_offset(query.offset);
        let (total, addresses, facet_counts): (usize, Vec<(f32, DocAddress)>, _) = if text_query
            .is_some()
        {
            let (n, hits, f) =
                searcher.search(&*combined, &(Count, top.order_by_score(), facet_collector))?;
            (n, hits, f)
        } else {
            let (n, hits, f) = searcher.search(
                &*combined,
                &(Count, top.order_by_fast_field::<i64>(index::DAY, Order::Desc), facet_collector),
            )?;
            (n, hits.into_iter().map(|(_, a)| (0.0, a)).collect(), f)
        };
        let snippets = match &text_query {
            Some(q) => {
                let mut g = SnippetGenerator::create(&searcher, &**q, fields.text)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Some(g)
            }
            None => None,
        };
        let mut items = Vec::with_capacity(addresses.len());
        for (score, addr) in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let id = doc.get_first(fields.id).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let mut snippet = snippets
                .as_ref()
                .map(|g| g.snippet_from_doc(&doc).fragment().trim().to_string())
                .unwrap_or_default();
            if snippet.is_empty() {
                let text = doc.get_first(fields.text).and_then(|v| v.as_str()).unwrap_or("");
                snippet = text.chars().take(SNIPPET_CHARS).collect();
            }
            items.push(Hit { id, title: None, published: None, url: None, snippet, score });
        }
        self.with_conn(|c| {
            let mut stmt =
                c.prepare_cached("SELECT title, published, url FROM documents WHERE id = ?1")?;
            for hit in &mut items {
                if let Some((t, p, u)) = stmt
                    .query_row([&hit.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?
                {
                    (hit.title, hit.published, hit.url) = (t, p, u);
                }
            }
            Ok(())
        })?;
        let leaf = |f: &Facet| f.to_path().last().map(|s| s.to_string()).unwrap_or_default();
        let top_k = |root: &str, k: usize| -> Vec<FacetCount> {
            facet_counts
                .top_k(root, k)
                .into_iter()
                .map(|(f, n)| FacetCount { value: leaf(f), label: None, count: n })
                .collect()
        };
        let mut facets = SearchFacets {
            countries: top_k("/country", 20),
            speaker_types: top_k("/stype", 10),
            entities: top_k("/entity", 15),
        };
        self.with_conn(|c| {
            let mut stmt = c.prepare_cached("SELECT name FROM entities WHERE id = ?1")?;
            for f in &mut facets.entities {
                f.label = stmt.query_row([&f.value], |r| r.get(0)).optional()?;
            }
            Ok(())
        })?;
        Ok(SearchResult { total, items, facets })
    }

    fn place_ids_named(&self, name: &str) -> Result<Vec<String>> {
        self.with_conn(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT geonames_id FROM places WHERE name = ?1 COLLATE NOCASE \
                 AND geonames_id IS NOT NULL LIMIT 20",
            )?;
            let ids = stmt.query_map([name], |r| r.get::<_, i64>(0))?;
            Ok(ids.map(|r| r.map(|v| v.to_string())).collect::<rusqlite::Result<_>>()?)
        })
    }

    /// An entity id as given, or the entities with this name or alias.
    fn entity_ids_for(&self, s: &str) -> Result<Vec<String>> {
        if is_entity_id(s) {
            return Ok(vec![s.to_string()]);
        }
        self.with_conn(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT entity_id FROM aliases WHERE alias = ?1 COLLATE NOCASE LIMIT 20",
            )?;
            let ids = stmt.query_map([s], |r| r.get::<_, String>(0))?;
            Ok(ids.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Documents, newest ingested first.
    pub fn documents(&self, limit: usize, offset: usize) -> Result<ListPage<DocumentSummary>> {
        self.with_conn(|c| {
            let total: usize = c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
            let mut stmt = c.prepare_cached(
                "SELECT id, title, published, url, version, ingested_at FROM documents \
                 ORDER BY rowid DESC LIMIT ?1 OFFSET ?2",
            )?;
            let items = stmt
                .query_map(params![clamp(limit), offset as i64], |r| {
                    Ok(DocumentSummary {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        published: r.get(2)?,
                        url: r.get(3)?,
                        version: r.get(4)?,
                        ingested_at: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ListPage { total, items })
        })
    }

    /// One document with its library links, or `None`.
    pub fn document(&self, id: &str) -> Result<Option<DocumentPage>> {
        self.with_conn(|c| {
            let row = c
                .prepare_cached(
                    "SELECT rowid, json, version, source_key FROM documents WHERE id = ?1",
                )?
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u32>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .optional()?;
            let Some((rowid, json, version, source_key)) = row else { return Ok(None) };
            let document: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| Error::Corrupt(id.into(), e.to_string()))?;
            let entity_ids = c
                .prepare_cached("SELECT cluster, entity_id FROM doc_entities WHERE doc = ?1")?
                .query_map([rowid], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let versions = match source_key {
                Some(k) => c
                    .prepare_cached(
                        "SELECT id, version, ingested_at FROM documents WHERE source_key = ?1 \
                         ORDER BY version",
                    )?
                    .query_map([k], |r| {
                        Ok(VersionInfo {
                            id: r.get(0)?,
                            version: r.get(1)?,
                            ingested_at: r.get(2)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?,
                None => Vec::new(),
            };
            Ok(Some(DocumentPage { document, entity_ids, version, versions }))
        })
    }

    /// The ids of every stored document.
    pub fn document_ids(&self) -> Result<std::collections::HashSet<String>> {
        self.with_conn(|c| {
            let mut stmt = c.prepare("SELECT id FROM documents")?;
            let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(ids.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The stored JSON of every document in ingest order, for export.
    pub fn for_each_document_json(&self, mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
        self.with_conn(|c| {
            let mut stmt = c.prepare("SELECT json FROM documents ORDER BY rowid")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                f(row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
            }
            Ok(())
        })
    }

    /// Entities by article count; `q` matches names and aliases (case-insensitive substring).
    pub fn entities(
        &self,
        q: Option<&str>,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<ListPage<EntityRecord>> {
        self.with_conn(|c| {
            let pattern = q.map(|q| format!("%{}%", escape_like(q)));
            let filter =
                "(?1 IS NULL OR e.type = ?1) AND (?2 IS NULL OR e.name LIKE ?2 ESCAPE '\\' \
                 OR EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id \
                            AND a.alias LIKE ?2 ESCAPE '\\'))";
            let total: usize = c.query_row(
                &format!("SELECT count(*) FROM entities e WHERE {filter}"),
                params![kind, pattern],
                |r| r.get(0),
            )?;
            let ids: Vec<String> = c
                .prepare_cached(&format!(
                    "SELECT e.id FROM entities e WHERE {filter} \
                     ORDER BY e.articles DESC, e.mentions DESC, e.id LIMIT ?3 OFFSET ?4"
                ))?
                .query_map(params![kind, pattern, clamp(limit), offset as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let items = ids
                .iter()
                .filter_map(|id| entity_record(c, id).transpose())
                .collect::<Result<_>>()?;
            Ok(ListPage { total, items })
        })
    }

    /// An entity with its quotes, articles, timeline and neighbours.
    pub fn entity(&self, id: &str) -> Result<Option<EntityDetail>> {
        self.with_conn(|c| {
            let Some(entity) = entity_record(c, id)? else { return Ok(None) };
            let quotes =
                quotes_where(c, "q.speaker_entity = ?1", params![id], ENTITY_PAGE_ITEMS, 0)?;
            let articles = c
                .prepare_cached(
                    "SELECT d.id, d.title, d.published FROM \
                     (SELECT DISTINCT day, doc FROM doc_entities WHERE entity_id = ?1 \
                      ORDER BY day DESC, doc DESC LIMIT ?2) x \
                     JOIN documents d ON d.rowid = x.doc ORDER BY x.day DESC, x.doc DESC",
                )?
                .query_map(params![id, ENTITY_PAGE_ITEMS as i64], |r| {
                    Ok(ArticleRef { id: r.get(0)?, title: r.get(1)?, published: r.get(2)? })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let timeline = c
                .prepare_cached(
                    "SELECT day, count(DISTINCT doc) FROM doc_entities \
                     WHERE entity_id = ?1 AND day IS NOT NULL GROUP BY day ORDER BY day",
                )?
                .query_map([id], |r| {
                    Ok(DateCount { date: date_of_day(r.get(0)?), count: r.get(1)? })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let neighbours = c
                .prepare_cached(
                    "SELECT n.id, n.name, n.type, x.weight FROM \
                     (SELECT b AS other, weight FROM edges WHERE a = ?1 \
                      UNION ALL SELECT a AS other, weight FROM edges WHERE b = ?1) x \
                     JOIN entities n ON n.id = x.other \
                     ORDER BY x.weight DESC, n.articles DESC LIMIT ?2",
                )?
                .query_map(params![id, ENTITY_PAGE_ITEMS as i64], |r| {
                    Ok(Neighbour {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        kind: r.get(2)?,
                        weight: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(EntityDetail { entity, quotes, articles, timeline, neighbours }))
        })
    }

    /// Quotes, newest article first.
    pub fn quotes(
        &self,
        speaker: Option<&str>,
        speaker_type: Option<&str>,
        stance: Option<&str>,
        q: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<ListPage<QuoteRecord>> {
        self.with_conn(|c| {
            let pattern = q.map(|q| format!("%{}%", escape_like(q)));
            let filter =
                "(?1 IS NULL OR q.speaker_entity = ?1) AND (?2 IS NULL OR q.speaker_type = ?2) \
                 AND (?3 IS NULL OR q.stance = ?3) AND (?4 IS NULL OR q.text LIKE ?4 ESCAPE '\\')";
            let args = params![speaker, speaker_type, stance, pattern];
            let total: usize =
                c.query_row(&format!("SELECT count(*) FROM quotes q WHERE {filter}"), args, |r| {
                    r.get(0)
                })?;
            let items = quotes_where(c, filter, args, limit, offset)?;
            Ok(ListPage { total, items })
        })
    }

    /// Places by mentions across the library.
    pub fn places(
        &self,
        country: Option<&str>,
        entity: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<ListPage<PlaceRecord>> {
        let country = country.map(|c| c.to_ascii_uppercase());
        let place = |r: &Row<'_>| {
            Ok(PlaceRecord {
                name: r.get(0)?,
                geonames_id: r.get::<_, Option<i64>>(1)?.map(|v| v as u64),
                feature: r.get(2)?,
                country: r.get(3)?,
                lat: r.get(4)?,
                lon: r.get(5)?,
                mentions: r.get(6)?,
                articles: r.get(7)?,
            })
        };
        self.with_conn(|c| {
            let (total, items) = match entity {
                // The whole library: the running sums kept at ingest.
                None => {
                    let total: usize = c.query_row(
                        "SELECT count(*) FROM place_stats WHERE ?1 IS NULL OR country = ?1",
                        params![country],
                        |r| r.get(0),
                    )?;
                    let items = c
                        .prepare_cached(
                            "SELECT name, geonames_id, feature, country, lat, lon, mentions, \
                             articles FROM place_stats WHERE ?1 IS NULL OR country = ?1 \
                             ORDER BY mentions DESC, key LIMIT ?2 OFFSET ?3",
                        )?
                        .query_map(params![country, clamp(limit), offset as i64], place)?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    (total, items)
                }
                // Places of the articles naming an entity: its most recent ones.
                Some(entity) => {
                    let docs = format!(
                        "SELECT DISTINCT doc FROM doc_entities WHERE entity_id = ?2 \
                         ORDER BY day DESC, doc DESC LIMIT {ENTITY_PLACE_ARTICLES}"
                    );
                    let filter = format!("(?1 IS NULL OR p.country = ?1) AND p.doc IN ({docs})");
                    let total: usize = c.query_row(
                        &format!("SELECT count(DISTINCT p.key) FROM places p WHERE {filter}"),
                        params![country, entity],
                        |r| r.get(0),
                    )?;
                    let items = c
                        .prepare_cached(&format!(
                            "SELECT max(p.name), max(p.geonames_id), max(p.feature), \
                             max(p.country), max(p.lat), max(p.lon), sum(p.mentions) AS m, \
                             count(DISTINCT p.doc) FROM places p WHERE {filter} GROUP BY p.key \
                             ORDER BY m DESC, p.key LIMIT ?3 OFFSET ?4"
                        ))?
                        .query_map(params![country, entity, clamp(limit), offset as i64], place)?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    (total, items)
                }
            };
            Ok(ListPage { total, items })
        })
    }

    /// Dated expressions by the day they name (`from`/`to` inclusive, `YYYY-MM-DD`).
    pub fn timeline(
        &self,
        entity: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<ListPage<TimelineItem>> {
        let day = |d: Option<&str>, name: &str| -> Result<Option<i64>> {
            d.map(|s| {
                crate::day_number(s).ok_or_else(|| {
                    Error::Query(format!("{name}: expected a date YYYY-MM-DD, got {s:?}"))
                })
            })
            .transpose()
        };
        let (from, to) = (day(from, "from")?, day(to, "to")?);
        self.with_conn(|c| {
            let filter =
                "(?1 IS NULL OR t.doc IN (SELECT doc FROM doc_entities WHERE entity_id = ?1)) \
                 AND (?2 IS NULL OR t.day >= ?2) AND (?3 IS NULL OR t.day <= ?3)";
            let total: usize = c.query_row(
                &format!("SELECT count(*) FROM timexes t WHERE {filter}"),
                params![entity, from, to],
                |r| r.get(0),
            )?;
            let items = c
                .prepare_cached(&format!(
                    "SELECT t.day, t.value, t.text, t.sentence, d.id, d.title FROM timexes t \
                     JOIN documents d ON d.rowid = t.doc WHERE {filter} \
                     ORDER BY t.day, t.doc, t.ord LIMIT ?4 OFFSET ?5"
                ))?
                .query_map(params![entity, from, to, clamp(limit), offset as i64], |r| {
                    let day: i64 = r.get(0)?;
                    Ok(TimelineItem {
                        date: date_of_day(day),
                        value: r.get(1)?,
                        text: r.get(2)?,
                        sentence: r.get(3)?,
                        doc_id: r.get(4)?,
                        title: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ListPage { total, items })
        })
    }

    /// The co-occurrence graph around `centre` (its neighbours and the edges among them), or
    /// the strongest edges of the whole library.
    pub fn graph(&self, centre: Option<&str>, max_nodes: usize, min_weight: u64) -> Result<Graph> {
        let max_nodes = max_nodes.clamp(1, 300);
        self.with_conn(|c| {
            let mut node_ids: Vec<String> = Vec::new();
            if let Some(centre) = centre {
                if entity_record(c, centre)?.is_none() {
                    return Ok(Graph::default());
                }
                node_ids.push(centre.to_string());
                let mut stmt = c.prepare_cached(
                    "SELECT other FROM (SELECT b AS other, weight FROM edges WHERE a = ?1 \
                     UNION ALL SELECT a AS other, weight FROM edges WHERE b = ?1) \
                     WHERE weight >= ?2 ORDER BY weight DESC, other LIMIT ?3",
                )?;
                let rows = stmt
                    .query_map(params![centre, min_weight as i64, (max_nodes - 1) as i64], |r| {
                        r.get::<_, String>(0)
                    })?;
                for r in rows {
                    node_ids.push(r?);
                }
            } else {
                let mut stmt = c.prepare_cached(
                    "SELECT a, b FROM edges WHERE weight >= ?1 ORDER BY weight DESC, a, b LIMIT ?2",
                )?;
                let rows = stmt
                    .query_map(params![min_weight as i64, (max_nodes * 4) as i64], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?;
                for r in rows {
                    let (a, b) = r?;
                    for id in [a, b] {
                        if node_ids.len() < max_nodes && !node_ids.contains(&id) {
                            node_ids.push(id);
                        }
                    }
                }
            }
            let mut nodes = Vec::with_capacity(node_ids.len());
            for id in &node_ids {
                if let Some(e) = entity_record(c, id)? {
                    nodes.push(GraphNode {
                        id: e.id,
                        name: e.name,
                        kind: e.kind,
                        articles: e.articles,
                    });
                }
            }
            let index: HashMap<&str, ()> = node_ids.iter().map(|s| (s.as_str(), ())).collect();
            let mut edges = Vec::new();
            if !node_ids.is_empty() {
                let marks = vec!["?"; node_ids.len()].join(",");
                let sql = format!(
                    "SELECT a, b, weight FROM edges WHERE a IN ({marks}) AND b IN ({marks}) \
                     AND weight >= {min_weight} ORDER BY weight DESC"
                );
                let mut stmt = c.prepare(&sql)?;
                let rows = stmt
                    .query_map(params_from_iter(node_ids.iter().chain(&node_ids)), |r| {
                        Ok(GraphEdge { source: r.get(0)?, target: r.get(1)?, weight: r.get(2)? })
                    })?;
                for r in rows {
                    let e = r?;
                    if index.contains_key(e.target.as_str()) {
                        edges.push(e);
                    }
                }
            }
            Ok(Graph { nodes, edges })
        })
    }

    /// Library entities with aliases, for export (by article count).
    pub fn all_entities(&self, f: impl FnMut(EntityRecord) -> Result<()>) -> Result<()> {
        for_each_paged(|offset| Ok(self.entities(None, None, MAX_LIMIT, offset)?.items), f)
    }

    /// Every quote, for export.
    pub fn all_quotes(&self, f: impl FnMut(QuoteRecord) -> Result<()>) -> Result<()> {
        for_each_paged(
            |offset| self.with_conn(|c| quotes_where(c, "1", params![], MAX_LIMIT, offset)),
            f,
        )
    }

    /// Every place of the library, for export (by mentions).
    pub fn all_places(&self, f: impl FnMut(PlaceRecord) -> Result<()>) -> Result<()> {
        for_each_paged(|offset| Ok(self.places(None, None, MAX_LIMIT, offset)?.items), f)
    }

    /// Every co-occurrence edge, for export.
    pub fn all_edges(&self, mut f: impl FnMut(GraphEdge) -> Result<()>) -> Result<()> {
        self.with_conn(|c| {
            let mut stmt = c.prepare("SELECT a, b, weight FROM edges ORDER BY a, b")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                f(GraphEdge { source: r.get(0)?, target: r.get(1)?, weight: r.get(2)? })?;
            }
            Ok(())
        })
    }
}

/// Hand every item of a list read in pages of [`MAX_LIMIT`] (`page(offset)`) to `f`.
fn for_each_paged<T>(
    mut page: impl FnMut(usize) -> Result<Vec<T>>,
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut offset = 0;
    loop {
        let items = page(offset)?;
        let n = items.len();
        for item in items {
            f(item)?;
        }
        if n < MAX_LIMIT {
            return Ok(());
        }
        offset += n;
    }
}

fn empty_result() -> SearchResult {
    SearchResult { total: 0, items: Vec::new(), facets: SearchFacets::default() }
}

fn clamp(limit: usize) -> i64 {
    limit.clamp(1, MAX_LIMIT) as i64
}

/// Whether `s` looks like a library entity id (`e` + 16 hex digits).
pub fn is_entity_id(s: &str) -> bool {
    s.len() == 17 && s.starts_with('e') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn date_of_day(day: i64) -> String {
    (chrono::NaiveDate::default() + chrono::Duration::days(day)).format("%Y-%m-%d").to_string()
}

fn entity_record(c: &Connection, id: &str) -> Result<Option<EntityRecord>> {
    let row = c
        .prepare_cached(
            "SELECT id, name, type, subtype, country, first_seen, last_seen, mentions, articles \
             FROM entities WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(EntityRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                subtype: r.get(3)?,
                country: r.get(4)?,
                aliases: Vec::new(),
                first_seen: r.get(5)?,
                last_seen: r.get(6)?,
                mentions: r.get(7)?,
                articles: r.get(8)?,
            })
        })
        .optional()?;
    let Some(mut e) = row else { return Ok(None) };
    e.aliases = c
        .prepare_cached(
            "SELECT alias FROM aliases WHERE entity_id = ?1 AND alias != ?2 \
             ORDER BY count DESC, alias LIMIT 20",
        )?
        .query_map(params![id, e.name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(e))
}

fn quotes_where(
    c: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
    limit: usize,
    offset: usize,
) -> Result<Vec<QuoteRecord>> {
    let sql = format!(
        "SELECT d.id, d.title, d.published, q.text, q.kind, q.stance, q.cue, q.speaker_text, \
         q.speaker_canonical, q.speaker_type, q.speaker_entity FROM quotes q \
         JOIN documents d ON d.rowid = q.doc WHERE {filter} \
         ORDER BY q.day DESC, q.doc DESC, q.ord LIMIT {} OFFSET {}",
        clamp(limit),
        offset
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(args, quote_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRecord> {
    let speaker_text: Option<String> = r.get(7)?;
    Ok(QuoteRecord {
        doc_id: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        text: r.get(3)?,
        kind: r.get(4)?,
        stance: r.get(5)?,
        cue: r.get(6)?,
        speaker: match speaker_text {
            None => None,
            Some(text) => Some(SpeakerRecord {
                text,
                canonical: r.get(8)?,
                kind: r.get(9)?,
                entity_id: r.get(10)?,
            }),
        },
    })
}
