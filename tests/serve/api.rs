//! The API as the approval system and an applicant's script use it.

use serde_json::json;

use super::{Backend, Form, Server, cli_report, project, sample, xiaguan_form};
use crate::common::root;

#[test]
fn stateless_check_is_the_command_lines_report_byte_for_byte() {
    let s = Server::start(Backend::Sqlite);
    let as_of = "2026-12-01";
    // The body alone (YAML by its name), and multipart with the equipment list.
    let r = s.post_raw(
        &format!("/api/v1/check?name=small-120.yaml&as_of={as_of}"),
        &s.admin,
        "application/yaml",
        sample("small-120.yaml"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.body,
        cli_report(&root().join("samples"), "small-120.yaml", as_of),
        "the API's report differs from `anfang check --format json`"
    );
    assert_eq!(
        r.header("x-anfang-verdict").as_deref(),
        Some(r.json()["verdict"].as_str().unwrap())
    );

    let r = s.post_multipart(
        &format!("/api/v1/check?as_of={as_of}"),
        Some(&s.admin),
        &xiaguan_form(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let cli = cli_report(&root().join("samples"), "xiaguan-new-1200.yaml", as_of);
    assert_eq!(r.text(), String::from_utf8_lossy(&cli));
    // The equipment list was found where the submission declares it and cross-checked.
    assert!(r.json()["crosscheck"].as_array().unwrap().is_empty());
}

#[test]
fn a_submission_that_cannot_be_checked_gets_its_problems_with_line_and_column() {
    let s = Server::start(Backend::Sqlite);
    let r = s.post_raw(
        "/api/v1/check?name=broken.yaml",
        &s.admin,
        "application/yaml",
        b"project:\n  name: x\n  households: many\n".to_vec(),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let problems = r.json()["error"]["problems"].as_array().unwrap().clone();
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().starts_with("broken.yaml:3:")),
        "{problems:?}"
    );
    // No token, no check.
    let r = s.post_raw_anonymous("/api/v1/check", sample("small-120.yaml"));
    assert_eq!(r.status, 401);
}

#[test]
fn attachment_paths_may_not_leave_the_submission_folder() {
    let s = Server::start(Backend::Sqlite);
    let text = String::from_utf8(sample("xiaguan-new-1200.yaml"))
        .unwrap()
        .replace(
            "path: attachments/xiaguan-new-1200/equipment-list.csv",
            "path: /etc/passwd",
        );
    let r = s.post_raw(
        "/api/v1/check?name=x.yaml",
        &s.admin,
        "application/yaml",
        text.into_bytes(),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let body = r.text();
    assert!(body.contains("leaves the submission's folder"), "{body}");
    assert!(!body.contains("root:"), "the server read /etc/passwd");
    let text = String::from_utf8(sample("xiaguan-new-1200.yaml"))
        .unwrap()
        .replace(
            "path: attachments/xiaguan-new-1200/equipment-list.csv",
            "path: ../../../../etc/passwd",
        );
    let r = s.post_raw(
        "/api/v1/check?name=x.yaml",
        &s.admin,
        "application/yaml",
        text.into_bytes(),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("x.yaml:"),
        "the problem points into the submission: {}",
        r.text()
    );
}

#[test]
fn openapi_document_describes_every_route_with_generated_schemas() {
    let s = Server::start(Backend::Sqlite);
    let r = s.get("/api/openapi.json", None);
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/check",
        "/api/v1/projects",
        "/api/v1/projects/{id}/rounds",
        "/api/v1/rounds/{id}/opinion",
        "/api/v1/documents/{id}/{format}",
        "/api/v1/projects/{id}/waivers",
        "/api/v1/dashboard",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in ["Report", "Round", "Project", "Document", "WaiverRequest"] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    // Every $ref resolves inside the document.
    let text = doc.to_string();
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

#[test]
fn rounds_are_checked_issued_frozen_and_compared() {
    let s = Server::start(Backend::Sqlite);
    let applicant = s.user("苍洱建设", "applicant", "", "dev", "applicant");
    let reviewer = s.user("大理州住建局", "authority", "5329", "rev", "reviewer");
    let p = project(&s, &applicant, "苍洱雅园", "532901");

    // Round 1: the resubmission pair's first round, as a zip of a folder.
    let zip = zip_of(&[("round/submission.yaml", &sample("resubmission/round1.yaml"))]);
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &Form::new().file("bundle", "round1.zip", &zip),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let round1 = r.json();
    assert_eq!(round1["number"], 1);
    assert_eq!(round1["submission"], "submission.yaml");
    let expected = std::process::Command::new(super::BIN)
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            round1["as_of"].as_str().unwrap(),
            "samples/resubmission/round1.yaml",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&expected.stdout).unwrap();
    assert_eq!(round1["verdict"], expected["verdict"]);

    // Round 2 as loose files; the diff says what was fixed.
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &Form::new().file(
            "submission",
            "round2.yaml",
            &sample("resubmission/round2.yaml"),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let round2 = r.json();
    let id2 = round2["id"].as_i64().unwrap();
    let delta = s.get(&format!("/api/v1/rounds/{id2}/diff"), Some(&reviewer));
    assert_eq!(delta.status, 200, "{}", delta.text());
    let cli_delta = std::process::Command::new(super::BIN)
        .args([
            "diff",
            "--format",
            "json",
            "--as-of",
            round2["as_of"].as_str().unwrap(),
            "samples/resubmission/round1.yaml",
            "samples/resubmission/round2.yaml",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let cli_delta: serde_json::Value = serde_json::from_slice(&cli_delta.stdout).unwrap();
    assert_eq!(delta.json()["counts"], cli_delta["counts"]);
    assert!(delta.json()["counts"]["fixed"].as_u64().unwrap() > 0);

    // A reviewer waives one failing subject of a waivable rule (not a mandatory clause or a
    // legal duty) with the approving document; the next round (the same file) reports it
    // waived, citing the waiver.
    let report2 = s
        .get(&format!("/api/v1/rounds/{id2}/report"), Some(&reviewer))
        .json();
    let failing = report2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["outcome"] == "fail"
                && !matches!(f["obligation"].as_str(), Some("mandatory" | "legal"))
        })
        .expect("round 2 fails a waivable rule")
        .clone();
    let waiver = json!({
        "rule": failing["rule"], "subject": failing["subject"], "reason": "场地条件限制，已采取替代措施",
        "document": "大住建审〔2026〕18号", "date": "2026-11-20", "expires": "2027-11-20",
    });
    let r = s.post_json(
        &format!("/api/v1/projects/{p}/waivers"),
        Some(&applicant),
        &waiver,
    );
    assert_eq!(r.status, 403, "an applicant grants no waiver");
    let r = s.post_json(
        &format!("/api/v1/projects/{p}/waivers"),
        Some(&reviewer),
        &waiver,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &Form::new().file(
            "submission",
            "round2.yaml",
            &sample("resubmission/round2.yaml"),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id3 = r.json()["id"].as_i64().unwrap();
    let report3 = s
        .get(&format!("/api/v1/rounds/{id3}/report"), Some(&reviewer))
        .json();
    let same = report3["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == failing["rule"] && f["subject"] == failing["subject"])
        .expect("the finding is still reported");
    assert_eq!(same["outcome"], "waived", "{same}");
    assert_eq!(
        report3["summary"]["waived"].as_u64().unwrap(),
        report2["summary"]["waived"].as_u64().unwrap() + 1
    );

    // The applicant cannot issue; the reviewer can, once.
    let r = s.post_json(
        &format!("/api/v1/rounds/{id2}/opinion"),
        Some(&applicant),
        &json!({}),
    );
    assert_eq!(r.status, 403);
    let r = s.post_json(
        &format!("/api/v1/rounds/{id2}/opinion"),
        Some(&reviewer),
        &json!({"remarks": "同意，按期整改。"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let doc = r.json();
    let number = doc["number"].as_str().unwrap().to_owned();
    assert!(
        number.starts_with("RO-") && number.ends_with("-0001"),
        "{number}"
    );
    let r = s.post_json(
        &format!("/api/v1/rounds/{id2}/opinion"),
        Some(&reviewer),
        &json!({}),
    );
    assert_eq!(r.status, 409, "an issued opinion is never issued again");

    // Every file downloads with the digest recorded at issue, and the JSON is the stored report.
    let id = doc["id"].as_i64().unwrap();
    for f in doc["files"].as_array().unwrap() {
        let format = f["path"].as_str().unwrap();
        let r = s.get(
            &format!("/api/v1/documents/{id}/{format}"),
            Some(&applicant),
        );
        assert_eq!(r.status, 200, "{format}");
        assert_eq!(
            r.header("x-content-sha256").as_deref(),
            f["sha256"].as_str()
        );
        assert_eq!(
            anfang::ingest::sha256_hex(&r.body),
            f["sha256"].as_str().unwrap()
        );
    }
    let report = s.get(&format!("/api/v1/rounds/{id2}/report"), Some(&applicant));
    let json_file = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "json")
        .unwrap();
    assert_eq!(
        anfang::ingest::sha256_hex(&report.body),
        json_file["sha256"].as_str().unwrap()
    );
    let html = s
        .get(&format!("/api/v1/documents/{id}/html"), Some(&applicant))
        .text();
    assert!(html.contains("审查意见"), "the Chinese review opinion");
    assert!(html.contains(expected["project"]["name"].as_str().unwrap()));
    assert!(
        html.contains(&number),
        "the issued opinion carries the portal's number {number}"
    );
}

#[test]
fn uploads_are_bounded_and_confined() {
    let s = Server::start_with(Backend::Sqlite, &[]);
    let applicant = s.user("苍洱建设", "applicant", "", "dev", "applicant");
    let p = project(&s, &applicant, "苍洱雅园", "532901");
    let path = format!("/api/v1/projects/{p}/rounds");
    // A zip bomb: 40 MiB of zeros packed into a few tens of KiB.
    let bomb = zip_of(&[
        ("s.yaml", &sample("small-120.yaml")),
        ("zeros.csv", &vec![0u8; 40 << 20]),
    ]);
    let r = s.post_multipart(
        &path,
        Some(&applicant),
        &Form::new().file("bundle", "b.zip", &bomb),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    // Traversal inside a zip.
    let evil = zip_of(&[
        ("s.yaml", &sample("small-120.yaml")),
        ("../../evil.csv", b"x"),
    ]);
    let r = s.post_multipart(
        &path,
        Some(&applicant),
        &Form::new().file("bundle", "e.zip", &evil),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("leaves its folder"));
    // More than the request limit.
    let big = vec![b'#'; 65 << 20];
    let (ct, body) = Form::new().file("submission", "s.yaml", &big).encode();
    let headers = [("Authorization".to_owned(), format!("Bearer {applicant}"))];
    match super::try_request(
        "POST",
        &format!("{}{path}", s.url),
        &headers,
        Some((&ct, body)),
    ) {
        Ok(r) => assert_eq!(r.status, 413, "{}", r.text()),
        // The server answered 413 and closed the connection before the client finished sending.
        Err(e) => assert!(
            e.to_string().contains("Broken pipe") || e.to_string().contains("reset"),
            "{e}"
        ),
    }
    // Nothing of it was recorded.
    let rounds = s
        .get(&format!("/api/v1/projects/{p}/rounds"), Some(&applicant))
        .json();
    assert_eq!(rounds.as_array().unwrap().len(), 0);
}

#[test]
fn audit_log_records_the_workflow_and_detects_an_edit() {
    let mut s = Server::start(Backend::Sqlite);
    let applicant = s.user("苍洱建设", "applicant", "", "dev", "applicant");
    let p = project(&s, &applicant, "苍洱雅园", "532901");
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &xiaguan_form(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let entries = s.get("/api/v1/audit", Some(&s.admin)).json();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "bootstrap",
        "organisation_created",
        "user_created",
        "project_created",
        "upload",
        "check",
    ] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }
    let upload = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "upload")
        .unwrap();
    let sha = anfang::ingest::sha256_hex(&sample("xiaguan-new-1200.yaml"));
    assert!(
        upload["details"].to_string().contains(&sha),
        "the upload's digest is recorded"
    );

    let out = s.cli(&["audit", "verify"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));

    // Someone with the database file edits an entry (dropping the append-only trigger first).
    s.kill();
    let db = s.data().join("anfang.db");
    edit_sqlite(
        &db,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'nobody' WHERE action = 'upload';",
    );
    let out = s.cli(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("BROKEN") && text.contains("edited"), "{text}");
}

/// Edits a SQLite database with the sqlite3 shell if present, else through Python's sqlite3.
fn edit_sqlite(db: &std::path::Path, sql: &str) {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", &db.display().to_string(), sql])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in entries {
        w.start_file(*n, o).unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn inspectors_accept_an_approved_round_from_the_filled_checklist() {
    let s = Server::start(Backend::Sqlite);
    let applicant = s.user("苍洱建设", "applicant", "", "dev", "applicant");
    let reviewer = s.user("大理州住建局", "authority", "5329", "rev", "reviewer");
    let inspector = s.user(
        "大理州安防验收组",
        "inspection",
        "5329",
        "insp",
        "inspector",
    );
    let p = project(&s, &applicant, "苍洱雅园", "532901");
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &xiaguan_form(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let round = r.json()["id"].as_i64().unwrap();
    let checklist = format!("/api/v1/rounds/{round}/checklist/csv");
    assert_eq!(
        s.get(&checklist, Some(&inspector)).status,
        409,
        "not approved yet"
    );
    let r = s.post_json(
        &format!("/api/v1/rounds/{round}/opinion"),
        Some(&reviewer),
        &json!({}),
    );
    assert_eq!(r.status, 201, "{}", r.text());

    // The checklist is the command line's for the same design.
    let r = s.get(&checklist, Some(&inspector));
    assert_eq!(r.status, 200, "{}", r.text());
    let cli = std::process::Command::new(super::BIN)
        .args(["checklist", "xiaguan-new-1200.yaml", "--format", "csv"])
        .current_dir(root().join("samples"))
        .output()
        .unwrap();
    assert_eq!(
        r.body, cli.stdout,
        "checklist differs from `anfang checklist`"
    );
    assert_eq!(s.get(&checklist, Some(&applicant)).status, 403);
    let xlsx = s.get(
        &format!("/api/v1/rounds/{round}/checklist/xlsx"),
        Some(&inspector),
    );
    assert!(xlsx.body.starts_with(b"PK"), "an XLSX workbook");

    // The filled sheet comes back; the record is `anfang accept`'s with the portal's number.
    let sheet = sample("acceptance/xiaguan-deviations.csv");
    let form = Form::new()
        .file("sheet", "xiaguan-deviations.csv", &sheet)
        .text("deadline", "2027-03-31");
    let accept = format!("/api/v1/rounds/{round}/acceptance");
    assert_eq!(
        s.post_multipart(&accept, Some(&reviewer), &form).status,
        403
    );
    let r = s.post_multipart(&accept, Some(&inspector), &form);
    assert_eq!(r.status, 201, "{}", r.text());
    let doc = r.json();
    let number = doc["number"].as_str().unwrap().to_owned();
    assert!(
        number.starts_with("AR-") && number.ends_with("-0001"),
        "{number}"
    );
    // The command line in a folder holding the design and the sheet as uploaded.
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("xiaguan-new-1200.yaml"),
        sample("xiaguan-new-1200.yaml"),
    )
    .unwrap();
    std::fs::write(folder.path().join("xiaguan-deviations.csv"), &sheet).unwrap();
    let cli = std::process::Command::new(super::BIN)
        .args([
            "accept",
            "--design",
            "xiaguan-new-1200.yaml",
            "--as-built",
            "xiaguan-deviations.csv",
            "--format",
            "json",
            "--deadline",
            "2027-03-31",
            "--doc-number",
            &number,
        ])
        .current_dir(folder.path())
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(doc["conclusion"], cli["conclusion"]);
    let id = doc["id"].as_i64().unwrap();
    let record = s
        .get(&format!("/api/v1/documents/{id}/json"), Some(&applicant))
        .json();
    assert_eq!(record["document_number"], number.as_str());
    assert_eq!(
        record.to_string(),
        cli.to_string(),
        "the record is `anfang accept --format json`'s, byte for byte"
    );
    let text = record.to_string();
    assert!(
        !text.contains("/tmp/") && !text.contains("anfang-serve-"),
        "no server path leaks: {text}"
    );
    let stored_sheet = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "csv")
        .unwrap();
    assert_eq!(
        stored_sheet["sha256"],
        anfang::ingest::sha256_hex(&sheet).as_str()
    );
    assert_eq!(
        s.post_multipart(&accept, Some(&inspector), &form).status,
        409,
        "issued once"
    );
}

#[test]
fn a_flood_of_checks_queues_then_is_refused_with_retry_after() {
    // One worker and one place in the queue: of six checks sent at once, one runs, one waits,
    // and the others are told to come back.
    let s = Server::start_with(Backend::Sqlite, &["--workers", "1", "--queue", "1"]);
    let big = sample("erhai-large-5000.yaml");
    let clients: Vec<_> = (0..6)
        .map(|_| {
            let (url, token, body) = (
                format!("{}/api/v1/check?name=erhai.yaml", s.url),
                s.admin.clone(),
                big.clone(),
            );
            std::thread::spawn(move || {
                super::request(
                    "POST",
                    &url,
                    &[("Authorization".into(), format!("Bearer {token}"))],
                    Some(("application/yaml", body)),
                )
            })
        })
        .collect();
    let replies: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let ok = replies.iter().filter(|r| r.status == 200).count();
    let busy: Vec<_> = replies.iter().filter(|r| r.status == 503).collect();
    assert_eq!(ok + busy.len(), 6, "only 200 or 503");
    assert!(ok >= 2, "the running and the queued check finish ({ok})");
    assert!(!busy.is_empty(), "the rest are refused");
    for r in busy {
        assert_eq!(r.header("retry-after").as_deref(), Some("5"));
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("busy")
        );
    }
}
