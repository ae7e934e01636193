//! Fixture tests, written for this crate in wire style.

use dossier_core::{Document, Pipeline, Quote, QuoteKind, Source, SpeakerType, Stage};
use dossier_text::SentenceStage;

use crate::QuoteStage;

fn run(text: &str) -> Document {
    let mut doc = Document::new(text, Source::text(None));
    Pipeline::new(vec![Box::new(SentenceStage), Box::new(QuoteStage::default())]).run(&mut doc);
    doc
}

/// [`run`] with the attribution check `check` instead of the embedded one.
fn run_with_check(text: &str, check: &'static str) -> Document {
    let files = crate::LexiconFiles { check, ..crate::LexiconFiles::embedded() };
    let lex: &'static crate::Lexicon = Box::leak(Box::new(crate::Lexicon::parse(&files)));
    let mut doc = Document::new(text, Source::text(None));
    Pipeline::new(vec![Box::new(SentenceStage), Box::new(QuoteStage::new(lex))]).run(&mut doc);
    doc
}

fn show(doc: &Document) -> String {
    doc.quotes.iter().map(|q| format!("{q:?}\n")).collect()
}

fn find<'d>(doc: &'d Document, content: &str) -> &'d Quote {
    doc.quotes
        .iter()
        .find(|q| q.text.contains(content))
        .unwrap_or_else(|| panic!("no quote with {content:?} in\n{}", show(doc)))
}

fn speaker(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.text.as_str())
}

#[test]
fn stage_contract() {
    dossier_core::testing::check_stage(&QuoteStage::default(), &|doc| SentenceStage.process(doc));
}

#[test]
fn direct_quote_curly_and_straight() {
    let doc = run("“We will not back down,” the foreign minister said on Tuesday.");
    let q = find(&doc, "We will not back down");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), "the foreign minister");
    assert_eq!(q.speaker.as_ref().unwrap().kind, SpeakerType::Official);
    assert_eq!(q.cue.as_ref().unwrap().lemma, "say");
    let doc = run("\"The port is open again,\" said Ana Ruiz, the harbour director.");
    let q = find(&doc, "The port is open again");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), "Ana Ruiz");
}

#[test]
fn split_quote_keeps_one_speaker() {
    let doc = run(
        "“The talks were useful,” the minister said. “But nothing has been agreed yet. We meet again in May.”",
    );
    let a = find(&doc, "The talks were useful");
    let b = find(&doc, "nothing has been agreed");
    assert_eq!(speaker(a), "the minister");
    assert_eq!(b.speaker, a.speaker);
    assert_eq!(b.cue, a.cue);
    assert!(b.text.contains("We meet again in May."), "multi-sentence quote: {}", b.text);
}

#[test]
fn quote_over_paragraphs() {
    let doc = run(
        "Ruiz said: “The first phase ends in June.\n\n“The second phase will take longer, and it will cost more.”",
    );
    let q = find(&doc, "The first phase");
    assert!(q.text.contains("cost more"), "{}", q.text);
    assert_eq!(speaker(q), "Ruiz");
}

#[test]
fn nested_quotes_and_apostrophes() {
    let doc = run(
        "“They called it ‘a betrayal’ of the allies’ plans,” the envoy said. Fans of rock ’n’ roll cheered.",
    );
    assert_eq!(doc.quotes.len(), 1, "{}", show(&doc));
    let q = &doc.quotes[0];
    assert!(q.text.contains("‘a betrayal’ of the allies’ plans"), "{}", q.text);
    assert_eq!(speaker(q), "the envoy");
}

#[test]
fn partial_quotes() {
    let doc = run("The opposition leader dismissed the plan, calling it “sheer nonsense” and a waste of money.");
    let q = doc.quotes.iter().find(|q| q.kind == QuoteKind::Partial).expect("a partial quote");
    assert_eq!(q.text, "sheer nonsense");
    assert_eq!(speaker(q), "The opposition leader");
    let doc = run("The prime minister vowed “full support” for the flood victims.");
    let q = doc.quotes.iter().find(|q| q.kind == QuoteKind::Partial).expect("a partial quote");
    assert_eq!(q.text, "full support");
    assert_eq!(speaker(q), "The prime minister");
    assert_eq!(q.stance, "promise");
}

