//! Recognising facts in the text of a design document: key–value lines with units, and
//! equipment tables whose cells may wrap onto a second line.

use serde::Serialize;
use serde_json::Value;

/// One line of a document, with its place.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// Page (1-based).
    pub page: usize,
    /// Line within the page (1-based).
    pub line: usize,
    /// The cells of the line (a line of running text has one), with their left x position.
    pub cells: Vec<(f32, String)>,
}

impl SourceLine {
    /// The line's text, cells joined by single spaces.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
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
    /// Key–value facts.
    pub values: Vec<Extracted>,
    /// Equipment rows.
    pub equipment: Vec<TableRow>,
    /// Key–value lines whose label is not one anfang maps, kept for the reviewer.
    pub unmapped: Vec<Provenance>,
    /// Facts about many elements at once (a perimeter's total length, the cameras'
    /// resolution): a draft cannot split them into elements, so they are noted for the reviewer.
    pub observations: Vec<Extracted>,
}

/// What a quantity is measured in, and how to turn a written unit into it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Count,
    Days,
    Hours,
    Seconds,
    SquareMetres,
    Metres,
    Megapixels,
    Level,
    Year,
}

/// Labels (Chinese and English) → submission field and value kind.
const LABELS: &[(&[&str], &str, Kind)] = &[
    (
        &["周界长度", "周界总长度", "周界总长", "perimeter length"],
        "note:perimeter_length_m",
        Kind::Metres,
    ),
    (
        &["摄像机分辨率", "摄像机像素", "camera resolution"],
        "note:camera_resolution_mp",
        Kind::Megapixels,
    ),
    (
        &[
            "项目名称",
            "工程名称",
            "小区名称",
            "project name",
            "project",
        ],
        "project.name",
        Kind::Text,
    ),
    (
        &[
            "项目地址",
            "建设地点",
            "工程地址",
            "项目位置",
            "address",
            "location of project",
        ],
        "project.address",
        Kind::Text,
    ),
    (
        &["建设单位", "开发单位", "developer"],
        "project.developer",
        Kind::Text,
    ),
    (
        &["设计单位", "designer", "design institute"],
        "project.designer",
        Kind::Text,
    ),
    (
        &["施工单位", "安装单位", "installer", "contractor"],
        "project.installer",
        Kind::Text,
    ),
    (
        &[
            "物业服务企业",
            "物业公司",
            "物业管理单位",
            "property manager",
        ],
        "project.property_manager",
        Kind::Text,
    ),
    (
        &["总户数", "户数", "住户数", "households"],
        "project.households",
        Kind::Count,
    ),
    (
        &["楼栋数", "栋数", "住宅楼栋数", "buildings"],
        "project.buildings",
        Kind::Count,
    ),
    (
        &["总建筑面积", "建筑面积", "floor area"],
        "project.floor_area_m2",
        Kind::SquareMetres,
    ),
    (
        &["总用地面积", "用地面积", "占地面积", "site area"],
        "project.site_area_m2",
        Kind::SquareMetres,
    ),
    (
        &["机动车停车位", "停车位", "parking spaces"],
        "project.parking_spaces",
        Kind::Count,
    ),
    (
        &["建成年代", "建成年份", "竣工年份", "year built"],
        "project.year_built",
        Kind::Year,
    ),
    (
        &["防护级别", "防范级别", "安全防范级别", "protection level"],
        "project.protection_level",
        Kind::Level,
    ),
    (
        &[
            "视频录像保存时间",
            "录像保存时间",
            "录像保存天数",
            "录像存储时间",
            "视频存储时间",
            "video retention",
        ],
        "technical.video_storage.retention_days",
        Kind::Days,
    ),
    (
        &["存储容量", "录像存储容量", "storage capacity"],
        "technical.video_storage.capacity_tb",
        Kind::Text,
    ),
    (
        &[
            "报警系统备用电源",
            "报警备用电源",
            "报警主机备用电源",
            "alarm backup power",
        ],
        "technical.alarm_system.backup_power_hours",
        Kind::Hours,
    ),
    (
        &["报警响应时间", "alarm response time"],
        "technical.alarm_system.response_time_s",
        Kind::Seconds,
    ),
    (
        &[
            "监控中心面积",
            "监控中心使用面积",
            "control room area",
            "monitoring centre area",
        ],
        "monitoring_centre.area_m2",
        Kind::SquareMetres,
    ),
    (
        &["监控中心备用电源", "监控中心ups", "centre backup power"],
        "monitoring_centre.backup_power_hours",
        Kind::Hours,
    ),
    (
        &[
            "监控中心值班人数",
            "监控室每班值班人数",
            "每班值班人数",
            "值班人数",
            "operators per shift",
        ],
        "staffing.control_room_operators_per_shift",
        Kind::Count,
    ),
    (
        &["保安总人数", "保安人数", "安保人员", "guards"],
        "staffing.guards_total",
        Kind::Count,
    ),
    (
        &["每班保安人数", "guards per shift"],
        "staffing.guards_per_shift",
        Kind::Count,
    ),
    (
        &["网格员", "grid workers"],
        "staffing.grid_workers",
        Kind::Count,
    ),
    (
        &["日志保存时间", "日志留存时间", "log retention"],
        "network.log_retention_months",
        Kind::Text,
    ),
];

