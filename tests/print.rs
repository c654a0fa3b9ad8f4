//! Printable PDFs (feature `pdf`): the review opinion rendered through the binary, its text
//! extracted back with our pdf-extract child process, page breaks with repeated table headers,
//! determinism, and the loud failure when a character is in no loaded font.
//!
//! Needs the Noto Sans CJK fonts (Debian `fonts-noto-cjk`; CI installs them).

use std::path::{Path, PathBuf};

use anfang::ingest::sha256_hex;
use anfang::pdf::{Extractor, PdfText, normalise};
use serde_json::Value;

use crate::common::*;

const AS_OF: &str = "2026-11-27";
/// A developer with rare characters in its name (堃 U+5803, 䶮 U+4DAE, CJK Extension A).
const RARE: &str = "大理王堃䶮置业有限公司";

/// `samples/small-120-level1.yaml` with the developer renamed to [`RARE`], in a temporary folder.
fn rare_sample() -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string(root().join("samples/small-120-level1.yaml")).unwrap();
    let (_, developer) = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("developer:").map(|v| ((), v)))
        .expect("sample has a developer");
    let developer = developer.split('#').next().unwrap().trim().to_owned();
    let text = text.replacen(&developer, RARE, 1);
    temp_file("small-120-level1.yaml", text.as_bytes())
}

