//! Equipment lists (`--equipment`) reconciled with the design document's equipment tables:
//! one lot per device, with the places of both, and every difference named with both places.
//!
//! Rows are matched in three passes, each among the rows the passes before left:
//!
//! 1. **by model** (compared in capitals, without spaces, full-width folded): rows of one model
//!    pair by location, then one with one; what is left of a model on both sides (the
//!    document splits it by location, the list gives one line) is compared as a whole;
//! 2. **by name** (NFKC, without spaces): the same device under two models is a *model*
//!    difference;
//! 3. what is left is in one of them only.
//!
//! A lot keeps the document's values and takes from the list what the document does not give
//! (a name, a location, a unit). A quantity that differs is kept as the document states it and
//! marked for review with both figures and places.

use serde::Serialize;
use serde_json::Value;

use super::recognise::{Provenance, TableRow};
use crate::model::EquipmentItem;
use crate::tabular::{EquipmentList, EquipmentRow, RowRef};

/// One device lot of the draft: the document's row, the list's rows, or both.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Lot {
    /// The row as the draft writes it (name, model, quantity, unit, location, remark).
    #[serde(flatten)]
    pub item: EquipmentItem,
    /// Where the design document states it (empty when only a list has it).
    pub document: Vec<Provenance>,
    /// Where the equipment lists state it (empty when only the document has it).
    pub listed: Vec<RowRef>,
    /// Why a reviewer should look at it (differences, values that could not be read).
    pub review: Vec<String>,
}

/// What differs between the document and the lists.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// Both state the device, with different quantities.
    Quantity,
    /// Both state the device (by its name), with different models.
    Model,
    /// The document states it, no list does.
    OnlyInDocument,
    /// A list states it, the document does not.
    OnlyInList,
}

/// One side of a difference: the value and where it is stated.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    /// The value (a quantity, a model), null for a device that side does not state.
    pub value: Value,
    /// Where (`design.pdf p.2 l.9`, `list.xlsx[设备清单]:7`), several joined by `, `; for a
    /// side that does not state the device, the files looked in (`list.xlsx[设备清单]`).
    pub at: String,
}

/// A difference between the design document and the equipment lists.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Difference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The device: its name and model.
    pub item: String,
    /// What the design document says, and where.
    pub document: Side,
    /// What the lists say, and where.
    pub list: Side,
}

impl Difference {
    /// The difference in one line, Chinese and English.
    pub fn message(&self) -> String {
        let (zh, en) = match self.kind {
            DifferenceKind::Quantity => ("数量不一致", "quantity differs"),
            DifferenceKind::Model => ("型号不一致", "model differs"),
            DifferenceKind::OnlyInDocument => (
                "设计说明有、设备清单中没有",
                "in the design document, not in the equipment lists",
            ),
            DifferenceKind::OnlyInList => (
                "设备清单有、设计说明中没有",
                "in an equipment list, not in the design document",
            ),
        };
        // a side that does not state the device is `—`, with the files that were looked in
        let side = |s: &Side| {
            let value = if s.value.is_null() {
                "—".to_owned()
            } else {
                plain(&s.value)
            };
            format!("{value} ({})", s.at)
        };
        format!(
            "{zh} / {en}: {}: {} ≠ {}",
            self.item,
            side(&self.document),
            side(&self.list)
        )
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The lots and the differences.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Reconciled {
    /// One per device lot: document order, then what only the lists have, in list order.
    pub lots: Vec<Lot>,
    /// Every difference, in the order of the lots.
    pub differences: Vec<Difference>,
}

fn item_of(
    name: &str,
    model: &Option<String>,
    quantity: Option<u32>,
    unit: &Option<String>,
    location: &Option<String>,
    remark: &Option<String>,
) -> EquipmentItem {
    EquipmentItem {
        name: name.to_owned(),
        model: model.clone(),
        quantity,
        unit: unit.clone(),
        location: location.clone(),
        remark: remark.clone(),
    }
}

/// A model as compared: capitals, no spaces, full-width folded, dashes unified.
fn model_key(m: &str) -> String {
    crate::pdf::normalise(m)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '—' | '–' | '‐' | '－' | '_' => '-',
            c => c,
        })
        .collect::<String>()
        .to_uppercase()
}

