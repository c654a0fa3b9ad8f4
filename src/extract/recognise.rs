//! Recognising what a design document states: running headers and footers are removed, then
//! equipment tables are rebuilt from geometry ([`super::table`]) and facts are read from the
//! rest ([`super::facts`]), each value keeping the page and line it came from.

use serde::Serialize;
use serde_json::Value;

use super::facts::{self, Found};
use super::table::{Header, read_table};

/// One cell of a line: a run of text without a wide gap, with its horizontal span.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCell {
    /// Left edge (pt).
    pub x: f32,
    /// Right edge (pt).
    pub x_end: f32,
    /// The text.
    pub text: String,
}

/// One line of a document, with its place.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// Page (1-based).
    pub page: usize,
    /// Line within the page (1-based).
    pub line: usize,
    /// Baseline, in pt from the top of the page.
    pub y: f32,
    /// The cells of the line, left to right (a line of running text has one).
    pub cells: Vec<SourceCell>,
}

impl SourceLine {
    /// The line's text, cells joined by single spaces.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Where the line is, with its text.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            page: self.page,
            line: self.line,
            text: self.text(),
        }
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Provenance {
    /// Page.
    pub page: usize,
    /// Line.
    pub line: usize,
    /// The text it was read from.
    pub text: String,
}

/// One recognised value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Extracted {
    /// The submission path it fills (`technical.video_storage.retention_days`).
    pub field: String,
    /// The value.
    pub value: Value,
    /// Where it came from.
    pub from: Provenance,
    /// Why a reviewer should look at it, if they should.
    pub review: Option<String>,
    /// The subsystem section it stood in, when that decided its field.
    pub section: Option<String>,
}

/// An equipment-table row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableRow {
    /// Name (设备名称).
    pub name: String,
    /// Model (型号).
    pub model: Option<String>,
    /// Quantity (数量).
    pub quantity: Option<u32>,
    /// Unit (单位).
    pub unit: Option<String>,
    /// Location (安装位置).
    pub location: Option<String>,
    /// Remarks.
    pub remark: Option<String>,
    /// Where the row starts.
    pub from: Provenance,
    /// Why a reviewer should look at it.
    pub review: Option<String>,
}

/// Everything recognised in a document.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Recognised {
    /// Key–value facts: one value per field, the project's.
    pub values: Vec<Extracted>,
    /// Equipment rows.
    pub equipment: Vec<TableRow>,
    /// Key–value lines whose label is not one anfang maps, kept for the reviewer.
    pub unmapped: Vec<Provenance>,
    /// Facts about many elements at once (a perimeter's total length, the number of
    /// entrances): a draft cannot split them into elements, so they are noted for the reviewer.
    pub observations: Vec<Extracted>,
    /// Values stated for a field that were not taken: figures of a part (a building, a phase),
    /// a norm's figures, and other statements of the same field; each says why.
    pub competing: Vec<Extracted>,
    /// Table rows that are not items: totals, category rows.
    pub skipped_rows: Vec<Provenance>,
    /// Running headers and footers removed (one line each, as first seen).
    pub running: Vec<Provenance>,
}

/// Recognises facts and equipment tables in document lines.
pub fn recognise(lines: &[SourceLine]) -> Recognised {
    let mut out = Recognised::default();
    let (lines, running) = super::running::remove_running(lines);
    out.running = running;
    let mut section: Option<String> = None;
    let mut found: Vec<(Found, Provenance)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if Header::of_lines(&lines[i..]).is_some() {
            let (rows, used, skipped) = read_table(&lines[i..]);
            if used > 0 {
                out.equipment.extend(rows);
                out.skipped_rows.extend(skipped);
                i += used;
                continue;
            }
        }
        let text = lines[i].text();
        if let Some(id) = facts::section_of(&text) {
            section = id;
            i += 1;
            continue;
        }
        // a paragraph: this line and the lines that continue it
        let mut flow = vec![i];
        while let Some(next) = lines.get(i + flow.len())
            && continues(&lines, flow[flow.len() - 1], next)
        {
            flow.push(i + flow.len());
        }
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for &k in &flow {
            let t = lines[k].text();
            // Latin words broken at the line's end keep a space between them
            if joined
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            {
                joined.push(' ');
            }
            starts.push((joined.len(), k));
            joined.push_str(&t);
        }
        let facts_here = facts::find(&joined, section.as_deref());
        if facts_here.is_empty()
            && let Some(label) = key_value_label(&text)
        {
            out.unmapped.push(Provenance {
                text: format!("{label}: …  {text}"),
                ..lines[i].provenance()
            });
        }
        for f in facts_here {
            let k = starts
                .iter()
                .rev()
                .find(|(at, _)| *at <= f.at)
                .map_or(i, |(_, k)| *k);
            found.push((f, lines[k].provenance()));
        }
        i += flow.len();
    }
    choose(found, &mut out);
    out
}

