//! The hostile inputs of issue 14, written into a folder: workbooks that inflate to gigabytes
//! or declare absurd sizes, tables of a million rows, submissions that make messages explode,
//! attachments outside the submission's folder and a FIFO. `write_all` is the script; each file
//! is described where it is made. Nothing here is read back from anfang: every file is built
//! from its own description.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{Compress, Compression, FlushCompress};
use serde_json::{Value, json};

/// One file of a zip archive, already compressed.
struct Entry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u64,
}

fn deflate_chunk(compress: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2 + 1024);
    let mut consumed = 0;
    loop {
        let before_in = compress.total_in();
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let status = compress
            .compress_vec(&input[consumed..], &mut out, flush)
            .expect("deflate");
        consumed += (compress.total_in() - before_in) as usize;
        let done = consumed == input.len() && out.len() < out.capacity();
        if done || status == flate2::Status::StreamEnd {
            break;
        }
    }
    out
}

/// A deflated entry of `prefix`, `filler` repeated `mib` times (1 MiB each), then `suffix`:
/// the repeated block is compressed once after a full flush, so gigabytes cost a few MB and
/// no time. The CRC is combined, not computed over the whole.
fn inflating(name: &str, prefix: &[u8], filler: u8, mib: usize, suffix: &[u8]) -> Entry {
    let block = vec![filler; 1 << 20];
    let mut compress = Compress::new(Compression::best(), false);
    let mut data = deflate_chunk(&mut compress, prefix, FlushCompress::Full);
    let repeated = deflate_chunk(&mut compress, &block, FlushCompress::Full);
    for _ in 0..mib {
        data.extend_from_slice(&repeated);
    }
    data.extend(deflate_chunk(&mut compress, suffix, FlushCompress::Finish));
    let mut crc = crc32fast::Hasher::new();
    crc.update(prefix);
    let mut block_crc = crc32fast::Hasher::new();
    block_crc.update(&block);
    for _ in 0..mib {
        crc.combine(&block_crc);
    }
    crc.update(suffix);
    Entry {
        name: name.to_owned(),
        method: 8,
        data,
        crc: crc.finalize(),
        size: (prefix.len() + mib * (1 << 20) + suffix.len()) as u64,
    }
}

fn deflated(name: &str, bytes: &[u8]) -> Entry {
    let mut compress = Compress::new(Compression::fast(), false);
    let data = deflate_chunk(&mut compress, bytes, FlushCompress::Finish);
    Entry {
        name: name.to_owned(),
        method: 8,
        data,
        crc: crc32fast::hash(bytes),
        size: bytes.len() as u64,
    }
}

