//! `anfang extract` end to end: drafts that validate once filled in, provenance in the report,
//! clear refusals for bad PDFs, equipment lists merged; and the attachment cross-check of `check`.

use crate::common::*;

fn fill_in(draft: &str) -> String {
    draft
        .replacen("id: \"待填写\"", "id: \"DL-2026-009\"", 1)
        .replacen("kind: \"待填写\"", "kind: new_build", 1)
        .replacen("phase: \"待填写\"", "phase: design_review", 1)
        .replacen(
            "protection_level: \"待填写\"",
            "protection_level: level2",
            1,
        )
}

fn extract(pdf: &str, extra: &[&str]) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let mut args = vec!["extract", pdf, "--report", report.to_str().expect("path")];
    args.extend_from_slice(extra);
    let out = anfang(&args);
    assert_eq!(out.status.code(), Some(0), "{pdf}: {}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    (stdout(&out), report)
}

#[test]
fn drafts_from_libreoffice_and_chromium_pdfs_validate_once_filled_in() {
    for pdf in [
        "tests/fixtures/pdf/design.pdf",
        "tests/fixtures/pdf/design_chromium.pdf",
    ] {
        let (draft, report) = extract(pdf, &[]);
        assert!(
            draft.contains("households: 1200  # ") && draft.contains("retention_days: 30  # "),
            "{pdf}:\n{draft}"
        );
        assert!(draft.contains("id: \"待填写\""), "placeholders are marked");
        let (_d, p) = temp_file("draft.yaml", fill_in(&draft).as_bytes());
        let out = anfang(&["validate", &p.display().to_string()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{pdf}: {}\n{draft}",
            stderr(&out)
        );
        let doc = anfang::ingest::read_document(&p).expect("reads");
        let equipment = doc.value["equipment"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            equipment.len(),
            5,
            "{pdf}: every table row, wrapped cells joined"
        );
        assert_eq!(equipment[0]["name"], "高清网络摄像机(枪式)");
        assert_eq!(equipment[0]["quantity"], 48);
        for v in report["recognised"]["values"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                v["from"]["page"].as_u64().unwrap_or(0) >= 1
                    && v["from"]["line"].as_u64().unwrap_or(0) >= 1,
                "{v}"
            );
        }
    }
}

