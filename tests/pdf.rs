//! PDF text extraction in a child process (`anfang __extract-pdf`), on the fixtures in
//! tests/fixtures/pdf (regenerate them with make_fixtures.py there).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anfang::pdf::{Extractor, PdfError, PdfText, normalise, pdftotext_layout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

fn extractor() -> Extractor {
    Extractor::new(env!("CARGO_BIN_EXE_anfang"))
}

/// Extracts a fixture and checks that it took less than the timeout.
fn extract(name: &str) -> Result<PdfText, PdfError> {
    let ex = extractor();
    let start = Instant::now();
    let result = ex.extract(&fixture(name));
    assert!(
        start.elapsed() < ex.timeout,
        "{name} took {:?}",
        start.elapsed()
    );
    result
}

fn lines(text: &PdfText) -> Vec<String> {
    text.lines().map(|(_, l)| l.text()).collect()
}

/// The cells of the first line whose first cell is `first`.
fn row<'a>(text: &'a PdfText, first: &str) -> Vec<&'a str> {
    text.lines()
        .map(|(_, l)| l)
        .find(|l| l.cells.first().is_some_and(|c| c.text == first))
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
        .unwrap_or_default()
}

const KEY_LINES: &[&str] = &[
    "一、工程概况",
    "户数:1200户",
    "总建筑面积:约12.5万平方米",
    "周界长度:1,250米",
    "视频录像保存时间:30天",
    "摄像机分辨率:400万像素",
    "监控中心值班人数:2人",
    "人脸识别门禁终端:每个单元门厅1台",
    "车辆出入口:车牌识别,道闸抬杆时间≤2秒",
    "报警备用电源:8小时",
    "《安全防范工程技术标准》GB 50348-2018",
];

#[test]
fn libreoffice_pdf_has_key_lines_and_table_columns() {
    let text = extract("design.pdf").unwrap();
    assert_eq!(text.pages.len(), 2);
    let all = lines(&text);
    for key in KEY_LINES {
        assert!(all.iter().any(|l| l == key), "missing {key:?} in {all:#?}");
    }
    assert!(all.iter().any(|l| l.starts_with("三、视频监控系统")));
    assert!(all.iter().any(|l| l.starts_with("四、出入口控制系统")));
    assert_eq!(
        row(&text, "序号"),
        ["序号", "设备名称", "型号", "数量", "单位", "安装位置"]
    );
    // Wrapped cells: the first line of each row keeps all six columns…
    assert_eq!(
        row(&text, "2"),
        ["2", "人脸识别门", "MV-FR200", "12", "台", "各单元门厅"]
    );
    assert_eq!(row(&text, "4")[2..5], ["ZN-MC300", "25", "套"]);
    // …and a continuation line's cells sit under their columns.
    let header = text
        .lines()
        .map(|(_, l)| l)
        .find(|l| l.cells.first().is_some_and(|c| c.text == "序号"))
        .unwrap();
    let cont = text
        .lines()
        .map(|(_, l)| l)
        .find(|l| l.text() == "栏主机 部")
        .unwrap();
    let column_of = |x: f32| header.cells.iter().rposition(|c| c.x <= x + 1.0);
    assert_eq!(column_of(cont.cells[0].x), Some(1)); // 设备名称
    assert_eq!(column_of(cont.cells[1].x), Some(5)); // 安装位置
    // Line numbers run from 1 within each page, top to bottom.
    for page in &text.pages {
        for (i, line) in page.lines.iter().enumerate() {
            assert_eq!(line.number, i + 1);
            if i > 0 {
                assert!(line.y > page.lines[i - 1].y);
            }
        }
    }
}

#[test]
fn chromium_pdf_radicals_are_folded_to_ideographs() {
    let text = extract("design_chromium.pdf").unwrap();
    let all = lines(&text);
    for key in KEY_LINES {
        assert!(all.iter().any(|l| l == key), "missing {key:?} in {all:#?}");
    }
    let radicals: Vec<char> = all
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| ('\u{2E80}'..='\u{2FDF}').contains(c))
        .collect();
    assert!(radicals.is_empty(), "{radicals:?}");
    assert!(!all.iter().any(|l| l.contains('戶')), "{all:#?}");
    // Model and quantity stay in separate cells (pdf-extract glued them with some fonts).
    let model = text
        .lines()
        .map(|(_, l)| l)
        .find(|l| l.cells.iter().any(|c| c.text == "DS-2CD3T47"))
        .unwrap();
    let texts: Vec<&str> = model.cells.iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts.windows(2).any(|w| w == ["DS-2CD3T47", "48"]),
        "{texts:?}"
    );
    assert_eq!(
        row(&text, "序号"),
        ["序号", "设备名称", "型号", "数量", "单位", "安装位置"]
    );
}