#[test]
fn indirect_speech() {
    let doc = run("The governor said that the bridge would reopen next week.");
    let q = find(&doc, "the bridge would reopen");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), "The governor");
    let doc = run("Ruiz told reporters the vote would be delayed until March.");
    assert_eq!(find(&doc, "the vote would be delayed").cue.as_ref().unwrap().lemma, "tell");
    let doc = run("The vote would be delayed until March, officials said.");
    let q = find(&doc, "The vote would be delayed");
    assert_eq!(q.speaker.as_ref().unwrap().kind, SpeakerType::Unnamed);
    let doc =
        run("According to the Kremlin spokesperson, no documents were signed at the meeting.");
    let q = find(&doc, "no documents were signed");
    assert_eq!(speaker(q), "the Kremlin spokesperson");
    assert_eq!(q.stance, "deny");
}

#[test]
fn stances() {
    let cases = [
        ("The ministry denied that troops had crossed the border.", "deny"),
        ("The ministry dismissed reports of a troop build-up near the border.", "deny"),
        ("Analysts warned that prices could rise further this winter.", "warn"),
        ("The opposition accused the government of hiding the true figures.", "accuse"),
        ("Experts said the outbreak would probably peak in August.", "speculate"),
        ("The envoy suggested that talks resume after the election.", "suggest"),
        ("The minister reiterated that the plant was safe.", "assert"),
    ];
    for (text, stance) in cases {
        let doc = run(text);
        assert_eq!(doc.quotes.len(), 1, "{text}: {}", show(&doc));
        assert_eq!(doc.quotes[0].stance, stance, "{text}");
    }
}

#[test]
fn documents_and_media_as_sources() {
    let doc = run("A ministry statement said the exercises were routine.");
    assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().kind, SpeakerType::Document);
    let doc = run("State television showed the leader inspecting a new missile launcher.");
    assert_eq!(
        doc.quotes[0].speaker.as_ref().unwrap().kind,
        SpeakerType::StateMedia,
        "{}",
        show(&doc)
    );
    let doc = run("The newspaper reported that the deal had collapsed.");
    assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().kind, SpeakerType::Media);
    let doc = run(
        "The new rules would take effect in April, a senior official who asked not to be named said.",
    );
    assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().kind, SpeakerType::Unnamed);
}

#[test]
fn pronouns_resolve_to_earlier_speakers() {
    let doc = run(
        "Foreign Minister Ana Ruiz arrived in Lisbon on Monday. “We are close to a deal,” she said.\n\n\
         Opposition lawmakers met on Tuesday. They said the deal was too weak.",
    );
    let q = find(&doc, "We are close");
    let s = q.speaker.as_ref().unwrap();
    assert_eq!(s.text, "she");
    assert_eq!(&doc.text[s.start..s.end], "she");
    assert!(s.canonical.contains("Ruiz"), "{s:?}");
    let q = find(&doc, "the deal was too weak");
    assert!(q.speaker.as_ref().unwrap().canonical.contains("lawmakers"), "{:?}", q.speaker);
}

#[test]
fn robustness_and_diagnostics() {
    // Unbalanced mark: the quote ends with its paragraph.
    let doc = run("“We will win, the coach said.\n\nThe match is on Sunday.");
    assert!(doc.quotes.iter().all(|q| !q.text.contains("Sunday")), "{}", show(&doc));
    // A headline quote with no speaker gets Q001.
    let doc = run("“No surrender”\n\nThe rally drew thousands.");
    assert_eq!(doc.quotes.len(), 1, "{}", show(&doc));
    assert!(doc.diagnostics.iter().any(|d| d.code == "Q001"));
    // One long quote of 5,000 words.
    let long = format!("“{}”", "the plan will work and ".repeat(1000));
    let doc = run(&long);
    assert_eq!(doc.quotes.len(), 1);
    assert!(doc.quotes[0].text.len() > 20_000);
}