#[test]
fn every_bad_pdf_is_refused_with_its_own_message_and_never_crashes() {
    let cases = [
        ("corrupt.pdf", "damaged or not a PDF"),
        ("encrypted.pdf", "protected by a password"),
        ("scanned.pdf", "no text layer"),
        ("recursive_xobject.pdf", "crashed"),
        ("empty.pdf", "the file is empty (0 bytes)"),
        ("page_tree_cycle.pdf", "page tree refers back to itself"),
    ];
    for (file, message) in cases {
        let path = format!("tests/fixtures/pdf/{file}");
        let start = std::time::Instant::now();
        let out = anfang(&["extract", &path]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{path}: ")) && stderr(&out).contains(message),
            "{file}: {}",
            stderr(&out)
        );
        assert!(
            start.elapsed().as_secs() < 30,
            "{file} took {:?}",
            start.elapsed()
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(300 * 1024 * 1024))
        .expect("sparse file");
    let out = anfang(&["extract", &big.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("MiB"), "{}", stderr(&out));
}

#[test]
fn a_copy_protected_or_rebuilt_pdf_is_read_with_a_warning_that_names_it() {
    for (file, warning) in [
        ("restricted.pdf", "permissions forbid copying its text"),
        ("broken_xref.pdf", "cross-reference table is damaged"),
    ] {
        let path = format!("tests/fixtures/pdf/{file}");
        let out = anfang(&["extract", &path]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{path}: warning: ")) && stderr(&out).contains(warning),
            "{file}: {}",
            stderr(&out)
        );
        assert!(
            stdout(&out).contains("households: 1200  # "),
            "{file}: {}",
            stdout(&out)
        );
    }
}

/// The design fixture's equipment list as a contractor sends it: an XLSX sheet (two devices
/// agree, one quantity and one model differ, one device the document does not have) and a CSV
/// (the perimeter fence the XLSX forgot is not in it either).
fn write_lists(dir: &std::path::Path) -> (String, String) {
    let xlsx = dir.join("清单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("设备清单").expect("name");
    let rows: [[&str; 6]; 6] = [
        ["序号", "设备名称", "规格型号", "单位", "数量", "安装位置"],
        ["1", "高清网络摄像机（枪式）", "DS-2CD3T47", "台", "48", ""],
        [
            "2",
            "人脸识别门禁终端",
            "MV-FR200",
            "台",
            "14",
            "各单元门厅",
        ],
        [
            "3",
            "网络硬盘录像机",
            "DS-9664N-I16",
            "台",
            "4",
            "监控中心机房",
        ],
        ["4", "车牌识别一体机", "LPR-860", "台", "6", "车辆出入口"],
        [
            "5",
            "人脸抓拍摄像机",
            "iDS-2CD7A46G0",
            "台",
            "6",
            "主出入口",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            match text.parse::<f64>() {
                Ok(n) if r > 0 && c == 4 => {
                    sheet.write_number(r as u32, c as u16, n).expect("cell")
                }
                _ => sheet.write_string(r as u32, c as u16, *text).expect("cell"),
            };
        }
    }
    book.save(&xlsx).expect("save");
    let csv = dir.join("补充.csv");
    std::fs::write(
        &csv,
        "序号,设备名称,型号,单位,数量\n1,一键报警柱,SOS-300,套,3\n",
    )
    .expect("csv");
    (xlsx.display().to_string(), csv.display().to_string())
}

#[test]
fn equipment_lists_are_reconciled_with_the_document_one_row_per_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (xlsx, csv) = write_lists(dir.path());
    let report = dir.path().join("report.json");
    let pdf = "tests/fixtures/pdf/design.pdf";
    let out = anfang(&[
        "extract",
        pdf,
        "--equipment",
        &xlsx,
        "--equipment",
        &csv,
        "--report",
        report.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let draft = stdout(&out);
    // one row per device: the document's five and the two the lists alone have
    let (_d, p) = temp_file("draft.yaml", fill_in(&draft).as_bytes());
    let doc = anfang::ingest::read_document(&p).expect("reads");
    let names: Vec<&str> = doc.value["equipment"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "高清网络摄像机(枪式)",
            "人脸识别门禁终端",
            "网络硬盘录像机",
            "脉冲电子围栏主机",
            "车牌识别一体机",
            "人脸抓拍摄像机",
            "一键报警柱"
        ],
        "{draft}"
    );
    let validate = anfang(&["validate", &p.display().to_string()]);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    // both places on each row, the differences marked for review with both places
    let line_of = |name: &str| {
        draft
            .lines()
            .find(|l| l.contains(&format!("name: \"{name}\"")))
            .unwrap_or_else(|| panic!("{name}: {draft}"))
            .to_owned()
    };
    assert!(
        line_of("高清网络摄像机(枪式)").ends_with(&format!("# {pdf} p.2 l.10；{xlsx}[设备清单]:2")),
        "{draft}"
    );
    assert!(
        line_of("人脸识别门禁终端").contains(&format!(
            "；待核实 / review: 数量不一致 / quantity differs: 人脸识别门禁终端 MV-FR200: 12 ({pdf} p.2 l.13) ≠ 14 ({xlsx}[设备清单]:3)"
        )),
        "{draft}"
    );
    assert!(
        line_of("网络硬盘录像机").contains("型号不一致 / model differs: 网络硬盘录像机: DS-9664N")
            && line_of("网络硬盘录像机").contains("≠ DS-9664N-I16 ("),
        "{draft}"
    );
    assert!(
        line_of("脉冲电子围栏主机").contains(&format!(
            "设计说明有、设备清单中没有 / in the design document, not in the equipment lists: 脉冲电子围栏主机 ZN-MC300: 25 ({pdf} p.2 l.17) ≠ — ({xlsx}[设备清单], {csv})"
        )),
        "{draft}"
    );
    assert!(
        line_of("一键报警柱").starts_with("  - name: \"一键报警柱\"  # ")
            && line_of("一键报警柱").contains(&format!(
                "{csv}:2；待核实 / review: 设备清单有、设计说明中没有"
            )),
        "{draft}"
    );
    assert!(
        draft.contains("    quantity: 12\n"),
        "the document's figure stays, marked for review"
    );
    // standard error names every difference with both places, and counts them
    let err = stderr(&out);
    for kind in [
        "数量不一致",
        "型号不一致",
        "设计说明有、设备清单中没有",
        "设备清单有、设计说明中没有",
    ] {
        assert!(err.contains(&format!("{pdf}: {kind}")), "{kind}: {err}");
    }
    assert!(
        err.contains("(7 device lots with the 6 rows of 2 equipment list(s); 5 differences between the document and the lists)"),
        "{err}"
    );
    // the summary counts what the draft marks: every 待核实 line, every 待填写 value
    let marked = |what: &str| draft.lines().filter(|l| l.contains(what)).count();
    assert!(
        err.contains(&format!(
            "; {} to review (待核实); {} to fill in (待填写); ",
            marked("待核实 / review"),
            marked("\"待填写\"")
        )) && marked("\"待填写\"") == 4
            && marked("待核实 / review") >= 7,
        "{err}\n{draft}"
    );
    // the report: the lists with their digests, the lots, the differences
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert_eq!(report["lists"][0]["sheet"], "设备清单");
    assert_eq!(report["equipment"].as_array().map(Vec::len), Some(7));
    let kinds: Vec<&str> = report["differences"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "quantity",
            "model",
            "only_in_document",
            "only_in_list",
            "only_in_list"
        ]
    );
    let q = &report["differences"][0];
    assert_eq!(
        (q["document"]["value"].as_u64(), q["list"]["value"].as_u64()),
        (Some(12), Some(14))
    );
    assert_eq!(q["document"]["at"], format!("{pdf} p.2 l.13"));
    assert_eq!(q["list"]["at"], format!("{xlsx}[设备清单]:3"));
    let agreed = &report["equipment"][0];
    assert_eq!(agreed["document"][0]["line"], 10);
    assert_eq!(agreed["listed"][0]["line"], 2);
    assert_eq!(agreed["listed"][0]["sheet"], "设备清单");
}

/// `check FILE --format json --as-of 2026-11-27`: the report and the exit code.
fn check_json(file: &std::path::Path) -> (serde_json::Value, Option<i32>) {
    let out = anfang(&[
        "check",
        &file.display().to_string(),
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
    ]);
    let r = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (r, out.status.code())
}

fn copy_sample(dir: &std::path::Path) -> std::path::PathBuf {
    let att = dir.join("attachments/xiaguan-new-1200");
    std::fs::create_dir_all(&att).expect("mkdir");
    std::fs::copy(
        root().join("samples/attachments/xiaguan-new-1200/equipment-list.csv"),
        att.join("equipment-list.csv"),
    )
    .expect("copy");
    let s = dir.join("xiaguan.yaml");
    std::fs::copy(root().join("samples/xiaguan-new-1200.yaml"), &s).expect("copy");
    s
}

#[test]
fn check_cross_checks_equipment_lists_and_names_both_places() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = copy_sample(dir.path());
    let (r, _) = check_json(&s);
    assert_eq!(
        r["crosscheck"].as_array().map(Vec::len),
        Some(0),
        "the sample agrees with its list: {}",
        r["crosscheck"]
    );
    assert_eq!(r["verdict"], "pass");
    // One more camera in the list than in the design: the counts disagree, and the list changed.
    let csv = dir
        .path()
        .join("attachments/xiaguan-new-1200/equipment-list.csv");
    let text = std::fs::read_to_string(&csv).expect("csv").replacen(
        "人脸抓拍摄像机,iDS-2CD7A46G0/P-IZHS,台,34",
        "人脸抓拍摄像机,iDS-2CD7A46G0/P-IZHS,台,35",
        1,
    );
    std::fs::write(&csv, text).expect("write");
    let (r, code) = check_json(&s);
    assert_eq!(code, Some(1));
    assert_eq!(
        r["verdict"], "incomplete",
        "data that disagrees with its attachments is at least 需补正"
    );
    let d = r["crosscheck"].as_array().cloned().unwrap_or_default();
    assert!(
        d.iter()
            .any(|x| x["what"]["en"].as_str().unwrap_or("").contains("SHA-256")),
        "{d:?}"
    );
    let cams = d
        .iter()
        .find(|x| {
            x["what"]["en"]
                .as_str()
                .unwrap_or("")
                .starts_with("number of cameras")
        })
        .expect("camera disagreement");
    assert!(
        cams["submission_at"]["at"]
            .as_str()
            .unwrap_or("")
            .contains("xiaguan.yaml:"),
        "{cams}"
    );
    assert!(
        cams["attachment_at"]
            .as_str()
            .unwrap_or("")
            .contains("equipment-list.csv rows 2"),
        "{cams}"
    );
    // The same total of cameras, but two bullet cameras listed as face-capture cameras, and the
    // throwing-detection cameras written as pole-mounted: counted by type, and still cameras.
    let text = std::fs::read_to_string(&csv)
        .expect("csv")
        .replacen(
            "人脸抓拍摄像机,iDS-2CD7A46G0/P-IZHS,台,35",
            "人脸抓拍摄像机,iDS-2CD7A46G0/P-IZHS,台,36",
            1,
        )
        .replacen(
            "网络枪型摄像机,DS-2CD3T47EWD-L,台,127",
            "网络枪型摄像机,DS-2CD3T47EWD-L,台,125",
            1,
        )
        .replacen("高空抛物摄像机,", "高空抛物监测摄像机（立杆安装）,", 1);
    std::fs::write(&csv, text).expect("write");
    let (r, _) = check_json(&s);
    let got: Vec<(String, serde_json::Value, serde_json::Value)> = disagreements(&r)
        .into_iter()
        .filter(|d| !d.0.contains("SHA-256"))
        .collect();
    assert_eq!(
        got,
        [
            (
                "cameras of type “bullet camera”: the submission and the equipment list disagree".to_owned(),
                127.into(),
                125.into()
            ),
            (
                "cameras of type “face-capture camera”: the submission and the equipment list disagree".to_owned(),
                34.into(),
                36.into()
            ),
        ]
    );
    // A missing attachment is an input error.
    std::fs::remove_file(&csv).expect("rm");
    let out = anfang(&["check", &s.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/attachments/0/path: the equipment list"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn expected_extraction_of_each_fixture() {
    for (name, pdf) in [
        ("design", "tests/fixtures/pdf/design.pdf"),
        ("design_chromium", "tests/fixtures/pdf/design_chromium.pdf"),
    ] {
        let (draft, _) = extract(pdf, &[]);
        // pdftotext's cross-check notes depend on whether poppler is installed: compare without them.
        let draft = draft.replace(
            "；待核实 / review: pdftotext reads this number differently",
            "",
        );
        insta::assert_snapshot!(format!("extract.{name}"), draft);
    }
}

/// A submission for the design fixture (阳光花园, 1200 households, 48 bullet cameras, 6
/// plate cameras, 12 access points) with the given name, cameras and retention, the design
/// document `pdf` attached; returns the JSON report and the exit code of `check`.
fn check_with_design(
    pdf: &str,
    name: &str,
    cameras: &[(&str, u32)],
    retention: u32,
) -> (serde_json::Value, Option<i32>) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join(pdf), dir.path().join("design.pdf")).expect("copy");
    let mut text = format!(
        "project: {{ id: X, name: {name}, kind: new_build, phase: design_review, protection_level: level3, households: 1200 }}\ntechnical:\n  video_storage: {{ retention_days: {retention} }}\n  cameras:\n"
    );
    for (i, (t, n)) in cameras.iter().enumerate() {
        text.push_str(&format!("    - {{ id: C{i}, type: {t}, quantity: {n} }}\n"));
    }
    text.push_str("  access_points:\n");
    for i in 0..12 {
        text.push_str(&format!("    - {{ id: A{i}, kind: door }}\n"));
    }
    text.push_str("attachments:\n  - { id: DOC, kind: design_document, path: design.pdf }\n");
    let s = dir.path().join("s.yaml");
    std::fs::write(&s, text).expect("write");
    check_json(&s)
}

fn disagreements(r: &serde_json::Value) -> Vec<(String, serde_json::Value, serde_json::Value)> {
    r["crosscheck"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["what"]["en"].as_str().unwrap_or("").to_owned(),
                d["submission"].clone(),
                d["attachment"].clone(),
            )
        })
        .collect()
}

