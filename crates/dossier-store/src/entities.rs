//! Library entities: the entities of single documents merged across articles.
//!
//! Two document entities are the same library entity when they have the same label and the
//! same folded canonical name ("Kadri Valk", "KADRI VALK"). A person known in a document only
//! by one word ("Valk") joins the library person whose last name that is, the one in the most
//! articles when there are several; otherwise it starts an entity of its own.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::facts::EntityFact;
use crate::Result;

/// Lower case, letters and digits only, one space between words, without a leading "the".
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            space = true;
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

/// The key of an entity: label and folded canonical name.
pub fn key(label: &str, canonical: &str) -> String {
    format!("{label}|{}", fold(canonical))
}

/// The stable library id of a key: `e` and 16 hex digits of its SHA-256.
pub fn id_of(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut id = String::with_capacity(17);
    id.push('e');
    for b in &digest[..8] {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// The library entity a document entity belongs to, created (with zero counts) when new.
pub fn resolve(conn: &Connection, fact: &EntityFact) -> Result<String> {
    let key = key(fact.label, &fact.canonical);
    if let Some((id, name)) = conn
        .prepare_cached("SELECT id, name FROM entities WHERE key = ?1")?
        .query_row([&key], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?
    {
        if crate::facts::is_shouted(&name) && !crate::facts::is_shouted(&fact.canonical) {
            conn.prepare_cached("UPDATE entities SET name = ?2 WHERE id = ?1")?
                .execute(params![id, fact.canonical])?;
        }
        return Ok(id);
    }
    let folded = fold(&fact.canonical);
    let words = folded.split(' ').count();
    if fact.label == "PER" && words == 1 {
        let found = conn
            .prepare_cached(
                "SELECT id FROM entities WHERE type = 'PER' AND last_token = ?1 AND key != ?2 \
                 AND instr(name, ' ') > 0 ORDER BY articles DESC, id LIMIT 1",
            )?
            .query_row(params![folded, key], |r| r.get::<_, String>(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
    }
    let id = id_of(&key);
    let last_token =
        (fact.label == "PER").then(|| folded.rsplit(' ').next().unwrap_or("").to_string());
    conn.prepare_cached(
        "INSERT INTO entities (id, key, name, type, subtype, country, last_token) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING",
    )?
    .execute(params![
        id,
        key,
        fact.canonical,
        fact.label,
        fact.subtype,
        fact.country,
        last_token
    ])?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Kadri  Valk"), "kadri valk");
        assert_eq!(fold("KADRI VALK"), "kadri valk");
        assert_eq!(fold("The Kremlin"), "kremlin");
        assert_eq!(fold("the"), "the");
        assert_eq!(fold("Han Do-yun"), "han do yun");
        assert_eq!(fold("O’Brien"), "obrien");
        assert_eq!(fold("Zürich"), "zürich");
        assert_eq!(key("PER", "Kadri Valk"), key("PER", " kadri valk "));
        assert_ne!(key("PER", "Jordan"), key("LOC", "Jordan"));
    }

    #[test]
    fn ids_are_stable_and_short() {
        let id = id_of("PER|kadri valk");
        assert_eq!(id.len(), 17);
        assert!(id.starts_with('e'));
        assert_eq!(id, id_of("PER|kadri valk"));
        assert_ne!(id, id_of("PER|kadri walk"));
    }
}