#[test]
fn with_entities() {
    let mut doc = Document::new(
        "President Lee Jae-myung met the envoy in Seoul. Lee said the talks had been frank and useful.",
        Source::text(None),
    );
    let stage = dossier_ner::EntityStage::default();
    Pipeline::new(vec![Box::new(SentenceStage), Box::new(stage), Box::new(QuoteStage::default())])
        .run(&mut doc);
    let q = find(&doc, "the talks had been frank");
    let s = q.speaker.as_ref().unwrap();
    assert_eq!(s.text, "Lee");
    assert!(s.cluster.is_some() || doc.entities.is_empty(), "{s:?}");
}

#[test]
fn stage_contract_with_entities() {
    let ner = dossier_ner::EntityStage::default();
    dossier_core::testing::check_stage(&QuoteStage::default(), &|doc| {
        SentenceStage.process(doc);
        ner.process(doc);
    });
}

#[test]
fn coordinated_and_participle_cues_share_the_subject() {
    let doc = run(
        "The harbour director said the port would reopen in May and warned that fees would rise.",
    );
    let a = find(&doc, "the port would reopen");
    assert_eq!(a.text, "the port would reopen in May", "{}", show(&doc));
    assert_eq!(speaker(a), "The harbour director");
    let b = find(&doc, "fees would rise");
    assert_eq!(speaker(b), "The harbour director");
    assert_eq!(b.cue.as_ref().unwrap().text, "warned");

    let doc = run("Ruiz said the deal was fair, adding that farmers would be paid first.");
    let a = find(&doc, "the deal was fair");
    assert_eq!(a.text, "the deal was fair", "{}", show(&doc));
    let b = find(&doc, "farmers would be paid first");
    assert_eq!(speaker(b), "Ruiz");
    assert_eq!(b.cue.as_ref().unwrap().text, "adding");

    let doc = run("The minister hit back on Friday, saying the figures were wrong.");
    let q = find(&doc, "the figures were wrong");
    assert_eq!(speaker(q), "The minister", "{}", show(&doc));
}

#[test]
fn attitude_cues_from_the_learned_classifier() {
    let doc = run("The governor expects that the new bridge will cut commuting times.");
    let q = find(&doc, "the new bridge will cut commuting times");
    assert_eq!(speaker(q), "The governor", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, "expects");
    assert_eq!(q.kind, QuoteKind::Indirect);
}

#[test]
fn post_posed_attribution_after_a_quote_runs_on() {
    let doc = run("“The port is open again,” Ruiz told the harbour board in a letter on Monday.");
    let q = find(&doc, "The port is open again");
    assert_eq!(speaker(q), "Ruiz", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, "told");
}

#[test]
fn quotation_signed_with_a_dash() {
    let doc = run("Readers wrote in.\n\n“The new bridge changed my commute.” ― Maria Lopez\n\n");
    let q = find(&doc, "The new bridge changed my commute");
    assert_eq!(speaker(q), "Maria Lopez", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, "―");
}

#[test]
fn transcript_lines() {
    let doc = run("HOST: Will the port reopen?\n\nRUIZ: We expect it to reopen in May.\n\n");
    let q = find(&doc, "We expect it to reopen in May");
    assert_eq!(speaker(q), "RUIZ", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, ":");
    assert_eq!(q.text, "We expect it to reopen in May.");
}

#[test]
fn quote_continues_after_a_long_appositive_attribution() {
    let text = "''This is not reform,'' said Ana Ruiz, an economist who heads a research group \
                at a university in the capital and advises two ministries. ''It is a tax \
                increase. Nothing more.''\n\nNext.";
    let doc = run(text);
    let a = find(&doc, "This is not reform");
    let b = find(&doc, "It is a tax increase");
    assert_eq!(speaker(a), "Ana Ruiz", "{}", show(&doc));
    assert_eq!(b.speaker, a.speaker, "{}", show(&doc));
    assert_eq!(b.cue, a.cue);
}

