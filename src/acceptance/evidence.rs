//! What the inspection found, read from a filled checklist (CSV or XLSX) or from an as-built
//! submission, keyed by checklist item id.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::checklist::{Checklist, Item};
use super::devices::{self, DeviceKind};
use super::sheet::{self, COLUMNS, Column};
use super::{ItemKind, Mark};
use crate::diagnostic::Problem;
use crate::report::Input;
use crate::tabular::{TextRow, TextTable};
use crate::validate::Validated;

/// What was found for one checklist item.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RowEvidence {
    /// Units found installed.
    pub installed: Option<u32>,
    /// The model found, when it differs or is written.
    pub as_built_model: Option<String>,
    /// Where it was found, when it differs.
    pub as_built_location: Option<String>,
    /// The measured value as written (a number with or without its unit, or yes / no).
    pub measured: Option<String>,
    /// Units tested.
    pub sampled: Option<u32>,
    /// Tested units that failed.
    pub failed: Option<u32>,
    /// Units re-tested after rectification.
    pub retest_sampled: Option<u32>,
    /// Re-tested units that failed.
    pub retest_failed: Option<u32>,
    /// The inspector's result mark.
    pub mark: Option<Mark>,
    /// Remarks.
    pub remarks: Option<String>,
    /// Where the row is (`file.csv:12`, `file.xlsx[现场核查表]:12`, or a JSON pointer).
    pub at: String,
}

/// A device found on site that the design has no row for (实装新增).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtraDevice {
    /// The kind, when recognised.
    pub kind: Option<DeviceKind>,
    /// The type, when recognised (else the text as written).
    pub device_type: crate::i18n::Text,
    /// The device as written.
    pub device: String,
    /// Model.
    pub model: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Units.
    pub quantity: u32,
    /// Where it is written.
    pub at: String,
}

/// The inspection's evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The inspection file and its digest.
    pub source: Input,
    /// `checklist` or `as_built`.
    pub kind: String,
    /// By checklist item id.
    pub rows: BTreeMap<String, RowEvidence>,
    /// Devices found that the design does not have.
    pub extras: Vec<ExtraDevice>,
    /// The as-built submission, when the inspection is one.
    #[serde(skip)]
    pub as_built: Option<Validated>,
}

fn column(key: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| c.key == key)
        .unwrap_or(usize::MAX)
}

/// A whole number from a cell: `12`, `12台`, `12.0`.
fn count(
    table: &TextTable,
    layout: &Layout,
    row: &TextRow,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<u32> {
    let c = layout.of(key)?;
    let text = row.get(Some(c))?;
    let digits: String = text
        .trim()
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == '.')
        .collect();
    // After the number only a unit may follow (`12台`), not more of a number (`1e400`).
    let unit = text.trim().get(digits.len()..).unwrap_or_default().trim();
    let unit_like = unit.chars().count() <= 4 && unit.chars().all(char::is_alphabetic);
    match digits.parse::<f64>() {
        Ok(n) if unit_like && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => {
            Some(n as u32)
        }
        _ => {
            problems.push(
                table
                    .problem(row, c, format!("`{}` is not a whole number of units", crate::diagnostic::shorten(text)))
                    .hint("write the count as digits (12 or 12台), or leave the cell empty if not checked"),
            );
            None
        }
    }
}

/// Which column of the filled sheet holds which key (the inspector may reorder columns).
struct Layout(Vec<Option<&'static Column>>);

impl Layout {
    fn of(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|c| c.is_some_and(|c| c.key == key))
    }

    fn text(&self, row: &TextRow, key: &str) -> Option<String> {
        row.get(self.of(key)).map(str::to_owned)
    }
}

