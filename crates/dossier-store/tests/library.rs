//! The library end to end on invented wire stories: store, search, facets, entities merged
//! across articles, idempotent re-ingest, versions, rebuilding a lost index, export.

use dossier_core::Document;
use dossier_pipeline::{AnalyzeOptions, Analyzer};
use dossier_store::export::{self, Format};
use dossier_store::{AddOutcome, Library, SearchQuery};

const VISIT: &str = "Estonian leader visits Busan shipyard\n\n\
BUSAN, South Korea (AP) — Estonian Prime Minister Kadri Valk toured a shipyard in Busan on \
Tuesday and inspected two patrol vessels her government wants to buy.\n\n\
“We came to see the ships with our own eyes,” Valk told reporters after the tour.\n\n\
Hanbit Heavy Industries said talks would continue in Tallinn in October.";

const TALKS: &str = "Naval deal talks move to Tallinn\n\n\
TALLINN, Estonia (AP) — Negotiators from Hanbit Heavy Industries arrived in Tallinn on Monday \
for a new round of talks on two patrol vessels.\n\n\
Prime Minister Valk said on Monday that the government would not pay “any price” for the ships. \
A spokesman for Hanbit, Park Sung-ho, denied that the company had lowered its offer.";

const GRAIN: &str = "Wheat prices climb after dry spell\n\n\
CHICAGO (Reuters) — Wheat futures rose for a third day on Wednesday as a dry spell in Kansas \
threatened the harvest, traders said.\n\n\
“The market is nervous,” said Maria Lindqvist, an analyst at Nordhavn Commodities in Oslo.";

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzeOptions { date: Some("2023-09-12".into()), ..Default::default() }).unwrap()
}

fn doc(analyzer: &Analyzer, text: &str, url: &str) -> Document {
    let mut d = analyzer.analyze_text(Some("wire.txt"), text);
    d.source.url = Some(url.to_string());
    d.source.path = None;
    d
}

fn library_with_three() -> (tempfile::TempDir, Library, Vec<Document>) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let a = analyzer();
    let docs = vec![
        doc(&a, VISIT, "https://news.example/visit"),
        doc(&a, TALKS, "https://news.example/talks"),
        doc(&a, GRAIN, "https://news.example/grain"),
    ];
    let mut w = lib.writer().unwrap();
    for d in &docs {
        assert!(matches!(w.add(d).unwrap(), AddOutcome::Added { version: 1, .. }));
    }
    w.commit().unwrap();
    drop(w);
    (dir, lib, docs)
}

fn search(lib: &Library, q: SearchQuery) -> dossier_store::SearchResult {
    let r = lib.reader().unwrap();
    r.refresh().unwrap();
    r.search(&q).unwrap()
}