#[test]
fn double_apostrophe_quotes_and_appositive_speakers() {
    // Newspaper style: '' as quotation marks, the next quote opening right after a full stop.
    let doc = run(
        "''The harbour will be busy again by spring,'' said Mr. Okafor. ''We have hired forty \
         new pilots.''",
    );
    let q = find(&doc, "hired forty");
    assert_eq!(speaker(q), "Mr. Okafor", "{}", show(&doc));
    // Appositives between a comma-ended quotation and its cue belong to the speaker.
    let doc =
        run("“We are not closing the mine,” Dana Whitfield, the chief executive of Northgate \
         Minerals, one of the region's largest employers, said at a town meeting.");
    let q = find(&doc, "not closing the mine");
    assert!(speaker(q).starts_with("Dana Whitfield, the chief executive"), "{}", show(&doc));
    let doc = run("“I have never been told what to say,” Mr. Haddad, 71, told me.");
    assert!(speaker(find(&doc, "never been told")).starts_with("Mr. Haddad"), "{}", show(&doc));
}

#[test]
fn long_subject_and_clause_breaks() {
    // A subject whose last word cannot head a speaker on its own.
    let doc = run("Specialists in maritime law and port security said the new rules were vague.");
    let q = find(&doc, "the new rules were vague");
    assert_eq!(speaker(q), "Specialists in maritime law and port security");
    // A second attribution after a clause break is not part of the first one's content.
    let doc =
        run("The mayor said the budget was balanced — and the treasurer noted that reserves had \
         grown.");
    let q = find(&doc, "the budget was balanced");
    assert!(!q.text.contains("reserves"), "{}", show(&doc));
    assert_eq!(speaker(find(&doc, "reserves had grown")), "the treasurer");
    // "that" after the content's own words is not skipped.
    let doc = run("The inspector said officials have a report that describes the leak.");
    assert!(find(&doc, "officials have a report").text.starts_with("officials"));
}

#[test]
fn passive_and_released_sources() {
    let doc = run("It was announced on Monday that the border crossing would close at night.");
    assert!(!doc.quotes.is_empty(), "{}", show(&doc));
    let q = find(&doc, "the border crossing would close");
    assert_eq!(q.cue.as_ref().map(|c| c.lemma.as_str()), Some("announce"));
    let doc = run("A video released by the rebels showed the captured soldiers in a field.");
    let q = find(&doc, "the captured soldiers");
    assert!(speaker(q).contains("video"), "{}", show(&doc));
}

#[test]
fn one_long_quote_article_and_headline_quote() {
    let para =
        "“The river rose overnight and the old town flooded again, and nobody came to help. ";
    let text = format!("“Nobody came”\n\n{}", para.repeat(40));
    let doc = run(&text);
    assert!(!doc.quotes.is_empty());
    assert!(doc.quotes.iter().all(|q| q.end <= doc.text.len() && q.start < q.end));
    assert!(doc.diagnostics.iter().any(|d| d.code == "Q001"), "{:?}", doc.diagnostics);
    // Marks that never close, and a closing mark with nothing open.
    let doc = run("” She left. “It is over, he said. ” And “then");
    assert!(doc.quotes.iter().all(|q| q.start <= q.end && q.end <= doc.text.len()));
}

#[test]
fn title_case_headline_cue() {
    let doc = run(
        "Harbour Chief Says Port Will Reopen Before Winter\n\nThe port has been shut since May.",
    );
    let q = find(&doc, "Port Will Reopen");
    assert_eq!(speaker(q), "Harbour Chief", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().lemma, "say");
    // An ordinary sentence: a capitalized word that starts a name is not a cue.
    let doc = run("The committee met Warner Says, the lobbyist, on Friday.");
    assert!(doc.quotes.is_empty(), "{}", show(&doc));
}