#[test]
fn fifty_pages_extract_within_the_timeout() {
    let text = extract("design_50p.pdf").unwrap();
    assert_eq!(text.pages.len(), 50);
    let count = lines(&text)
        .iter()
        .filter(|l| *l == "视频录像保存时间:30天")
        .count();
    assert_eq!(count, 25);
}

#[test]
fn corrupt_pdf_is_corrupt() {
    let e = extract("corrupt.pdf").unwrap_err();
    assert!(matches!(e, PdfError::Corrupt(_)), "{e:?}");
}

#[test]
fn password_protected_pdf_is_encrypted() {
    let e = extract("encrypted.pdf").unwrap_err();
    assert_eq!(e, PdfError::Encrypted);
    let p = e.to_problem("encrypted.pdf");
    assert!(p.hint.unwrap().contains("password"));
}

#[test]
fn scanned_pdf_has_no_text_layer() {
    let e = extract("scanned.pdf").unwrap_err();
    assert_eq!(e, PdfError::NoTextLayer { pages: 1, chars: 0 });
    assert!(
        e.to_problem("scanned.pdf")
            .to_string()
            .contains("needs OCR or manual review")
    );
}

#[test]
fn self_drawing_form_xobject_crashes_only_the_child() {
    let e = extract("recursive_xobject.pdf").unwrap_err();
    match &e {
        PdfError::Crashed(m) => assert!(m.contains("stack overflow"), "{m}"),
        other => panic!("expected Crashed, got {other:?}"),
    }
}

#[test]
fn too_large_pdf_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pdf");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(Extractor::DEFAULT_MAX_BYTES + 1).unwrap(); // sparse
    let e = extractor().extract(&path).unwrap_err();
    assert_eq!(
        e,
        PdfError::TooLarge {
            size: Extractor::DEFAULT_MAX_BYTES + 1,
            limit: Extractor::DEFAULT_MAX_BYTES
        }
    );
}

#[test]
fn missing_file_and_non_pdf_are_reported() {
    let e = extractor()
        .extract(&fixture("no-such-file.pdf"))
        .unwrap_err();
    assert!(matches!(e, PdfError::Io(_)), "{e:?}");
    let e = extractor()
        .extract(&fixture("make_fixtures.py"))
        .unwrap_err();
    assert!(matches!(e, PdfError::Corrupt(_)), "{e:?}");
}

#[cfg(unix)]
#[test]
fn a_hanging_extractor_is_killed_at_the_deadline() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("hang.sh");
    std::fs::write(&exe, "#!/bin/sh\nexec sleep 30\n").unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ex = Extractor {
        timeout: Duration::from_millis(300),
        ..Extractor::new(&exe)
    };
    let start = Instant::now();
    let e = ex.extract(&fixture("design.pdf")).unwrap_err();
    assert_eq!(e, PdfError::Timeout(Duration::from_millis(300)));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_memory_limit_applies_to_the_child() {
    let ex = Extractor {
        memory_limit_bytes: 1024 * 1024,
        ..extractor()
    };
    let e = ex.extract(&fixture("design_50p.pdf")).unwrap_err();
    match &e {
        PdfError::Crashed(m) => assert!(m.contains("out of memory"), "{m}"),
        other => panic!("expected Crashed, got {other:?}"),
    }
    // The default limit (1 GiB) is plenty.
    assert!(extractor().extract(&fixture("design_50p.pdf")).is_ok());
}

#[test]
fn pdftotext_agrees_when_it_is_installed() {
    let Some(layout) = pdftotext_layout(&fixture("design.pdf")) else {
        return; // poppler-utils is optional
    };
    assert!(normalise(&layout).contains("户数:1200户"));
    assert!(pdftotext_layout(&fixture("no-such-file.pdf")).is_none());
}
