//! Query-string parameters, checked: unknown names, bad numbers, dates and ids are answered
//! with 400 and a message naming the parameter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::ApiError;

/// The decoded query string of a request, in order (a name may repeat).
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        if query.len() > 8192 {
            return Err(ApiError::bad_request("query string longer than 8192 bytes"));
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| ApiError::bad_request(format!("malformed query string: {e}")))?;
        Ok(Params(pairs))
    }
}

impl Params {
    /// Refuse names outside `allowed`.
    pub fn allow(&self, allowed: &[&str]) -> Result<(), ApiError> {
        for (name, _) in &self.0 {
            if !allowed.contains(&name.as_str()) {
                let expected = if allowed.is_empty() {
                    "this endpoint takes no parameters".to_string()
                } else {
                    format!("expected one of: {}", allowed.join(", "))
                };
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?}; {expected}"
                )));
            }
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated parameter.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// A text value of at most `max` characters (empty counts as absent).
    pub fn text(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some("") => Ok(None),
            Some(v) if v.chars().count() > max => {
                Err(ApiError::bad_request(format!("{name}: longer than {max} characters")))
            }
            Some(v) => Ok(Some(v.to_string())),
        }
    }

    /// An integer in `min..=max`.
    pub fn number(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(None) };
        match v.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::bad_request(format!(
                "{name}: expected a whole number from {min} to {max}, got {v:?}"
            ))),
        }
    }

    pub fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        Ok(self.number("limit", 1, max as i64)?.map_or(default, |n| n as usize))
    }

    pub fn offset(&self) -> Result<usize, ApiError> {
        Ok(self.number("offset", 0, 10_000_000)?.unwrap_or(0) as usize)
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name, 10)? else { return Ok(None) };
        if v.len() != 10 || dossier_store::day_number(&v).is_none() {
            return Err(ApiError::bad_request(format!(
                "{name}: expected a date YYYY-MM-DD, got {v:?}"
            )));
        }
        Ok(Some(v))
    }

    /// An ISO 3166-1 alpha-2 code (upper-cased).
    pub fn country(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name, 2)? else { return Ok(None) };
        if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ApiError::bad_request(format!(
                "{name}: expected a two-letter country code, got {v:?}"
            )));
        }
        Ok(Some(v.to_ascii_uppercase()))
    }

    /// Every value of a repeated entity-id parameter, checked.
    pub fn entities(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let ids: Vec<String> =
            self.all(name).into_iter().filter(|v| !v.is_empty()).map(String::from).collect();
        for id in &ids {
            entity_id(id)?;
        }
        Ok(ids)
    }

    /// A library entity id.
    pub fn entity(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name, 40)? else { return Ok(None) };
        entity_id(&v)?;
        Ok(Some(v))
    }

    /// One of `values`.
    pub fn one_of(&self, name: &str, values: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name, 40)? else { return Ok(None) };
        if !values.contains(&v.as_str()) {
            return Err(ApiError::bad_request(format!(
                "{name}: expected one of {}, got {v:?}",
                values.join(", ")
            )));
        }
        Ok(Some(v))
    }

    pub fn speaker_type(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.one_of(name, SPEAKER_TYPES)
    }
}

/// The values of `speaker.type` in `dossier.document/1`.
pub const SPEAKER_TYPES: &[&str] = &[
    "person",
    "official",
    "organization",
    "state_media",
    "media",
    "document",
    "unnamed",
    "unknown",
];

pub fn entity_id(v: &str) -> Result<(), ApiError> {
    if dossier_store::is_entity_id(v) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!("{v:?} is not an entity id (e and 16 hex digits)")))
    }
}