#[test]
fn stores_searches_and_merges_entities() {
    let (_dir, lib, docs) = library_with_three();
    let reader = lib.reader().unwrap();
    assert_eq!(reader.counts().unwrap().documents, 3);

    // Full text with stemming: "vessel" finds "vessels".
    let hits =
        search(&lib, SearchQuery { q: "patrol vessel".into(), limit: 10, ..Default::default() });
    assert_eq!(hits.total, 2);
    assert!(hits.items.iter().all(|h| h.id != docs[2].id));
    assert!(hits.items.iter().all(|h| !h.snippet.is_empty() && !h.snippet.contains('<')));

    // The person merged across the two articles, by full name and by surname.
    let people = reader.entities(Some("Valk"), Some("PER"), 10, 0).unwrap();
    assert_eq!(people.items.len(), 1, "{:?}", people.items);
    let valk = &people.items[0];
    assert_eq!(valk.name, "Kadri Valk");
    assert_eq!(valk.articles, 2);

    // Facets: filter by the entity, then by country.
    let by_entity = search(
        &lib,
        SearchQuery { entities: vec![valk.id.clone()], limit: 10, ..Default::default() },
    );
    assert_eq!(by_entity.total, 2);
    assert!(by_entity.facets.countries.iter().any(|f| f.value == "KR"));
    let by_country =
        search(&lib, SearchQuery { country: Some("kr".into()), limit: 10, ..Default::default() });
    assert!(by_country.items.iter().any(|h| h.id == docs[0].id));
    assert!(by_country.items.iter().all(|h| h.id != docs[2].id));

    // Date range on publication dates (all three were published on 2023-09-12).
    let in_range = search(
        &lib,
        SearchQuery {
            from: Some("2023-09-01".into()),
            to: Some("2023-09-30".into()),
            limit: 10,
            ..Default::default()
        },
    );
    assert_eq!(in_range.total, 3);
    let out_of_range = search(
        &lib,
        SearchQuery { from: Some("2024-01-01".into()), limit: 10, ..Default::default() },
    );
    assert_eq!(out_of_range.total, 0);

    // Quotes by speaker across articles; the entity page lists them.
    let page = reader.entity(&valk.id).unwrap().unwrap();
    assert!(!page.quotes.is_empty());
    assert_eq!(page.articles.len(), 2);
    assert!(page.neighbours.iter().any(|n| n.name.contains("Hanbit")), "{:?}", page.neighbours);

    // Document page links clusters to library entities.
    let d = reader.document(&docs[0].id).unwrap().unwrap();
    assert!(d.entity_ids.values().any(|id| *id == valk.id));
    assert_eq!(d.document["id"], docs[0].id);

    // Places across the library and in the articles naming an entity.
    let all_places = reader.places(None, None, 50, 0).unwrap();
    let busan = all_places.items.iter().find(|p| p.name == "Busan").unwrap();
    assert_eq!(busan.articles, 1);
    let valk_places = reader.places(None, Some(&valk.id), 50, 0).unwrap();
    assert!(valk_places.items.iter().any(|p| p.name == "Busan"));
    assert!(valk_places.items.iter().all(|p| p.name != "Oslo"), "{:?}", valk_places.items);
    assert!(all_places.items.iter().any(|p| p.name == "Oslo"));

    // Timeline and graph.
    let timeline = reader.timeline(None, None, None, 100, 0).unwrap();
    assert!(timeline.items.iter().any(|t| t.date == "2023-09-12" && t.text == "Tuesday"));
    let graph = reader.graph(Some(&valk.id), 20, 1).unwrap();
    assert_eq!(graph.nodes[0].id, valk.id);
    assert!(!graph.edges.is_empty());

    // A bad query is an error, not a panic.
    let r = reader.search(&SearchQuery { q: "title:(".into(), limit: 5, ..Default::default() });
    assert!(matches!(r, Err(dossier_store::Error::Query(_))), "{r:?}");
}

#[test]
fn reingest_is_a_no_op_and_a_changed_page_is_a_new_version() {
    let (_dir, lib, docs) = library_with_three();
    let a = analyzer();
    let mut w = lib.writer().unwrap();
    for d in &docs {
        assert!(matches!(w.add(d).unwrap(), AddOutcome::Exists { .. }));
    }
    let changed = doc(
        &a,
        &format!("{TALKS}\n\nThe talks ended without a deal."),
        "https://news.example/talks",
    );
    assert!(matches!(w.add(&changed).unwrap(), AddOutcome::Added { version: 2, .. }));
    w.commit().unwrap();
    drop(w);
    let reader = lib.reader().unwrap();
    assert_eq!(reader.counts().unwrap().documents, 4);
    let page = reader.document(&changed.id).unwrap().unwrap();
    assert_eq!(page.version, 2);
    assert_eq!(page.versions.len(), 2);
    // Entity counts did not double from the no-op re-ingest: Valk is in 3 articles now.
    let valk = &reader.entities(Some("Kadri Valk"), Some("PER"), 5, 0).unwrap().items[0];
    assert_eq!(valk.articles, 3);
}

#[test]
fn a_lost_index_is_rebuilt_from_the_database() {
    let (dir, lib, _docs) = library_with_three();
    drop(lib);
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(
        search(&lib, SearchQuery { q: "wheat".into(), limit: 5, ..Default::default() }).total,
        0
    );
    drop(lib.writer().unwrap()); // catches up
    assert_eq!(
        search(&lib, SearchQuery { q: "wheat".into(), limit: 5, ..Default::default() }).total,
        1
    );
    assert_eq!(search(&lib, SearchQuery { limit: 50, ..Default::default() }).total, 3);
}