/// Subsystem sections of a design document, recognised by keywords in their headings.
const SECTIONS: &[(&str, &[&str])] = &[
    ("video", &["视频监控", "视频安防", "监控系统", "video"]),
    ("access", &["出入口控制", "门禁", "access control"]),
    (
        "alarm",
        &["入侵", "紧急报警", "报警系统", "周界报警", "alarm"],
    ),
    (
        "centre",
        &[
            "监控中心",
            "控制中心",
            "安防控制室",
            "monitoring centre",
            "control room",
        ],
    ),
    (
        "staffing",
        &["人防", "人员配置", "保安", "值班", "staffing"],
    ),
    ("patrol", &["电子巡查", "巡更", "patrol"]),
    ("intercom", &["楼寓对讲", "可视对讲", "intercom"]),
];

/// Generic labels whose field depends on the section they stand in.
const SECTION_LABELS: &[(&str, &[&str], &str, Kind)] = &[
    (
        "video",
        &["保存时间", "存储时间", "录像保存", "retention"],
        "technical.video_storage.retention_days",
        Kind::Days,
    ),
    (
        "alarm",
        &["备用电源", "备用电源时间", "backup power"],
        "technical.alarm_system.backup_power_hours",
        Kind::Hours,
    ),
    (
        "alarm",
        &["响应时间", "response time"],
        "technical.alarm_system.response_time_s",
        Kind::Seconds,
    ),
    (
        "centre",
        &["备用电源", "备用电源时间", "backup power"],
        "monitoring_centre.backup_power_hours",
        Kind::Hours,
    ),
    (
        "centre",
        &["面积", "使用面积", "area"],
        "monitoring_centre.area_m2",
        Kind::SquareMetres,
    ),
    (
        "centre",
        &["值班人数", "每班人数", "operators"],
        "staffing.control_room_operators_per_shift",
        Kind::Count,
    ),
];

/// For a heading line (numbered 一、 / 3. / 3.2, short, without a colon): the subsystem section
/// it opens, or `Some(None)` for a heading of no known subsystem (which ends the previous one).
fn section_of(text: &str) -> Option<Option<&'static str>> {
    let t = text.trim();
    if t.contains(['：', ':']) || t.chars().count() > 30 {
        return None;
    }
    let numbered = t.starts_with([
        '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '第',
    ]) || t.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !numbered {
        return None;
    }
    let lower = t.to_lowercase();
    Some(
        SECTIONS
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| lower.contains(k)))
            .map(|(id, _)| *id),
    )
}

fn normalise_label(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '（' | '）' | '(' | ')' | '*' | '●' | '·' | '-' | '—')
        })
        .collect::<String>()
        .to_lowercase()
}

/// Splits `label：value` (full- or half-width colon); the label may carry a numbering prefix.
fn split_key_value(text: &str) -> Option<(String, String)> {
    let i = text.find(['：', ':'])?;
    let label = text.get(..i)?;
    let colon_len = text.get(i..)?.chars().next()?.len_utf8();
    let value = text.get(i + colon_len..)?.trim();
    let label = label.trim().trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '.' | '、'
                    | '（'
                    | '）'
                    | '('
                    | ')'
                    | ' '
                    | '一'
                    | '二'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
            )
    });
    if label.is_empty() || value.is_empty() || label.chars().count() > 24 {
        return None;
    }
    Some((label.to_owned(), value.to_owned()))
}

