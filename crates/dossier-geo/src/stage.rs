//! The places stage.

use std::collections::HashSet;

use dossier_core::{Diagnostic, DiagnosticCode, Document, Place, Stage};

use crate::gazetteer::Gazetteer;
use crate::resolve::{Context, Mention, Resolver};

/// Fills `doc.places`: recognizes place mentions (the entity stage's `LOC` mentions plus
/// gazetteer matches) and resolves each to a gazetteer place. Runs after entities, and also
/// without them. Ambiguous readings get diagnostic `G002 ambiguous-place`.
pub struct PlaceStage {
    gaz: &'static Gazetteer,
}

impl Default for PlaceStage {
    fn default() -> Self {
        Self::new()
    }
}

impl PlaceStage {
    /// The stage over the embedded gazetteer.
    pub fn new() -> Self {
        PlaceStage { gaz: Gazetteer::embedded() }
    }

    /// The stage over another gazetteer (tests, custom indexes).
    pub fn with_gazetteer(gaz: &'static Gazetteer) -> Self {
        PlaceStage { gaz }
    }

    /// Resolve the given mentions (byte spans of `doc.text`) with the document as context.
    /// Returns one place (or `None`) per mention, and the diagnostics for ambiguous ones.
    pub fn resolve_mentions(
        &self,
        doc: &Document,
        mentions: &[Mention],
    ) -> (Vec<Option<Place>>, Vec<Diagnostic>) {
        let host = doc.source.url.as_deref().and_then(|u| {
            let rest = u.split_once("://").map_or(u, |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
            Some(host.split(':').next()?.to_string()).filter(|h| h.contains('.'))
        });
        let context = Context {
            countries: doc.entities.iter().filter_map(|e| e.country.clone()).collect(),
            host,
        };
        let resolved = Resolver::new(self.gaz).resolve(&doc.text, mentions, &context);
        let mut places = Vec::with_capacity(mentions.len());
        let mut diagnostics = Vec::new();
        let mut reported: HashSet<&str> = HashSet::new();
        for (m, r) in mentions.iter().zip(resolved) {
            let Some(r) = r else {
                places.push(None);
                continue;
            };
            let Some(text) = doc.text.get(m.start..m.end) else {
                places.push(None);
                continue;
            };
            let p = self.gaz.place(r.index);
            if r.ambiguous && reported.insert(text) {
                let other = r.runner_up.map(|o| self.gaz.place(o));
                let alt = other
                    .map(|o| format!(" (or {}, {})", o.name(), o.country().unwrap_or("no country")))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::at(
                    DiagnosticCode::AmbiguousPlace,
                    format!(
                        "{text:?} read as {}, {}{alt}",
                        p.name(),
                        p.country().unwrap_or("no country")
                    ),
                    m.start,
                    m.end,
                ));
            }
            let round = |x: f32| (x as f64 * 1e4).round() / 1e4;
            places.push(Some(Place {
                start: m.start,
                end: m.end,
                text: text.to_string(),
                name: p.name().to_string(),
                geonames_id: p.geonames_id(),
                feature: p.feature().as_str().to_string(),
                country: p.country().map(str::to_string),
                lat: Some(round(p.lat())),
                lon: Some(round(p.lon())),
                score: (r.score * 100.0).round() / 100.0,
            }));
        }
        (places, diagnostics)
    }
}

