//! The entity stage on short wire-style fixtures written for these tests.

use dossier_core::{Document, Entity, Label, Pipeline, Source, Stage};
use dossier_ner::{EntityStage, NerModel};

fn run(text: &str) -> Document {
    let mut doc = Document::new(text, Source::text(None));
    let stage = EntityStage::new(NerModel::embedded());
    Pipeline::new(vec![Box::new(dossier_text::SentenceStage), Box::new(stage)]).run(&mut doc);
    doc
}

fn find<'a>(doc: &'a Document, text: &str) -> Option<&'a Entity> {
    doc.entities.iter().find(|e| e.text == text)
}

#[test]
fn stage_contract() {
    let stage = EntityStage::new(NerModel::embedded());
    dossier_core::testing::check_stage(&stage, &|doc| dossier_text::SentenceStage.process(doc));
}

#[test]
fn model_round_trips() {
    let m = NerModel::embedded();
    let again = NerModel::load(&m.save()).expect("saved model loads");
    let toks = ["Officials", "in", "Nairobi", "met", "Ruth", "Achieng", "on", "Monday", "."];
    assert_eq!(m.tag(&toks), again.tag(&toks));
    assert!(NerModel::load(b"not a model").is_err());
    assert!(NerModel::load(&m.save()[..1000]).is_err());
}

#[test]
fn gold_token_tagging() {
    let m = NerModel::embedded();
    let tags = m.tag(&["Rebecca", "Lindqvist", "joined", "Siemens", "in", "Munich", "."]);
    assert_eq!(tags, ["B-PER", "I-PER", "O", "B-ORG", "O", "B-LOC", "O"]);
    assert!(m.tag(&[]).is_empty());
}

#[test]
fn coreference_titles_and_possessives() {
    let doc = run(
        "MOSCOW, March 3 (Reuters) - President Vladimir Putin told reporters on Friday that the \
         talks would continue. Putin's spokesman declined to give details. North Korean leader \
         Kim Jong Un sent a message to Putin; Kim said ties were strong.",
    );
    let putin = find(&doc, "Vladimir Putin").expect("full name found");
    assert_eq!(putin.label, Label::Per);
    for m in doc.entities.iter().filter(|e| e.text == "Putin") {
        assert_eq!(m.canonical, "Vladimir Putin");
        assert_eq!(m.cluster, putin.cluster);
    }
    assert!(doc.entities.iter().all(|e| !e.text.contains("President") && !e.text.ends_with("'s")));
    let kim = find(&doc, "Kim").expect("short name found");
    assert_eq!(kim.canonical, "Kim Jong Un");
    let nk = find(&doc, "North Korean").expect("nationality found");
    assert_eq!(
        (nk.label, nk.subtype.as_deref(), nk.country.as_deref()),
        (Label::Misc, Some("NORP"), Some("KP"))
    );
}

#[test]
fn designations_are_products() {
    let doc = run("The air force said two F-16 jets and a Su-57 were seen near the border.");
    for d in ["F-16", "Su-57"] {
        let e = find(&doc, d).unwrap_or_else(|| panic!("{d} found in {:?}", doc.entities));
        assert_eq!((e.label, e.subtype.as_deref()), (Label::Misc, Some("PRODUCT")));
    }
}

#[test]
fn hyphenated_pairs_of_known_people_are_split() {
    let doc = run("John Smith met Maria Jones in Geneva on Monday. The Smith-Jones talks ended without a deal, Smith said.");
    let pers: Vec<(&str, &str)> = doc
        .entities
        .iter()
        .filter(|e| e.label == Label::Per)
        .map(|e| (e.text.as_str(), e.canonical.as_str()))
        .collect();
    assert!(
        pers.contains(&("Smith", "John Smith")) && pers.contains(&("Jones", "Maria Jones")),
        "{pers:?}"
    );
    assert!(!doc.entities.iter().any(|e| e.text == "Smith-Jones"), "{:?}", doc.entities);
    // Not a pair of people named in the document: left whole.
    let doc = run("Tourists crowded Stratford-upon-Avon, and Rolls-Royce shares rose.");
    assert!(
        !doc.entities.iter().any(|e| e.text == "Rolls" || e.text == "Stratford"),
        "{:?}",
        doc.entities
    );
}

#[test]
fn robust_inputs() {
    // All-caps headline, lowercase text, numbers, non-English text, diacritics and apostrophes.
    let doc = run("FLOODS HIT NORTHERN ITALY AS RIVER PO BURSTS ITS BANKS");
    assert!(doc.entities.iter().any(|e| e.text.contains("ITALY")), "{:?}", doc.entities);
    let doc = run("Kenyan novelist Ngũgĩ wa Thiong'o spoke with Sinéad O'Brien in Dublin.");
    assert!(find(&doc, "Dublin").is_some(), "{:?}", doc.entities);
    assert!(doc.entities.iter().any(|e| e.text.contains("O'Brien")), "{:?}", doc.entities);
    let doc = run("12.5 13.1 14.0 | 1,200 2,400 | 0.5% 0.7% 1.2%\n3 4 5 6 7 8");
    assert!(doc.entities.is_empty(), "{:?}", doc.entities);
    let doc = run("das ist ein kleiner test ohne namen und ohne großbuchstaben, wie man sieht.");
    assert!(doc.entities.len() <= 1, "{:?}", doc.entities);
    let long = "the price rose and fell again ".repeat(1700);
    let doc = run(&long);
    assert!(doc.entities.is_empty());
}
