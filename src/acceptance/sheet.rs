//! The checklist as a fillable spreadsheet (CSV or XLSX) and its columns.
//!
//! The layout: a title row, three rows naming the project, the approved design with its
//! SHA-256 and the standard, a blank row, the header row, then one row per item. Columns the
//! inspector fills come after the ones anfang fills. Reading back finds the header row by its
//! texts, so an inspector may insert rows above it, and rows without an id are devices found
//! on site that the design does not have (实装新增).

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError,
};

use super::checklist::{Checklist, Item};
use crate::i18n::Lang;

/// A column of the sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Key (also the English header).
    pub key: &'static str,
    /// Chinese header.
    pub zh: &'static str,
    /// English header.
    pub en: &'static str,
    /// The inspector fills it.
    pub filled: bool,
    /// Width in characters (XLSX).
    pub width: f64,
}

const fn col(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    filled: bool,
    width: f64,
) -> Column {
    Column {
        key,
        zh,
        en,
        filled,
        width,
    }
}

/// The columns, in order.
pub const COLUMNS: &[Column] = &[
    col("no", "序号", "No.", false, 5.0),
    col("id", "编号", "Item id", false, 7.0),
    col("part", "部分", "Part", false, 9.0),
    col("item", "核查项目", "Item", false, 34.0),
    col("device", "设备类型", "Device", false, 14.0),
    col("location", "位置", "Location", false, 18.0),
    col("model", "设计型号", "Design model", false, 18.0),
    col("designed", "设计数量", "Designed qty", false, 8.0),
    col("sample", "抽样数量", "Sample", false, 8.0),
    col(
        "retest_sample",
        "复检抽样数量",
        "Re-test sample",
        false,
        8.0,
    ),
    col("requirement", "要求", "Requirement", false, 22.0),
    col("basis", "依据", "Basis", false, 18.0),
    col("method", "检查方法", "Method", false, 22.0),
    col("installed", "实装数量", "Installed qty", true, 8.0),
    col("as_built_model", "实装型号", "As-built model", true, 16.0),
    col(
        "as_built_location",
        "实装位置",
        "As-built location",
        true,
        14.0,
    ),
    col("measured", "实测值", "Measured", true, 10.0),
    col("sampled", "实际抽检数", "Sampled", true, 8.0),
    col("failed", "抽检不合格数", "Failed in sample", true, 8.0),
    col("retest_sampled", "复检数", "Re-tested", true, 8.0),
    col(
        "retest_failed",
        "复检不合格数",
        "Failed in re-test",
        true,
        8.0,
    ),
    col("result", "结果", "Result", true, 8.0),
    col("remarks", "备注", "Remarks", true, 20.0),
];

/// The header text of a column in the sheet's language (`序号`, `No.`); reading back accepts
/// either, and the bilingual `序号 / No.` of earlier sheets.
pub fn header(c: &Column, lang: Lang) -> String {
    match lang {
        Lang::Zh => c.zh.to_owned(),
        Lang::En => c.en.to_owned(),
    }
}

/// Which column a header cell names, by its Chinese or English text.
pub fn column_of(cell: &str) -> Option<&'static Column> {
    let t = cell.trim();
    let zh = t.split('/').next().unwrap_or("").trim();
    COLUMNS.iter().find(|c| {
        zh == c.zh
            || t.eq_ignore_ascii_case(c.en)
            || t.eq_ignore_ascii_case(c.key)
            || t.rsplit('/')
                .next()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(c.en))
    })
}

/// The label the checklist's meta row naming the design starts with, by language; reading back
/// looks for either.
pub fn design_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "设计文件",
        Lang::En => "Approved design",
    }
}
/// The label of the SHA-256 cell.
pub const SHA_LABEL: &str = "SHA-256";

fn cells(item: &Item, lang: Lang) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        item.no.to_string(),
        item.id.clone(),
        item.part.label().get(lang).to_owned(),
        if item.mandatory {
            format!("★ {}", item.item.get(lang))
        } else {
            item.item.get(lang).to_owned()
        },
        item.device_type
            .as_ref()
            .map(|t| t.get(lang).to_owned())
            .or_else(|| item.device_kind.map(|k| k.label().get(lang).to_owned()))
            .unwrap_or_default(),
        item.location_name.clone().unwrap_or_default(),
        item.model.clone().unwrap_or_default(),
        opt(item.designed_quantity),
        opt(item.sample),
        opt(item.retest_sample),
        item.requirement.get(lang).to_owned(),
        if item.rules.is_empty() {
            item.clause_label.get(lang).to_owned()
        } else if lang == Lang::Zh {
            format!("{}（{}）", item.rules.join("、"), item.clause_label.zh)
        } else {
            format!("{} ({})", item.rules.join(", "), item.clause_label.en)
        },
        item.method.get(lang).to_owned(),
    ]
}

