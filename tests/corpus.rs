//! The extraction corpus (tests/corpus, made by tests/corpus/generate.py): what anfang reads
//! from design documents printed by LibreOffice, Chromium (Type 3 fonts too), reportlab, typst
//! and XeLaTeX, scored against the generator's own data.
//!
//! A row counts as whole when name, model, quantity, unit and location are all right; a fact
//! when its value and its page are right. A distractor (a per-building or per-phase figure, a
//! norm's figure) taken as the project's value, and a totals or category row read as an item,
//! are counted apart. `benches/extract_accuracy.sh` prints the figures of both halves.

use std::path::{Path, PathBuf};

use anfang::extract::{Recognised, lines_of, recognise};
use anfang::pdf::{Extractor, normalise};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The figures of a set of documents.
#[derive(Debug, Default)]
pub struct Score {
    pub documents: usize,
    pub rows: usize,
    pub rows_whole: usize,
    pub facts: usize,
    pub facts_right: usize,
    /// Distractors taken, as `doc: field = value`.
    pub distractors_taken: Vec<String>,
    /// Totals or category rows read as items, as `doc: name`.
    pub non_items_taken: Vec<String>,
    /// Rows read that match no row of the document (besides the above).
    pub spurious_rows: Vec<String>,
    /// What went wrong, one line each.
    pub misses: Vec<String>,
}

impl Score {
    fn percent(n: usize, of: usize) -> f64 {
        if of == 0 {
            100.0
        } else {
            100.0 * n as f64 / of as f64
        }
    }

    pub fn rows_percent(&self) -> f64 {
        Self::percent(self.rows_whole, self.rows)
    }

    pub fn facts_percent(&self) -> f64 {
        Self::percent(self.facts_right, self.facts)
    }

    pub fn summary(&self, half: &str) -> String {
        format!(
            "{half}: {} documents; equipment rows whole {}/{} ({:.1} %); facts right with their page {}/{} ({:.1} %); distractors taken {}; totals/category rows as items {}; other rows that are not in the document {}",
            self.documents,
            self.rows_whole,
            self.rows,
            self.rows_percent(),
            self.facts_right,
            self.facts,
            self.facts_percent(),
            self.distractors_taken.len(),
            self.non_items_taken.len(),
            self.spurious_rows.len()
        )
    }
}

fn norm(v: &Value) -> String {
    match v {
        Value::String(s) => normalise(s),
        other => other.to_string(),
    }
}

fn same_number(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-6,
        _ => norm(a) == norm(b),
    }
}

/// The value anfang gives for a truth field, with its page.
fn extracted<'a>(r: &'a Recognised, field: &str) -> Option<(&'a Value, usize)> {
    r.values
        .iter()
        .chain(&r.observations)
        .find(|v| v.field == field)
        .map(|v| (&v.value, v.from.page))
}

fn text(v: Option<&String>) -> String {
    v.map(|s| normalise(s)).unwrap_or_default()
}

