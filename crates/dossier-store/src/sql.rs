//! The SQLite database: connection settings and the schema.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::Result;

pub const DB_FILE: &str = "library.sqlite";

/// Version of the tables below, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// Every table. Documents are the truth; the other tables are derived from their JSON when a
/// document is added, in the same transaction.
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,          -- content id of the body
    source_key   TEXT,                          -- URL, else path: versions are counted per key
    url          TEXT,
    version      INTEGER NOT NULL,
    title        TEXT,
    published    TEXT,
    day          INTEGER,                       -- days since 1970-01-01 of `published`
    language     TEXT,
    duplicate_of TEXT,
    words        INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL,
    json         TEXT NOT NULL                  -- dossier.document/1, character offsets
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source_key, version);
CREATE INDEX IF NOT EXISTS documents_day ON documents(day);

CREATE TABLE IF NOT EXISTS entities (
    id         TEXT PRIMARY KEY,                -- 'e' + 16 hex of the key
    key        TEXT NOT NULL UNIQUE,            -- label | folded canonical name
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    subtype    TEXT,
    country    TEXT,
    last_token TEXT,                            -- folded last word of a person's name
    first_seen TEXT,
    last_seen  TEXT,
    mentions   INTEGER NOT NULL DEFAULT 0,
    articles   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS entities_last_token ON entities(type, last_token);
CREATE INDEX IF NOT EXISTS entities_articles ON entities(articles DESC);

CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL,
    alias     TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias COLLATE NOCASE);

CREATE TABLE IF NOT EXISTS doc_entities (
    doc       INTEGER NOT NULL,                 -- documents.rowid
    cluster   TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    day       INTEGER,                          -- the document's day, for entity pages by date
    PRIMARY KEY (doc, cluster)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_entities_entity ON doc_entities(entity_id, day, doc);

CREATE TABLE IF NOT EXISTS quotes (
    doc               INTEGER NOT NULL,
    ord               INTEGER NOT NULL,
    text              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    stance            TEXT NOT NULL,
    cue               TEXT,
    speaker_text      TEXT,
    speaker_canonical TEXT,
    speaker_type      TEXT,
    speaker_entity    TEXT,
    day               INTEGER,                  -- the document's day, to list newest first
    PRIMARY KEY (doc, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_entity, day DESC, doc DESC, ord);
CREATE INDEX IF NOT EXISTS quotes_day ON quotes(day DESC, doc DESC, ord);

CREATE TABLE IF NOT EXISTS places (
    doc         INTEGER NOT NULL,
    key         TEXT NOT NULL,                  -- GeoNames id, else 'name:' + name
    geonames_id INTEGER,
    name        TEXT NOT NULL,
    feature     TEXT NOT NULL,
    country     TEXT,
    lat         REAL,
    lon         REAL,
    mentions    INTEGER NOT NULL,
    PRIMARY KEY (doc, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS places_key ON places(key);

CREATE TABLE IF NOT EXISTS place_stats (           -- places summed over the library
    key         TEXT PRIMARY KEY,
    geonames_id INTEGER,
    name        TEXT NOT NULL,
    feature     TEXT NOT NULL,
    country     TEXT,
    lat         REAL,
    lon         REAL,
    mentions    INTEGER NOT NULL,
    articles    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS place_stats_mentions ON place_stats(mentions DESC, key);
CREATE INDEX IF NOT EXISTS place_stats_country ON place_stats(country, mentions DESC, key);

CREATE TABLE IF NOT EXISTS timexes (
    doc      INTEGER NOT NULL,
    ord      INTEGER NOT NULL,
    day      INTEGER NOT NULL,                  -- first day the value covers
    value    TEXT NOT NULL,
    text     TEXT NOT NULL,
    sentence TEXT NOT NULL,
    PRIMARY KEY (doc, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS timexes_day ON timexes(day);

CREATE TABLE IF NOT EXISTS edges (
    a      TEXT NOT NULL,                       -- entity ids, a < b
    b      TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_b ON edges(b);
"#;

/// Open the database at `path`: WAL, a busy timeout, and the schema (unless `read_only`).
pub fn connect(path: &Path, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    // The writer uses about twenty statements per document; rusqlite's default cache of 16
    // would prepare some of them again for every document.
    conn.set_prepared_statement_cache_capacity(64);
    if read_only {
        // Reads map the file instead of copying pages through read(2).
        conn.pragma_update(None, "mmap_size", 256i64 << 20)?;
        conn.pragma_update(None, "cache_size", -8_192)?; // 8 MiB
        return Ok(conn);
    }
    // The writer touches many index pages per document (entities, aliases, edges): a 64 MiB
    // page cache and fewer WAL checkpoints keep it from writing the same pages again and again.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // WAL: readers never block the writer nor the writer them. NORMAL sync: a committed
    // transaction survives the process being killed (not necessarily a power cut).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(crate::Error::Invalid(format!(
            "{}: library schema version {version} is newer than this dossier ({SCHEMA_VERSION})",
            path.display()
        )));
    }
    conn.execute_batch(SCHEMA)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(conn)
}
