//! Toponym resolution evaluation on LGL and GeoVirus JSONL (`text`, `toponyms` with character
//! offsets, gold `lat`/`lon`, and for LGL the GeoNames id and country name).
//!
//! Two modes in one report:
//!
//! - `gold_spans.*`: the gold toponym spans are fed to the resolver with the document as
//!   context (resolution only);
//! - `end_to_end.*`: the raw text runs through sentences, entities and places (recognition
//!   plus resolution); a gold toponym is found when a system place overlaps it.
//!
//! Over gold toponyms with coordinates: `found` (share with a system place), `acc161` (of
//! those found, share within 161 km), `acc161_all` (of all gold), `country_acc` (of those found
//! with a known gold country — LGL's country, else the country of the nearest gazetteer town —
//! and a system reading inside a country),
//! `exact_id` (of those found with a gold GeoNames id), `mean_error_km`, `median_error_km`
//! and `auc` (area under the curve of sorted ln(1 + error) / ln(20039), trapezoidal, lower is
//! better). End to end also reports the
//! share of analysis time spent in the places stage.
//!
//! `dossier eval geo --errors` ([`evaluate_with`] with `show_errors`) prints every resolution
//! over 161 km to standard error.

use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use dossier_core::{Document, OffsetMap, Pipeline, Place, Source};
use dossier_geo::{distance_km, Feature, Gazetteer, Mention, PlaceStage};
use dossier_ner::{EntityStage, NerModel};
use dossier_text::SentenceStage;
use serde::Deserialize;

use crate::Report;

#[derive(Debug, Deserialize)]
struct GoldToponym {
    start: usize,
    end: usize,
    #[serde(default)]
    surface: String,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(default)]
    geonameid: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    #[serde(default)]
    id: String,
    /// The article's URL (LGL): its host is document metadata a real article carries too.
    #[serde(default)]
    url: Option<String>,
    text: String,
    toponyms: Vec<GoldToponym>,
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    within: usize,
    errors: Vec<f64>,
    country_known: usize,
    country_right: usize,
    id_known: usize,
    id_right: usize,
}

impl Tally {
    fn add(&mut self, gold: &GoldToponym, gold_cc: Option<&str>, sys: Option<&Place>) {
        let (Some(glat), Some(glon)) = (gold.lat, gold.lon) else { return };
        self.gold += 1;
        let Some(p) = sys else { return };
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else { return };
        self.found += 1;
        let err = distance_km(glat, glon, lat, lon);
        self.errors.push(err);
        if err <= 161.0 {
            self.within += 1;
        }
        // supranational readings (continents, oceans) have no country to compare
        if let (Some(cc), Some(_)) = (gold_cc, p.country.as_deref()) {
            self.country_known += 1;
            if p.country.as_deref() == Some(cc) {
                self.country_right += 1;
            }
        }
        if let Some(id) = gold.geonameid.as_deref().and_then(|g| g.parse::<u64>().ok()) {
            self.id_known += 1;
            if p.geonames_id == Some(id) {
                self.id_right += 1;
            }
        }
    }

    fn report(&self, prefix: &str, r: &mut Report) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let mut e = self.errors.clone();
        e.sort_by(f64::total_cmp);
        let mean = if e.is_empty() { 0.0 } else { e.iter().sum::<f64>() / e.len() as f64 };
        let median = e.get(e.len() / 2).copied().unwrap_or(0.0);
        let auc = error_auc(&e);
        let m = [
            ("gold", self.gold as f64),
            ("found", ratio(self.found, self.gold)),
            ("acc161", ratio(self.within, self.found)),
            ("acc161_all", ratio(self.within, self.gold)),
            ("country_acc", ratio(self.country_right, self.country_known)),
            ("exact_id", ratio(self.id_right, self.id_known)),
            ("mean_error_km", mean),
            ("median_error_km", median),
            ("auc", auc),
        ];
        for (k, v) in m {
            r.metrics.insert(format!("{prefix}.{k}"), v);
        }
        use std::fmt::Write as _;
        if r.table.is_empty() {
            let _ = writeln!(
                r.table,
                "{:<12} {:>6} {:>7} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7}",
                "mode",
                "gold",
                "found",
                "acc@161",
                "country",
                "exact id",
                "mean km",
                "median km",
                "AUC"
            );
        }
        let _ = writeln!(
            r.table,
            "{:<12} {:>6} {:>7.1} {:>8.1} {:>8.1} {:>8.1} {:>8.0} {:>9.1} {:>7.3}",
            prefix,
            self.gold,
            100.0 * ratio(self.found, self.gold),
            100.0 * ratio(self.within, self.found),
            100.0 * ratio(self.country_right, self.country_known),
            100.0 * ratio(self.id_right, self.id_known),
            mean,
            median,
            auc
        );
    }
}

