//! The offline world outline of the map: the grid cells that hold at least one populated place
//! of the embedded gazetteer. Continents and coasts show without shipping any boundary data.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Serialize;

/// Size of a cell in degrees.
pub const CELL: i32 = 2;

#[derive(Debug, Serialize)]
pub struct World {
    /// Cell size in degrees.
    pub cell: i32,
    /// South-west corners `[lon, lat]` of the cells that hold a place.
    pub cells: Vec<[i32; 2]>,
}

/// The outline, computed once from the gazetteer.
pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let gaz = dossier_geo::Gazetteer::embedded();
        let mut cells = BTreeSet::new();
        for i in 0..gaz.len() {
            let p = gaz.place(i as u32);
            let (lat, lon) = (p.lat(), p.lon());
            if !lat.is_finite() || !lon.is_finite() || (lat == 0.0 && lon == 0.0) {
                continue;
            }
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                continue;
            }
            let corner = |v: f32| (v.floor() as i32).div_euclid(CELL) * CELL;
            cells.insert([corner(lon).min(180 - CELL), corner(lat).min(90 - CELL)]);
        }
        World { cell: CELL, cells: cells.into_iter().collect() }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_covers_land_not_open_ocean() {
        let w = world();
        let has = |lon: i32, lat: i32| w.cells.binary_search(&[lon, lat]).is_ok();
        // Europe and East Asia are full of places; the middle of the Pacific is empty.
        assert!(has(2, 48), "Paris cell");
        assert!(has(126, 36), "Korea cell");
        assert!(!has(-150, -30), "South Pacific cell");
        assert!(w.cells.len() > 1500 && w.cells.len() < 16200, "{} cells", w.cells.len());
    }
}