/// Whether `next` continues the paragraph whose last line is `lines[last]`: one cell each,
/// the last line reaches the right margin and does not end a sentence, and `next` is no
/// heading.
fn continues(lines: &[SourceLine], last: usize, next: &SourceLine) -> bool {
    let Some(l) = lines.get(last) else {
        return false;
    };
    if l.cells.len() != 1 || next.cells.len() != 1 || l.page != next.page {
        return false;
    }
    let text = l.text();
    // a short line (a label and its value) is no paragraph
    if text.chars().count() < 16 {
        return false;
    }
    if text.ends_with(['。', ':', ';', '；', '!', '?']) || Header::of(next).is_some() {
        return false;
    }
    if facts::section_of(&next.text()).is_some() {
        return false;
    }
    let right = lines
        .iter()
        .filter(|o| o.page == l.page)
        .flat_map(|o| o.cells.last().map(|c| c.x_end))
        .fold(0.0_f32, f32::max);
    let reaches = l.cells.last().is_some_and(|c| c.x_end >= right - 40.0);
    let same_left = (l.cells[0].x - next.cells[0].x).abs() < 30.0;
    reaches && same_left
}

/// `label：value` with a short label: a line that states something anfang might map.
fn key_value_label(text: &str) -> Option<String> {
    let i = text.find(':')?;
    let label = text.get(..i)?.trim();
    let value = text.get(i + 1..)?.trim();
    (!label.is_empty() && !value.is_empty() && label.chars().count() <= 24)
        .then(|| label.to_owned())
}