/// Area under the curve of sorted log errors (Gritta et al.): the trapezoidal integral of
/// ln(1 + error km) over the sorted errors, normalized by the width and by ln(20039) (half
/// the Earth's circumference), so 0 is perfect and 1 is every answer antipodal.
fn error_auc(sorted: &[f64]) -> f64 {
    let y: Vec<f64> = sorted.iter().map(|x| (1.0 + x).ln() / 20039f64.ln()).collect();
    match y.len() {
        0 => 0.0,
        1 => y[0],
        n => y.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (n - 1) as f64,
    }
}

/// Country of the gazetteer town nearest to a point (1° grid over settlements).
struct ReverseGeocoder {
    cells: HashMap<(i32, i32), Vec<u32>>,
    gaz: &'static Gazetteer,
}

impl ReverseGeocoder {
    fn new(gaz: &'static Gazetteer) -> Self {
        let mut cells: HashMap<(i32, i32), Vec<u32>> = HashMap::new();
        for i in 0..gaz.len() as u32 {
            let p = gaz.place(i);
            if p.feature().is_settlement() {
                cells.entry((p.lat().floor() as i32, p.lon().floor() as i32)).or_default().push(i);
            }
        }
        ReverseGeocoder { cells, gaz }
    }

    fn country(&self, lat: f64, lon: f64) -> Option<&'static str> {
        let (cy, cx) = (lat.floor() as i32, lon.floor() as i32);
        for r in 0..4 {
            let mut best: Option<(f64, u32)> = None;
            for dy in -r..=r {
                for dx in -r..=r {
                    for &i in self.cells.get(&(cy + dy, cx + dx)).into_iter().flatten() {
                        let p = self.gaz.place(i);
                        let d = distance_km(lat, lon, p.lat() as f64, p.lon() as f64);
                        if best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, i));
                        }
                    }
                }
            }
            if let Some((_, i)) = best {
                return self.gaz.place(i).country();
            }
        }
        None
    }
}

fn country_code<'g>(gaz: &'g Gazetteer, name: &str) -> Option<&'g str> {
    gaz.lookup(name)
        .iter()
        .map(|h| gaz.place(h.index))
        .find(|p| p.feature() == Feature::Country)
        .and_then(|p| p.country())
}

/// Evaluate toponym resolution on a LGL / GeoVirus JSONL file.
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    evaluate_with(path, false)
}

