//! Printable PDFs (feature `pdf`): the review opinion rendered through the binary, its text
//! extracted back with our pdf-extract child process, page breaks with repeated table headers,
//! determinism, and the loud failure when a character is in no loaded font.
//!
//! Needs the Noto Sans CJK fonts (Debian `fonts-noto-cjk`; CI installs them).

use std::path::{Path, PathBuf};

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
        .filter(|c| !c.is_whitespace())
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
                "审查人（签字）",
                "复核人（签字）",
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
                "Reviewer (signature)",
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
        assert!(all.contains(verdict), "{lang}: verdict {verdict} missing");
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
            // Clause numbers ("3.5.2(5)", "ch. 2") are kept on one line in their cell.
            for c in f["clauses"].as_array().unwrap() {
                let clause = c["clause"].as_str().unwrap();
                if clause != "?" {
                    assert!(
                        all.contains(&squeeze(clause)),
                        "{lang}: clause {clause} of {rule}"
                    );
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
        }
    }
}

#[test]
fn a_long_findings_table_breaks_across_pages_and_repeats_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("erhai.pdf");
    let o = pdf(&["samples/erhai-large-5000.yaml"], &out);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let text = extract(&out);
    assert!(text.pages.len() >= 3, "{} pages", text.pages.len());
    // The header row of the findings tables (the mandatory failures have no outcome column).
    let headers = [
        squeeze("序号 规则 结果 问题 依据 整改要求"),
        squeeze("序号 规则 问题 依据 整改要求"),
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