#[test]
fn check_compares_the_submission_with_its_design_document() {
    let design = "tests/fixtures/pdf/design.pdf";
    let cameras = [("bullet", 48), ("plate_recognition", 6)];
    let (r, code) = check_with_design(design, "阳光花园", &cameras, 15);
    let d = r["crosscheck"].as_array().cloned().unwrap_or_default();
    let what: Vec<String> = disagreements(&r).into_iter().map(|d| d.0).collect();
    assert_eq!(
        what.len(),
        2,
        "households (1200), the name and every count agree; retention does not, and the protection level cannot be read: {what:#?}"
    );
    let x = &d[0];
    assert_eq!(
        (x["submission"].as_i64(), x["attachment"].as_i64()),
        (Some(15), Some(30))
    );
    assert!(
        x["submission_at"]["at"]
            .as_str()
            .unwrap_or("")
            .ends_with("s.yaml:3:36"),
        "{x}"
    );
    assert!(
        x["attachment_at"]
            .as_str()
            .unwrap_or("")
            .ends_with("design.pdf p.1 l.17"),
        "{x}"
    );
    // the design document does not state the protection level: said, never a silent pass
    assert!(
        what[1].starts_with("could not be read from the design document")
            && what[1].contains("protection level")
            && !what[1].contains("households"),
        "{what:?}"
    );
    assert_eq!(d[1]["submission"], "project.protection_level = level3");
    assert!(
        d[1]["attachment_at"]
            .as_str()
            .unwrap_or("")
            .ends_with("design.pdf")
    );
    assert_eq!(code, Some(1));
    assert!(
        r["verdict"] == "incomplete" || r["verdict"] == "fail",
        "at least 需补正: {}",
        r["verdict"]
    );
}