/// [`evaluate`], printing every resolution over 161 km to standard error when `show_errors`
/// is set.
pub fn evaluate_with(path: &Path, show_errors: bool) -> anyhow::Result<Report> {
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let gaz = Gazetteer::embedded();
    let stage = PlaceStage::new();
    let reverse = ReverseGeocoder::new(gaz);
    let pipeline = Pipeline::new(vec![
        Box::new(SentenceStage),
        Box::new(EntityStage::new(NerModel::embedded())),
        Box::new(PlaceStage::new()),
    ]);
    let (mut gold_mode, mut e2e) = (Tally::default(), Tally::default());
    let (mut places_time, mut total_time) = (Duration::ZERO, Duration::ZERO);
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldDoc = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a toponym gold record", path.display(), n + 1))?;
        let map = OffsetMap::new(&g.text);
        let spans: Vec<Option<Mention>> = g
            .toponyms
            .iter()
            .map(|t| {
                let (s, e) = (map.char_to_byte(t.start)?, map.char_to_byte(t.end)?);
                (s < e).then_some(Mention { start: s, end: e })
            })
            .collect();
        let gold_cc: Vec<Option<&str>> = g
            .toponyms
            .iter()
            .map(|t| match (&t.country, t.lat, t.lon) {
                (Some(c), _, _) if !c.is_empty() => country_code(gaz, c),
                (None, Some(lat), Some(lon))
                    if !g.toponyms.iter().any(|t| t.geonameid.is_some()) =>
                {
                    reverse.country(lat, lon)
                }
                _ => None,
            })
            .collect();

        // Gold spans.
        let source = || Source { url: g.url.clone(), ..Source::text(None) };
        let doc = Document::new(g.text.clone(), source());
        let mentions: Vec<Mention> = spans.iter().flatten().copied().collect();
        let (resolved, _) = stage.resolve_mentions(&doc, &mentions);
        let mut it = resolved.into_iter();
        for ((t, span), cc) in g.toponyms.iter().zip(&spans).zip(&gold_cc) {
            let sys = if span.is_some() { it.next().flatten() } else { None };
            if show_errors {
                print_error("gold", &g.id, t, sys.as_ref());
            }
            gold_mode.add(t, *cc, sys.as_ref());
        }

        // End to end.
        let mut doc = Document::new(g.text.clone(), source());
        for (name, d) in pipeline.run_timed(&mut doc) {
            total_time += d;
            if name == "places" {
                places_time += d;
            }
        }
        for ((t, span), cc) in g.toponyms.iter().zip(&spans).zip(&gold_cc) {
            let sys = span.and_then(|m| {
                doc.places
                    .iter()
                    .filter(|p| p.start < m.end && m.start < p.end)
                    .max_by_key(|p| p.end.min(m.end) - p.start.max(m.start))
            });
            if show_errors {
                print_error("e2e", &g.id, t, sys);
            }
            e2e.add(t, *cc, sys);
        }
    }
    let mut r = Report::new("geo", &path.display().to_string());
    gold_mode.report("gold_spans", &mut r);
    e2e.report("end_to_end", &mut r);
    let share = places_time.as_secs_f64() / total_time.as_secs_f64().max(1e-9);
    r.metrics.insert("end_to_end.places_time_share".into(), share);
    use std::fmt::Write as _;
    let _ = writeln!(r.table, "places stage: {:.1}% of analysis time", 100.0 * share);
    Ok(r)
}

fn print_error(mode: &str, id: &str, t: &GoldToponym, sys: Option<&Place>) {
    let (Some(glat), Some(glon)) = (t.lat, t.lon) else { return };
    match sys {
        None => eprintln!("{mode}\t{id}\t{}\tMISSED", t.surface),
        Some(p) => {
            let d = distance_km(glat, glon, p.lat.unwrap_or(0.0), p.lon.unwrap_or(0.0));
            if d > 161.0 {
                eprintln!(
                    "{mode}\t{id}\t{}\t{:.0} km\tgot {} ({}, {}, {:?}) {:.2},{:.2}\tgold {:.2},{:.2} {}",
                    t.surface,
                    d,
                    p.name,
                    p.feature,
                    p.country.as_deref().unwrap_or("-"),
                    p.geonames_id,
                    p.lat.unwrap_or(0.0),
                    p.lon.unwrap_or(0.0),
                    glat,
                    glon,
                    t.country.as_deref().unwrap_or("")
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_metrics() {
        let gold = |lat: f64| GoldToponym {
            start: 0,
            end: 1,
            surface: "X".into(),
            lat: Some(lat),
            lon: Some(0.0),
            geonameid: Some("7".into()),
            country: None,
        };
        let place = |lat: f64, id: u64| Place {
            start: 0,
            end: 1,
            text: "X".into(),
            name: "X".into(),
            geonames_id: Some(id),
            feature: "city".into(),
            country: Some("FR".into()),
            lat: Some(lat),
            lon: Some(0.0),
            score: 1.0,
        };
        let mut t = Tally::default();
        t.add(&gold(10.0), Some("FR"), Some(&place(10.5, 7)));
        t.add(&gold(10.0), Some("DE"), Some(&place(20.0, 8)));
        t.add(&gold(10.0), None, None);
        let mut r = Report::new("geo", "x");
        t.report("gold_spans", &mut r);
        assert_eq!(r.metrics["gold_spans.gold"], 3.0);
        assert!((r.metrics["gold_spans.found"] - 2.0 / 3.0).abs() < 1e-9);
        assert!((r.metrics["gold_spans.acc161"] - 0.5).abs() < 1e-9);
        assert!((r.metrics["gold_spans.country_acc"] - 0.5).abs() < 1e-9);
        assert!((r.metrics["gold_spans.exact_id"] - 0.5).abs() < 1e-9);
        // trapezoids over the sorted log errors: a ramp from 0 to 1 has area 1/2
        let far = 20038.0;
        assert!((error_auc(&[0.0, far]) - 0.5).abs() < 1e-9);
        assert!((error_auc(&[0.0, 0.0, far]) - 0.25).abs() < 1e-9);
    }
}