/// A name or a location as compared: NFKC, no spaces, lower case.
fn text_key(t: &str) -> String {
    crate::pdf::normalise(t)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

fn some_key(v: Option<&String>, key: fn(&str) -> String) -> Option<String> {
    v.map(|s| key(s)).filter(|k| !k.is_empty())
}

/// A document row and the list rows that state the same device.
struct Match {
    doc: Option<usize>,
    list: Vec<usize>,
    /// The list rows are shared with other document rows of the same model: their total is
    /// compared with the total of `group_docs`.
    group_docs: Vec<usize>,
}

/// Reconciles the document's rows (`doc_file` is how the draft names the document) with the
/// equipment lists.
pub fn reconcile(doc_file: &str, doc_rows: &[TableRow], lists: &[EquipmentList]) -> Reconciled {
    let list_rows: Vec<&EquipmentRow> = lists.iter().flat_map(|l| &l.rows).collect();
    let mut doc_used = vec![false; doc_rows.len()];
    let mut list_used = vec![false; list_rows.len()];
    let mut matches: Vec<Match> = Vec::new();
    let doc_model = |i: usize| some_key(doc_rows[i].model.as_ref(), model_key);
    let list_model = |j: usize| some_key(list_rows[j].model.as_ref(), model_key);
    let doc_name = |i: usize| Some(text_key(&doc_rows[i].name)).filter(|k| !k.is_empty());
    let list_name = |j: usize| Some(text_key(&list_rows[j].name)).filter(|k| !k.is_empty());
    // 1. by model, 2. by name
    for by_model in [true, false] {
        let key_d = |i: usize| if by_model { doc_model(i) } else { doc_name(i) };
        let key_l = |j: usize| {
            if by_model {
                list_model(j)
            } else {
                list_name(j)
            }
        };
        let mut keys: Vec<String> = Vec::new();
        for (i, used) in doc_used.iter().enumerate() {
            if let Some(k) = key_d(i).filter(|_| !used)
                && !keys.contains(&k)
            {
                keys.push(k);
            }
        }
        for k in keys {
            let ds: Vec<usize> = (0..doc_rows.len())
                .filter(|&i| !doc_used[i] && key_d(i).as_ref() == Some(&k))
                .collect();
            let ls: Vec<usize> = (0..list_rows.len())
                .filter(|&j| !list_used[j] && key_l(j).as_ref() == Some(&k))
                .collect();
            if ls.is_empty() {
                continue;
            }
            let mut ds_left = Vec::new();
            let mut ls_left = ls.clone();
            // pair by location
            for &i in &ds {
                let loc = some_key(doc_rows[i].location.as_ref(), text_key);
                let same = ls_left.iter().position(|&j| {
                    loc.is_some() && some_key(list_rows[j].location.as_ref(), text_key) == loc
                });
                match same {
                    Some(p) => {
                        let j = ls_left.remove(p);
                        matches.push(Match {
                            doc: Some(i),
                            list: vec![j],
                            group_docs: Vec::new(),
                        });
                    }
                    None => ds_left.push(i),
                }
            }
            match (ds_left.len(), ls_left.len()) {
                (_, 0) => {
                    // the document's other rows of this model stay for the next pass
                    for i in &ds {
                        if !ds_left.contains(i) {
                            doc_used[*i] = true;
                        }
                    }
                    for &j in &ls {
                        list_used[j] = true;
                    }
                    continue;
                }
                (0, _) => {
                    // list rows of a model the document has (all paired): the list says more
                    for &j in &ls_left {
                        matches.push(Match {
                            doc: None,
                            list: vec![j],
                            group_docs: Vec::new(),
                        });
                    }
                }
                (1, 1) => matches.push(Match {
                    doc: Some(ds_left[0]),
                    list: ls_left.clone(),
                    group_docs: Vec::new(),
                }),
                _ => {
                    for &i in &ds_left {
                        matches.push(Match {
                            doc: Some(i),
                            list: ls_left.clone(),
                            group_docs: ds_left.clone(),
                        });
                    }
                }
            }
            for &i in &ds {
                doc_used[i] = true;
            }
            for &j in &ls {
                list_used[j] = true;
            }
        }
    }
    // 3. one side only
    for (i, used) in doc_used.iter().enumerate() {
        if !used {
            matches.push(Match {
                doc: Some(i),
                list: Vec::new(),
                group_docs: Vec::new(),
            });
        }
    }
    for (j, used) in list_used.iter().enumerate() {
        if !used {
            matches.push(Match {
                doc: None,
                list: vec![j],
                group_docs: Vec::new(),
            });
        }
    }
    // document order, then list order
    matches.sort_by_key(|m| match m.doc {
        Some(i) => (0, i, 0),
        None => (1, 0, m.list.first().copied().unwrap_or(0)),
    });
    let doc_at = |i: usize| {
        let p = &doc_rows[i].from;
        format!("{doc_file} p.{} l.{}", p.page, p.line)
    };
    let list_at = |js: &[usize]| {
        js.iter()
            .map(|&j| list_rows[j].row.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list_files = lists
        .iter()
        .map(|l| match &l.sheet {
            Some(sheet) => format!("{}[{sheet}]", l.file),
            None => l.file.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = Reconciled::default();
    let mut grouped_reported: Vec<Vec<usize>> = Vec::new();
    let lists_given = !lists.is_empty();
    for m in &matches {
        let listed: Vec<&EquipmentRow> = m.list.iter().map(|&j| list_rows[j]).collect();
        let first = listed.first().copied();
        let mut lot = match m.doc {
            Some(i) => {
                let d = &doc_rows[i];
                Lot {
                    item: item_of(
                        &d.name,
                        &d.model,
                        d.quantity,
                        &d.unit,
                        &d.location,
                        &d.remark,
                    ),
                    document: vec![d.from.clone()],
                    listed: listed.iter().map(|r| r.row.clone()).collect(),
                    review: d.review.iter().cloned().collect(),
                }
            }
            None => {
                let Some(r) = first else { continue };
                Lot {
                    item: item_of(
                        &r.name,
                        &r.model,
                        r.quantity,
                        &r.unit,
                        &r.location,
                        &r.remark,
                    ),
                    document: Vec::new(),
                    listed: vec![r.row.clone()],
                    review: Vec::new(),
                }
            }
        };
        let item = match &lot.item.model {
            Some(model) if !lot.item.name.is_empty() => format!("{} {model}", lot.item.name),
            Some(model) => model.clone(),
            None => lot.item.name.clone(),
        };
        let mut differences = Vec::new();
        match (m.doc, first) {
            (Some(i), Some(r)) if m.group_docs.is_empty() => {
                // one document row, one list row: fill what the document lacks, compare
                let it = &mut lot.item;
                if it.name.trim().is_empty() {
                    it.name = r.name.clone();
                }
                it.model = it.model.take().or_else(|| r.model.clone());
                it.unit = it.unit.take().or_else(|| r.unit.clone());
                it.location = it.location.take().or_else(|| r.location.clone());
                it.remark = it.remark.take().or_else(|| r.remark.clone());
                it.quantity = it.quantity.or(r.quantity);
                let d = &doc_rows[i];
                if let (Some(a), Some(b)) = (d.quantity, r.quantity)
                    && a != b
                {
                    differences.push(Difference {
                        kind: DifferenceKind::Quantity,
                        item: item.clone(),
                        document: Side {
                            value: Value::from(a),
                            at: doc_at(i),
                        },
                        list: Side {
                            value: Value::from(b),
                            at: list_at(&m.list),
                        },
                    });
                }
                if let (Some(a), Some(b)) = (&d.model, &r.model)
                    && model_key(a) != model_key(b)
                {
                    differences.push(Difference {
                        kind: DifferenceKind::Model,
                        item: lot.item.name.clone(),
                        document: Side {
                            value: Value::from(a.as_str()),
                            at: doc_at(i),
                        },
                        list: Side {
                            value: Value::from(b.as_str()),
                            at: list_at(&m.list),
                        },
                    });
                }
            }
            (Some(_), Some(_)) => {
                // several document rows and several list rows of one model: totals
                let total_doc: u32 = m
                    .group_docs
                    .iter()
                    .filter_map(|&i| doc_rows[i].quantity)
                    .sum();
                let total_list: u32 = listed.iter().filter_map(|r| r.quantity).sum();
                if total_doc != total_list {
                    let d = Difference {
                        kind: DifferenceKind::Quantity,
                        item: item.clone(),
                        document: Side {
                            value: Value::from(total_doc),
                            at: m
                                .group_docs
                                .iter()
                                .map(|&i| doc_at(i))
                                .collect::<Vec<_>>()
                                .join(", "),
                        },
                        list: Side {
                            value: Value::from(total_list),
                            at: list_at(&m.list),
                        },
                    };
                    lot.review.push(d.message());
                    if !grouped_reported.contains(&m.group_docs) {
                        grouped_reported.push(m.group_docs.clone());
                        out.differences.push(d);
                    }
                }
            }
            (Some(i), None) if lists_given => differences.push(Difference {
                kind: DifferenceKind::OnlyInDocument,
                item: item.clone(),
                document: Side {
                    value: lot.item.quantity.map_or(Value::Null, Value::from),
                    at: doc_at(i),
                },
                list: Side {
                    value: Value::Null,
                    at: list_files.clone(),
                },
            }),
            (None, Some(_)) => differences.push(Difference {
                kind: DifferenceKind::OnlyInList,
                item: item.clone(),
                document: Side {
                    value: Value::Null,
                    at: doc_file.to_owned(),
                },
                list: Side {
                    value: lot.item.quantity.map_or(Value::Null, Value::from),
                    at: list_at(&m.list),
                },
            }),
            _ => {}
        }
        for d in differences {
            lot.review.push(d.message());
            out.differences.push(d);
        }
        out.lots.push(lot);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(
        name: &str,
        model: Option<&str>,
        quantity: u32,
        location: &str,
        line: usize,
    ) -> TableRow {
        TableRow {
            name: name.into(),
            model: model.map(Into::into),
            quantity: Some(quantity),
            unit: Some("台".into()),
            location: (!location.is_empty()).then(|| location.into()),
            remark: None,
            from: Provenance {
                page: 2,
                line,
                text: String::new(),
            },
            review: None,
        }
    }

    fn list(rows: &[(&str, Option<&str>, u32, &str)]) -> EquipmentList {
        EquipmentList {
            file: "list.xlsx".into(),
            sha256: String::new(),
            encoding: None,
            sheet: Some("设备清单".into()),
            header_line: 1,
            rows: rows
                .iter()
                .enumerate()
                .map(|(k, (name, model, quantity, location))| EquipmentRow {
                    no: None,
                    name: (*name).into(),
                    model: model.map(Into::into),
                    quantity: Some(*quantity),
                    unit: None,
                    location: (!location.is_empty()).then(|| (*location).into()),
                    remark: None,
                    extra: Vec::new(),
                    row: RowRef {
                        file: "list.xlsx".into(),
                        sheet: Some("设备清单".into()),
                        line: k + 2,
                    },
                })
                .collect(),
            unmapped_columns: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn one_lot_per_device_with_both_places_and_every_difference() {
        let rows = [
            doc(
                "高清网络摄像机(枪式)",
                Some("DS-2CD3T47"),
                48,
                "小区周界",
                10,
            ),
            doc("人脸抓拍摄像机", Some("iDS-2CD7A46G0"), 4, "主出入口", 12),
            doc("网络硬盘录像机", Some("DS-9664N"), 4, "监控中心", 14),
            doc("脉冲电子围栏主机", Some("ZN-MC300"), 25, "周界", 16),
        ];
        let lists = [list(&[
            ("高清网络摄像机（枪式）", Some("ds-2cd3t47"), 48, ""),
            ("人脸抓拍摄像机", Some("iDS-2CD7A46G0"), 6, "主出入口"),
            ("网络硬盘录像机", Some("DS-9664N-I16"), 4, "监控中心"),
            ("一键报警柱", Some("SOS-300"), 3, "中心广场"),
        ])];
        let r = reconcile("d.pdf", &rows, &lists);
        let lots: Vec<(&str, Option<u32>, usize, usize)> = r
            .lots
            .iter()
            .map(|l| {
                (
                    l.item.name.as_str(),
                    l.item.quantity,
                    l.document.len(),
                    l.listed.len(),
                )
            })
            .collect();
        assert_eq!(
            lots,
            [
                ("高清网络摄像机(枪式)", Some(48), 1, 1),
                ("人脸抓拍摄像机", Some(4), 1, 1),
                ("网络硬盘录像机", Some(4), 1, 1),
                ("脉冲电子围栏主机", Some(25), 1, 0),
                ("一键报警柱", Some(3), 0, 1),
            ]
        );
        let kinds: Vec<DifferenceKind> = r.differences.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DifferenceKind::Quantity,
                DifferenceKind::Model,
                DifferenceKind::OnlyInDocument,
                DifferenceKind::OnlyInList
            ]
        );
        assert_eq!(
            r.differences[0].message(),
            "数量不一致 / quantity differs: 人脸抓拍摄像机 iDS-2CD7A46G0: 4 (d.pdf p.2 l.12) ≠ 6 (list.xlsx[设备清单]:3)"
        );
        assert_eq!(
            r.differences[1].message(),
            "型号不一致 / model differs: 网络硬盘录像机: DS-9664N (d.pdf p.2 l.14) ≠ DS-9664N-I16 (list.xlsx[设备清单]:4)"
        );
        assert_eq!(
            r.differences[2].message(),
            "设计说明有、设备清单中没有 / in the design document, not in the equipment lists: 脉冲电子围栏主机 ZN-MC300: 25 (d.pdf p.2 l.16) ≠ — (list.xlsx[设备清单])"
        );
        assert_eq!(
            r.differences[3].message(),
            "设备清单有、设计说明中没有 / in an equipment list, not in the design document: 一键报警柱 SOS-300: — (d.pdf) ≠ 3 (list.xlsx[设备清单]:5)"
        );
        assert_eq!(r.lots[1].review, vec![r.differences[0].message()]);
        assert!(r.lots[0].review.is_empty(), "{:?}", r.lots[0].review);
        assert_eq!(r.lots[0].listed[0].to_string(), "list.xlsx[设备清单]:2");
    }

    #[test]
    fn a_model_split_by_location_in_one_and_not_the_other_is_compared_as_a_whole() {
        let rows = [
            doc("网络摄像机", Some("DS-2CD3T47"), 30, "周界", 10),
            doc("网络摄像机", Some("DS-2CD3T47"), 18, "出入口", 11),
        ];
        let agree = reconcile(
            "d.pdf",
            &rows,
            &[list(&[("网络摄像机", Some("DS-2CD3T47"), 48, "")])],
        );
        assert_eq!(agree.lots.len(), 2, "the document's lots, by location");
        assert!(agree.differences.is_empty(), "{:?}", agree.differences);
        assert!(agree.lots.iter().all(|l| l.listed.len() == 1));
        let differ = reconcile(
            "d.pdf",
            &rows,
            &[list(&[("网络摄像机", Some("DS-2CD3T47"), 50, "")])],
        );
        assert_eq!(differ.differences.len(), 1, "one difference for the model");
        assert_eq!(
            differ.differences[0].message(),
            "数量不一致 / quantity differs: 网络摄像机 DS-2CD3T47: 48 (d.pdf p.2 l.10, d.pdf p.2 l.11) ≠ 50 (list.xlsx[设备清单]:2)"
        );
        assert!(differ.lots.iter().all(|l| l.review.len() == 1));
    }

    #[test]
    fn without_lists_the_document_rows_are_the_lots() {
        let rows = [doc("网络摄像机", Some("DS-2CD3T47"), 30, "周界", 10)];
        let r = reconcile("d.pdf", &rows, &[]);
        assert_eq!(r.lots.len(), 1);
        assert!(r.differences.is_empty());
        assert!(r.lots[0].listed.is_empty());
    }
}