#[test]
fn one_writer_at_a_time() {
    let (_dir, lib, _docs) = library_with_three();
    let _w = lib.writer().unwrap();
    assert!(matches!(lib.writer(), Err(dossier_store::Error::Busy(_))));
}

#[test]
fn exports_every_format() {
    let (_dir, lib, _docs) = library_with_three();
    let reader = lib.reader().unwrap();
    let run = |f: Format| {
        let mut out = Vec::new();
        let n = export::export(&reader, f, &mut out).unwrap();
        (n, String::from_utf8(out).unwrap())
    };
    let (n, jsonl) = run(Format::Jsonl);
    assert_eq!(n, 3);
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema"], "dossier.document/1");
    }
    let (n, csv) = run(Format::EntitiesCsv);
    assert!(n > 3);
    assert!(csv.starts_with("id,name,type,"));
    assert!(csv.contains("Kadri Valk"));
    let (_, quotes) = run(Format::QuotesCsv);
    assert!(quotes.contains("our own eyes"));
    let (_, places) = run(Format::PlacesCsv);
    assert!(places.contains("Busan"));
    let (n, geojson) = run(Format::Geojson);
    let v: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), n);
    assert!(n >= 2);
    let (_, graphml) = run(Format::Graphml);
    assert!(
        graphml.contains("<graphml")
            && graphml.contains("<edge ")
            && graphml.ends_with("</graphml>\n")
    );
    let (_, gexf) = run(Format::Gexf);
    assert!(
        gexf.contains("<gexf")
            && gexf.contains("label=\"Kadri Valk\"")
            && gexf.ends_with("</gexf>\n")
    );
}

#[test]
fn readers_keep_working_while_the_writer_commits() {
    let (_dir, lib, _docs) = library_with_three();
    let a = analyzer();
    let docs: Vec<Document> = (0..60)
        .map(|i| {
            let text = format!(
                "Ferry report {i}\n\nThe ferry from Tallinn to Helsinki carried {} passengers on Friday, the operator said.",
                100 + i
            );
            doc(&a, &text, &format!("https://news.example/ferry/{i}"))
        })
        .collect();
    let writer_lib = lib.clone();
    let writer = std::thread::spawn(move || {
        let mut w = writer_lib.writer().unwrap();
        for (i, d) in docs.iter().enumerate() {
            w.add(d).unwrap();
            if i % 10 == 9 {
                w.commit().unwrap();
            }
        }
    });
    let reader = lib.reader().unwrap();
    let mut last = 0;
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        let n = reader.counts().unwrap().documents;
        assert!(n >= last, "the count went back from {last} to {n}");
        last = n;
        reader.search(&SearchQuery { q: "ferry".into(), limit: 5, ..Default::default() }).unwrap();
        reads += 1;
    }
    writer.join().unwrap();
    reader.refresh().unwrap();
    assert_eq!(reader.counts().unwrap().documents, 63);
    let hits =
        reader.search(&SearchQuery { q: "ferry".into(), limit: 5, ..Default::default() }).unwrap();
    assert_eq!(hits.total, 60);
    assert!(reads > 1);
}

#[test]
fn finish_merges_a_fragmented_index() {
    let (dir, lib, _docs) = library_with_three();
    let a = analyzer();
    let mut w = lib.writer().unwrap();
    for i in 0..8 {
        let text = format!("Bridge report {i}\n\nThe bridge in Gdansk reopened on Friday after {i} weeks of repairs.");
        w.add(&doc(&a, &text, &format!("https://news.example/bridge/{i}"))).unwrap();
        w.commit().unwrap(); // one segment each
    }
    w.finish().unwrap();
    drop(w);
    let index = tantivy::Index::open_in_dir(dir.path().join("index")).unwrap();
    assert!(index.searchable_segment_ids().unwrap().len() <= dossier_store::MAX_SEGMENTS);
    // The merge kept the documents and the row the index covers: nothing to catch up.
    assert_eq!(
        search(&lib, SearchQuery { q: "bridge".into(), limit: 5, ..Default::default() }).total,
        8
    );
    let metas = index.load_metas().unwrap();
    assert_eq!(metas.payload.as_deref(), Some("11"));
}
