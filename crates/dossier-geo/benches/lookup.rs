//! Name lookups per second on the embedded gazetteer (asserts its own hit count).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_geo::Gazetteer;

const NAMES: &[&str] = &[
    "Paris",
    "London",
    "Springfield",
    "Alexandria",
    "São Paulo",
    "Khabarovsk",
    "Georgia",
    "U.S.",
    "Black Sea",
    "Nowhere-on-Nothing",
    "Moscow",
    "New York",
    "Kyiv",
    "Lagos",
    "Tokyo",
    "Zzyzx Qwerty",
];

fn bench(c: &mut Criterion) {
    let gaz = Gazetteer::embedded();
    let found = NAMES.iter().filter(|n| !gaz.lookup(n).is_empty()).count();
    assert_eq!(found, NAMES.len() - 2, "every real name is found, the invented ones are not");
    let mut g = c.benchmark_group("gazetteer");
    g.throughput(Throughput::Elements(NAMES.len() as u64));
    g.bench_function("lookup", |b| {
        b.iter(|| {
            let mut hits = 0usize;
            for n in NAMES {
                hits += gaz.lookup(std::hint::black_box(n)).len();
            }
            assert!(hits > NAMES.len());
            hits
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