/// Scores one document of the corpus.
pub fn score_document(id: &str, into: &mut Score) {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join(format!("truth/{id}.json"))).unwrap(),
    )
    .unwrap();
    let pdf = corpus().join(format!("pdf/{id}.pdf"));
    let text_layer = Extractor::new(env!("CARGO_BIN_EXE_anfang"))
        .extract(&pdf)
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    let r = recognise(&lines_of(&text_layer));
    into.documents += 1;
    for f in truth["facts"].as_array().unwrap() {
        into.facts += 1;
        let field = f["field"].as_str().unwrap();
        let page = f["page"].as_u64().unwrap() as usize;
        match extracted(&r, field) {
            Some((v, p)) if same_number(v, &f["value"]) && p == page => into.facts_right += 1,
            Some((v, p)) => into.misses.push(format!(
                "{id}: {field}: read {v} on p.{p}, the document says {} on p.{page}",
                f["value"]
            )),
            None => into.misses.push(format!(
                "{id}: {field}: not read (the document says {} on p.{page}: {})",
                f["value"], f["text"]
            )),
        }
    }
    for d in truth["distractors"].as_array().unwrap() {
        let field = d["field"].as_str().unwrap();
        let right = truth["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == field)
            .map(|f| f["value"].clone());
        if right.as_ref() == Some(&d["value"]) {
            continue;
        }
        if let Some((v, _)) = extracted(&r, field)
            && same_number(v, &d["value"])
        {
            into.distractors_taken
                .push(format!("{id}: {field} = {}", d["value"]));
        }
    }
    let mut rows: Vec<&anfang::extract::TableRow> = r.equipment.iter().collect();
    for t in truth["equipment"].as_array().unwrap() {
        into.rows += 1;
        let want = (
            norm(&t["name"]),
            norm(&t["model"]),
            t["quantity"].as_u64(),
            norm(&t["unit"]),
            norm(&t["location"]),
        );
        let got = |e: &anfang::extract::TableRow| {
            (
                normalise(&e.name),
                text(e.model.as_ref()),
                e.quantity.map(u64::from),
                text(e.unit.as_ref()),
                text(e.location.as_ref()),
            )
        };
        if let Some(i) = rows.iter().position(|e| got(e) == want) {
            rows.remove(i);
            into.rows_whole += 1;
        } else {
            let near = rows
                .iter()
                .find(|e| {
                    let g = got(e);
                    g.1 == want.1 || g.0 == want.0
                })
                .map(|e| format!("{:?}", got(e)))
                .unwrap_or_else(|| "nothing".into());
            into.misses.push(format!(
                "{id}: row {want:?} not whole; nearest read: {near}"
            ));
        }
    }
    let non_items: Vec<String> = truth["not_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(norm)
        .collect();
    for e in rows {
        let name = normalise(&e.name);
        let what = format!("{id}: {:?} {:?} {:?}", e.name, e.model, e.quantity);
        if non_items
            .iter()
            .any(|n| !name.is_empty() && (name.contains(n.as_str()) || n.contains(&name)))
            || e.model.is_none() && e.quantity.is_some() && name.is_empty()
        {
            into.non_items_taken.push(what);
        } else {
            into.spurious_rows.push(what);
        }
    }
}

/// The documents of one half (`dev` or `held`).
pub fn documents(half: &str) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(corpus().join("truth"))
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let truth: Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            (truth["half"] == half).then(|| truth["id"].as_str().map(str::to_owned))?
        })
        .collect();
    ids.sort();
    ids
}

pub fn score_half(half: &str) -> Score {
    let mut s = Score::default();
    for id in documents(half) {
        score_document(&id, &mut s);
    }
    s
}

fn report(half: &str) -> Score {
    let s = score_half(half);
    println!("{}", s.summary(half));
    if std::env::var_os("ANFANG_CORPUS_VERBOSE").is_some() {
        for m in s
            .misses
            .iter()
            .chain(&s.distractors_taken)
            .chain(&s.non_items_taken)
            .chain(&s.spurious_rows)
        {
            println!("  {m}");
        }
    }
    s
}

