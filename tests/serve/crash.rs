//! Killing the server (SIGKILL) in the middle of an upload and in the middle of a check: after a
//! restart every round is whole (its report is stored, matches its digest, and its upload and
//! check are in the audit log) or absent, every round the client was told about (201) is there,
//! and the audit chain is intact.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use super::{Backend, Form, Server, project, sample};

fn rounds(s: &Server, token: &str, p: i64) -> Vec<serde_json::Value> {
    let r = s.get(&format!("/api/v1/projects/{p}/rounds"), Some(token));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().as_array().unwrap().clone()
}

fn assert_whole(s: &Server, token: &str, p: i64) -> usize {
    let list = rounds(s, token, p);
    for (i, r) in list.iter().enumerate() {
        assert_eq!(
            r["number"].as_i64().unwrap(),
            i as i64 + 1,
            "round numbers have no gap"
        );
        let sha = r["report_sha256"]
            .as_str()
            .expect("every stored round has its report");
        let report = s.get(&format!("/api/v1/rounds/{}/report", r["id"]), Some(token));
        assert_eq!(report.status, 200);
        assert_eq!(anfang::ingest::sha256_hex(&report.body), sha);
        assert_eq!(report.json()["verdict"], r["verdict"]);
    }
    let audit = s.get("/api/v1/audit", Some(&s.admin)).json();
    let uploads = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "upload")
        .count();
    let checks = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "check")
        .count();
    assert_eq!(
        (uploads, checks),
        (list.len(), list.len()),
        "one upload and one check entry per round"
    );
    let out = s.cli(&["audit", "verify"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    list.len()
}

#[test]
fn a_round_is_stored_whole_or_not_at_all_when_the_server_is_killed() {
    let mut s = Server::start(Backend::Sqlite);
    let applicant = s.user("苍洱建设", "applicant", "", "dev", "applicant");
    let p = project(&s, &applicant, "洱海花园", "532901");

    // Killed while the body is still arriving.
    let (ct, body) = Form::new()
        .file(
            "submission",
            "erhai-large-5000.yaml",
            &sample("erhai-large-5000.yaml"),
        )
        .encode();
    let host = s.url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).expect("connect");
    write!(
        stream,
        "POST /api/v1/projects/{p}/rounds HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {applicant}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    s.kill();
    drop(stream);
    s.launch();
    assert_eq!(
        assert_whole(&s, &applicant, p),
        0,
        "half an upload leaves nothing"
    );

    // Killed at moments spread over the check of the 5,000-household sample.
    let mut told = 0;
    let mut interrupted = 0;
    for delay in [0u64, 30, 80, 150, 300, 500, 800, 1200, 2000] {
        let url = format!("{}/api/v1/projects/{p}/rounds", s.url);
        let token = applicant.clone();
        let client = std::thread::spawn(move || {
            let (ct, body) = Form::new()
                .file(
                    "submission",
                    "erhai-large-5000.yaml",
                    &sample("erhai-large-5000.yaml"),
                )
                .encode();
            super::try_request(
                "POST",
                &url,
                &[("Authorization".into(), format!("Bearer {token}"))],
                Some((&ct, body)),
            )
            .map(|r| r.status)
        });
        std::thread::sleep(Duration::from_millis(delay));
        s.kill();
        match client.join().unwrap() {
            Ok(201) => told += 1,
            Ok(other) => panic!("upload answered {other}"),
            Err(_) => interrupted += 1,
        }
        s.launch();
        let stored = assert_whole(&s, &applicant, p);
        assert!(
            stored >= told,
            "a round the client was told about (201) survives the kill"
        );
    }
    assert!(
        interrupted > 0,
        "some kills landed during an upload or a check"
    );
    // The server still works after all that.
    let r = s.post_multipart(
        &format!("/api/v1/projects/{p}/rounds"),
        Some(&applicant),
        &Form::new().file("submission", "small-120.yaml", &sample("small-120.yaml")),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_whole(&s, &applicant, p);
}
