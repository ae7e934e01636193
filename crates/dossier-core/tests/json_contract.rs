use dossier_core::*;

fn sample() -> Document {
    let text = "“Estamos cerca,” dijo PAÍS editor Ana Ruiz in Valparaíso — naïve 😀 “done.”";
    let mut doc = Document::new(text, Source::text(Some("a.txt".into())));
    let find = |needle: &str| {
        let s = text.find(needle).unwrap();
        (s, s + needle.len())
    };
    let (s, e) = find("Ana Ruiz");
    doc.entities.push(Entity::new(text, s, e, Label::Per));
    let (s, e) = find("Valparaíso");
    doc.entities.push(Entity::new(text, s, e, Label::Loc));
    let (qs, qe) = find("Estamos cerca,");
    let (ss, se) = find("Ana Ruiz");
    let (cs, ce) = find("dijo");
    doc.quotes.push(Quote {
        start: qs,
        end: qe,
        text: text[qs..qe].into(),
        kind: QuoteKind::Direct,
        speaker: Some(Speaker {
            text: text[ss..se].into(),
            start: ss,
            end: se,
            canonical: "Ana Ruiz".into(),
            cluster: Some("c1".into()),
            kind: SpeakerType::Official,
        }),
        cue: Some(Cue { text: "dijo".into(), start: cs, end: ce, lemma: "decir".into() }),
        stance: "assert".into(),
    });
    doc.sentences.push(Sentence { start: 0, end: text.len(), tokens: 0..0 });
    doc.diagnostics.push(Diagnostic::at(DiagnosticCode::SpeakerUnresolved, "test", cs, ce));
    doc
}

#[test]
fn json_spans_slice_text_in_character_offsets() {
    let doc = sample();
    let json: serde_json::Value = serde_json::from_str(&doc.to_json_string()).unwrap();
    let chars: Vec<char> = json["text"].as_str().unwrap().chars().collect();
    let slice = |v: &serde_json::Value| -> String {
        let s = v["start"].as_u64().unwrap() as usize;
        let e = v["end"].as_u64().unwrap() as usize;
        chars[s..e].iter().collect()
    };
    for e in json["entities"].as_array().unwrap() {
        assert_eq!(slice(e), e["text"].as_str().unwrap());
    }
    let q = &json["quotes"][0];
    assert_eq!(slice(q), q["text"].as_str().unwrap());
    assert_eq!(slice(&q["speaker"]), "Ana Ruiz");
    assert_eq!(slice(&q["cue"]), "dijo");
    assert_eq!(json["quotes"][0]["start"], 1, "the opening curly quote is one character");
    assert_eq!(json["schema"], SCHEMA);
    assert_eq!(json["sentences"][0]["end"].as_u64().unwrap() as usize, chars.len());
}

#[test]
fn json_round_trip_restores_byte_offsets() {
    let doc = sample();
    let back = Document::from_json_str(&doc.to_json_string()).unwrap();
    assert_eq!(back, doc);
    testing::check_spans(&back).unwrap();
}

#[test]
fn rejects_other_schema_and_out_of_bounds_spans() {
    let doc = sample();
    let json = doc.to_json_string().replace(SCHEMA, "dossier.document/99");
    assert!(matches!(Document::from_json_str(&json), Err(Error::Schema { .. })));
    let mut v: serde_json::Value = serde_json::from_str(&doc.to_json_string()).unwrap();
    v["entities"][0]["end"] = serde_json::json!(10_000);
    assert!(matches!(Document::from_json_str(&v.to_string()), Err(Error::SpanOutOfBounds { .. })));
}

#[test]
fn content_id_ignores_whitespace_layout_but_not_words() {
    assert_eq!(content_id("a  b\n\nc"), content_id("a b c"));
    assert_ne!(content_id("a b c"), content_id("a b d"));
    assert_eq!(content_id("x").len(), 32);
}

#[test]
fn published_date_parses_iso_prefix() {
    let mut doc = Document::new("x", Source::text(None));
    assert_eq!(doc.published_date(), None);
    doc.published = Some("2023-09-15T10:00:00Z".into());
    assert_eq!(doc.published_date(), Some((2023, 9, 15)));
    doc.published = Some("garbage".into());
    assert_eq!(doc.published_date(), None);
}

#[test]
fn diagnostic_codes_are_unique() {
    let mut codes: Vec<_> = DiagnosticCode::ALL.iter().map(|c| c.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), DiagnosticCode::ALL.len());
}

#[test]
fn enum_names_are_the_json_names() {
    use dossier_core::{Label, QuoteKind, SpeakerType};
    let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
    for k in QuoteKind::ALL {
        assert_eq!(k.as_str(), json(serde_json::to_value(k).unwrap()));
    }
    for t in SpeakerType::ALL {
        assert_eq!(t.as_str(), json(serde_json::to_value(t).unwrap()));
    }
    for l in Label::ALL {
        assert_eq!(l.as_str(), json(serde_json::to_value(l).unwrap()));
    }
}
