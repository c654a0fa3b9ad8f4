//! Criterion benchmarks: compiling the reference standard, and checking the 5,000-household
//! sample end to end (read + parse + validate + evaluate) against parsing alone; its JSON form
//! parsed (value only, places deferred) and validated, beside serde_json's own `Value` parse.
//! Run: `cargo bench --bench check`.

use std::hint::black_box;
use std::path::Path;

use anfang::date::Date;
use anfang::engine::{Options, evaluate};
use anfang::standard::{embedded, load_builtin};
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    c.bench_function("compile reference standard", |b| {
        b.iter(|| black_box(load_builtin(embedded::DEFAULT_STANDARD).is_ok()))
    });
    let Ok(standard) = load_builtin(embedded::DEFAULT_STANDARD) else {
        return;
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/erhai-large-5000.yaml");
    if !path.exists() {
        return;
    }
    let options = Options {
        as_of: Date {
            year: 2026,
            month: 11,
            day: 27,
        },
    };
    c.bench_function("parse large sample (read + saphyr + pointer map)", |b| {
        b.iter(|| black_box(anfang::ingest::read_document(&path).is_ok()))
    });
    let Ok(doc) = anfang::ingest::read_document(&path) else {
        return;
    };
    // The JSON form of the same submission, as `benches/peers/to_json.py` writes it.
    let json_path = std::env::temp_dir().join(format!("anfang-bench-{}.json", std::process::id()));
    let Ok(json_text) = serde_json::to_string_pretty(&doc.value) else {
        return;
    };
    if std::fs::write(&json_path, &json_text).is_err() {
        return;
    }
    c.bench_function(
        "parse large sample, JSON form (read + reader + pointer map)",
        |b| b.iter(|| black_box(anfang::ingest::read_document(&json_path).is_ok())),
    );
    c.bench_function("serde_json::Value of the JSON form (reference)", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(&json_text).is_ok()))
    });
    if let Ok(json_doc) = anfang::ingest::read_document(&json_path) {
        c.bench_function("validate large sample, JSON form", |b| {
            b.iter(|| black_box(anfang::validate::validate(json_doc.clone()).is_ok()))
        });
    }
    let _ = std::fs::remove_file(&json_path);
    c.bench_function("validate large sample (JSON Schema)", |b| {
        b.iter(|| black_box(anfang::validate::validate(doc.clone()).is_ok()))
    });
    let Ok(validated) = anfang::validate::validate(doc) else {
        return;
    };
    c.bench_function("evaluate large sample (rules only)", |b| {
        b.iter(|| black_box(evaluate(&standard, &validated.document.value, options).verdict))
    });
    c.bench_function("check large sample end to end", |b| {
        b.iter(|| {
            let doc = anfang::ingest::read_document(&path).ok()?;
            let v = anfang::validate::validate(doc).ok()?;
            Some(black_box(
                evaluate(&standard, &v.document.value, options).verdict,
            ))
        })
    });
}

criterion_group! { name = group; config = Criterion::default().sample_size(20); targets = benches }
criterion_main!(group);