/// One value per field: the first statement of the whole project; figures of parts and
/// norms, and other statements, are listed as competing, and a real conflict is flagged.
fn choose(found: Vec<(Found, Provenance)>, out: &mut Recognised) {
    let mut chosen: Vec<Extracted> = Vec::new();
    for (f, from) in found {
        let e = Extracted {
            field: f.field.clone(),
            value: f.value.clone(),
            from,
            review: f.review.clone(),
            section: f.section.clone(),
        };
        if let Some(why) = f.part {
            out.competing.push(Extracted {
                review: Some(why),
                ..e
            });
            continue;
        }
        match chosen.iter_mut().find(|c| c.field == e.field) {
            None => chosen.push(e),
            Some(first) if first.value == e.value => {}
            Some(first) => {
                let note = format!(
                    "stated differently: {} (p.{} l.{}) and {} (p.{} l.{})",
                    first.value,
                    first.from.page,
                    first.from.line,
                    e.value,
                    e.from.page,
                    e.from.line
                );
                first.review = Some(match &first.review {
                    Some(r) => format!("{r}; {note}"),
                    None => note.clone(),
                });
                out.competing.push(Extracted {
                    review: Some(note),
                    ..e
                });
            }
        }
    }
    let (notes, values): (Vec<Extracted>, Vec<Extracted>) = chosen
        .into_iter()
        .partition(|v| v.field.starts_with("note:"));
    out.values = values;
    out.observations = notes
        .into_iter()
        .map(|mut v| {
            v.field = v.field.trim_start_matches("note:").to_owned();
            v
        })
        .collect();
    for c in &mut out.competing {
        c.field = c.field.trim_start_matches("note:").to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: usize, line: usize, cells: &[(f32, &str)]) -> SourceLine {
        SourceLine {
            page,
            line,
            y: 100.0 + line as f32 * 15.0,
            cells: cells
                .iter()
                .map(|(x, t)| SourceCell {
                    x: *x,
                    x_end: *x + 11.0 * t.chars().count() as f32,
                    text: (*t).to_owned(),
                })
                .collect(),
        }
    }

    fn get(r: &Recognised, f: &str) -> Option<Value> {
        r.values
            .iter()
            .find(|v| v.field == f)
            .map(|v| v.value.clone())
    }

    #[test]
    fn key_values_with_units_and_both_colons() {
        let r = recognise(&[
            line(1, 1, &[(50.0, "项目名称:苍洱雅园住宅小区")]),
            line(1, 2, &[(50.0, "总户数:1,200户")]),
            line(2, 5, &[(50.0, "视频录像保存时间:30天")]),
            line(2, 6, &[(50.0, "报警备用电源:8小时")]),
            line(2, 7, &[(50.0, "防护级别:二级")]),
            line(2, 8, &[(50.0, "监控中心面积:约0.0045万平方米")]),
            line(3, 2, &[(50.0, "天气:晴")]),
            line(3, 3, &[(50.0, "周界长度:1,250米")]),
            line(3, 4, &[(50.0, "摄像机分辨率:400万像素")]),
        ]);
        let note = |f: &str| {
            r.observations
                .iter()
                .find(|v| v.field == f)
                .map(|v| v.value.clone())
        };
        assert_eq!(note("perimeter_length_m"), Some(Value::from(1250)));
        assert_eq!(note("camera_resolution_mp"), Some(Value::from(4)));
        assert_eq!(
            get(&r, "project.name"),
            Some(Value::from("苍洱雅园住宅小区"))
        );
        assert_eq!(get(&r, "project.households"), Some(Value::from(1200)));
        assert_eq!(
            get(&r, "technical.video_storage.retention_days"),
            Some(Value::from(30))
        );
        assert_eq!(
            get(&r, "technical.alarm_system.backup_power_hours"),
            Some(Value::from(8))
        );
        assert_eq!(
            get(&r, "project.protection_level"),
            Some(Value::from("level2"))
        );
        assert_eq!(get(&r, "monitoring_centre.area_m2"), Some(Value::from(45)));
        let v = r
            .values
            .iter()
            .find(|v| v.field == "project.households")
            .map(|v| (v.from.page, v.from.line));
        assert_eq!(v, Some((1, 2)));
        assert_eq!(r.unmapped.len(), 1, "天气 is not a field: {:?}", r.unmapped);
    }

    #[test]
    fn generic_labels_take_their_field_from_the_section_heading() {
        let r = recognise(&[
            line(1, 1, &[(0.0, "五、入侵和紧急报警系统")]),
            line(1, 2, &[(0.0, "备用电源:8小时")]),
            line(1, 3, &[(0.0, "六、监控中心")]),
            line(1, 4, &[(0.0, "备用电源:4小时")]),
            line(1, 5, &[(0.0, "使用面积:36平方米")]),
            line(1, 6, &[(0.0, "七、其他")]),
            line(1, 7, &[(0.0, "备用电源:2小时")]),
        ]);
        assert_eq!(
            get(&r, "technical.alarm_system.backup_power_hours"),
            Some(Value::from(8))
        );
        assert_eq!(
            get(&r, "monitoring_centre.backup_power_hours"),
            Some(Value::from(4))
        );
        assert_eq!(get(&r, "monitoring_centre.area_m2"), Some(Value::from(36)));
        assert_eq!(r.unmapped.len(), 1, "七、其他 ends the 监控中心 section");
    }

    #[test]
    fn the_project_total_wins_over_parts_and_conflicts_are_flagged() {
        let r = recognise(&[
            line(1, 1, &[(0.0, "3号楼户数:48户")]),
            line(1, 2, &[(0.0, "总户数:240户")]),
            line(1, 3, &[(0.0, "其中一期户数120户")]),
            line(1, 4, &[(0.0, "视频录像保存时间:30天")]),
            line(1, 5, &[(0.0, "视频录像保存时间:90天")]),
        ]);
        assert_eq!(get(&r, "project.households"), Some(Value::from(240)));
        let competing: Vec<(Value, usize)> = r
            .competing
            .iter()
            .filter(|c| c.field == "project.households")
            .map(|c| (c.value.clone(), c.from.line))
            .collect();
        assert_eq!(competing, vec![(Value::from(48), 1), (Value::from(120), 3)]);
        let retention = r
            .values
            .iter()
            .find(|v| v.field.ends_with("retention_days"))
            .and_then(|v| v.review.clone())
            .unwrap_or_default();
        assert!(retention.contains("stated differently"), "{retention}");
    }

    #[test]
    fn a_wrapped_paragraph_is_read_as_one() {
        let r = recognise(&[
            line(1, 1, &[(43.0, "本项目为新建住宅小区,总户数580户,按二级防")]),
            line(1, 2, &[(43.0, "范要求设计。")]),
        ]);
        assert_eq!(
            get(&r, "project.protection_level"),
            Some(Value::from("level2"))
        );
        assert_eq!(get(&r, "project.kind"), Some(Value::from("new_build")));
    }
}
