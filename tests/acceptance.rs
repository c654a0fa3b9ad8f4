//! Acceptance end to end: the checklist of an approved design, filled in and read back by
//! `anfang accept`, with sampling sizes, deviations, the conclusion, the re-inspection, and the
//! errors a filled sheet can carry.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{anfang, root, stderr, stdout};

const DESIGN: &str = "samples/xiaguan-new-1200.yaml";
const AS_OF: &str = "2026-11-28";

fn json_of(args: &[&str]) -> Value {
    let o = anfang(args);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{args:?}: {}",
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn checklist_json(design: &str) -> Value {
    json_of(&["checklist", design, "--format", "json"])
}

fn accept_json(design: &str, inspection: &str, previous: Option<&str>) -> (i32, Value) {
    let mut args = vec![
        "accept",
        "--design",
        design,
        "--as-built",
        inspection,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    if let Some(p) = previous {
        args.extend(["--previous", p]);
    }
    let o = anfang(&args);
    let code = o.status.code().unwrap();
    assert_ne!(code, 2, "{}", stderr(&o));
    (code, serde_json::from_slice(&o.stdout).unwrap())
}

fn item<'a>(record: &'a Value, id: &str) -> &'a Value {
    record["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// A design with one camera model installed 3, 5, 6 and 200 times.
fn sampling_design(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("samples/small-120.yaml")).unwrap();
    let mut rows = String::new();
    for n in [3, 5, 6, 200] {
        rows.push_str(&format!(
            "    - {{ id: CAM-LOT-{n}, type: dome, model: LOT-{n}, quantity: {n}, resolution_mp: 2, covers: [E1] }}\n"
        ));
    }
    let text = text.replacen("  cameras:\n", &format!("  cameras:\n{rows}"), 1);
    let p = dir.join("sampling-design.yaml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn sampling_sizes_follow_the_rule_for_3_5_6_and_200_units() {
    let dir = tempfile::tempdir().unwrap();
    let design = sampling_design(dir.path());
    let checklist = checklist_json(design.to_str().unwrap());
    let lot = |model: &str| {
        checklist["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "sampling" && i["model"] == model)
            .unwrap_or_else(|| panic!("no sampling row for {model}"))
            .clone()
    };
    // (units, sample, re-test sample): ≤ 5 all; 6 → GB/T 2828.1 gives 2, floor 5; 200 → 32;
    // the re-test doubles, never beyond the lot.
    for (model, units, sample, retest) in [
        ("LOT-3", 3, 3, 3),
        ("LOT-5", 5, 5, 5),
        ("LOT-6", 6, 5, 6),
        ("LOT-200", 200, 32, 64),
    ] {
        let row = lot(model);
        assert_eq!(row["designed_quantity"], units, "{model}");
        assert_eq!(row["sample"], sample, "{model}");
        assert_eq!(row["retest_sample"], retest, "{model}");
    }
}

/// Fills a checklist's rows (by header name) the way the `passed` sample does.
fn fill_passing(rows: &mut [Vec<String>]) {
    let header_at = rows
        .iter()
        .position(|r| r.get(1).is_some_and(|c| c.starts_with("编号")))
        .unwrap();
    let col = |name: &str| {
        rows[header_at]
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (id, item, designed, sample) = (
        col("编号"),
        col("核查项目"),
        col("设计数量"),
        col("抽样数量"),
    );
    let (installed, measured, sampled, failed, result) = (
        col("实装数量"),
        col("实测值"),
        col("实际抽检数"),
        col("抽检不合格数"),
        col("结果"),
    );
    for row in rows.iter_mut().skip(header_at + 1) {
        let width = row.len().max(result + 1);
        row.resize(width, String::new());
        let value = match row[item].trim_start_matches("★ ") {
            "试运行天数" => "35",
            "技术专家人数" => "5",
            "成员人数" => "7",
            "报警响应时间" => "1.5",
            "实测备用电源供电时间" => "12",
            "联动切换时间" => "2",
            "实测录像保存天数" => "31",
            "报警测试漏报次数" => "0",
            "是否存在利害关系" => "否",
            "检验结论" => "合格",
            _ => "",
        };
        match row[id].chars().next() {
            Some('S') => {
                row[sampled] = row[sample].clone();
                row[failed] = "0".into();
            }
            Some('C') => row[installed] = row[designed].clone(),
            _ => row[measured] = value.into(),
        }
        row[result] = "合格".into();
    }
}

#[test]
fn csv_checklist_round_trip_passes() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("checklist.csv");
    let o = anfang(&[
        "checklist",
        DESIGN,
        "--format",
        "csv",
        "-o",
        blank.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&blank).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "CSV for Excel starts with a BOM"
    );
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    fill_passing(&mut rows);
    let filled = dir.path().join("filled.csv");
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(&filled)
        .unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let (code, record) = accept_json(DESIGN, filled.to_str().unwrap(), None);
    assert_eq!(record["conclusion"], "pass", "{:#}", record["reasons"]);
    assert_eq!(code, 0);
    assert_eq!(record["deviations"].as_array().unwrap().len(), 0);
    assert!(
        record["parts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["ratio"] == 1.0)
    );

    // The blank checklist read back: nothing checked, every mandatory item open → 不通过.
    let (code, record) = accept_json(DESIGN, blank.to_str().unwrap(), None);
    assert_eq!((code, record["conclusion"].as_str()), (1, Some("fail")));
    assert!(item(&record, "T03")["status"] == "not_checked");
}

#[test]
fn xlsx_checklist_round_trip_passes_and_is_byte_identical() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("checklist.xlsx");
    let again = dir.path().join("again.xlsx");
    for p in [&blank, &again] {
        let o = anfang(&[
            "checklist",
            DESIGN,
            "--format",
            "xlsx",
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(
        std::fs::read(&blank).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // Without --output, a workbook is refused rather than written to a terminal.
    let o = anfang(&["checklist", DESIGN, "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));

    let mut book: Xlsx<_> = calamine::open_workbook(&blank).unwrap();
    assert_eq!(book.sheet_names(), vec!["现场核查表".to_owned()]);
    let range = book.worksheet_range("现场核查表").unwrap();
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    fill_passing(&mut rows);
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    sheet.set_name("现场核查表").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            // Counts as numbers, as Excel stores what an inspector types.
            match text.parse::<f64>() {
                Ok(n) if c > 6 => sheet.write_number(r as u32, c as u16, n).unwrap(),
                _ => sheet.write_string(r as u32, c as u16, text).unwrap(),
            };
        }
    }
    let filled = dir.path().join("filled.xlsx");
    out.save(&filled).unwrap();
    let (code, record) = accept_json(DESIGN, filled.to_str().unwrap(), None);
    assert_eq!(
        (code, record["conclusion"].as_str()),
        (0, Some("pass")),
        "{:#}",
        record["reasons"]
    );
    assert_eq!(record["inspection_kind"], "checklist");
}

/// samples/README.md's acceptance table: | inspection | previous | conclusion | deviations |
/// rectified | still open | regressed |.
fn readme_rows() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("samples/README.md")).unwrap();
    let section = readme
        .split("<!-- acceptance-table -->")
        .nth(1)
        .expect("samples/README.md has an <!-- acceptance-table --> section");
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

fn ids(list: &Value, key: &str) -> String {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

#[test]
fn samples_conclude_and_deviate_as_the_readme_says() {
    let rows = readme_rows();
    assert!(rows.len() >= 3, "the README lists the acceptance samples");
    for row in rows {
        let [
            inspection,
            previous,
            conclusion,
            deviations,
            rectified,
            open,
            regressed,
        ] = &row[..]
        else {
            panic!("a row of 7 cells: {row:?}");
        };
        // The earlier inspection's record, as `--format json` writes it.
        let dir = tempfile::tempdir().unwrap();
        let earlier = dir.path().join("earlier.json");
        if previous != "—" {
            let o = anfang(&[
                "accept",
                "--design",
                DESIGN,
                "--as-built",
                previous,
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "-o",
                earlier.to_str().unwrap(),
            ]);
            assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
        }
        let previous = (previous != "—").then(|| earlier.to_str().unwrap().to_owned());
        let (code, record) = accept_json(DESIGN, inspection, previous.as_deref());
        assert_eq!(
            record["conclusion_label"]["zh"],
            conclusion.as_str(),
            "{inspection}"
        );
        assert_eq!(
            code,
            if conclusion == "通过" { 0 } else { 1 },
            "{inspection}"
        );
        let found: Vec<String> = record["deviations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["kind"].as_str().unwrap(),
                    d["subject"].as_str().unwrap()
                )
            })
            .collect();
        let found = if found.is_empty() {
            "—".into()
        } else {
            found.join(", ")
        };
        assert_eq!(&found, deviations, "{inspection}");
        if let Some(q) = record.get("reinspection").filter(|q| !q.is_null()) {
            assert_eq!(&ids(&q["rectified"], "item"), rectified, "{inspection}");
            assert_eq!(&ids(&q["still_open"], "item"), open, "{inspection}");
            assert_eq!(&ids(&q["regressed"], "item"), regressed, "{inspection}");
        } else {
            assert_eq!(
                (rectified.as_str(), open.as_str(), regressed.as_str()),
                ("—", "—", "—")
            );
        }
    }
}

#[test]
fn the_deviations_record_cites_clauses_sampling_and_mandatory_items() {
    let (_, r) = accept_json(DESIGN, "samples/acceptance/xiaguan-deviations.csv", None);
    // Failed twice, even with the doubled re-test sample.
    let s03 = item(&r, "S03");
    assert_eq!(s03["status"], "fail");
    assert_eq!(s03["retest_sample"], 40);
    // Under-sampled: 50 of 1,200 in-dwelling buttons where 80 are required.
    assert!(
        item(&r, "S14")["note"]["zh"]
            .as_str()
            .unwrap()
            .contains("少于应抽 80")
    );
    // A measured alarm response of 3.5 s against ≤ 2 s: mandatory, so 不通过.
    let t09 = item(&r, "T09");
    assert_eq!(
        (t09["status"].as_str(), t09["mandatory"].as_bool()),
        (Some("fail"), Some(true))
    );
    assert!(
        r["mandatory_failures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "T09")
    );
    // Every failure is in the rectification list with its clause and who fixes it.
    let rect = r["rectifications"].as_array().unwrap();
    let bad = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "fail")
        .count();
    assert_eq!(rect.len(), bad);
    let t09r = rect.iter().find(|x| x["item"] == "T09").unwrap();
    assert!(t09r["clause"].as_str().unwrap().contains("GB 55029-2022"));
    assert_eq!(t09r["responsible"]["zh"], "施工单位");
    let d09r = rect.iter().find(|x| x["item"] == "D09").unwrap();
    assert_eq!(d09r["responsible"]["zh"], "建设单位");
    // The record names the tool, the standard's digest and every input's digest.
    assert_eq!(r["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(r["standard"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn an_as_built_submission_shows_element_deviations_and_lower_specification() {
    let text = std::fs::read_to_string(root().join(DESIGN)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Missing: the north gate's face-capture camera; moved: the north gate's overview camera;
    // lower spec: the south gate overview camera at 2 MP instead of 4; extra: one new camera.
    lines.retain(|l| !l.contains("id: CAM-E2-FACE-01,"));
    for l in lines.iter_mut() {
        if l.contains("id: CAM-E1-OV-01,") {
            *l = l.replacen("resolution_mp: 4", "resolution_mp: 2", 1);
        }
        if l.contains("id: CAM-E2-OV-01,") {
            *l = l.replacen("covers: [E2]", "covers: [PA-PLAY]", 1);
        }
        if l.trim_start().starts_with("phase:") {
            *l = "  phase: acceptance".into();
        }
    }
    let mut text = lines.join("\n") + "\n";
    text = text.replacen(
        "  cameras:\n",
        "  cameras:\n    - { id: CAM-NEW-01, type: bullet, model: DS-2CD2T47G2-L, resolution_mp: 4, covers: [E1] }\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let as_built = dir.path().join("as-built.yaml");
    std::fs::write(&as_built, text).unwrap();
    let (code, r) = accept_json(DESIGN, as_built.to_str().unwrap(), None);
    assert_eq!(code, 1);
    assert_eq!(r["inspection_kind"], "as_built");
    let kinds: Vec<(String, String)> = r["deviations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_owned(),
                d["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("missing", "CAM-E2-FACE-01"),
        ("moved", "CAM-E2-OV-01"),
        ("lower_specification", "CAM-E1-OV-01"),
        ("extra", "CAM-NEW-01"),
    ] {
        assert!(
            kinds
                .iter()
                .any(|(k, s)| k == expected.0 && s == expected.1),
            "{expected:?} not in {kinds:?}"
        );
    }
    let lower = r["deviations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "lower_specification")
        .unwrap();
    assert!(
        lower["detail"]["en"]
            .as_str()
            .unwrap()
            .contains("resolution_mp 4 → 2"),
        "{lower:#}"
    );
    // No acceptance evidence in the as-built: trial operation and the rest are not checked.
    assert_eq!(item(&r, "T03")["status"], "not_checked");
    assert_eq!(r["conclusion"], "fail");
}

fn accept_error(inspection: &Path) -> String {
    let o = anfang(&[
        "accept",
        "--design",
        DESIGN,
        "--as-built",
        inspection.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    stderr(&o)
}

#[test]
fn bad_filled_checklists_are_refused_with_the_cell() {
    let passed =
        std::fs::read_to_string(root().join("samples/acceptance/xiaguan-passed.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    // A measured value that is not a number.
    let bad = write(
        "bad-number.csv",
        passed.replacen("1.2 秒", "about two seconds", 1),
    );
    let e = accept_error(&bad);
    assert!(
        e.contains("T09") && e.contains("about two seconds") && e.contains("is not a number"),
        "{e}"
    );
    // A result that is none of 合格 / 不合格 / 不适用.
    let line = passed.lines().position(|l| l.contains(",S01,")).unwrap() + 1;
    let bad = write(
        "bad-result.csv",
        passed.replacen("0,,,合格", "0,,,maybe", 1),
    );
    let e = accept_error(&bad);
    assert!(
        e.contains(&format!("bad-result.csv:{line}")) && e.contains("`maybe` is not a result"),
        "{e}"
    );
    // A deleted row.
    let bad = write(
        "deleted.csv",
        passed
            .lines()
            .filter(|l| !l.contains(",D05,"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let e = accept_error(&bad);
    assert!(
        e.contains("item `D05`") && e.contains("is missing") && e.contains("不适用"),
        "{e}"
    );
    // An id the checklist does not have.
    let bad = write("unknown.csv", passed.replacen(",D05,", ",D99,", 1));
    let e = accept_error(&bad);
    assert!(e.contains("`D99` is not an item"), "{e}");
    // A checklist of another design.
    let other = write("other.csv", passed.replacen("47b3408f", "00000000", 1));
    let e = accept_error(&other);
    assert!(
        e.contains("made from a design with SHA-256 00000000") && e.contains("anfang checklist"),
        "{e}"
    );
    // ... and that is the one error: no row is judged against the wrong design.
    assert_eq!(
        e.lines().filter(|l| l.contains("other.csv")).count(),
        1,
        "one error and a stop:\n{e}"
    );
    // The inputs are never modified.
    assert_eq!(
        std::fs::read_to_string(root().join("samples/acceptance/xiaguan-passed.csv")).unwrap(),
        passed
    );
}

#[test]
fn an_unfilled_checklist_checks_nothing() {
    let o = anfang(&["checklist", DESIGN, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.csv");
    std::fs::write(&blank, &o.stdout).unwrap();
    let (code, r) = accept_json(DESIGN, blank.to_str().unwrap(), None);
    assert_eq!((code, r["conclusion"].as_str()), (1, Some("fail")));
    // Not one item passes on the design's own claims: every item is unchecked.
    let passed: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "pass")
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert!(
        passed.is_empty(),
        "passed without being checked: {passed:?}"
    );
    for id in ["D01", "D09", "T03", "K01", "S01", "C001", "R01"] {
        assert_eq!(item(&r, id)["status"], "not_checked", "{id}");
    }
}

/// The approved design as an as-built submission with one sampling record for the bullet
/// cameras (127 units, 20 sampled, 2 failed, re-tested `retest` with `failed_again` failures).
fn as_built_with_sampling(dir: &Path, retest: u32, failed_again: u32) -> PathBuf {
    let text = std::fs::read_to_string(root().join(DESIGN)).unwrap();
    let text = text.replacen("  phase: design_review", "  phase: acceptance", 1)
        + &format!(
            "acceptance:\n  sampling:\n    - {{ model: DS-2CD3T47EWD-L, units: 127, sampled: 20, failed: 2, retest_sampled: {retest}, retest_failed: {failed_again} }}\n"
        );
    let p = dir.join(format!("as-built-{retest}-{failed_again}.yaml"));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn an_as_built_sampling_record_is_judged_on_its_re_test() {
    let dir = tempfile::tempdir().unwrap();
    let sampling_item = |r: &Value| -> Value {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "sampling" && i["model"] == "DS-2CD3T47EWD-L")
            .cloned()
            .expect("the bullet cameras' sampling row")
    };
    // The doubled re-test (40) found nothing: the model passes.
    let ok = as_built_with_sampling(dir.path(), 40, 0);
    let (_, r) = accept_json(DESIGN, ok.to_str().unwrap(), None);
    let s = sampling_item(&r);
    assert_eq!(s["status"], "pass", "{s:#}");
    assert!(
        s["note"]["zh"]
            .as_str()
            .unwrap_or("")
            .contains("加倍复检 40 台全部合格"),
        "{s:#}"
    );
    // One failed again: the model fails.
    let bad = as_built_with_sampling(dir.path(), 40, 1);
    let (_, r) = accept_json(DESIGN, bad.to_str().unwrap(), None);
    assert_eq!(sampling_item(&r)["status"], "fail");
}

#[test]
fn a_mandatory_item_cannot_be_marked_not_applicable() {
    let passed =
        std::fs::read_to_string(root().join("samples/acceptance/xiaguan-passed.csv")).unwrap();
    // T03 is the trial operation (mandatory): clear its value and mark it 不适用.
    let text: String = passed
        .lines()
        .map(|l| {
            if l.contains(",T03,") {
                l.replace("35,,,,,合格", ",,,,,不适用")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(text.trim_end(), passed.trim_end(), "the T03 row was edited");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t03.csv");
    std::fs::write(&p, text).unwrap();
    let (_, r) = accept_json(DESIGN, p.to_str().unwrap(), None);
    assert_eq!(item(&r, "T03")["status"], "not_checked");
    assert_eq!(r["conclusion"], "fail");
}

#[test]
fn snapshots_of_the_acceptance_record_and_the_checklist() {
    let runs: [(&str, &[&str]); 3] = [
        (
            "passed",
            &["--as-built", "samples/acceptance/xiaguan-passed.csv"],
        ),
        (
            "deviations",
            &["--as-built", "samples/acceptance/xiaguan-deviations.csv"],
        ),
        (
            "rectified",
            &[
                "--as-built",
                "samples/acceptance/xiaguan-rectified.csv",
                "--previous",
                "tests/fixtures/acceptance/xiaguan-deviations.record.json",
            ],
        ),
    ];
    for (name, extra) in runs {
        for (format, lang) in [
            ("terminal", "zh"),
            ("terminal", "en"),
            ("markdown", "zh"),
            ("markdown", "en"),
            ("html", "zh"),
        ] {
            let mut args = vec![
                "accept", "--design", DESIGN, "--as-of", AS_OF, "--format", format, "--lang", lang,
            ];
            args.extend_from_slice(extra);
            let o = anfang(&args);
            assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
            // The same inputs give the same bytes.
            assert_eq!(anfang(&args).stdout, o.stdout, "{name} {format} {lang}");
            insta::assert_snapshot!(format!("acceptance.{name}.{format}.{lang}"), stdout(&o));
        }
    }
    for lang in ["zh", "en"] {
        let o = anfang(&[
            "checklist",
            DESIGN,
            "--format",
            "html",
            "--lang",
            lang,
            "--date",
            "2026-12-01",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let html = stdout(&o);
        assert!(html.contains("2026-12-01"));
        insta::assert_snapshot!(format!("checklist.xiaguan.html.{lang}"), html);
    }
}
