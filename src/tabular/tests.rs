//! Reads every fixture in tests/fixtures/equipment/ (written by its make.py).

use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/equipment")
        .join(name)
}

fn read_ok(name: &str) -> EquipmentList {
    match read_equipment_list(&fixture(name)) {
        Ok(list) => list,
        Err(problems) => panic!("{name}: {problems:#?}"),
    }
}

fn read_err(name: &str) -> Vec<Problem> {
    match read_equipment_list(&fixture(name)) {
        Ok(list) => panic!("{name} should fail, read {list:#?}"),
        Err(problems) => problems,
    }
}

fn at(line: usize, column: usize) -> Option<Location> {
    Some(Location { line, column })
}

/// The same table, whatever the encoding.
fn assert_csv_list(list: &EquipmentList) {
    assert_eq!(list.sheet, None);
    assert_eq!(list.header_line, 2, "the title row is skipped");
    let names: Vec<&str> = list.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "400万网络枪机",
            "人脸识别终端",
            "可视对讲门口机",
            "网络硬盘录像机"
        ]
    );
    let quantities: Vec<Option<u32>> = list.rows.iter().map(|r| r.quantity).collect();
    assert_eq!(quantities, [Some(48), Some(12), Some(6), Some(2)]);
    let lines: Vec<usize> = list.rows.iter().map(|r| r.row.line).collect();
    assert_eq!(lines, [3, 4, 5, 7], "the blank line 6 is skipped");

    let first = &list.rows[0];
    assert_eq!(first.no.as_deref(), Some("1"));
    assert_eq!(first.model.as_deref(), Some("DS-2CD3T46"));
    assert_eq!(first.unit.as_deref(), Some("台"));
    assert_eq!(first.location.as_deref(), Some("小区周界"));
    assert_eq!(first.remark, None);
    assert_eq!(first.extra, [("单价（元）".to_owned(), "650".to_owned())]);
    assert_eq!(list.unmapped_columns, ["单价（元） (H)"]);

    // `12台` with an empty 单位 cell: 12, unit from the suffix, and a note at D4.
    let face = &list.rows[1];
    assert_eq!(face.unit.as_deref(), Some("台"));
    assert_eq!(face.remark.as_deref(), Some("含\"支架\""));
    assert_eq!(list.notes.len(), 1);
    assert_eq!(list.notes[0].0.row.line, 4);
    assert_eq!(list.notes[0].0.column, "D");
    assert!(
        list.notes[0].1.contains("read as 12 台"),
        "{:?}",
        list.notes
    );

    assert_eq!(list.rows[2].location.as_deref(), Some("单元门口, 1-6栋"));

    assert_eq!(list.skipped.len(), 1);
    assert_eq!(list.skipped[0].0.line, 8);
    assert_eq!(list.skipped[0].1, "total row (合计)");
}

#[test]
fn utf8_csv() {
    let list = read_ok("list-utf8.csv");
    assert_eq!(list.encoding.as_deref(), Some("utf-8"));
    assert_csv_list(&list);
    let bytes = std::fs::read(fixture("list-utf8.csv")).unwrap();
    assert_eq!(list.sha256, sha256_hex(&bytes));
    assert!(list.file.ends_with("list-utf8.csv"));
    assert_eq!(list.rows[0].row.to_string(), format!("{}:3", list.file));
}

#[test]
fn utf8_bom_csv() {
    let list = read_ok("list-utf8-bom.csv");
    assert_eq!(list.encoding.as_deref(), Some("utf-8-bom"));
    assert_csv_list(&list);
    assert_eq!(list.rows[0].no.as_deref(), Some("1"));
}

#[test]
fn gbk_csv() {
    let list = read_ok("list-gbk.csv");
    assert_eq!(list.encoding.as_deref(), Some("gb18030"));
    assert_csv_list(&list);
}