#[test]
fn corpus_has_two_halves_of_at_least_six_documents_from_five_producers() {
    let dev = documents("dev");
    let held = documents("held");
    assert!(dev.len() >= 6 && held.len() >= 6, "{dev:?} {held:?}");
    let producers: std::collections::BTreeSet<String> = dev
        .iter()
        .chain(&held)
        .map(|id| {
            let t: Value = serde_json::from_str(
                &std::fs::read_to_string(corpus().join(format!("truth/{id}.json"))).unwrap(),
            )
            .unwrap();
            t["producer"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(producers.len() >= 5, "{producers:?}");
}

/// The development half: the figures these documents reached when the work was done.
#[test]
fn corpus_development_half_scores() {
    let s = report("dev");
    assert!(s.rows_percent() >= 95.0, "{}", s.summary("dev"));
    assert!(s.facts_percent() >= 95.0, "{}", s.summary("dev"));
    assert!(s.distractors_taken.is_empty(), "{:?}", s.distractors_taken);
    assert!(s.non_items_taken.is_empty(), "{:?}", s.non_items_taken);
    assert!(s.spurious_rows.is_empty(), "{:?}", s.spurious_rows);
}

/// The held-back half, scored once when the development was done (commit 0544058), before
/// any of its failures was looked at: 71/74 rows whole (95.9 %), 90/90 facts right with their
/// page (100 %), no distractor taken, no totals or category row as an item, 3 rows read that
/// are not in the documents (the same 3 rows: two with a letter of `ll` lost, one without the
/// location merged over it and a taller row). The scan with a text layer (h08), added later,
/// was scored once before anything was changed for it: 11/11 rows, 13/13 facts. After the two
/// general fixes (a repeated narrow letter is no overprint; a merged cell spans rows of any
/// height): 85/85 rows, 103/103 facts.
#[test]
fn corpus_held_back_half_scores() {
    let s = report("held");
    assert!(s.rows_percent() >= 95.0, "{}", s.summary("held"));
    assert!(s.facts_percent() >= 95.0, "{}", s.summary("held"));
    assert!(s.distractors_taken.is_empty(), "{:?}", s.distractors_taken);
    assert!(s.non_items_taken.is_empty(), "{:?}", s.non_items_taken);
    assert!(s.spurious_rows.is_empty(), "{:?}", s.spurious_rows);
}

/// An equipment list made from a document's truth rows, as a contractor would send it with the
/// document, with four changes the reconciliation must find and nothing else: the first row's
/// quantity raised by 2, the second row's model changed, the third row left out, a device the
/// document does not have added. Models are written in lower case and names with half-width
/// brackets, as lists often are.
fn list_from_truth(id: &str, truth: &Value) -> anfang::tabular::EquipmentList {
    let file = format!("{id}-list.csv");
    let mut rows = Vec::new();
    for (k, t) in truth["equipment"].as_array().unwrap().iter().enumerate() {
        if k == 2 {
            continue;
        }
        let mut model = t["model"].as_str().unwrap().to_lowercase();
        if k == 1 {
            model.push_str("-x");
        }
        let mut quantity = t["quantity"].as_u64().unwrap() as u32;
        if k == 0 {
            quantity += 2;
        }
        rows.push((
            t["name"]
                .as_str()
                .unwrap()
                .replace('（', "(")
                .replace('）', ")"),
            model,
            quantity,
            t["unit"].as_str().map(str::to_owned),
        ));
    }
    rows.push(("访客登记机".into(), "fk-900".into(), 2, Some("台".into())));
    anfang::tabular::EquipmentList {
        file: file.clone(),
        sha256: String::new(),
        encoding: Some("utf-8".into()),
        sheet: None,
        header_line: 1,
        rows: rows
            .into_iter()
            .enumerate()
            .map(
                |(i, (name, model, quantity, unit))| anfang::tabular::EquipmentRow {
                    no: Some((i + 1).to_string()),
                    name,
                    model: Some(model),
                    quantity: Some(quantity),
                    unit,
                    location: None,
                    remark: None,
                    extra: Vec::new(),
                    row: anfang::tabular::RowRef {
                        file: file.clone(),
                        sheet: None,
                        line: i + 2,
                    },
                },
            )
            .collect(),
        unmapped_columns: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
    }
}

/// Every document of both halves, its table as anfang reads it reconciled with a list made
/// from the truth: exactly the four changes are found, each with both places, and every
/// other row is one lot with the document's and the list's place.
#[test]
fn corpus_equipment_lists_reconcile_with_every_document() {
    use anfang::extract::DifferenceKind::*;
    let mut ids = documents("dev");
    ids.extend(documents("held"));
    for id in ids {
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(corpus().join(format!("truth/{id}.json"))).unwrap(),
        )
        .unwrap();
        let pdf = corpus().join(format!("pdf/{id}.pdf"));
        let text = Extractor::new(env!("CARGO_BIN_EXE_anfang"))
            .extract(&pdf)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let r = recognise(&lines_of(&text));
        let list = list_from_truth(&id, &truth);
        let rec = anfang::extract::reconcile(&format!("{id}.pdf"), &r.equipment, &[list]);
        let rows = truth["equipment"].as_array().unwrap();
        let kinds: Vec<(anfang::extract::DifferenceKind, String)> = rec
            .differences
            .iter()
            .map(|d| (d.kind, d.item.clone()))
            .collect();
        // the document's text as anfang reads it is normalised (NFKC: half-width brackets)
        let name = |k: usize| normalise(rows[k]["name"].as_str().unwrap());
        let model = |k: usize| rows[k]["model"].as_str().unwrap().to_owned();
        assert_eq!(
            kinds,
            [
                (Quantity, format!("{} {}", name(0), model(0))),
                (Model, name(1)),
                (OnlyInDocument, format!("{} {}", name(2), model(2))),
                (OnlyInList, "访客登记机 fk-900".to_owned()),
            ],
            "{id}"
        );
        let q = &rec.differences[0];
        assert_eq!(
            (q.document.value.as_u64(), q.list.value.as_u64()),
            (
                rows[0]["quantity"].as_u64(),
                rows[0]["quantity"].as_u64().map(|n| n + 2)
            ),
            "{id}"
        );
        assert!(
            q.document.at.starts_with(&format!("{id}.pdf p."))
                && q.list.at == format!("{id}-list.csv:2"),
            "{id}: {q:?}"
        );
        assert_eq!(rec.lots.len(), rows.len() + 1, "{id}");
        let both = rec
            .lots
            .iter()
            .filter(|l| l.document.len() == 1 && l.listed.len() == 1)
            .count();
        assert_eq!(both, rows.len() - 1, "{id}: every row but the one left out");
    }
}
