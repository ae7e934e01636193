//! `dossier export`: the library as JSON Lines, CSV (entities, quotes, places), GeoJSON,
//! GraphML and GEXF (for Gephi).

use std::io::Write;
use std::str::FromStr;

use serde_json::json;

use crate::{Error, Reader, Result};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Every stored document, one `dossier.document/1` JSON per line.
    Jsonl,
    EntitiesCsv,
    QuotesCsv,
    PlacesCsv,
    /// Places as a `FeatureCollection` of points.
    Geojson,
    /// The entity co-occurrence graph.
    Graphml,
    Gexf,
}

impl Format {
    pub const NAMES: &'static [&'static str] =
        &["jsonl", "entities-csv", "quotes-csv", "places-csv", "geojson", "graphml", "gexf"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s {
            "jsonl" => Format::Jsonl,
            "entities-csv" => Format::EntitiesCsv,
            "quotes-csv" => Format::QuotesCsv,
            "places-csv" => Format::PlacesCsv,
            "geojson" => Format::Geojson,
            "graphml" => Format::Graphml,
            "gexf" => Format::Gexf,
            _ => {
                return Err(format!(
                    "unknown export format {s:?}; expected one of {}",
                    Format::NAMES.join(", ")
                ))
            }
        })
    }
}

/// Write the library in `format` to `out`; returns the number of records written.
pub fn export(reader: &Reader, format: Format, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    match format {
        Format::Jsonl => reader.for_each_document_json(|json| {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            n += 1;
            Ok(())
        })?,
        Format::EntitiesCsv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "id",
                "name",
                "type",
                "subtype",
                "country",
                "aliases",
                "first_seen",
                "last_seen",
                "mentions",
                "articles",
            ])
            .map_err(csv_error)?;
            reader.all_entities(|e| {
                w.write_record([
                    e.id.as_str(),
                    &e.name,
                    &e.kind,
                    e.subtype.as_deref().unwrap_or(""),
                    e.country.as_deref().unwrap_or(""),
                    &e.aliases.join("|"),
                    e.first_seen.as_deref().unwrap_or(""),
                    e.last_seen.as_deref().unwrap_or(""),
                    &e.mentions.to_string(),
                    &e.articles.to_string(),
                ])
                .map_err(csv_error)?;
                n += 1;
                Ok(())
            })?;
            w.flush()?;
        }
        Format::QuotesCsv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "doc_id",
                "published",
                "kind",
                "stance",
                "cue",
                "speaker",
                "speaker_canonical",
                "speaker_type",
                "speaker_entity",
                "text",
            ])
            .map_err(csv_error)?;
            reader.all_quotes(|q| {
                let s = q.speaker.as_ref();
                w.write_record([
                    q.doc_id.as_str(),
                    q.published.as_deref().unwrap_or(""),
                    &q.kind,
                    &q.stance,
                    q.cue.as_deref().unwrap_or(""),
                    s.map_or("", |s| s.text.as_str()),
                    s.and_then(|s| s.canonical.as_deref()).unwrap_or(""),
                    s.and_then(|s| s.kind.as_deref()).unwrap_or(""),
                    s.and_then(|s| s.entity_id.as_deref()).unwrap_or(""),
                    &q.text,
                ])
                .map_err(csv_error)?;
                n += 1;
                Ok(())
            })?;
            w.flush()?;
        }
        Format::PlacesCsv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "name",
                "geonames_id",
                "feature",
                "country",
                "lat",
                "lon",
                "mentions",
                "articles",
            ])
            .map_err(csv_error)?;
            reader.all_places(|p| {
                w.write_record([
                    p.name.as_str(),
                    &p.geonames_id.map(|v| v.to_string()).unwrap_or_default(),
                    &p.feature,
                    p.country.as_deref().unwrap_or(""),
                    &p.lat.map(|v| v.to_string()).unwrap_or_default(),
                    &p.lon.map(|v| v.to_string()).unwrap_or_default(),
                    &p.mentions.to_string(),
                    &p.articles.to_string(),
                ])
                .map_err(csv_error)?;
                n += 1;
                Ok(())
            })?;
            w.flush()?;
        }
        Format::Geojson => {
            let mut features: Vec<serde_json::Value> = Vec::new();
            reader.all_places(|p| {
                features.extend(geojson_feature(&p));
                Ok(())
            })?;
            n = features.len();
            let fc = json!({"type": "FeatureCollection", "features": features});
            serde_json::to_writer(&mut *out, &fc).map_err(|e| Error::Io(e.into()))?;
            out.write_all(b"\n")?;
        }
        Format::Graphml => n = write_graph(reader, out, Graph::Graphml)?,
        Format::Gexf => n = write_graph(reader, out, Graph::Gexf)?,
    }
    out.flush()?;
    Ok(n)
}