/// A number at the start of `s` (commas and full-width digits allowed), with the rest.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let s = s.trim_start();
    let mut end = 0;
    let mut digits = String::new();
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' {
            digits.push(c);
        } else if c == ',' || c == '，' {
            // thousands separator
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    let n: f64 = digits.parse().ok()?;
    Some((n, s.get(end..).unwrap_or("").trim_start()))
}

fn level_of(v: &str) -> Option<&'static str> {
    let v = v.trim();
    if v.starts_with("一级")
        || v.eq_ignore_ascii_case("level1")
        || v.eq_ignore_ascii_case("level 1")
    {
        Some("level1")
    } else if v.starts_with("二级")
        || v.eq_ignore_ascii_case("level2")
        || v.eq_ignore_ascii_case("level 2")
    {
        Some("level2")
    } else if v.starts_with("三级")
        || v.eq_ignore_ascii_case("level3")
        || v.eq_ignore_ascii_case("level 3")
    {
        Some("level3")
    } else {
        None
    }
}

/// Converts a written value into the field's unit; `Err` says why it needs review.
fn convert(kind: Kind, raw: &str) -> Result<(Value, Option<String>), String> {
    if kind == Kind::Text {
        return Ok((
            Value::String(raw.trim_end_matches(['。', '；', ';']).to_owned()),
            None,
        ));
    }
    if kind == Kind::Level {
        return level_of(raw)
            .map(|l| (Value::from(l), None))
            .ok_or_else(|| format!("“{raw}” is not a protection level (一级/二级/三级)"));
    }
    // A qualifier before the number: "约" (about) and bounds ("不少于", "≥", "≤") are read as
    // the figure, flagged for review.
    let mut qualifier = None;
    let mut raw = raw.trim();
    for q in [
        "约",
        "大约",
        "不少于",
        "不低于",
        "不小于",
        "不超过",
        "不大于",
        "≥",
        "≤",
        ">=",
        "<=",
        "＞",
        "＜",
        ">",
        "<",
        "~",
        "≈",
    ] {
        if let Some(rest) = raw.strip_prefix(q) {
            qualifier = Some(format!("written “{q}…”: check the exact figure"));
            raw = rest.trim_start();
            break;
        }
    }
    let (n, rest) = leading_number(raw).ok_or_else(|| format!("no number in “{raw}”"))?;
    let unit = rest
        .trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .to_lowercase();
    let (n, unit) = match unit.strip_prefix('万') {
        Some(u) if !u.starts_with("像素") => (n * 10_000.0, u.to_owned()),
        _ => (n, unit),
    };
    let unit = unit.as_str();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| unit.starts_with(p));
    let (value, review): (f64, Option<String>) = match kind {
        Kind::Count | Kind::Year => (
            n,
            (!unit.is_empty()
                && !starts(&[
                    "户",
                    "个",
                    "栋",
                    "幢",
                    "人",
                    "名",
                    "辆",
                    "位",
                    "年",
                    "households",
                    "persons",
                ]))
            .then(|| format!("unexpected unit “{unit}”")),
        ),
        Kind::Days if starts(&["天", "日", "d"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as days".to_owned()),
        ),
        Kind::Days if starts(&["个月", "月"]) => (
            n * 30.0,
            Some("converted from months (30 days each)".into()),
        ),
        Kind::Hours if starts(&["小时", "h", "hour"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as hours".to_owned()),
        ),
        Kind::Hours if starts(&["分钟", "min"]) => {
            (n / 60.0, Some("converted from minutes".into()))
        }
        Kind::Seconds if starts(&["秒", "s"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as seconds".to_owned()),
        ),
        Kind::Seconds if starts(&["分钟", "min"]) => {
            (n * 60.0, Some("converted from minutes".into()))
        }
        Kind::SquareMetres if starts(&["平方米", "㎡", "m2", "m²", "平米"]) || unit.is_empty() => {
            (
                n,
                unit.is_empty()
                    .then(|| "no unit given; read as m²".to_owned()),
            )
        }
        Kind::Metres if starts(&["米", "m"]) || unit.is_empty() => (n, None),
        Kind::Metres if starts(&["公里", "km"]) => {
            (n * 1000.0, Some("converted from kilometres".into()))
        }
        Kind::Megapixels if starts(&["万像素"]) => (n / 100.0, None),
        Kind::Megapixels if starts(&["mp", "百万像素", "megapixel"]) => (n, None),
        _ => return Err(format!("unit “{unit}” does not fit the field")),
    };
    let v = if value.fract() == 0.0 {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    };
    Ok((v, qualifier.or(review)))
}

/// The known equipment-table columns.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Number,
    Name,
    Model,
    Quantity,
    Unit,
    Location,
    Remark,
}

fn column_of(header: &str) -> Option<Column> {
    let h = normalise_label(header);
    let h = h.as_str();
    Some(match h {
        _ if h.starts_with("序号") || h == "no." || h == "no" || h == "#" => Column::Number,
        _ if h.contains("设备名称")
            || h == "名称"
            || h == "设备"
            || h == "name"
            || h == "equipment"
            || h == "item" =>
        {
            Column::Name
        }
        _ if h.contains("型号") || h.contains("规格") || h == "model" => Column::Model,
        _ if h.starts_with("数量") || h == "qty" || h == "quantity" => Column::Quantity,
        _ if h == "单位" || h == "unit" => Column::Unit,
        _ if h.contains("安装位置") || h == "位置" || h == "location" => Column::Location,
        _ if h.contains("备注") || h == "remarks" || h == "remark" => Column::Remark,
        _ => return None,
    })
}

/// Recognises facts and equipment tables in document lines.
pub fn recognise(lines: &[SourceLine]) -> Recognised {
    let mut out = Recognised::default();
    let mut table: Option<Table> = None;
    let mut section: Option<&'static str> = None;
    for (index, l) in lines.iter().enumerate() {
        let text = l.text();
        let from = Provenance {
            page: l.page,
            line: l.line,
            text: text.clone(),
        };
        if let Some(t) = table.as_mut() {
            if t.take(index, l, &from, &mut out.equipment) {
                continue;
            }
            t.flush(&mut out.equipment);
            table = None;
        }
        let header: Vec<(f32, Column)> = l
            .cells
            .iter()
            .filter_map(|(x, t)| column_of(t).map(|c| (*x, c)))
            .collect();
        if header.len() >= 3
            && header.iter().any(|(_, c)| *c == Column::Name)
            && header.len() * 2 >= l.cells.len()
        {
            table = Some(Table {
                cols: header,
                last_row: None,
                pending: Vec::new(),
                centred: None,
            });
            continue;
        }
        if let Some(id) = section_of(&text) {
            section = id;
            continue;
        }
        if let Some((label, value)) = split_key_value(&text) {
            let key = normalise_label(&label);
            let mut in_section = None;
            let found = LABELS
                .iter()
                .find(|(names, _, _)| names.iter().any(|n| normalise_label(n) == key))
                .map(|(_, f, k)| (*f, *k))
                .or_else(|| {
                    let current = section?;
                    let hit = SECTION_LABELS.iter().find(|(sec, names, _, _)| {
                        *sec == current && names.iter().any(|n| normalise_label(n) == key)
                    })?;
                    in_section = Some(current.to_owned());
                    Some((hit.2, hit.3))
                });
            match found {
                Some((field, kind)) => match convert(kind, &value) {
                    Ok((v, review)) => out.values.push(Extracted {
                        field: field.to_owned(),
                        value: v,
                        from,
                        review,
                        section: in_section,
                    }),
                    Err(why) => out.values.push(Extracted {
                        field: field.to_owned(),
                        value: Value::String(value),
                        from,
                        review: Some(why),
                        section: in_section,
                    }),
                },
                None => out.unmapped.push(from),
            }
        }
    }
    if let Some(t) = table.as_mut() {
        t.flush(&mut out.equipment);
    }
    // A later statement of the same field wins, and the conflict is flagged.
    let mut seen: Vec<Extracted> = Vec::new();
    for v in out.values {
        if let Some(prev) = seen.iter_mut().find(|p| p.field == v.field) {
            if prev.value != v.value {
                let note = format!(
                    "stated twice: {} (p.{} l.{}) and {} (p.{} l.{})",
                    prev.value, prev.from.page, prev.from.line, v.value, v.from.page, v.from.line
                );
                *prev = Extracted {
                    review: Some(note),
                    ..v
                };
            }
        } else {
            seen.push(v);
        }
    }
    let (notes, values): (Vec<Extracted>, Vec<Extracted>) =
        seen.into_iter().partition(|v| v.field.starts_with("note:"));
    out.values = values;
    out.observations = notes
        .into_iter()
        .map(|mut v| {
            v.field = v.field.trim_start_matches("note:").to_owned();
            v
        })
        .collect();
    out
}

/// An equipment table being read. Cells that wrap put fragments on lines without a row
/// number: below the numbered line (top-aligned cells, LibreOffice) or above it too
/// (vertically centred cells, browsers). A fragment joins the nearer numbered row; a tie goes to
/// the row above.
struct Table {
    cols: Vec<(f32, Column)>,
    /// Index (in the document's lines) of the last numbered row, if any.
    last_row: Option<usize>,
    /// Fragments waiting for the next numbered row: (line index, line, provenance).
    pending: Vec<(usize, SourceLine, Provenance)>,
    /// Whether cells are vertically centred (fragments stood between the header and the first
    /// row); top-aligned tables send every fragment to the row above.
    centred: Option<bool>,
}

impl Table {
    /// The column whose heading stands nearest to `x` (headings may be centred over their
    /// column, so a left edge is not reliable).
    fn column_at(&self, x: f32) -> Option<Column> {
        self.cols
            .iter()
            .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
            .map(|(_, c)| *c)
    }

    /// Takes a line if it belongs to the table.
    fn take(
        &mut self,
        index: usize,
        l: &SourceLine,
        from: &Provenance,
        rows: &mut Vec<TableRow>,
    ) -> bool {
        let first_is_number = l.cells.first().is_some_and(|(_, t)| {
            !t.trim().is_empty() && t.trim().chars().all(|c| c.is_ascii_digit())
        });
        if first_is_number && l.cells.len() >= 3 {
            let mut row = TableRow {
                name: String::new(),
                model: None,
                quantity: None,
                unit: None,
                location: None,
                remark: None,
                from: from.clone(),
                review: None,
            };
            for (x, t) in &l.cells {
                set_cell(&mut row, self.column_at(*x), t, Place::Replace);
            }
            let pending = std::mem::take(&mut self.pending);
            let centred = *self.centred.get_or_insert(!pending.is_empty());
            let mut before: Vec<(SourceLine, Provenance)> = Vec::new();
            for (i, frag, p) in pending {
                let to_previous = self
                    .last_row
                    .is_some_and(|prev| !centred || i - prev <= index - i);
                if to_previous {
                    if let Some(prev) = rows.last_mut() {
                        self.append(prev, &frag, &p);
                    }
                } else {
                    before.push((frag, p));
                }
            }
            // Fragments above the numbered line come first in their cells.
            for (frag, p) in before.iter().rev() {
                for (x, t) in &frag.cells {
                    set_cell(&mut row, self.column_at(*x), t, Place::Prepend);
                }
                row.from.text = format!("{}\n{}", p.text, row.from.text);
            }
            rows.push(row);
            self.last_row = Some(index);
            return true;
        }
        let is_heading = l.cells.len() == 1
            && l.cells.first().is_some_and(|(_, t)| {
                t.contains('：')
                    || t.contains(':')
                    || t.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
            });
        if l.cells.len() < self.cols.len() && !is_heading {
            self.pending.push((index, l.clone(), from.clone()));
            return true;
        }
        false
    }

    fn append(&self, row: &mut TableRow, frag: &SourceLine, p: &Provenance) {
        for (x, t) in &frag.cells {
            set_cell(row, self.column_at(*x), t, Place::Append);
        }
        row.from.text.push('\n');
        row.from.text.push_str(&p.text);
    }

    /// At the end of the table, waiting fragments belong to the last row.
    fn flush(&mut self, rows: &mut [TableRow]) {
        let pending = std::mem::take(&mut self.pending);
        if let Some(last) = rows.last_mut() {
            for (_, frag, p) in &pending {
                self.append(last, frag, p);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Replace,
    Append,
    Prepend,
}

fn set_cell(row: &mut TableRow, column: Option<Column>, text: &str, place: Place) {
    let text = text.trim();
    let put = |slot: &mut Option<String>| match (slot.as_mut(), place) {
        (Some(s), Place::Append) => s.push_str(text),
        (Some(s), Place::Prepend) => s.insert_str(0, text),
        _ => *slot = Some(text.to_owned()),
    };
    match column {
        Some(Column::Name) => match place {
            Place::Append => row.name.push_str(text),
            Place::Prepend => row.name.insert_str(0, text),
            Place::Replace => row.name = text.to_owned(),
        },
        Some(Column::Model) => put(&mut row.model),
        Some(Column::Unit) => put(&mut row.unit),
        Some(Column::Location) => put(&mut row.location),
        Some(Column::Remark) => put(&mut row.remark),
        Some(Column::Quantity) => match leading_number(text) {
            Some((n, _)) if n.fract() == 0.0 && (0.0..1e9).contains(&n) => {
                row.quantity = Some(n as u32)
            }
            _ => row.review = Some(format!("quantity “{text}” is not a whole number")),
        },
        Some(Column::Number) | None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: usize, line: usize, cells: &[(f32, &str)]) -> SourceLine {
        SourceLine {
            page,
            line,
            cells: cells.iter().map(|(x, t)| (*x, (*t).to_owned())).collect(),
        }
    }

    #[test]
    fn key_values_with_units_and_both_colons() {
        let r = recognise(&[
            line(1, 1, &[(50.0, "项目名称：苍洱雅园住宅小区")]),
            line(1, 2, &[(50.0, "总户数：1,200户")]),
            line(2, 5, &[(50.0, "视频录像保存时间:30天")]),
            line(2, 6, &[(50.0, "报警备用电源：8小时")]),
            line(2, 7, &[(50.0, "防护级别：二级")]),
            line(2, 8, &[(50.0, "监控中心面积：约0.0045万平方米")]),
            line(3, 1, &[(50.0, "Video retention: 30 d")]),
            line(3, 2, &[(50.0, "天气：晴")]),
            line(3, 3, &[(50.0, "周界长度：1,250米")]),
            line(3, 4, &[(50.0, "摄像机分辨率：400万像素")]),
        ]);
        let note = |f: &str| {
            r.observations
                .iter()
                .find(|v| v.field == f)
                .map(|v| v.value.clone())
        };
        assert_eq!(note("perimeter_length_m"), Some(Value::from(1250)));
        assert_eq!(note("camera_resolution_mp"), Some(Value::from(4)));
        let get = |f: &str| {
            r.values
                .iter()
                .find(|v| v.field == f)
                .map(|v| v.value.clone())
        };
        assert_eq!(get("project.name"), Some(Value::from("苍洱雅园住宅小区")));
        assert_eq!(get("project.households"), Some(Value::from(1200)));
        assert_eq!(
            get("technical.video_storage.retention_days"),
            Some(Value::from(30))
        );
        assert_eq!(
            get("technical.alarm_system.backup_power_hours"),
            Some(Value::from(8))
        );
        assert_eq!(get("project.protection_level"), Some(Value::from("level2")));
        assert_eq!(get("monitoring_centre.area_m2"), Some(Value::from(45)));
        assert!(
            r.values
                .iter()
                .any(|v| v.field == "monitoring_centre.area_m2"
                    && v.review.as_deref().is_some_and(|w| w.contains("约")))
        );
        let v = r
            .values
            .iter()
            .find(|v| v.field == "project.households")
            .map(|v| v.from.clone());
        assert_eq!(v.map(|p| (p.page, p.line)), Some((1, 2)));
        assert_eq!(r.unmapped.len(), 1, "天气 is not a field");
    }

    #[test]
    fn generic_labels_take_their_field_from_the_section_heading() {
        let r = recognise(&[
            line(1, 1, &[(0.0, "五、入侵和紧急报警系统")]),
            line(1, 2, &[(0.0, "备用电源：8小时")]),
            line(1, 3, &[(0.0, "六、监控中心")]),
            line(1, 4, &[(0.0, "备用电源：4小时")]),
            line(1, 5, &[(0.0, "使用面积：36平方米")]),
            line(1, 6, &[(0.0, "七、其他")]),
            line(1, 7, &[(0.0, "备用电源：2小时")]),
        ]);
        let get = |f: &str| {
            r.values
                .iter()
                .find(|v| v.field == f)
                .map(|v| (v.value.clone(), v.section.clone()))
        };
        assert_eq!(
            get("technical.alarm_system.backup_power_hours"),
            Some((Value::from(8), Some("alarm".into())))
        );
        assert_eq!(
            get("monitoring_centre.backup_power_hours"),
            Some((Value::from(4), Some("centre".into())))
        );
        assert_eq!(
            get("monitoring_centre.area_m2"),
            Some((Value::from(36), Some("centre".into())))
        );
        assert_eq!(
            r.unmapped.len(),
            1,
            "七、其他 ends the 监控中心 section: its 备用电源 has no field"
        );
    }

    #[test]
    fn a_wrong_unit_or_a_conflict_is_flagged_for_review() {
        let r = recognise(&[
            line(1, 1, &[(0.0, "视频录像保存时间：30小时")]),
            line(1, 2, &[(0.0, "户数：120户")]),
            line(1, 3, &[(0.0, "户数：130户")]),
        ]);
        assert!(
            r.values
                .iter()
                .any(|v| v.field.ends_with("retention_days") && v.review.is_some())
        );
        let h = r
            .values
            .iter()
            .find(|v| v.field == "project.households")
            .and_then(|v| v.review.clone())
            .unwrap_or_default();
        assert!(h.contains("stated twice"), "{h}");
    }

    #[test]
    fn equipment_table_with_wrapped_cells() {
        let r = recognise(&[
            line(
                4,
                1,
                &[
                    (50.0, "序号"),
                    (90.0, "设备名称"),
                    (200.0, "型号"),
                    (300.0, "数量"),
                    (340.0, "单位"),
                    (380.0, "安装位置"),
                ],
            ),
            line(
                4,
                2,
                &[
                    (52.0, "1"),
                    (90.0, "高清网络摄像机"),
                    (200.0, "DS-2CD3T47"),
                    (300.0, "48"),
                    (340.0, "台"),
                    (380.0, "小区周界及出入"),
                ],
            ),
            line(4, 3, &[(380.0, "口")]),
            line(4, 4, &[(90.0, "(枪式)")]),
            line(
                4,
                5,
                &[
                    (52.0, "2"),
                    (90.0, "人脸识别门禁终"),
                    (200.0, "MV-FR200"),
                    (300.0, "12"),
                    (340.0, "台"),
                    (380.0, "各单元门厅"),
                ],
            ),
            line(4, 5, &[(90.0, "端")]),
            line(4, 6, &[(50.0, "五、出入口控制系统")]),
            line(4, 7, &[(50.0, "户数：300户")]),
        ]);
        assert_eq!(r.equipment.len(), 2);
        let first = &r.equipment[0];
        assert_eq!(
            (
                first.name.as_str(),
                first.quantity,
                first.location.as_deref()
            ),
            ("高清网络摄像机(枪式)", Some(48), Some("小区周界及出入口"))
        );
        assert_eq!(r.equipment[1].name, "人脸识别门禁终端");
        assert_eq!((first.from.page, first.from.line), (4, 2));
        assert_eq!(
            r.values.len(),
            1,
            "the table ended at the heading; the key-value line after it is read"
        );
    }

    #[test]
    fn vertically_centred_cells_from_a_browser_join_the_nearer_row() {
        let r = recognise(&[
            line(
                1,
                32,
                &[
                    (91.0, "序号"),
                    (131.0, "设备名称"),
                    (214.0, "型号"),
                    (270.0, "数量"),
                    (305.0, "单位"),
                    (345.0, "安装位置"),
                ],
            ),
            line(2, 1, &[(126.0, "高清网络摄")]),
            line(2, 2, &[(340.0, "小区周界及")]),
            line(
                2,
                3,
                &[
                    (91.0, "1"),
                    (126.0, "像机(枪"),
                    (194.0, "DS-2CD3T47"),
                    (270.0, "48"),
                    (305.0, "台"),
                ],
            ),
            line(2, 4, &[(340.0, "出入口")]),
            line(2, 5, &[(126.0, "式)")]),
            line(2, 6, &[(126.0, "人脸识别门")]),
            line(
                2,
                7,
                &[
                    (91.0, "2"),
                    (194.0, "MV-FR200"),
                    (270.0, "12"),
                    (305.0, "台"),
                    (340.0, "各单元门厅"),
                ],
            ),
            line(2, 8, &[(126.0, "禁终端")]),
        ]);
        let names: Vec<(&str, Option<&str>)> = r
            .equipment
            .iter()
            .map(|e| (e.name.as_str(), e.location.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("高清网络摄像机(枪式)", Some("小区周界及出入口")),
                ("人脸识别门禁终端", Some("各单元门厅"))
            ]
        );
    }
}