/// The sheet's title.
fn sheet_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "现场核查表",
        Lang::En => "On-site acceptance checklist",
    }
}

/// How to fill the sheet in, in its language.
fn instructions(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "填写说明：在“结果”栏填写 合格、不合格 或 不适用，未核查的留空；★ 为强制性条文项目，不得填写不适用；设计外新增的设备在表末加行，编号留空。"
        }
        Lang::En => {
            "How to fill in: write pass, fail or n/a under Result and leave unchecked rows empty; ★ marks mandatory items, which cannot be n/a; add a row with an empty id for each device found that the design does not have."
        }
    }
}

fn meta_rows(checklist: &Checklist, lang: Lang) -> Vec<Vec<String>> {
    let project = |k: &str| {
        checklist
            .project
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let zh = lang == Lang::Zh;
    vec![
        vec![sheet_title(lang).into()],
        vec![
            if zh { "项目" } else { "Project" }.into(),
            project("name"),
            project("id"),
        ],
        vec![
            design_label(lang).into(),
            crate::report::words::file_name(&checklist.design.path),
            SHA_LABEL.into(),
            checklist.design.sha256.clone(),
        ],
        vec![
            if zh { "标准" } else { "Standard" }.into(),
            format!("{} {}", checklist.standard.id, checklist.standard.edition),
            SHA_LABEL.into(),
            checklist.standard.sha256.clone(),
        ],
        vec![instructions(lang).into()],
    ]
}

/// The checklist as CSV (UTF-8 with a byte-order mark, which Excel and WPS open correctly).
pub fn to_csv(checklist: &Checklist, lang: Lang) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let e = |e: csv::Error| e.to_string();
    let safe = |row: &[String]| -> Vec<String> {
        row.iter()
            .map(|c| crate::sanitize::csv_cell(c).into_owned())
            .collect()
    };
    for row in meta_rows(checklist, lang) {
        w.write_record(safe(&row)).map_err(e)?;
    }
    w.write_record([""]).map_err(e)?;
    w.write_record(COLUMNS.iter().map(|c| header(c, lang)))
        .map_err(e)?;
    for item in &checklist.items {
        let mut row = cells(item, lang);
        row.resize(COLUMNS.len(), String::new());
        w.write_record(safe(&row)).map_err(e)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The checklist as an XLSX workbook: frozen header, wrapped text, the result column limited
/// to 合格 / 不合格 / 不适用, printed landscape with the header repeated on every page.
/// The bytes are the same for the same checklist (fixed document date).
pub fn to_xlsx(checklist: &Checklist, lang: Lang) -> Result<Vec<u8>, String> {
    to_xlsx_inner(checklist, lang).map_err(|e| e.to_string())
}

fn to_xlsx_inner(checklist: &Checklist, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(sheet_title(lang))
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xDDE4EE);
    let head_filled = head.clone().set_background_color(0xFFF2CC);
    let body = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let input = body.clone().set_background_color(0xFFFBEA).set_unlocked();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_title(lang).chars().take(31).collect::<String>())?;
    sheet.set_landscape();
    let meta = meta_rows(checklist, lang);
    for (r, row) in meta.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let f = if r == 0 {
                &title
            } else if c % 2 == 0 {
                &bold
            } else {
                &body
            };
            sheet.write_string_with_format(r as u32, c as u16, text, f)?;
        }
    }
    let header_row = (meta.len() + 1) as u32;
    for (c, column) in COLUMNS.iter().enumerate() {
        let f = if column.filled { &head_filled } else { &head };
        sheet.write_string_with_format(header_row, c as u16, header(column, lang), f)?;
        sheet.set_column_width(c as u16, column.width)?;
    }
    for (i, item) in checklist.items.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let row = cells(item, lang);
        for (c, column) in COLUMNS.iter().enumerate() {
            let text = row.get(c).map_or("", String::as_str);
            let f = if column.filled { &input } else { &body };
            sheet.write_string_with_format(r, c as u16, text, f)?;
        }
    }
    if let Some(result) = COLUMNS.iter().position(|c| c.key == "result") {
        let last = header_row + checklist.items.len().max(1) as u32 + 200;
        let validation = DataValidation::new()
            .allow_list_strings(match lang {
                Lang::Zh => &["合格", "不合格", "不适用"],
                Lang::En => &["pass", "fail", "n/a"],
            })?
            .ignore_blank(true);
        sheet.add_data_validation(
            header_row + 1,
            result as u16,
            last,
            result as u16,
            &validation,
        )?;
    }
    sheet.set_freeze_panes(header_row + 1, 2)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    workbook.save_to_buffer()
}
