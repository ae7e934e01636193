//! Adding documents: one SQLite transaction per batch of documents, then the same documents
//! into the search index, committed with the last row they cover.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use dossier_core::Document;
use rusqlite::{params, Connection, OptionalExtension};
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::facts::{self, DocFacts};
use crate::{entities, index, sql, Error, Library, Result};

/// Documents per transaction before [`Writer::add`] commits by itself.
const COMMIT_EVERY_DOCS: usize = 1000;
/// Longest time between automatic commits.
const COMMIT_EVERY: Duration = Duration::from_secs(2);
/// Memory of tantivy's indexing buffer.
const INDEX_BUFFER: usize = 64 << 20;
/// Search-index segments [`Writer::finish`] leaves before merging them into one.
pub const MAX_SEGMENTS: usize = 4;
/// Entities per document that get co-occurrence edges (the most mentioned ones).
const EDGE_ENTITIES: usize = 12;

/// What [`Writer::add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// Stored as `version` of its URL (or path).
    Added { id: String, version: u32 },
    /// A document with this id is already in the library: nothing changed.
    Exists { id: String },
}

/// The one writer of a library.
pub struct Writer {
    lib: Library,
    conn: Connection,
    index_writer: IndexWriter,
    in_tx: bool,
    /// Index documents of the open transaction, added to tantivy after the SQLite commit.
    pending: Vec<TantivyDocument>,
    last_rowid: i64,
    opened_tx: Instant,
}