#[test]
fn appositive_with_age_or_party_before_the_cue() {
    let doc = run(
        "Okafor, 64, who has run the harbour board for a decade, said the dredging would finish \
         in June.",
    );
    assert!(speaker(find(&doc, "dredging would finish")).starts_with("Okafor"), "{}", show(&doc));
    let doc =
        run("Rep. Dana Ellis (D-Ore.), chair of the transport panel, said the bridge money was \
         secure.");
    let q = find(&doc, "bridge money was secure");
    assert!(speaker(q).starts_with("Rep. Dana Ellis"), "{}", show(&doc));
}

#[test]
fn quoted_programme_title_is_not_speech() {
    let doc = run("On “Meet the Voters,” the governor said the levy would be dropped.");
    assert!(doc.quotes.iter().all(|q| !q.text.contains("Meet the Voters")), "{}", show(&doc));
    // What the cue introduces after the title is the content.
    let q = find(&doc, "the levy would be dropped");
    assert_eq!(speaker(q), "the governor", "{}", show(&doc));
    let doc = run(
        "In an interview on “Meet the Voters,” Senator Ana Ruiz (D-Ore.) said the harbour levy \
         would be dropped by spring.",
    );
    let q = find(&doc, "the harbour levy would be dropped");
    assert_eq!(q.cue.as_ref().unwrap().text, "said", "{}", show(&doc));
    assert!(speaker(q).contains("Ana Ruiz"), "{}", show(&doc));
    // With only a tail after the cue there is no content.
    let doc = run("On “Meet the Voters,” the governor said on Sunday.");
    assert!(doc.quotes.is_empty(), "{}", show(&doc));
    // A one-word quotation before its cue is still speech.
    let doc = run("“Frankly,” the mayor said, “the budget is a mess.”");
    assert_eq!(speaker(find(&doc, "Frankly")), "the mayor", "{}", show(&doc));
}

#[test]
fn states_as_a_plural_noun_is_not_a_cue() {
    // ("backed" may be an attitude cue of its own: the classifier decides.)
    let doc = run("Several member states backed the fishing quota in Brussels on Monday.");
    assert!(doc.quotes.iter().all(|q| q.cue.as_ref().unwrap().text != "states"), "{}", show(&doc));
    let doc = run("The ministry's website states that the border crossing will reopen in May.");
    find(&doc, "border crossing will reopen");
}

#[test]
fn short_content_after_a_cue() {
    // One- and two-word complements are content too ("denied it", "rejected the offer").
    let doc = run("The port authority denied it. The union rejected the offer.");
    let q = doc.quotes.iter().find(|q| q.text == "it").expect("content \"it\"");
    assert_eq!(speaker(q), "The port authority");
    assert_eq!(q.cue.as_ref().unwrap().lemma, "deny");
    let q = find(&doc, "the offer");
    assert_eq!(speaker(q), "The union");
}

#[test]
fn passive_cue_without_agent_has_no_speaker() {
    let doc = run("The harbour director was accused of hiding the inspection report.");
    let q = find(&doc, "hiding the inspection report");
    assert_eq!(q.cue.as_ref().unwrap().text, "accused");
    assert!(q.speaker.is_none(), "the accuser is not named: {}", show(&doc));
    // The active form keeps its subject.
    let doc = run("The harbour director accused the council of hiding the inspection report.");
    let q = find(&doc, "hiding the inspection report");
    assert_eq!(speaker(q), "The harbour director");
}

#[test]
fn weak_learned_cue_yields_to_a_listed_one_in_its_content() {
    // "cast" and "critic" may look like cues to the classifier; the listed cue after them has
    // its own speaker and is the attribution.
    for (text, cue, who) in [
        ("Several cast members said the director had shouted at them.", "said", "members"),
        ("A longtime critic of the plan, Ms. Ortiz argued that it would fail.", "argued", "Ortiz"),
    ] {
        let doc = run(text);
        assert_eq!(doc.quotes.len(), 1, "{text}: {}", show(&doc));
        let q = &doc.quotes[0];
        assert_eq!(q.cue.as_ref().unwrap().text, cue);
        assert!(speaker(q).contains(who), "{text}: {}", show(&doc));
    }
}