#[test]
fn xlsx_with_title_merged_location_floats_and_total() {
    let list = read_ok("list.xlsx");
    assert_eq!(list.encoding, None);
    assert_eq!(
        list.sheet.as_deref(),
        Some("安防设备清单"),
        "the equipment sheet, not the first"
    );
    assert_eq!(list.header_line, 2);
    let rows: Vec<(&str, Option<u32>, usize, Option<&str>)> = list
        .rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.quantity,
                r.row.line,
                r.location.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("人脸抓拍机", Some(4), 4, Some("1号门岗")),
            ("车牌识别一体机", Some(2), 5, Some("1号门岗")),
            ("车牌识别道闸一体机", Some(2), 6, Some("1号门岗")),
            ("400万网络半球", Some(48), 7, Some("地下车库")),
        ]
    );
    // 1.0 in the 序号 column reads as "1", not "1.0".
    assert_eq!(list.rows[0].no.as_deref(), Some("1"));
    assert_eq!(list.rows[1].remark.as_deref(), Some("进出各1"));
    assert_eq!(list.rows[0].row.sheet.as_deref(), Some("安防设备清单"));
    assert!(
        list.rows[0]
            .row
            .to_string()
            .ends_with("list.xlsx[安防设备清单]:4")
    );
    assert!(list.unmapped_columns.is_empty());
    let skipped: Vec<(usize, &str)> = list
        .skipped
        .iter()
        .map(|(r, why)| (r.line, why.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (3, "section heading `一、视频监控系统`"),
            (9, "total row (合计)")
        ]
    );
    let kinds: Vec<Option<EquipmentKind>> = list.rows.iter().map(|r| classify(&r.name)).collect();
    assert_eq!(
        kinds,
        [
            Some(EquipmentKind::Camera),
            Some(EquipmentKind::Camera),
            Some(EquipmentKind::VehicleBarrier),
            Some(EquipmentKind::Camera)
        ]
    );
}

#[test]
fn csv_bad_quantities_are_all_reported_at_their_cells() {
    let problems = read_err("bad-quantity.csv");
    let got: Vec<(Option<Location>, String)> = problems
        .iter()
        .map(|p| (p.location, p.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                at(3, 14),
                "column C: quantity `若干` is not a number".to_owned()
            ),
            (
                at(4, 9),
                "column C: quantity 2.5 is not a whole number".to_owned()
            ),
        ]
    );
    assert!(problems[0].file.ends_with("bad-quantity.csv"));
    assert!(
        problems[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("whole number")
    );
    // The excerpt puts the caret under 若干.
    let mut rendered = String::new();
    problems[0].render(&mut rendered).unwrap();
    assert!(
        rendered.contains("3 | 红外对射,ABT-100,若干,对"),
        "{rendered}"
    );
    assert!(
        rendered.ends_with(&format!("  | {}^\n", " ".repeat(17))),
        "{rendered}"
    );
}

#[test]
fn xlsx_bad_quantities_name_sheet_and_cell() {
    let problems = read_err("bad-quantity.xlsx");
    let got: Vec<(Option<Location>, String)> = problems
        .iter()
        .map(|p| (p.location, p.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                at(2, 4),
                "cell Equipment!D2: quantity 2.5 is not a whole number".to_owned()
            ),
            (
                at(3, 4),
                "cell Equipment!D3: quantity `many` is not a number".to_owned()
            ),
        ]
    );
    assert!(
        problems[0]
            .to_string()
            .contains("bad-quantity.xlsx:2:4: cell Equipment!D2")
    );
}

#[test]
fn missing_quantity_column_names_the_header_row() {
    let problems = read_err("missing-quantity.csv");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, at(2, 1));
    assert_eq!(
        problems[0].message,
        "the header row (row 2) has no 数量/Qty column; its columns are: 序号, 设备名称, 型号, 单位"
    );
    assert!(
        problems[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("数量/Qty")
    );
}

#[test]
fn other_extensions_are_refused_with_a_hint() {
    let xls = read_err("list.xls");
    assert_eq!(xls.len(), 1);
    assert_eq!(xls[0].location, None);
    assert!(xls[0].message.contains("is a .xls file"), "{}", xls[0]);
    assert!(
        xls[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("save it as .xlsx")
    );

    let txt = read_err("list.txt");
    assert!(txt[0].message.contains("is a .txt file"), "{}", txt[0]);
    assert!(txt[0].hint.as_deref().unwrap_or_default().contains(".csv"));
}

#[test]
fn missing_file_and_directory() {
    let p = read_err("nope.csv");
    assert_eq!(p[0].message, "no such file");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("x.csv");
    std::fs::create_dir(&d).unwrap();
    let p = read_equipment_list(&d).unwrap_err();
    assert!(p[0].message.contains("directory"));
}

fn read_text(name: &str, text: &str) -> Result<EquipmentList, Vec<Problem>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    read_equipment_list(&path)
}