impl Writer {
    pub(crate) fn open(lib: &Library) -> Result<Writer> {
        let conn = sql::connect(&lib.db_path(), false)?;
        let index_writer = match lib.index.writer_with_num_threads(1, INDEX_BUFFER) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(_, msg)) => {
                return Err(Error::Busy(msg.unwrap_or_default()))
            }
            Err(e) => return Err(e.into()),
        };
        let mut writer = Writer {
            lib: lib.clone(),
            conn,
            index_writer,
            in_tx: false,
            pending: Vec::new(),
            last_rowid: 0,
            opened_tx: Instant::now(),
        };
        writer.catch_up()?;
        Ok(writer)
    }

    /// The last database row the search index covers.
    fn indexed_upto(&self) -> Result<i64> {
        let metas = self.lib.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Index the rows the database committed after the index's last commit (a crash between
    /// the two commits leaves such rows; a deleted index is rebuilt the same way).
    fn catch_up(&mut self) -> Result<usize> {
        let upto = self.indexed_upto()?;
        let max: i64 =
            self.conn
                .query_row("SELECT coalesce(max(rowid), 0) FROM documents", [], |r| r.get(0))?;
        if max <= upto {
            self.last_rowid = max;
            return Ok(0);
        }
        let mut n = 0;
        let mut stmt = self
            .conn
            .prepare("SELECT rowid, id, json FROM documents WHERE rowid > ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([upto], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
        let mut cluster_stmt =
            self.conn.prepare("SELECT cluster, entity_id FROM doc_entities WHERE doc = ?1")?;
        for row in rows {
            let (rowid, id, json) = row?;
            let doc = Document::from_json_str(&json)
                .map_err(|e| Error::Corrupt(id.clone(), e.to_string()))?;
            let entity_of: BTreeMap<String, String> = cluster_stmt
                .query_map([rowid], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let facts = facts::of(&doc);
            self.index_writer.delete_term(Term::from_field_text(self.lib.fields.id, &id));
            let day = doc.published.as_deref().and_then(crate::day_number);
            self.index_writer.add_document(index_doc(
                &self.lib.fields,
                &doc,
                day,
                &facts,
                &entity_of,
            ))?;
            self.last_rowid = rowid;
            n += 1;
        }
        drop(cluster_stmt);
        drop(stmt);
        self.commit_index()?;
        Ok(n)
    }

    /// Store `doc` (as the pipeline gives it, byte offsets). Commits by itself every
    /// thousand documents or two seconds; call [`Writer::commit`] at the end.
    pub fn add(&mut self, doc: &Document) -> Result<AddOutcome> {
        if !self.in_tx {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_tx = true;
            self.opened_tx = Instant::now();
        }
        // A document that fails half-way leaves nothing behind.
        self.conn.execute_batch("SAVEPOINT doc")?;
        let pending = self.pending.len();
        let outcome = match self.add_in_tx(doc) {
            Ok(o) => {
                self.conn.execute_batch("RELEASE doc")?;
                o
            }
            Err(e) => {
                self.conn.execute_batch("ROLLBACK TO doc; RELEASE doc")?;
                self.pending.truncate(pending);
                return Err(e);
            }
        };
        if self.pending.len() >= COMMIT_EVERY_DOCS || self.opened_tx.elapsed() >= COMMIT_EVERY {
            self.commit()?;
        }
        Ok(outcome)
    }

    fn add_in_tx(&mut self, doc: &Document) -> Result<AddOutcome> {
        let conn = &self.conn;
        let exists = conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .query_row([&doc.id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            return Ok(AddOutcome::Exists { id: doc.id.clone() });
        }
        let source_key = doc.source.url.clone().or_else(|| doc.source.path.clone());
        let version: u32 = match &source_key {
            Some(k) => conn
                .prepare_cached(
                    "SELECT coalesce(max(version), 0) + 1 FROM documents WHERE source_key = ?1",
                )?
                .query_row([k], |r| r.get(0))?,
            None => 1,
        };
        let day = doc.published.as_deref().and_then(crate::day_number);
        let ingested_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        conn.prepare_cached(
            "INSERT INTO documents (id, source_key, url, version, title, published, day, \
             language, duplicate_of, words, ingested_at, json) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            doc.id,
            source_key,
            doc.source.url,
            version,
            doc.title,
            doc.published,
            day,
            doc.language,
            doc.duplicate_of,
            doc.word_count() as i64,
            ingested_at,
            doc.to_json_string(),
        ])?;
        let rowid = conn.last_insert_rowid();
        let facts = facts::of(doc);
        let entity_of = store_facts(conn, rowid, doc.published.as_deref(), day, &facts)?;
        self.pending.push(index_doc(&self.lib.fields, doc, day, &facts, &entity_of));
        self.last_rowid = rowid;
        Ok(AddOutcome::Added { id: doc.id.clone(), version })
    }

    /// Commit the open transaction, then the search index.
    pub fn commit(&mut self) -> Result<()> {
        if self.in_tx {
            self.conn.execute_batch("COMMIT")?;
            self.in_tx = false;
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        for d in std::mem::take(&mut self.pending) {
            self.index_writer.add_document(d)?;
        }
        self.commit_index()
    }

    /// Commit, then merge the search index into one segment when it has grown more than
    /// [`MAX_SEGMENTS`] (every commit adds one; searches over many segments are several times
    /// slower: 10 segments of 100,000 documents answered in 125 ms, one in 30 ms). Call at the
    /// end of an ingest.
    pub fn finish(&mut self) -> Result<()> {
        self.commit()?;
        // The writer's own merge policy may be merging some of the segments at the same time;
        // then the merge is refused and tried again with the segments as they are now.
        for attempt in 0.. {
            let segments = self.lib.index.searchable_segment_ids()?;
            if segments.len() <= MAX_SEGMENTS {
                break;
            }
            match self.index_writer.merge(&segments).wait() {
                Ok(_) => {
                    self.commit_index()?;
                    break;
                }
                Err(tantivy::TantivyError::InvalidArgument(_)) if attempt < 20 => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    fn commit_index(&mut self) -> Result<()> {
        let mut prepared = self.index_writer.prepare_commit()?;
        prepared.set_payload(&self.last_rowid.to_string());
        prepared.commit()?;
        Ok(())
    }
}

impl Drop for Writer {
    /// Whatever was added is complete document by document: keep it.
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// The index document of `doc`.
fn index_doc(
    fields: &index::Fields,
    doc: &Document,
    day: Option<i64>,
    facts: &DocFacts,
    entity_of: &BTreeMap<String, String>,
) -> TantivyDocument {
    index::make_doc(
        fields,
        &doc.id,
        doc.title.as_deref(),
        &doc.text,
        day,
        index::facet_paths(facts, entity_of),
    )
}

/// Write the derived tables of document `rowid`; returns cluster → library entity id.
fn store_facts(
    conn: &Connection,
    rowid: i64,
    published: Option<&str>,
    day: Option<i64>,
    facts: &DocFacts,
) -> Result<BTreeMap<String, String>> {
    let published = published.map(|p| p.get(..10).unwrap_or(p));
    let mut entity_of = BTreeMap::new();
    // entity id → (mentions in this document, aliases)
    let mut per_entity: BTreeMap<String, (u32, BTreeMap<&str, u32>)> = BTreeMap::new();
    for e in &facts.entities {
        let id = entities::resolve(conn, e)?;
        conn.prepare_cached(
            "INSERT INTO doc_entities (doc, cluster, entity_id, mentions, day) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![rowid, e.cluster, id, e.mentions, day])?;
        let slot = per_entity.entry(id.clone()).or_default();
        slot.0 += e.mentions;
        for (alias, n) in &e.aliases {
            *slot.1.entry(alias.as_str()).or_default() += n;
        }
        slot.1.entry(e.canonical.as_str()).or_default();
        entity_of.insert(e.cluster.clone(), id);
    }
    for (id, (mentions, aliases)) in &per_entity {
        conn.prepare_cached(
            "UPDATE entities SET mentions = mentions + ?2, articles = articles + 1, \
             first_seen = CASE WHEN ?3 IS NULL THEN first_seen \
                WHEN first_seen IS NULL OR ?3 < first_seen THEN ?3 ELSE first_seen END, \
             last_seen = CASE WHEN ?3 IS NULL THEN last_seen \
                WHEN last_seen IS NULL OR ?3 > last_seen THEN ?3 ELSE last_seen END \
             WHERE id = ?1",
        )?
        .execute(params![id, mentions, published])?;
        for (alias, n) in aliases {
            conn.prepare_cached(
                "INSERT INTO aliases (entity_id, alias, count) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count",
            )?
            .execute(params![id, alias, n])?;
        }
    }
    // Co-occurrence: the most mentioned entities of the document, pairwise.
    let mut ranked: Vec<(&String, u32)> = per_entity.iter().map(|(id, v)| (id, v.0)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(EDGE_ENTITIES);
    for i in 0..ranked.len() {
        for j in i + 1..ranked.len() {
            let (a, b) = if ranked[i].0 < ranked[j].0 {
                (ranked[i].0, ranked[j].0)
            } else {
                (ranked[j].0, ranked[i].0)
            };
            conn.prepare_cached(
                "INSERT INTO edges (a, b, weight) VALUES (?1, ?2, 1) \
                 ON CONFLICT(a, b) DO UPDATE SET weight = weight + 1",
            )?
            .execute(params![a, b])?;
        }
    }
    for (ord, q) in facts.quotes.iter().enumerate() {
        let speaker_entity = q.speaker_cluster.as_ref().and_then(|c| entity_of.get(c));
        conn.prepare_cached(
            "INSERT INTO quotes (doc, ord, text, kind, stance, cue, speaker_text, \
             speaker_canonical, speaker_type, speaker_entity, day) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            rowid,
            ord as i64,
            q.text,
            q.kind,
            q.stance,
            q.cue,
            q.speaker_text,
            q.speaker_canonical,
            q.speaker_type,
            speaker_entity,
            day
        ])?;
    }
    for p in &facts.places {
        conn.prepare_cached(
            "INSERT INTO places (doc, key, geonames_id, name, feature, country, lat, lon, \
             mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            rowid,
            p.key,
            p.geonames_id.map(|v| v as i64),
            p.name,
            p.feature,
            p.country,
            p.lat,
            p.lon,
            p.mentions
        ])?;
        // The library-wide sums, from the row just written.
        conn.prepare_cached(
            "INSERT INTO place_stats (key, geonames_id, name, feature, country, lat, lon, \
             mentions, articles) SELECT key, geonames_id, name, feature, country, lat, lon, \
             mentions, 1 FROM places WHERE doc = ?1 AND key = ?2 \
             ON CONFLICT(key) DO UPDATE SET mentions = mentions + excluded.mentions, \
             articles = articles + 1",
        )?
        .execute(params![rowid, p.key])?;
    }
    for (ord, t) in facts.timexes.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO timexes (doc, ord, day, value, text, sentence) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![rowid, ord as i64, t.day, t.value, t.text, t.sentence])?;
    }
    Ok(entity_of)
}