#[test]
fn participle_cue_after_an_object_takes_the_subject() {
    // "a new campaign ad accusing …": the ad is what the senator has; the senator accuses.
    let doc = run("Ana Ruiz has a new campaign ad accusing the governor of wasting money.");
    let q = find(&doc, "the governor of wasting money");
    assert_eq!(q.cue.as_ref().unwrap().text, "accusing");
    assert_eq!(speaker(q), "Ana Ruiz", "{}", show(&doc));
}

#[test]
fn speaker_does_not_end_in_function_words() {
    for (text, content, who) in [
        ("I laughed and said that the plan would never work.", "never work", "I"),
        (
            "The dockworkers and their union have been saying that wages are too low.",
            "wages are too low",
            "their union",
        ),
    ] {
        let doc = run(text);
        let q = find(&doc, content);
        assert!(speaker(q).ends_with(who), "{text}: {}", show(&doc));
    }
}

#[test]
fn according_to_after_another_cue_keeps_its_own_source() {
    let doc = run("Police said the man was armed, according to a lawyer for the family.");
    let q = doc
        .quotes
        .iter()
        .find(|q| q.cue.as_ref().is_some_and(|c| c.lemma == "according to"))
        .unwrap_or_else(|| panic!("no according-to quote in\n{}", show(&doc)));
    assert!(speaker(q).contains("lawyer"), "{}", show(&doc));
    assert!(!q.text.contains("lawyer"), "{}", show(&doc));
}

#[test]
fn hashed_cue_classifier_reads_the_context() {
    // "expects" before a plural noun phrase and "to": the classifier's context features
    // (neighbour words and classes, position in the sentence) take it as an attitude cue.
    // (The attribution check, tested on its own below, doubts this one: it is left out here.)
    let doc = run_with_check(
        "The airline expects passenger numbers to recover by the autumn.",
        "threshold\t0.5\n",
    );
    let q = find(&doc, "passenger numbers to recover");
    assert_eq!(speaker(q), "The airline", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, "expects");
    // A candidate after a determiner stays a noun.
    let doc = run("The wants of the harbour workers were ignored for years.");
    assert!(doc.quotes.iter().all(|q| q.cue.as_ref().unwrap().text != "wants"), "{}", show(&doc));
}

#[test]
fn cue_model_file_keeps_gaps_and_thousandths() {
    let m = crate::CueModel::parse(
        "# comment\nthreshold\t0.4\ncue\thopes\thope\tpre\n3\t500\n2\t-250\n",
    );
    assert_eq!(m.threshold, 0.4);
    assert_eq!(m.weights.len(), 1 << crate::BITS);
    assert_eq!(m.weight(2), 0.5);
    assert_eq!(m.weight(4), -0.25);
    assert_eq!(m.weights.iter().filter(|&&x| x != 0).count(), 2);
    assert_eq!(m.candidates["hopes"].lemma, "hope");
    // Weights beyond what two bytes of thousandths hold are clamped.
    let m = crate::CueModel::parse("1\t40000\n1\t-40000\n");
    assert_eq!((m.weight(0), m.weight(1)), (32.767, -32.768));
    // No weights: no model, every score 0.
    assert!(crate::CueModel::parse("threshold\t0.4\n").weights.is_empty());
}

#[test]
fn learned_builder_attributes_a_cue_no_rule_took() {
    // The possessive subject defeats the rules; the builder finds the speaker head before the
    // cue and the content after it.
    let doc = run("Teachers' unions have threatened a strike over the new pay scale.");
    let q = find(&doc, "a strike over the new pay scale");
    assert_eq!(q.cue.as_ref().unwrap().text, "threatened", "{}", show(&doc));
    assert!(speaker(q).ends_with("unions"), "{}", show(&doc));
    assert_eq!(q.kind, QuoteKind::Indirect);
}

