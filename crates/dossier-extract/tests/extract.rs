//! Extraction of realistic pasted articles (fixtures written for these tests, about invented
//! events), snapshot-tested, plus the no-panic property and the document conversion.

use dossier_core::{testing::awkward_strings, PublishedSource, Source};
use dossier_extract::{extract_text_article, into_document, TextArticle};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks every extraction must satisfy, whatever the input.
fn check_invariants(article: &TextArticle) {
    if let Some(title) = &article.title {
        assert!(!article.body.contains(title.as_str()) || title.len() < 12, "title in body");
    }
    for caption in &article.captions {
        if !caption.text.is_empty() {
            assert!(!article.body.contains(caption.text.as_str()), "caption in body: {caption:?}");
        }
    }
    for paragraph in article.body.split("\n\n") {
        assert!(!paragraph.contains('\n'), "paragraph with a line break: {paragraph:?}");
        assert_eq!(paragraph, paragraph.trim(), "untrimmed paragraph");
    }
    if let Some(p) = &article.published {
        assert_eq!(p.date.len(), 10);
    }
}

#[test]
fn ap_harbor() {
    let article = extract_text_article(&fixture("ap_harbor.txt"));
    check_invariants(&article);
    insta::assert_json_snapshot!(article);
}

#[test]
fn wire_wrapped() {
    let article = extract_text_article(&fixture("wire_wrapped.txt"));
    check_invariants(&article);
    insta::assert_json_snapshot!(article);
}

#[test]
fn gazette_crlf() {
    let text = fixture("gazette_crlf.txt");
    assert!(text.contains("\r\n"), "the fixture must keep its CRLF line endings");
    let article = extract_text_article(&text);
    check_invariants(&article);
    assert!(!article.body.contains('\r'));
    insta::assert_json_snapshot!(article);
}

#[test]
fn document_from_article() {
    let article = extract_text_article(&fixture("ap_harbor.txt"));
    let removed = article.removed.len();
    let body = article.body.clone();
    let doc = into_document(article, Source::text(Some("ap_harbor.txt".into())));
    assert_eq!(doc.text, body);
    assert_eq!(doc.id, dossier_core::content_id(&body));
    assert_eq!(
        doc.title.as_deref(),
        Some("Harbor closes to cruise ships after storm wrecks breakwater")
    );
    assert_eq!(doc.published.as_deref(), Some("2023-09-15"));
    assert_eq!(doc.published_source, PublishedSource::Text);
    assert_eq!(doc.captions.len(), 3);
    let x001 = doc.diagnostics.iter().find(|d| d.code == "X001").expect("X001 diagnostic");
    assert_eq!(x001.name, "boilerplate-removed");
    assert!(
        x001.message.starts_with(&format!("removed {removed} boilerplate lines: ")),
        "{}",
        x001.message
    );
    // The document still round-trips through the JSON contract.
    let back = dossier_core::Document::from_json_str(&doc.to_json_string()).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn plain_body_without_header() {
    let article = extract_text_article("The council met on Tuesday.\n\nIt adjourned at noon.\n");
    assert_eq!(article.title, None);
    assert_eq!(article.body, "The council met on Tuesday.\n\nIt adjourned at noon.");
    assert_eq!(article.published, None);
    let doc = into_document(article, Source::text(None));
    assert_eq!(doc.published_source, PublishedSource::None);
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn dates_deep_in_the_body_are_not_guessed() {
    let text = "Council delays vote\n\nThe council met on Tuesday and put off the vote.\n\nThe last vote on the harbor was held on March 3, 2019, officials said.";
    assert_eq!(extract_text_article(text).published, None);
}

#[test]
fn dateline_date() {
    let text = "Council delays vote\n\nWASHINGTON, Sept. 15, 2023 — The council put off the vote.\n\nThe last vote was on March 3, 2019.";
    let p = extract_text_article(text).published.unwrap();
    assert_eq!(p.date, "2023-09-15");
    assert_eq!(p.evidence, "dateline: WASHINGTON, Sept. 15, 2023 —");
}

#[test]
fn empty_and_blank() {
    for text in ["", " ", "\n\n\n", "\r\n", "\u{feff}", "* * *\n---"] {
        let article = extract_text_article(text);
        assert_eq!(article, TextArticle::default(), "{text:?}");
    }
}

#[test]
fn never_panics_on_awkward_strings() {
    let mut texts = awkward_strings(500);
    texts.push("By ".repeat(1000));
    texts.push("Related\n".repeat(500));
    texts.push("x\n".repeat(10_000));
    texts.push("word ".repeat(20_000));
    texts.push("FILE -".to_string());
    texts.push("(AP Photo/".to_string());
    texts.push("Sept. 31, 2023 (Reuters) -".to_string());
    for text in &texts {
        let a = extract_text_article(text);
        check_invariants(&a);
        // Deterministic.
        assert_eq!(a, extract_text_article(text));
        let doc = into_document(a, Source::text(None));
        dossier_core::testing::check_spans(&doc).unwrap();
    }
}