fn pdf(args: &[&str], out: &Path) -> std::process::Output {
    let mut all: Vec<&str> = vec!["check", "--format", "pdf", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let out_s = out.to_str().unwrap();
    all.extend_from_slice(&["--output", out_s]);
    anfang(&all)
}

fn json_report(file: &str, lang: &str) -> Value {
    let o = anfang(&[
        "check", file, "--format", "json", "--lang", lang, "--as-of", AS_OF,
    ]);
    serde_json::from_slice(&o.stdout).expect("json report")
}

fn extract(path: &Path) -> PdfText {
    Extractor::new(env!("CARGO_BIN_EXE_anfang"))
        .extract(path)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// The text without any whitespace (extractors put spaces between CJK and digits, or not),
/// NFKC-normalised as the extractor's output is (full-width （） become ()).
fn squeeze(s: &str) -> String {
    normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect()
}

fn page_text(text: &PdfText, page: usize) -> String {
    squeeze(
        &text.pages[page]
            .lines
            .iter()
            .map(|l| l.text())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn review_opinion_renders_in_both_languages_and_its_text_extracts_back() {
    let (dir, sample) = rare_sample();
    let file = sample.to_str().unwrap();
    for (lang, headings, page_of) in [
        (
            "zh",
            &[
                "安全技术防范工程设计方案审查意见书",
                "一、审查依据",
                "二、总体意见",
                "三、违反强制性条文及法定义务的问题",
                "四、分项审查意见",
                "审查结论",
                "审查组成员（签字）",
                "组长（签字）",
                "复核人（签字）",
                "审查日期",
                "申报材料",
                "（盖章）",
                "文件摘要（SHA-256）",
            ][..],
            "第1页共",
        ),
        (
            "en",
            &[
                "Review opinion on the security design",
                "1. Basis",
                "3. Failures of mandatory clauses and legal duties",
                "4. Findings by subsystem",
                "Conclusion",
                "Review panel (signatures)",
                "Checked by (signature)",
                "(seal)",
                "Digests (SHA-256)",
            ][..],
            "Page1of",
        ),
    ] {
        let out = dir.path().join(format!("opinion.{lang}.pdf"));
        let o = pdf(&[file, "--lang", lang], &out);
        assert_eq!(o.status.code(), Some(1), "{lang}: {}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{lang}: not a PDF");
        let text = extract(&out);
        let all = squeeze(&text.to_plain_text());
        let report = json_report(file, lang);
        for h in headings {
            assert!(all.contains(&squeeze(h)), "{lang}: heading {h} missing");
        }
        assert!(
            all.contains(RARE),
            "{lang}: the rare-character name is missing"
        );
        let verdict = report["verdict_label"][lang].as_str().unwrap();
        assert!(
            all.contains(&squeeze(verdict)),
            "{lang}: verdict {verdict} missing"
        );
        let number = text.pages.len();
        assert!(
            all.contains(&format!("{page_of}{number}")),
            "{lang}: footer {page_of}{number} missing"
        );
        for page in 0..number {
            let footer = if lang == "zh" {
                format!("第{}页共{number}页", page + 1)
            } else {
                format!("Page{}of{number}", page + 1)
            };
            assert!(
                page_text(&text, page).contains(&footer),
                "{lang}: page {} has no {footer}",
                page + 1
            );
        }
        let findings = report["findings"].as_array().unwrap();
        assert!(!findings.is_empty());
        for f in findings {
            let rule = f["rule"].as_str().unwrap();
            assert!(all.contains(rule), "{lang}: rule {rule} missing");
            // Clause numbers are printed (in the document's form: 第3.5.2条第5款, cl. 3.5.2(5)).
            for c in f["clauses"].as_array().unwrap() {
                let number: String = c["clause"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("Art. ")
                    .chars()
                    .take_while(|ch| ch.is_ascii_digit() || *ch == '.')
                    .collect();
                if !number.is_empty() {
                    assert!(all.contains(&number), "{lang}: clause {number} of {rule}");
                }
            }
        }
        // Full digests in the digests table, shortened ones in every page footer.
        let standard = report["standard"]["sha256"].as_str().unwrap();
        let input = report["inputs"][0]["sha256"].as_str().unwrap();
        assert!(all.contains(standard), "{lang}: standard digest");
        assert!(all.contains(input), "{lang}: input digest");
        for page in 0..number {
            assert!(page_text(&text, page).contains(&format!("sha256:{}", &input[..12])));
            assert!(page_text(&text, page).contains(&format!("sha256:{}", &standard[..12])));
        }
        // File names, never the folders of the machine that made the document.
        let folder = squeeze(&dir.path().display().to_string());
        assert!(
            !all.contains(&folder),
            "{lang}: an absolute path is printed"
        );
        // (pdf-extract reads the "ll" of "small" as "l "; pdftotext reads it right.)
        assert!(all.contains("120-level1.yaml"), "{lang}: the file's name");
    }
}

#[test]
fn a_long_findings_table_breaks_across_pages_and_repeats_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("erhai.pdf");
    // Findings are grouped by rule (one row per rule, its subjects listed), so the sample's
    // longest row — ACC-003 over 20 access points — spans a page break in the English document.
    let o = pdf(&["samples/erhai-large-5000.yaml", "--lang", "en"], &out);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let text = extract(&out);
    assert!(text.pages.len() >= 3, "{} pages", text.pages.len());
    // The header row of the findings tables (the mandatory failures have no outcome column).
    let headers = [
        squeeze("No. Rule Outcome Finding Basis Required change"),
        squeeze("No. Rule Finding Basis Required change"),
    ];
    let is_header = |l: &anfang::pdf::Line| headers.contains(&squeeze(&l.text()));
    let with_header: Vec<usize> = (0..text.pages.len())
        .filter(|p| text.pages[*p].lines.iter().any(is_header))
        .collect();
    assert!(
        with_header.len() >= 2,
        "header row on pages {with_header:?} only"
    );
    // A table that continues on the next page: a page that starts (below the running header)
    // with the repeated header row rather than a section heading.
    let continued = with_header
        .iter()
        .any(|p| *p > 0 && text.pages[*p].lines.iter().take(3).any(is_header));
    assert!(continued, "no page opens with a repeated header row");
}

#[test]
fn the_same_inputs_give_byte_identical_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for p in [&a, &b] {
        let o = pdf(&["samples/small-120-level1.yaml"], p);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // The document number is derived from the digests, or given.
    let c = dir.path().join("c.pdf");
    let o = pdf(
        &[
            "samples/small-120-level1.yaml",
            "--doc-number",
            "洱技防审〔2026〕17号",
        ],
        &c,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(squeeze(&extract(&c).to_plain_text()).contains("洱技防审〔2026〕17号"));
}

#[test]
fn a_character_in_no_loaded_font_fails_loudly_naming_it() {
    // Only a Latin font: the first Chinese character of the data is named, with its pointer.
    let fonts = tempfile::tempdir().unwrap();
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if dejavu.is_file() {
        std::fs::copy(dejavu, fonts.path().join("DejaVuSans.ttf")).unwrap();
    } else {
        // Any font without CJK will do; WenQuanYi covers CJK, so fall back to the same check
        // through the library below.
        eprintln!("DejaVu Sans not installed: the CLI half of this test is skipped");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    if dejavu.is_file() {
        let o = pdf(
            &[
                "samples/small-120-level1.yaml",
                "--font-dir",
                fonts.path().to_str().unwrap(),
            ],
            &out,
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        for part in [
            "U+",
            "/report/",
            "DejaVu Sans",
            "fonts-noto-cjk",
            "--font-dir",
        ] {
            assert!(err.contains(part), "{part} missing from: {err}");
        }
        assert!(!out.exists(), "no PDF is written");
    }
    // A font with common Chinese but not a rare character: the rare one is named.
    let (_keep, sample) = rare_sample();
    let set = anfang::print::FontSet::system().expect("system CJK fonts");
    assert!(
        set.covers('堃') && set.covers('䶮'),
        "Noto Sans CJK SC has both"
    );
    let data = serde_json::json!({"project": {"name": "普通小区", "developer": RARE}});
    let limited = anfang::print::FontSet {
        faces: set
            .faces
            .iter()
            .filter(|f| !f.font.info().coverage.contains(u32::from('堃')))
            .cloned()
            .collect(),
        origin: "test".into(),
    };
    if !limited.faces.is_empty() {
        let u = limited.uncovered_in_value(&data);
        assert_eq!(u[0].ch, '堃');
        assert_eq!(u[0].place, "/project/developer");
    }
    // The same through the binary, with the rare name in a submission and WenQuanYi (which has
    // no Extension A) as the only font.
    let wqy = Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if wqy.is_file() {
        let fonts = tempfile::tempdir().unwrap();
        std::fs::copy(wqy, fonts.path().join("wqy-microhei.ttc")).unwrap();
        let o = pdf(
            &[
                sample.to_str().unwrap(),
                "--font-dir",
                fonts.path().to_str().unwrap(),
            ],
            &out,
        );
        let err = stderr(&o);
        if !anfang::print::FontSet::from_dir(fonts.path())
            .unwrap()
            .covers('䶮')
        {
            assert_eq!(o.status.code(), Some(2), "{err}");
            assert!(err.contains("䶮") && err.contains("U+4DAE"), "{err}");
            // The pointer and line are the submission's own.
            assert!(err.contains("/project/developer"), "{err}");
            assert!(err.contains("small-120-level1.yaml:"), "{err}");
        }
    }
}

#[test]
fn pdf_needs_an_output_file() {
    let o = anfang(&["check", "samples/small-120.yaml", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
}

#[test]
fn templates_override_the_built_in_typst_template_and_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.pdf");
    // An authority's own template: any .typ reading the same inputs.
    std::fs::write(
        dir.path().join("review-opinion.typ"),
        "#let d = json(bytes(sys.inputs.data))\n#set text(font: sys.inputs.fonts)\n\
         某某县公安局技防办 #d.doc_number #d.report.verdict_label.zh\n",
    )
    .unwrap();
    let templates = dir.path().to_str().unwrap();
    let o = pdf(
        &["samples/small-120-level1.yaml", "--templates", templates],
        &out,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = squeeze(&extract(&out).to_plain_text());
    assert!(text.contains("某某县公安局技防办AF-"), "{text}");
    // A broken one: the file and line are named, and nothing is written.
    std::fs::write(
        dir.path().join("review-opinion.typ"),
        "#let d = json(bytes(sys.inputs.data))\n\n#d.no_such_field\n",
    )
    .unwrap();
    let broken = dir.path().join("broken.pdf");
    let o = pdf(
        &["samples/small-120-level1.yaml", "--templates", templates],
        &broken,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("review-opinion.typ:3:"), "{err}");
    assert!(!broken.exists());
}

// ---------------------------------------------------------------------------------------------
// The acceptance documents: the on-site checklist and the acceptance record.

const DESIGN: &str = "samples/xiaguan-new-1200.yaml";
const DEVIATIONS: &str = "samples/acceptance/xiaguan-deviations.csv";

/// The approved design with its developer renamed to [`RARE`], and the `deviations` inspection
/// re-pointed at it (the filled sheet names the design it was made from by digest), in a
/// temporary folder.
fn rare_acceptance() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(root().join(DESIGN)).unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    let renamed = text.replacen("大理苍洱雅园置业有限公司", RARE, 1);
    assert_ne!(renamed, text, "the sample's developer moved");
    let design = dir.path().join("xiaguan-new-1200.yaml");
    std::fs::write(&design, &renamed).unwrap();
    let sheet = std::fs::read_to_string(root().join(DEVIATIONS)).unwrap();
    let repointed = sheet.replacen(&sha256_hex(&original), &sha256_hex(renamed.as_bytes()), 1);
    assert_ne!(repointed, sheet, "the sheet names the design's digest");
    let inspection = dir.path().join("xiaguan-deviations.csv");
    std::fs::write(&inspection, repointed).unwrap();
    (dir, design, inspection)
}

/// Every page says "第 N 页 共 M 页" (or "Page N of M") with the right N and M, and carries the
/// digests' short forms.
fn assert_numbered_pages(text: &PdfText, lang: &str, digests: &[&str]) {
    let total = text.pages.len();
    // Inputs are read from a temporary folder: its path must not be printed anywhere.
    let tmp = squeeze(&std::env::temp_dir().display().to_string());
    for page in 0..total {
        let t = page_text(text, page);
        assert!(
            !t.contains(&tmp),
            "{lang} page {}: an absolute path",
            page + 1
        );
        let numbered = if lang == "zh" {
            format!("第{}页共{total}页", page + 1)
        } else {
            format!("Page{}of{total}", page + 1)
        };
        assert!(
            t.contains(&numbered),
            "{lang} page {}: no {numbered}",
            page + 1
        );
        for d in digests {
            assert!(
                t.contains(&format!("sha256:{}", &d[..12])),
                "{lang} page {}: no digest {}",
                page + 1,
                &d[..12]
            );
        }
    }
}

#[test]
fn the_checklist_pdf_lists_every_item_in_both_languages_and_its_text_extracts_back() {
    let (dir, design, _) = rare_acceptance();
    let design_s = design.to_str().unwrap();
    let design_sha = sha256_hex(&std::fs::read(&design).unwrap());
    let o = anfang(&["checklist", design_s, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let checklist: Value = serde_json::from_slice(&o.stdout).unwrap();
    let items = checklist["items"].as_array().unwrap();
    assert!(items.len() > 100, "{} items", items.len());
    let print_checklist_in = |out: &Path, lang: &str| {
        let o = anfang(&[
            "checklist",
            design_s,
            "--format",
            "pdf",
            "--lang",
            lang,
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    for (lang, headings) in [
        (
            "zh",
            [
                "安全技术防范工程竣工验收现场核查表",
                "一、施工验收",
                "二、技术验收",
                "三、资料审查",
                "检查人员(签字)",
            ],
        ),
        (
            "en",
            [
                "On-site acceptance checklist of the security works",
                "1. Construction acceptance",
                "2. Technical acceptance",
                "3. Document review",
                "Inspectors (signature)",
            ],
        ),
    ] {
        let out = dir.path().join(format!("checklist-{lang}.pdf"));
        print_checklist_in(&out, lang);
        let text = extract(&out);
        assert!(text.pages.len() >= 5, "{lang}: {} pages", text.pages.len());
        let all = squeeze(&text.to_plain_text());
        for h in headings {
            assert!(all.contains(&squeeze(h)), "{lang}: heading {h} missing");
        }
        // The rare characters of the developer's name are printed, not blanks.
        assert!(all.contains(RARE), "{lang}: {RARE} missing");
        // Every row of the checklist is on the paper, with its id and its designed quantity.
        for i in items {
            let id = i["id"].as_str().unwrap();
            assert!(all.contains(id), "{lang}: item {id} missing");
        }
        // The number is derived from the standard's and the design's digests.
        let standard_sha = checklist["standard"]["sha256"].as_str().unwrap();
        let number = format!(
            "HC-{}-{}",
            checklist["project"]["id"].as_str().unwrap(),
            &sha256_hex(format!("{standard_sha}{design_sha}").as_bytes())[..8]
        );
        assert!(all.contains(&number), "{lang}: document number {number}");
        assert_numbered_pages(&text, lang, &[&design_sha]);
        // A long table continues with its header row on the next page.
        let header = squeeze(if lang == "zh" {
            "序号 编号 设备 位置 设计型号 设计数量 实装数量 实装型号 结果 备注"
        } else {
            "No. Id Device Location Model Designed Installed As-built model Result Remarks"
        });
        let repeated = (1..text.pages.len())
            .filter(|p| {
                text.pages[*p]
                    .lines
                    .iter()
                    .take(4)
                    .any(|l| squeeze(&l.text()) == header)
            })
            .count();
        assert!(
            repeated >= 1,
            "{lang}: the configuration table's header does not repeat"
        );
    }
    // The same design gives the same bytes.
    let again = dir.path().join("again.pdf");
    print_checklist_in(&again, "zh");
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(dir.path().join("checklist-zh.pdf")).unwrap()
    );
}

#[test]
fn the_acceptance_record_pdf_carries_the_conclusion_deviations_and_signature_blocks() {
    let (dir, design, inspection) = rare_acceptance();
    let (design_s, inspection_s) = (design.to_str().unwrap(), inspection.to_str().unwrap());
    let digests = [
        sha256_hex(&std::fs::read(&design).unwrap()),
        sha256_hex(&std::fs::read(&inspection).unwrap()),
    ];
    let record = |format: &str, lang: &str, out: Option<&Path>| {
        let mut args = vec![
            "accept",
            "--design",
            design_s,
            "--as-built",
            inspection_s,
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--lang",
            lang,
        ];
        if let Some(out) = out {
            args.extend(["--output", out.to_str().unwrap()]);
        }
        let o = anfang(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        o
    };
    let json: Value = serde_json::from_slice(&record("json", "zh", None).stdout).unwrap();
    let deviations = json["deviations"].as_array().unwrap();
    assert!(deviations.len() >= 4, "{deviations:?}");
    for (lang, words) in [
        (
            "zh",
            vec![
                "安全技术防范工程竣工验收记录及验收意见",
                "二、验收结论",
                "不通过",
                "三、分部评分",
                "四、与批准设计的偏差",
                "六、整改清单",
                "验收组组长(签字)",
                "建设单位(盖章)",
                "施工单位(盖章)",
                "文件摘要(SHA-256)",
            ],
        ),
        (
            "en",
            vec![
                "Acceptance record and opinion of the security works",
                "2. Conclusion",
                "4. Deviations from the approved design",
            ],
        ),
    ] {
        let out = dir.path().join(format!("record-{lang}.pdf"));
        record("pdf", lang, Some(&out));
        let text = extract(&out);
        let all = squeeze(&text.to_plain_text());
        for w in words {
            assert!(all.contains(&squeeze(w)), "{lang}: {w} missing");
        }
        assert!(all.contains(RARE), "{lang}: {RARE} missing");
        let conclusion = squeeze(json["conclusion_label"][lang].as_str().unwrap());
        assert!(
            all.contains(&conclusion),
            "{lang}: conclusion {conclusion} missing"
        );
        let number = json["document_number"].as_str().unwrap();
        assert!(all.contains(number), "{lang}: document number {number}");
        // Every deviation's item and every failed item is named.
        for d in deviations {
            if let Some(item) = d["item"].as_str() {
                assert!(all.contains(item), "{lang}: deviation {item} missing");
            }
        }
        for r in json["rectifications"].as_array().unwrap() {
            let id = r["item"].as_str().unwrap();
            assert!(all.contains(id), "{lang}: rectification {id} missing");
        }
        // The part ratios as the JSON record has them.
        for part in json["parts"].as_array().unwrap() {
            let shown = part["ratio_text"].as_str().unwrap();
            assert!(all.contains(shown), "{lang}: ratio {shown} missing");
        }
        assert_numbered_pages(&text, lang, &[&digests[0]]);
        for d in &digests {
            assert!(all.contains(d.as_str()), "{lang}: full digest {d} missing");
        }
    }
    let again = dir.path().join("again.pdf");
    record("pdf", "zh", Some(&again));
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(dir.path().join("record-zh.pdf")).unwrap()
    );
}