#[test]
fn parenthetical_attribution_keeps_both_halves() {
    // "A, X said, B": B is content too, however short the sentence.
    let doc = run("But to keep the port open, the minister said, the dockers must return.");
    let a = find(&doc, "But to keep the port open");
    let b = find(&doc, "the dockers must return");
    assert_eq!(speaker(a), "the minister", "{}", show(&doc));
    assert_eq!(b.cue, a.cue, "{}", show(&doc));
    // A tail after the comma is no second half.
    let doc = run("The ferry will sail again, the minister said, on Tuesday.");
    assert!(doc.quotes.iter().all(|q| !q.text.contains("Tuesday")), "{}", show(&doc));
}

#[test]
fn coordinated_learned_cue_is_its_own_attribution() {
    // "downplayed" is a learned cue inside the content of "promoted": after "and" it is a
    // second verb of the same subject, not part of what was promoted.
    let doc =
        run("The harbour authority has promoted a new ferry timetable and downplayed the risk of \
         delays for commuters.");
    let q = find(&doc, "the risk of delays for commuters");
    assert_eq!(q.cue.as_ref().unwrap().text, "downplayed", "{}", show(&doc));
    assert_eq!(speaker(q), "The harbour authority", "{}", show(&doc));
    let first = find(&doc, "a new ferry timetable");
    assert!(!first.text.contains("downplayed"), "{}", show(&doc));
}

#[test]
fn participle_after_a_post_posed_cue_shares_its_speaker() {
    // "“…,” X said (in a statement), adding that …": the sentence opens with the quotation, so
    // there is no subject to share; the speaker is the one of the cue before the comma.
    let doc =
        run("“We will not sign,” the union leader said in a statement, adding that talks would \
         resume in May.");
    let q = find(&doc, "talks would resume in May");
    assert_eq!(q.cue.as_ref().unwrap().text, "adding", "{}", show(&doc));
    assert_eq!(speaker(q), "the union leader", "{}", show(&doc));
}

#[test]
fn headline_source_before_a_colon() {
    let doc = run("Harbour Board: Ferry Fares Will Rise in Spring.\n\nThe board met on Monday.");
    let q = find(&doc, "Ferry Fares Will Rise in Spring");
    assert_eq!(speaker(q), "Harbour Board", "{}", show(&doc));
    assert_eq!(q.cue.as_ref().unwrap().text, ":", "{}", show(&doc));
    // A label is no source.
    let doc = run("Breaking: Ferry Fares Will Rise in Spring.\n\nThe board met on Monday.");
    assert!(doc.quotes.is_empty(), "{}", show(&doc));
}

#[test]
fn opening_participle_takes_the_subject_after_its_comma() {
    let doc = run("Citing the storm damage, Harbour Master Ana Ruiz told crews to stay ashore.");
    let q = find(&doc, "the storm damage");
    assert_eq!(q.cue.as_ref().unwrap().text, "Citing", "{}", show(&doc));
    assert_eq!(speaker(q), "Harbour Master Ana Ruiz", "{}", show(&doc));
}

#[test]
fn attribution_check_drops_unsure_reported_speech_only() {
    let text = "The harbour director warned the port would stay shut until May. \
                “We are ready,” the director said. The union said the strike was over.";
    let with = |check: &'static str| run_with_check(text, check);
    // No check: the attributions stand.
    let doc = with("threshold\t0.5\n");
    assert_eq!(speaker(find(&doc, "the port would stay shut")), "The harbour director");
    assert_eq!(speaker(find(&doc, "We are ready")), "the director");
    // A check that doubts every listed cue: the reported speech goes, the direct quote and
    // the report by "said" (not checked) keep their attributions.
    let bias = crate::feature_hash(&["chk", "kind", "listed"]) as usize;
    let check: &'static str = Box::leak(format!("threshold\t0.5\n{}\t-10000\n", bias + 1).into());
    let doc = with(check);
    assert!(doc.quotes.iter().all(|q| !q.text.contains("the port would stay")), "{}", show(&doc));
    assert_eq!(speaker(find(&doc, "the strike was over")), "The union", "{}", show(&doc));
    assert_eq!(speaker(find(&doc, "We are ready")), "the director", "{}", show(&doc));
}