/// A GeoJSON point feature of a place with coordinates.
pub fn geojson_feature(p: &crate::PlaceRecord) -> Option<serde_json::Value> {
    let (lat, lon) = (p.lat?, p.lon?);
    Some(json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "name": p.name, "geonames_id": p.geonames_id, "feature": p.feature,
            "country": p.country, "mentions": p.mentions, "articles": p.articles,
        }
    }))
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e))
}

enum Graph {
    Graphml,
    Gexf,
}

/// Escape text for XML content and attribute values; drops characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn write_graph(reader: &Reader, out: &mut dyn Write, kind: Graph) -> Result<usize> {
    let mut nodes = Vec::new();
    reader.all_entities(|e| {
        nodes.push(e);
        Ok(())
    })?;
    match kind {
        Graph::Graphml => {
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#)?;
            for (id, name, ty) in [
                ("name", "node", "string"),
                ("type", "node", "string"),
                ("country", "node", "string"),
                ("articles", "node", "int"),
                ("mentions", "node", "int"),
                ("weight", "edge", "int"),
            ] {
                writeln!(
                    out,
                    r#"  <key id="{id}" for="{name}" attr.name="{id}" attr.type="{ty}"/>"#
                )?;
            }
            writeln!(out, r#"  <graph id="dossier" edgedefault="undirected">"#)?;
            for e in &nodes {
                writeln!(
                    out,
                    r#"    <node id="{}"><data key="name">{}</data><data key="type">{}</data><data key="country">{}</data><data key="articles">{}</data><data key="mentions">{}</data></node>"#,
                    xml(&e.id),
                    xml(&e.name),
                    xml(&e.kind),
                    xml(e.country.as_deref().unwrap_or("")),
                    e.articles,
                    e.mentions
                )?;
            }
            let mut i = 0;
            reader.all_edges(|e| {
                writeln!(
                    out,
                    r#"    <edge id="x{i}" source="{}" target="{}"><data key="weight">{}</data></edge>"#,
                    xml(&e.source),
                    xml(&e.target),
                    e.weight
                )?;
                i += 1;
                Ok(())
            })?;
            writeln!(out, "  </graph>\n</graphml>")?;
        }
        Graph::Gexf => {
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
            writeln!(out, r#"  <graph mode="static" defaultedgetype="undirected">"#)?;
            writeln!(out, r#"    <attributes class="node">"#)?;
            for (i, (name, ty)) in
                [("type", "string"), ("country", "string"), ("articles", "integer")]
                    .iter()
                    .enumerate()
            {
                writeln!(out, r#"      <attribute id="{i}" title="{name}" type="{ty}"/>"#)?;
            }
            writeln!(out, "    </attributes>\n    <nodes>")?;
            for e in &nodes {
                writeln!(
                    out,
                    r#"      <node id="{}" label="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{}"/><attvalue for="2" value="{}"/></attvalues></node>"#,
                    xml(&e.id),
                    xml(&e.name),
                    xml(&e.kind),
                    xml(e.country.as_deref().unwrap_or("")),
                    e.articles
                )?;
            }
            writeln!(out, "    </nodes>\n    <edges>")?;
            let mut i = 0;
            reader.all_edges(|e| {
                writeln!(
                    out,
                    r#"      <edge id="{i}" source="{}" target="{}" weight="{}"/>"#,
                    xml(&e.source),
                    xml(&e.target),
                    e.weight
                )?;
                i += 1;
                Ok(())
            })?;
            writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
        }
    }
    Ok(nodes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(xml("bell\u{7}tab\t"), "belltab\t");
    }

    #[test]
    fn format_names_round_trip() {
        for name in Format::NAMES {
            assert!(name.parse::<Format>().is_ok(), "{name}");
        }
        assert!("xlsx".parse::<Format>().unwrap_err().contains("jsonl"));
    }
}