#[test]
fn no_header_in_the_first_ten_rows() {
    let text = "a\n".repeat(10) + "设备名称,数量\n球机,1\n";
    let p = read_text("late.csv", &text).unwrap_err();
    assert_eq!(p[0].location, at(1, 1));
    assert!(
        p[0].message
            .starts_with("no header row found in the first 10 rows")
    );
    let p = read_text("empty.csv", "").unwrap_err();
    assert!(p[0].message.contains("empty"), "{}", p[0]);
}

#[test]
fn english_headers_tabs_and_rows_without_names() {
    let list = read_text(
        "en.csv",
        "Item\tQty\tLocation\n\
         Dome camera\t3\tLobby\n\
         \t\tnote only\n\
         NVR\t-\t\n\
         Subtotal\t3\t\n",
    )
    .unwrap();
    assert_eq!(list.rows.len(), 2);
    assert_eq!(list.rows[1].quantity, None, "`-` means no quantity");
    assert_eq!(list.skipped[0].1, "no equipment name and no quantity");
    assert_eq!(list.skipped[1].1, "total row (subtotal)");

    let p = read_text("noname.csv", "名称,数量\n,5\n").unwrap_err();
    assert_eq!(p[0].location, at(2, 1));
    assert!(p[0].message.contains("quantity but no equipment name"));
}

#[test]
fn quantities() {
    let q = |s: &str| match parse_quantity(&Value::Text(s.into())) {
        Ok(Quantity::Absent) => Ok(None),
        Ok(Quantity::Count(n)) => Ok(Some((n, None))),
        Ok(Quantity::WithUnit(n, u)) => Ok(Some((n, Some(u)))),
        Err(e) => Err(e),
    };
    assert_eq!(q("48"), Ok(Some((48, None))));
    assert_eq!(q(" 48.0 "), Ok(Some((48, None))));
    assert_eq!(q("１２"), Ok(Some((12, None))));
    assert_eq!(q("1,200"), Ok(Some((1200, None))));
    assert_eq!(q("12台"), Ok(Some((12, Some("台".into())))));
    assert_eq!(q("3 pcs"), Ok(Some((3, Some("pcs".into())))));
    assert_eq!(q("/"), Ok(None));
    assert!(q("-3").unwrap_err().contains("negative"));
    assert!(q("约10").unwrap_err().contains("not a number"));
    assert!(q("1+2").unwrap_err().contains("not a whole number"));
    assert!(q("99999999999").unwrap_err().contains("too large"));
    assert!(matches!(
        parse_quantity(&Value::Number(48.0)),
        Ok(Quantity::Count(48))
    ));
    assert!(parse_quantity(&Value::Number(0.5)).is_err());
    assert!(parse_quantity(&Value::Other("true".into())).is_err());
}

#[test]
fn helpers() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(total_word("合 计"), Some("合计"));
    assert_eq!(total_word("Grand Total"), Some("grandtotal"));
    assert_eq!(total_word("摄像机"), None);
    assert!(is_section_number("一、视频监控系统"));
    assert!(is_section_number("（二）门禁"));
    assert!(is_section_number("十"));
    assert!(!is_section_number("一体机"));
}

#[test]
fn serialises_without_absent_fields() {
    let list = read_ok("list-utf8.csv");
    let json = serde_json::to_value(&list.rows[3]).unwrap();
    assert_eq!(json["name"], "网络硬盘录像机");
    assert_eq!(json["quantity"], 2);
    assert!(json.get("remark").is_none());
    assert!(json["row"].get("sheet").is_none());
}

#[test]
fn csv_lines_survive_crlf_and_blank_lines() {
    // csv 1.4 reports the previous line after CRLF (rust-csv #395) and the blank line's number
    // for the record after it (#208); anfang counts lines itself.
    for text in [
        "名称,数量\r\n球机,1\r\n\r\n\r\n枪机,2\r\n",
        "名称,数量\n球机,1\n\n\n枪机,2",
    ] {
        let list = read_text("crlf.csv", text).unwrap();
        let lines: Vec<usize> = list.rows.iter().map(|r| r.row.line).collect();
        assert_eq!(lines, [2, 5], "{text:?}");
    }
}