/// A zip archive (no zip64: every size stays under 4 GiB).
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(e.method.to_le_bytes());
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend((e.size as u32).to_le_bytes());
            h.extend((e.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(e.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#;

/// The parts every workbook needs around its sheet (and its shared strings, if any).
fn workbook(sheet: Entry, shared: Option<Entry>) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="设备清单" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let mut book_rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    );
    if shared.is_some() {
        book_rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    }
    book_rels.push_str("</Relationships>");
    let mut entries = vec![
        deflated("[Content_Types].xml", content_types.as_bytes()),
        deflated("_rels/.rels", rels.as_bytes()),
        deflated("xl/workbook.xml", book.as_bytes()),
        deflated("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        sheet,
    ];
    entries.extend(shared);
    zip(&entries)
}

fn text_cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A valid header row: 设备名称, 数量.
fn header_row() -> String {
    format!(
        r#"<row r="1">{}{}</row>"#,
        text_cell("A1", "设备名称"),
        text_cell("B1", "数量")
    )
}

/// Cells A1 and XFD60000 only: 2 KB, but a 60,000 × 16,384 grid to a reader that densifies.
pub(super) fn far_cell() -> Vec<u8> {
    let xml = format!(
        r#"{SHEET_START}<sheetData>{}<row r="60000">{}</row></sheetData></worksheet>"#,
        header_row(),
        text_cell("XFD60000", "x")
    );
    workbook(deflated("xl/worksheets/sheet1.xml", xml.as_bytes()), None)
}

/// 4,095 MiB of whitespace inside the sheet (about 4 MB compressed).
fn whitespace() -> Vec<u8> {
    let prefix = format!(r#"{SHEET_START}<sheetData>{}"#, header_row());
    let sheet = inflating(
        "xl/worksheets/sheet1.xml",
        prefix.as_bytes(),
        b' ',
        4095,
        b"</sheetData></worksheet>",
    );
    workbook(sheet, None)
}

/// One shared string of 1 GiB.
fn huge_shared_string() -> Vec<u8> {
    let xml = format!(
        r#"{SHEET_START}<sheetData>{}<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
        header_row()
    );
    let shared = inflating(
        "xl/sharedStrings.xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#,
        b'A',
        1024,
        b"</t></si></sst>",
    );
    workbook(
        deflated("xl/worksheets/sheet1.xml", xml.as_bytes()),
        Some(shared),
    )
}

/// Shared strings declaring 4,000,000,000 entries (a reader that reserves them aborts).
fn declared_strings() -> Vec<u8> {
    let xml = format!(
        r#"{SHEET_START}<sheetData>{}</sheetData></worksheet>"#,
        header_row()
    );
    let shared = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    workbook(
        deflated("xl/worksheets/sheet1.xml", xml.as_bytes()),
        Some(deflated("xl/sharedStrings.xml", shared.as_bytes())),
    )
}

/// 20,000 merged regions, each from its row down to the last (C{r}:Z20001): a reader that
/// fills each region row by row does 20,000 × 10,000 × 24 cell writes.
pub(super) fn merged() -> Vec<u8> {
    merged_regions(20_000)
}

/// `count` merged regions, each from its row down to the last.
pub(super) fn merged_regions(count: usize) -> Vec<u8> {
    let last = count + 1;
    // The header reaches column Z (a remarks column), so the regions are 24 columns wide.
    let mut xml = format!(
        r#"{SHEET_START}<sheetData><row r="1">{}{}{}</row>"#,
        text_cell("A1", "设备名称"),
        text_cell("B1", "数量"),
        text_cell("Z1", "备注")
    );
    for r in 2..=last {
        xml.push_str(&format!(
            r#"<row r="{r}">{}<c r="B{r}"><v>1</v></c><c r="C{r}"><v>{r}</v></c></row>"#,
            text_cell(&format!("A{r}"), "摄像机")
        ));
    }
    xml.push_str(&format!(r#"</sheetData><mergeCells count="{count}">"#));
    for r in 2..=last {
        xml.push_str(&format!(r#"<mergeCell ref="C{r}:Z{last}"/>"#));
    }
    xml.push_str("</mergeCells></worksheet>");
    workbook(deflated("xl/worksheets/sheet1.xml", xml.as_bytes()), None)
}

/// 1,000,000 rows of 摄像机, 1.
fn million_rows_xlsx() -> Vec<u8> {
    let mut xml = format!(r#"{SHEET_START}<sheetData>{}"#, header_row());
    for r in 2..=1_000_001 {
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>摄像机</t></is></c><c r="B{r}"><v>1</v></c></row>"#
        ));
    }
    xml.push_str("</sheetData></worksheet>");
    workbook(deflated("xl/worksheets/sheet1.xml", xml.as_bytes()), None)
}

fn million_rows_csv() -> Vec<u8> {
    let mut csv = String::from("设备名称,数量\n");
    for _ in 0..1_000_000 {
        csv.push_str("摄像机,1\n");
    }
    csv.into_bytes()
}

/// The minimal valid submission (the reference standard's example base).
pub(super) fn base() -> Value {
    json!({
        "project": {
            "id": "EX-2026-001", "name": "示例小区", "region_code": "532901",
            "kind": "new_build", "phase": "design_review", "protection_level": "level3",
            "households": 120, "filing_date": "2026-03-01"
        }
    })
}

pub(super) fn with_attachment(path: &str) -> Value {
    let mut v = base();
    v["attachments"] = json!([{ "id": "ATT-1", "kind": "equipment_list", "path": path }]);
    v
}

/// 1,000 cameras with a misspelt field each, minified on one line (about 45 KB): every
/// problem used to echo the whole line.
pub(super) fn many_problems() -> Value {
    let mut v = base();
    let cameras: Vec<Value> = (0..1000)
        .map(|i| json!({ "id": format!("C{i}"), "type": "bullet", "resolutin_mp": 4 }))
        .collect();
    v["technical"] = json!({ "cameras": cameras });
    v
}

/// 10,000 cameras with the same id, minified (3.9 MB).
pub(super) fn duplicate_ids() -> Value {
    let mut v = base();
    let model = "X".repeat(330);
    let cameras: Vec<Value> = (0..10_000)
        .map(|_| json!({ "id": "C1", "type": "bullet", "model": model }))
        .collect();
    v["technical"] = json!({ "cameras": cameras });
    v
}

/// 20,000 cameras and one reference to an id of 2,000,000 characters (2.7 MB).
pub(super) fn long_id() -> Value {
    let mut v = base();
    let mut cameras: Vec<Value> = (0..20_000)
        .map(|i| json!({ "id": format!("C{i}"), "type": "bullet" }))
        .collect();
    cameras.push(json!({ "id": "C-LONG", "type": "bullet", "covers": ["E".repeat(2_000_000)] }));
    v["technical"] = json!({ "cameras": cameras });
    v
}

/// 600,000 values in one list (1.2 MB): more than a submission may hold.
fn many_ones() -> String {
    vec!["1"; 600_000].join(",")
}

/// The hostile files, by the role they play.
pub struct Hostile {
    /// Submissions that are themselves hostile.
    pub submissions: Vec<PathBuf>,
    /// Submissions whose equipment-list attachment is hostile (or escapes, or is a FIFO).
    pub with_attachments: Vec<PathBuf>,
    /// Hostile tables (equipment lists or filled checklists).
    pub tables: Vec<PathBuf>,
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(bytes))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Writes every hostile input under `dir`: submissions and their attachments in `dir/subs`,
/// one file outside it (`dir/outside.csv`).
pub fn write_all(dir: &Path) -> Hostile {
    let subs = dir.join("subs");
    std::fs::create_dir_all(&subs).unwrap();
    let tables: Vec<(&str, Vec<u8>)> = vec![
        ("far-cell.xlsx", far_cell()),
        ("whitespace.xlsx", whitespace()),
        ("shared-string.xlsx", huge_shared_string()),
        ("declared-strings.xlsx", declared_strings()),
        ("merged.xlsx", merged()),
        ("million-rows.xlsx", million_rows_xlsx()),
        ("million-rows.csv", million_rows_csv()),
    ];
    let mut hostile = Hostile {
        submissions: Vec::new(),
        with_attachments: Vec::new(),
        tables: Vec::new(),
    };
    for (name, bytes) in &tables {
        let path = subs.join(name);
        write(&path, bytes);
        hostile.tables.push(path);
    }
    // A FIFO named like a list: opening it for reading blocks until a writer comes.
    let fifo = subs.join("fifo.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    hostile.tables.push(fifo);
    write(
        &dir.join("outside.csv"),
        "设备名称,数量\n秘密,1\n".as_bytes(),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", subs.join("passwd.csv")).unwrap();

    let mut attachments: Vec<String> = tables.iter().map(|(n, _)| (*n).to_owned()).collect();
    attachments
        .extend(["fifo.csv", "../outside.csv", "/etc/passwd", "passwd.csv"].map(str::to_owned));
    for (i, attachment) in attachments.iter().enumerate() {
        let path = subs.join(format!("att-{i:02}.json"));
        write(&path, with_attachment(attachment).to_string().as_bytes());
        hostile.with_attachments.push(path);
    }

    let submissions: Vec<(&str, Vec<u8>)> = vec![
        ("many-problems.json", many_problems().to_string().into_bytes()),
        ("duplicate-ids.json", duplicate_ids().to_string().into_bytes()),
        ("long-id.json", long_id().to_string().into_bytes()),
        (
            "many-values.json",
            format!("{{\"project\": {{\"id\": \"P\"}}, \"x\": [{}]}}", many_ones()).into_bytes(),
        ),
        (
            "many-values.yaml",
            format!("project: {{id: P}}\nx: [{}]\n", many_ones()).into_bytes(),
        ),
        (
            "many-values.toml",
            format!("x = [{}]\n[project]\nid = \"P\"\n", many_ones()).into_bytes(),
        ),
        (
            "deep.yaml",
            format!("project: {}\n", "[".repeat(10_000)).into_bytes(),
        ),
        (
            "big-number.yaml",
            b"project:\n  id: P\n  name: x\n  region_code: \"532901\"\n  kind: new_build\n  phase: design_review\n  protection_level: level3\n  households: 123456789012345678901234567890\n".to_vec(),
        ),
    ];
    for (name, bytes) in &submissions {
        let path = subs.join(name);
        write(&path, bytes);
        hostile.submissions.push(path);
    }
    hostile
}

/// The sheet XML of a small, valid equipment list (header, three rows, a merged banner).
pub(super) fn sheet_xml_of_a_list() -> String {
    let mut xml = format!(
        r#"{SHEET_START}<dimension ref="A1:C5"/><sheetData>{}"#,
        header_row()
    );
    xml.push_str(&format!(
        r#"<row r="2">{}</row>"#,
        text_cell("A2", "一、视频监控系统")
    ));
    for (r, name, qty) in [
        (3, "枪机", 12),
        (4, "人脸抓拍机", 2),
        (5, "紧急报警按钮", 6),
    ] {
        xml.push_str(&format!(
            r#"<row r="{r}">{}<c r="B{r}"><v>{qty}</v></c></row>"#,
            text_cell(&format!("A{r}"), name)
        ));
    }
    xml.push_str(
        r#"</sheetData><mergeCells count="1"><mergeCell ref="A2:C2"/></mergeCells></worksheet>"#,
    );
    xml
}

/// A workbook around a sheet's XML.
pub(super) fn workbook_of_sheet(xml: &[u8]) -> Vec<u8> {
    workbook(deflated("xl/worksheets/sheet1.xml", xml), None)
}