impl Stage for PlaceStage {
    fn name(&self) -> &'static str {
        "places"
    }

    fn process(&self, doc: &mut Document) {
        let mentions = crate::recognize(doc, self.gaz);
        let (places, diagnostics) = self.resolve_mentions(doc, &mentions);
        doc.places.extend(places.into_iter().flatten());
        doc.diagnostics.extend(diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{Entity, Label, Pipeline, Source};

    fn run(text: &str, entities: &[(&str, Label)]) -> Document {
        let mut doc = Document::new(text, Source::text(None));
        dossier_text::SentenceStage.process(&mut doc);
        for (name, label) in entities {
            let start = doc.text.find(name).unwrap();
            doc.entities.push(Entity::new(&doc.text, start, start + name.len(), *label));
        }
        PlaceStage::new().process(&mut doc);
        doc
    }

    fn place<'d>(doc: &'d Document, text: &str) -> &'d Place {
        doc.places
            .iter()
            .find(|p| p.text == text)
            .unwrap_or_else(|| panic!("no place {text:?} in {:?}", doc.places))
    }

    #[test]
    fn contract() {
        dossier_core::testing::check_stage(&PlaceStage::new(), &|doc| {
            Pipeline::new(vec![Box::new(dossier_text::SentenceStage)]).run(doc)
        });
    }

    #[test]
    fn a_name_tagged_in_pieces_is_read_whole() {
        // The tagger sometimes splits "the Gulf of Finland" into "Gulf" and "Finland".
        let doc = run(
            "Russian ships entered the Gulf of Finland on Monday, Finnish officials said.",
            &[("Gulf", Label::Loc), ("Finland", Label::Loc)],
        );
        assert_eq!(place(&doc, "Gulf of Finland").feature, "water");
        assert_eq!(doc.places.len(), 1, "{:?}", doc.places);
        // A person's name is never swallowed.
        let doc = run(
            "Ships left Georgia Sea Port, Georgia Smith said.",
            &[("Georgia", Label::Loc), ("Georgia Smith", Label::Per)],
        );
        assert!(doc.places.iter().all(|p| !p.text.contains("Smith")), "{:?}", doc.places);
    }

    #[test]
    fn country_context_decides_between_namesakes() {
        let doc = run(
            "Police in Alexandria said the fire started near the Red River. Deputies from across Louisiana helped.",
            &[("Alexandria", Label::Loc)],
        );
        assert_eq!(place(&doc, "Alexandria").country.as_deref(), Some("US"));
        assert_eq!(place(&doc, "Louisiana").feature, "admin1");
        let doc =
            run("Tourists returned to Alexandria and Cairo as Egypt reopened its museums.", &[]);
        assert_eq!(place(&doc, "Cairo").country.as_deref(), Some("EG"));
    }

    #[test]
    fn georgia_the_state_and_georgia_the_country() {
        let doc = run(
            "Voters in Atlanta, Georgia, queued for hours; Savannah saw lines too.",
            &[("Atlanta", Label::Loc)],
        );
        assert_eq!(place(&doc, "Georgia").country.as_deref(), Some("US"));
        let doc = run(
            "Russian troops stayed in Georgia after the war, officials in Tbilisi said.",
            &[("Tbilisi", Label::Loc)],
        );
        assert_eq!(place(&doc, "Georgia").country.as_deref(), Some("GE"));
        assert_eq!(place(&doc, "Georgia").feature, "country");
    }

    #[test]
    fn a_name_listed_among_states_or_countries_is_one() {
        let doc = run(
            "Farmers lost hives in Georgia, Oklahoma, Pennsylvania, Washington and Wisconsin this winter.",
            &[],
        );
        for name in ["Oklahoma", "Washington", "Wisconsin"] {
            let p = place(&doc, name);
            assert_eq!((p.feature.as_str(), p.country.as_deref()), ("admin1", Some("US")), "{p:?}");
        }
        let doc = run(
            "Health officials in Mexico, China, Japan and Brazil also reported the mutation.",
            &[],
        );
        let p = place(&doc, "China");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("country", Some("CN")), "{p:?}");
    }

    #[test]
    fn a_list_of_states_is_not_a_town_and_its_state() {
        // "Washington, Pennsylvania" alone is a town, but here the names open a list
        let doc = run(
            "Inspectors are tracing cases in Washington, Pennsylvania and California to a single farm.",
            &[],
        );
        let p = place(&doc, "Washington");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("admin1", Some("US")), "{p:?}");
        assert!(p.lon.unwrap() < -115.0, "{p:?}");
        // a name listed among countries is not a region of one of them
        let doc = run(
            "The campaign will reach children in Benin, Ghana, Niger, Nigeria and Togo this year.",
            &[],
        );
        let p = place(&doc, "Niger");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("country", Some("NE")), "{p:?}");
    }

    #[test]
    fn the_country_named_in_the_passage_decides() {
        let doc = run(
            "Brazil has the most cases, with clusters in Rio Grande do Sul, Parana and Minas Gerais. \
             In Chile, the health ministry confirmed 40 new cases on Friday, and the public \
             health institute in Santiago said Chilean labs were overwhelmed.",
            &[],
        );
        let p = place(&doc, "Santiago");
        assert_eq!(p.country.as_deref(), Some("CL"), "{p:?}");
    }

    #[test]
    fn a_name_keeps_one_reading_in_a_document() {
        let text = "A Toronto hospital closed its newborn unit, and hospitals in Ottawa and \
                    Hamilton are full, straining care in Ontario. Officials in Ontario said \
                    some mothers may be sent to \
                    Buffalo, New York, in the United States, a worry for families in Ontario.";
        let locs = ["Toronto", "Ottawa", "Hamilton", "Buffalo"].map(|n| (n, Label::Loc));
        let doc = run(text, &locs);
        let readings: Vec<_> =
            doc.places.iter().filter(|p| p.text == "Ontario").map(|p| p.country.clone()).collect();
        assert_eq!(readings, vec![Some("CA".to_string()); 3], "{:?}", doc.places);
    }

    #[test]
    fn a_country_opening_a_sentence_is_found_but_not_a_first_name() {
        let doc = run(
            "Sudan reported twelve new cases on Monday. Reading the figures, doctors were \
             worried. Chad Morris, a nurse, said beds were short.",
            &[],
        );
        assert_eq!(place(&doc, "Sudan").country.as_deref(), Some("SD"));
        assert!(
            doc.places.iter().all(|p| p.text != "Reading" && p.text != "Chad"),
            "{:?}",
            doc.places
        );
    }

    #[test]
    fn a_former_name_of_a_country_is_the_country() {
        let doc = run(
            "The virus was first identified in Zaire in 1976, near the Ebola River.",
            &[("Zaire", Label::Loc)],
        );
        let p = place(&doc, "Zaire");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("country", Some("CD")), "{p:?}");
    }

    #[test]
    fn regions_and_seas_against_namesake_towns() {
        // a province is supported by the cities named inside it
        let doc = run(
            "Hospitals in Toronto and Ottawa are short of nurses, and Ontario plans to hire more.",
            &[],
        );
        let p = place(&doc, "Ontario");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("admin1", Some("CA")), "{p:?}");
        // an ocean fits a document about one country as well as that country's towns do
        let doc = run(
            "Fishing fleets in the Pacific are shrinking, United States officials said, and American boats sit idle across the United States.",
            &[],
        );
        assert_eq!(place(&doc, "Pacific").feature, "water");
    }

    #[test]
    fn a_region_named_after_its_seat_is_the_city_unless_called_a_region() {
        let doc = run(
            "Grain ships left the port of Odesa on Monday, and traders in Geneva said prices fell.",
            &[("Odesa", Label::Loc), ("Geneva", Label::Loc)],
        );
        for name in ["Odesa", "Geneva"] {
            let p = place(&doc, name);
            assert!(p.feature != "admin1", "{p:?}");
        }
        let doc = run(
            "Drones struck power lines across the Odesa region overnight.",
            &[("Odesa", Label::Loc)],
        );
        let p = place(&doc, "Odesa");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("admin1", Some("UA")), "{p:?}");
        let doc = run(
            "Officials in the canton of Geneva raised the alert level.",
            &[("Geneva", Label::Loc)],
        );
        assert_eq!(place(&doc, "Geneva").feature, "admin1");
    }

    #[test]
    fn curated_features_abbreviations_and_people() {
        let doc = run(
            "A tanker crossed the Strait of Hormuz toward the South China Sea while Paris Hilton flew to Springfield, Ill.",
            &[("Paris Hilton", Label::Per)],
        );
        assert_eq!(place(&doc, "Strait of Hormuz").feature, "water");
        assert_eq!(place(&doc, "South China Sea").feature, "water");
        assert!(doc.places.iter().all(|p| p.text != "Paris"), "{:?}", doc.places);
        let s = place(&doc, "Springfield");
        assert_eq!(s.country.as_deref(), Some("US"));
        assert!((s.lat.unwrap() - 39.8).abs() < 0.3, "{s:?}");
    }

    #[test]
    fn admin_variants_resolve() {
        let doc = run(
            "Fires burned across Khabarovsky Krai this week.",
            &[("Khabarovsky Krai", Label::Loc)],
        );
        let p = place(&doc, "Khabarovsky Krai");
        assert_eq!((p.feature.as_str(), p.country.as_deref()), ("admin1", Some("RU")));
    }

    #[test]
    fn distance_expression_checks_consistency() {
        let doc = run(
            "The quake struck near Portland, about 100 miles south of Seattle.",
            &[("Portland", Label::Loc), ("Seattle", Label::Loc)],
        );
        assert_eq!(place(&doc, "Portland").country.as_deref(), Some("US"));
        assert!(place(&doc, "Portland").lon.unwrap() < -120.0, "Portland, Oregon, not Maine");
    }

    /// `text` from `url`, with `loc` (if non-empty) as a `LOC` entity.
    fn run_from(url: &str, text: &str, loc: &str) -> Document {
        let mut doc = Document::new(text, Source { url: Some(url.into()), ..Source::text(None) });
        dossier_text::SentenceStage.process(&mut doc);
        if let Some(start) = doc.text.find(loc).filter(|_| !loc.is_empty()) {
            doc.entities.push(Entity::new(&doc.text, start, start + loc.len(), Label::Loc));
        }
        PlaceStage::new().process(&mut doc);
        doc
    }

    #[test]
    fn ambiguous_names_pull_each_others_nearby_readings() {
        // neither name is resolved on its own: Paris, Tennessee lies in Henry County
        let doc = run("Volunteers drove from Paris to help flooded farms in Henry County.", &[]);
        let p = place(&doc, "Paris");
        assert_eq!(p.country.as_deref(), Some("US"), "{p:?}");
        assert!((p.lat.unwrap() - 36.3).abs() < 0.5 && (p.lon.unwrap() + 88.3).abs() < 0.5);
        let h = place(&doc, "Henry County");
        assert!((h.lat.unwrap() - 36.3).abs() < 0.6, "{h:?}");
    }

    #[test]
    fn the_source_host_names_the_home_town_and_country() {
        // a local paper's home town is a town, not the country of the same name
        let text = "Firefighters in Jordan were called to a barn on Monday, the chief said.";
        assert_eq!(place(&run(text, &[]), "Jordan").feature, "country");
        let doc = run_from("http://www.jordanvalleygazette.com/news/1", text, "");
        assert_eq!(place(&doc, "Jordan").feature, "city");
        // a country-code domain is country context
        let text = "The council in Richmond approved new parking rules on Monday.";
        let doc = run_from("https://www.localtimes.co.uk/story", text, "Richmond");
        assert_eq!(place(&doc, "Richmond").country.as_deref(), Some("GB"));
        let doc = run_from("https://www.localtimes.ca/story", text, "Richmond");
        assert_eq!(place(&doc, "Richmond").country.as_deref(), Some("CA"));
    }

    #[test]
    fn works_without_entities_and_with_empty_text() {
        let doc = run("", &[]);
        assert!(doc.places.is_empty());
        let doc = run("The talks in Moscow ended as Ukraine and the United States disagreed.", &[]);
        assert_eq!(place(&doc, "Moscow").country.as_deref(), Some("RU"));
        assert_eq!(place(&doc, "United States").geonames_id, Some(6252001));
    }

    #[test]
    fn divisions_the_admin_tables_lack_are_found() {
        // (text, name, country, feature, lat, lon): a Philippine province (an admin-2 unit
        // placed from its towns' codes), a Norwegian county that towns are filed under but
        // the admin-1 table lacks, a former Kenyan province (curated)
        let cases = [
            (
                "Rice farmers in Nueva Ecija counted their losses after the typhoon.",
                "Nueva Ecija",
                "PH",
                "admin2",
                15.6,
                121.0,
            ),
            (
                "Police in Østfold closed the road after a rockslide.",
                "Østfold",
                "NO",
                "admin1",
                59.3,
                11.2,
            ),
            (
                "Health workers in Nyanza Province reported new cholera cases.",
                "Nyanza Province",
                "KE",
                "region",
                -0.5,
                34.6,
            ),
        ];
        for (text, name, cc, feature, lat, lon) in cases {
            let doc = run(text, &[(name, Label::Loc)]);
            let p = place(&doc, name);
            assert_eq!((p.country.as_deref(), p.feature.as_str()), (Some(cc), feature), "{p:?}");
            assert!((p.lat.unwrap() - lat).abs() < 0.6 && (p.lon.unwrap() - lon).abs() < 0.6);
        }
    }

    #[test]
    fn a_town_in_a_country_nothing_else_points_to_gets_no_reading() {
        // the only "Dingras" the tables hold is a Philippine town; a Kenyan report naming
        // a village of that name gets no reading rather than a point in the Philippines
        let text = "Cholera has spread across Kenya's Nyanza Province, with cases in Kisumu, \
                    Homa Bay and Migori, and the clinic in Dingras reported three deaths, \
                    officials in Nairobi said.";
        let locs = ["Kisumu", "Homa Bay", "Migori", "Dingras", "Nairobi"].map(|n| (n, Label::Loc));
        let doc = run(text, &locs);
        assert!(doc.places.iter().all(|p| p.text != "Dingras"), "{:?}", doc.places);
        assert_eq!(place(&doc, "Kisumu").country.as_deref(), Some("KE"));
        // the same town in a report with nothing else to go by keeps its reading, and so
        // does a report that names its country
        let doc = run("The clinic in Dingras reported three deaths.", &[("Dingras", Label::Loc)]);
        assert_eq!(place(&doc, "Dingras").country.as_deref(), Some("PH"));
        let doc = run(
            "Officials in Manila said the clinic in Dingras, in the Philippines' north, \
             reported three deaths; Kenya sent condolences.",
            &[("Manila", Label::Loc), ("Dingras", Label::Loc)],
        );
        assert_eq!(place(&doc, "Dingras").country.as_deref(), Some("PH"));
    }

    #[test]
    fn parts_areas_and_written_variants_of_names() {
        // "North Dallas" and "Greater Mumbai" read as the city; "NY" and "Menoufia" (a
        // spelling of Monufia) as the region
        let cases = [
            ("Planes will spray North Dallas against mosquitoes.", "North Dallas", "US", "city"),
            ("The corporation of Greater Mumbai ordered tests.", "Greater Mumbai", "IN", "city"),
            ("Samples were sent to a laboratory in upstate NY on Monday.", "NY", "US", "admin1"),
            (
                "Bird flu was found on a farm in Menoufia, north of Cairo.",
                "Menoufia",
                "EG",
                "admin1",
            ),
        ];
        for (text, name, cc, feature) in cases {
            let doc = run(text, &[(name, Label::Loc)]);
            let p = place(&doc, name);
            assert_eq!((p.country.as_deref(), p.feature.as_str()), (Some(cc), feature), "{p:?}");
        }
    }
}