/// Reads a filled checklist against the checklist of the approved design.
pub fn from_table(table: &TextTable, checklist: &Checklist) -> Result<Evidence, Vec<Problem>> {
    let mut problems = Vec::new();
    let Some(header_index) = table.rows.iter().position(|r| {
        let mapped: Vec<_> = r.cells.iter().filter_map(|c| sheet::column_of(c)).collect();
        mapped.len() >= 3 && mapped.iter().any(|c| c.key == "id")
    }) else {
        return Err(vec![
            Problem::file(&table.file, "has no checklist header row (编号 / Item id, 结果 / Result, …)")
                .hint("fill the checklist written by `anfang checklist --format xlsx` (or csv) and keep its header row"),
        ]);
    };
    let header = &table.rows[header_index];
    let layout = Layout(header.cells.iter().map(|c| sheet::column_of(c)).collect());
    for key in ["id", "result"] {
        if layout.of(key).is_none() {
            let c = COLUMNS[column(key)];
            problems.push(
                Problem::file(
                    &table.file,
                    format!(
                        "the header row has no `{}` (`{}`) column",
                        sheet::header(&c, crate::i18n::Lang::Zh),
                        sheet::header(&c, crate::i18n::Lang::En)
                    ),
                )
                .at(Some(header.location(0)))
                .hint("keep the checklist's columns; add remarks in 备注 / Remarks"),
            );
        }
    }

    // The approved design it was made from.
    for row in &table.rows[..header_index] {
        if row
            .cells
            .first()
            .is_some_and(|c| c.starts_with("设计文件") || c.starts_with("Approved design"))
        {
            let sha_at = row
                .cells
                .iter()
                .position(|c| c == sheet::SHA_LABEL)
                .map(|i| i + 1);
            let sha = row.get(sha_at).unwrap_or("");
            if !sha.eq_ignore_ascii_case(&checklist.design.sha256) {
                // Every other row would be judged against the wrong design: stop here.
                return Err(vec![
                    table
                        .problem(row, sha_at.unwrap_or(1), format!(
                            "this checklist was made from a design with SHA-256 {}, but the approved design given ({}) has {}",
                            if sha.is_empty() { "(none)" } else { sha },
                            checklist.design.path,
                            checklist.design.sha256
                        ))
                        .hint("give the design the checklist was made from, or make a new checklist with `anfang checklist` and copy the results over"),
                ]);
            }
        }
    }

    let items: BTreeMap<&str, &Item> = checklist.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut rows: BTreeMap<String, RowEvidence> = BTreeMap::new();
    let mut extras = Vec::new();
    let id_col = layout.of("id");
    for row in &table.rows[header_index + 1..] {
        let at = table.cell_ref(row.line, 0).row.to_string();
        let mark = match layout
            .of("result")
            .and_then(|c| row.get(Some(c)).map(|t| (c, t)))
        {
            None => None,
            Some((c, t)) => match Mark::parse(t) {
                Some(m) => Some(m),
                None => {
                    problems.push(
                        table
                            .problem(row, c, format!("`{}` is not a result", crate::diagnostic::shorten(t)))
                            .hint("write 合格, 不合格 or 不适用 (pass, fail, n/a); leave it empty if not checked"),
                    );
                    None
                }
            },
        };
        let evidence = RowEvidence {
            installed: count(table, &layout, row, "installed", &mut problems),
            as_built_model: layout.text(row, "as_built_model"),
            as_built_location: layout.text(row, "as_built_location"),
            measured: layout.text(row, "measured"),
            sampled: count(table, &layout, row, "sampled", &mut problems),
            failed: count(table, &layout, row, "failed", &mut problems),
            retest_sampled: count(table, &layout, row, "retest_sampled", &mut problems),
            retest_failed: count(table, &layout, row, "retest_failed", &mut problems),
            mark,
            remarks: layout.text(row, "remarks"),
            at: at.clone(),
        };
        for (failed_key, failed, sampled) in [
            ("failed", evidence.failed, evidence.sampled),
            (
                "retest_failed",
                evidence.retest_failed,
                evidence.retest_sampled,
            ),
        ] {
            if let (Some(failed), Some(sampled)) = (failed, sampled)
                && failed > sampled
                && let Some(c) = layout.of(failed_key)
            {
                problems.push(
                    table
                        .problem(
                            row,
                            c,
                            format!("{failed} units failed, but only {sampled} were tested"),
                        )
                        .hint("the failed count is part of the sample: correct one of the two"),
                );
            }
        }
        match row.get(id_col) {
            Some(id) => {
                if !items.contains_key(id) {
                    problems.push(
                        table
                            .problem(row, id_col.unwrap_or(0), format!("`{}` is not an item of this design's checklist", crate::diagnostic::shorten(id)))
                            .hint("do not change the 编号 column; for a device the design does not have, add a row with an empty 编号 and fill 设备类型, 实装位置, 实装型号 and 实装数量"),
                    );
                } else if rows.insert(id.to_owned(), evidence).is_some() {
                    problems.push(
                        table
                            .problem(
                                row,
                                id_col.unwrap_or(0),
                                format!("item `{}` appears twice", crate::diagnostic::shorten(id)),
                            )
                            .hint("keep one row per item; put further notes in 备注"),
                    );
                }
            }
            None => {
                let device = layout.text(row, "device").unwrap_or_default();
                let quantity = evidence.installed.unwrap_or(0);
                if device.is_empty() && quantity == 0 && evidence.as_built_model.is_none() {
                    continue; // a note row: nothing found to record
                }
                let classified = DeviceKind::classify(&device);
                extras.push(ExtraDevice {
                    kind: classified.as_ref().map(|c| c.0),
                    device_type: classified
                        .map(|c| c.1)
                        .unwrap_or_else(|| crate::i18n::Text::new(device.clone(), device.clone())),
                    device,
                    model: evidence
                        .as_built_model
                        .clone()
                        .or_else(|| layout.text(row, "model")),
                    location: evidence
                        .as_built_location
                        .clone()
                        .or_else(|| layout.text(row, "location")),
                    quantity: quantity.max(1),
                    at,
                });
            }
        }
    }
    for item in &checklist.items {
        if !rows.contains_key(&item.id) {
            problems.push(
                Problem::file(&table.file, format!("the row of item `{}` ({}) is missing", item.id, item.item.zh))
                    .hint("do not delete rows: mark an item that does not apply 不适用 and say why in 备注"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Evidence {
        source: Input {
            path: table.file.clone(),
            sha256: table.sha256.clone(),
        },
        kind: "checklist".into(),
        rows,
        extras,
        as_built: None,
    })
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "是" } else { "否" }.into()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The evidence an as-built submission gives for each checklist item.
pub fn from_as_built(as_built: Validated, checklist: &Checklist) -> Evidence {
    let value = &as_built.document.value;
    let found = devices::devices(&as_built.submission, value);
    let names = devices::names(value);
    let mut rows = BTreeMap::new();
    let mut matched = vec![false; found.len()];
    for item in &checklist.items {
        let mut e = RowEvidence {
            at: as_built.document.source.name.clone(),
            ..RowEvidence::default()
        };
        match item.kind {
            ItemKind::Configuration => {
                let mut installed = 0;
                let mut models = Vec::new();
                for (i, d) in found.iter().enumerate() {
                    if Some(d.kind) == item.device_kind
                        && Some(&d.device_type) == item.device_type.as_ref()
                        && d.location == item.location
                        && !matched[i]
                        && (d.model == item.model
                            || item.model.is_none()
                            || d.model.is_none()
                            || !found.iter().any(|o| {
                                o.kind == d.kind
                                    && o.location == d.location
                                    && o.model == item.model
                            }))
                    {
                        matched[i] = true;
                        installed += d.count;
                        if let Some(m) = &d.model
                            && !models.contains(m)
                        {
                            models.push(m.clone());
                        }
                    }
                }
                e.installed = Some(installed);
                if models.len() == 1 && item.model.as_ref() != models.first() || models.len() > 1 {
                    e.as_built_model = Some(models.join(", "));
                }
                if installed > 0 {
                    e.mark = Some(Mark::Pass);
                }
            }
            ItemKind::Sampling => {
                let key = item.sampling_key.clone().unwrap_or_default();
                if let Some(record) = as_built
                    .submission
                    .acceptance
                    .as_ref()
                    .and_then(|a| a.sampling.as_ref())
                    .and_then(|s| s.iter().find(|r| r.model.as_deref() == Some(key.as_str())))
                {
                    e.sampled = record.sampled;
                    e.failed = record.failed;
                    e.retest_sampled = record.retest_sampled;
                    e.retest_failed = record.retest_failed;
                }
            }
            _ => {
                e.measured = item
                    .field
                    .as_deref()
                    .and_then(|p| value.pointer(p))
                    .and_then(scalar_text);
                if let Some(p) = &item.field {
                    // Where the value stands in the as-built file, as file:line (never a pointer).
                    e.at = match as_built.document.pointers.locate(p) {
                        Some(l) => format!("{}:{}", as_built.document.source.name, l.line),
                        None => as_built.document.source.name.clone(),
                    };
                }
            }
        }
        rows.insert(item.id.clone(), e);
    }
    let extras = devices::groups(
        &found
            .iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(d, _)| d.clone())
            .collect::<Vec<_>>(),
        &names,
    )
    .into_iter()
    .map(|g| ExtraDevice {
        kind: Some(g.kind),
        device_type: g.device_type.clone(),
        device: g.device_type.zh.clone(),
        model: g.model.clone(),
        location: g.location_name.clone().or(g.location.clone()),
        quantity: g.count,
        at: format!("{} ({})", as_built.document.source.name, g.ids.join(", ")),
    })
    .collect();
    Evidence {
        source: Input {
            path: as_built.document.source.name.clone(),
            sha256: as_built.document.source.sha256.clone(),
        },
        kind: "as_built".into(),
        rows,
        extras,
        as_built: Some(as_built),
    }
}