#[test]
fn check_compares_camera_counts_by_type_and_the_project_name() {
    // 54 cameras in both, but 4 of the submission's are face-capture cameras the design
    // document does not have, and 4 of its bullet cameras are missing
    let cameras = [
        ("bullet", 44),
        ("face_capture", 4),
        ("plate_recognition", 6),
    ];
    let (r, _) = check_with_design("tests/fixtures/pdf/design.pdf", "翠湖雅苑", &cameras, 30);
    let d = disagreements(&r);
    let find = |prefix: &str| {
        d.iter()
            .find(|x| x.0.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in {d:#?}"))
    };
    assert!(
        !d.iter().any(|x| x.0.starts_with("number of cameras")),
        "the totals agree: {d:#?}"
    );
    let bullet = find("cameras of type “bullet camera”");
    assert_eq!((&bullet.1, &bullet.2), (&44.into(), &48.into()));
    let face = find("cameras of type “face-capture camera”");
    assert_eq!((&face.1, &face.2), (&4.into(), &0.into()));
    let name = find("project.name");
    assert_eq!(
        (&name.1, &name.2),
        (&"翠湖雅苑".into(), &"阳光花园住宅小区智慧安防工程".into())
    );
    let places: Vec<&str> = r["crosscheck"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["attachment_at"].as_str())
        .collect();
    assert!(
        places.iter().any(|p| p.ends_with("design.pdf p.2 l.10")),
        "the bullet cameras' row: {places:?}"
    );
    assert!(
        places
            .iter()
            .any(|p| p.ends_with("design.pdf (none listed)")),
        "{places:?}"
    );
}

#[test]
fn an_unreadable_design_document_is_a_finding_that_names_what_was_not_compared() {
    let cameras = [("bullet", 48), ("plate_recognition", 6)];
    let (r, code) = check_with_design("tests/fixtures/pdf/scanned.pdf", "阳光花园", &cameras, 30);
    let d = disagreements(&r);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].0.starts_with("the design document could not be read (the PDF has no text layer")
            && d[0].0.contains("project name, households, protection level, video retention days, equipment schedule"),
        "{d:#?}"
    );
    assert_eq!(
        d[0].1,
        "project.name = 阳光花园; project.households = 1200; project.protection_level = level3; technical.video_storage.retention_days = 30; equipment = 66 devices"
    );
    assert_eq!(code, Some(1), "not a silent pass");
    assert_eq!(r["verdict"], "incomplete");
    // in the terminal report too
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("tests/fixtures/pdf/scanned.pdf"),
        dir.path().join("design.pdf"),
    )
    .expect("copy");
    let s = dir.path().join("s.yaml");
    std::fs::write(
        &s,
        "project: { id: X, name: 阳光花园, kind: new_build, phase: design_review, protection_level: level3, households: 1200 }\nattachments:\n  - { id: DOC, kind: design_document, path: design.pdf }\n",
    )
    .expect("write");
    let out = anfang(&["check", &s.display().to_string(), "--as-of", "2026-11-27"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("设计说明无法读取（PDF 没有文字层（1 页共 0 个字符），似为扫描件），未能与申报文件核对：项目名称、总户数、防护级别\n")
            && stdout(&out).contains("design.pdf: \"未能读出 / not read\""),
        "{}",
        stdout(&out)
    );
    // a design document that is not there is an input error, as before
    std::fs::remove_file(dir.path().join("design.pdf")).expect("rm");
    let out = anfang(&["check", &s.display().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("/attachments/0/path: the design document design.pdf could not be read"),
        "{}",
        stderr(&out)
    );
}
