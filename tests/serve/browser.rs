//! The portal in headless Chromium, driven through chromedriver (WebDriver is JSON over HTTP, so
//! the test speaks it with the same small client as the API tests). The administrator sets a
//! password through the one-time link and creates the organisations and users in the admin
//! page; an applicant signs in, creates a project, uploads the sample with its equipment list
//! and sees the verdict; a reviewer opens the round, issues the opinion and downloads it.
//! Screenshots of every page land in `$CARGO_TARGET_TMPDIR/serve-screenshots/{sqlite,postgres}/`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Backend, PASSWORD, Server, request};
use crate::common::root;

/// A WebDriver element reference: an object with one key (`element-6066-…`; chromedriver's key
/// differs from the one the W3C text gives, so take whichever `element-…` key is there).
fn element_id(v: &Value) -> Option<String> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.starts_with("element-"))
        .and_then(|(_, id)| id.as_str())
        .map(str::to_owned)
}

struct Driver {
    child: Child,
    url: String,
    session: String,
    shots: PathBuf,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = request(
            "DELETE",
            &format!("{}/session/{}", self.url, self.session),
            &[],
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Driver {
    fn start(run: &str) -> Option<Driver> {
        if !found("chromedriver") || !found("chromium") {
            if std::env::var("ANFANG_SKIP_BROWSER").is_ok_and(|v| v == "1") {
                eprintln!("ANFANG_SKIP_BROWSER=1: portal browser test skipped");
                return None;
            }
            panic!(
                "chromium and chromedriver are needed (apt-get install chromium chromium-driver); \
                 set ANFANG_SKIP_BROWSER=1 to skip explicitly"
            );
        }
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = super::try_request("GET", &format!("{url}/status"), &[], None)
                && r.status == 200
                && r.json()["value"]["ready"] == true
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--window-size=1280,1500",
                         "--lang=zh-CN",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let r = request(
            "POST",
            &format!("{url}/session"),
            &[],
            Some(("application/json", caps.to_string().into_bytes())),
        );
        assert_eq!(r.status, 200, "new session: {}", r.text());
        let session = r.json()["value"]["sessionId"].as_str().unwrap().to_owned();
        let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("serve-screenshots")
            .join(run);
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        Some(Driver {
            child,
            url,
            session,
            shots,
            _profile: profile,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.url, self.session);
        let r = request(
            method,
            &url,
            &[],
            body.map(|b| ("application/json", b.to_string().into_bytes())),
        );
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text());
        r.json()["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn current(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        element_id(&v).unwrap_or_else(|| panic!("{css}: {v}"))
    }

    fn exists(&self, css: &str) -> bool {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array().is_some_and(|a| !a.is_empty())
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        );
    }

    fn select(&self, css: &str, visible_text_part: &str) {
        let options = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": format!("{css} option")})),
        );
        for o in options.as_array().unwrap() {
            let id = element_id(o).unwrap();
            let text = self.call("GET", &format!("/element/{id}/text"), None);
            if text.as_str().unwrap_or("").contains(visible_text_part) {
                self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
                return;
            }
        }
        panic!("{css}: no option with {visible_text_part}");
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    /// Clicks a button that submits a form and waits for the next page to have loaded.
    fn submit(&self, css: &str) {
        let before = self.find("html");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let now = self
                .call(
                    "POST",
                    "/elements",
                    Some(json!({"using": "css selector", "value": "html"})),
                )
                .as_array()
                .and_then(|a| a.first().and_then(element_id))
                .unwrap_or_default();
            let ready = self.call(
                "POST",
                "/execute/sync",
                Some(json!({"script": "return document.readyState", "args": []})),
            );
            if !now.is_empty() && now != before && ready == "complete" {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no new page after clicking {css}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn attribute(&self, css: &str, name: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/attribute/{name}"), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn screenshot(&self, name: &str) {
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap_or(""));
        assert!(png.starts_with(b"\x89PNG"), "screenshot {name} is a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), png).expect("write screenshot");
    }

    fn cookie(&self, name: &str) -> String {
        let v = self.call("GET", &format!("/cookie/{name}"), None);
        format!("{name}={}", v["value"].as_str().unwrap_or(""))
    }

    fn sign_in(&self, base: &str, user: &str) {
        self.go(&format!("{base}/login"));
        self.type_in("#username", user);
        self.type_in("#password", PASSWORD);
        self.submit("#sign-in");
        assert!(
            self.current().ends_with("/projects"),
            "{user} signed in: {}",
            self.current()
        );
    }

    fn sign_out(&self) {
        self.submit("header form button");
        assert!(self.current().contains("/login"));
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn applicant_uploads_and_reviewer_issues_in_a_real_browser_on_sqlite() {
    portal_in_a_browser(Some(Backend::Sqlite));
}

#[test]
fn applicant_uploads_and_reviewer_issues_in_a_real_browser_on_postgres() {
    portal_in_a_browser(Backend::postgres());
}

fn portal_in_a_browser(backend: Option<Backend>) {
    let Some(backend) = backend else {
        return;
    };
    let run = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres { .. } => "postgres",
    };
    let Some(d) = Driver::start(run) else {
        return;
    };
    let s = Server::start(backend);
    let base = s.url.clone();

    // The administrator's first sign-in, through the one-time link printed at the first start.
    d.go(&base);
    assert!(
        d.current().contains("/login"),
        "signed out lands on the sign-in page"
    );
    d.screenshot("01-sign-in");
    assert!(d.text("h1").contains("登录"));
    d.go(&s.login_link);
    d.type_in("#password", PASSWORD);
    d.type_in("#confirm", PASSWORD);
    d.submit("button[type=submit]");
    d.go(&format!("{base}/admin"));
    for (name, kind, region) in [
        ("苍洱建设有限公司", "申报单位", ""),
        ("大理州住房和城乡建设局", "审查部门", "5329"),
    ] {
        d.type_in("#org-name", name);
        d.select("#org-kind", kind);
        d.type_in("#org-region", region);
        d.submit("form[action='/admin/organisations'] button");
    }
    for (org, user, name, role) in [
        ("苍洱建设", "dev", "李工", "applicant"),
        ("住房和城乡建设局", "rev", "王审查", "reviewer"),
    ] {
        d.select("#user-org", org);
        d.type_in("#user-name", user);
        d.type_in("#user-display", name);
        d.select("#user-role", role);
        d.type_in("#user-password", PASSWORD);
        d.submit("form[action='/admin/users'] button");
    }
    d.screenshot("02-admin");
    assert!(d.text("#audit-status").contains("哈希链完整"));
    d.sign_out();

    // The applicant: a project, an upload with the attachment, the verdict.
    d.sign_in(&base, "dev");
    d.type_in("#name", "苍洱雅园");
    d.type_in("#region", "532901");
    d.type_in("#township", "下关镇");
    d.submit("#create-project");
    assert!(d.current().contains("/projects/"), "{}", d.current());
    let samples = root().join("samples");
    let e = d.find("#submission");
    d.call(
        "POST",
        &format!("/element/{e}/value"),
        Some(json!({"text": samples.join("xiaguan-new-1200.yaml").display().to_string()})),
    );
    let e = d.find("#attachments");
    d.call(
        "POST",
        &format!("/element/{e}/value"),
        Some(json!({"text": samples.join("attachments/xiaguan-new-1200/equipment-list.csv").display().to_string()})),
    );
    d.screenshot("03-project-upload");
    d.submit("#upload");
    assert!(d.current().contains("/rounds/"), "{}", d.current());
    let round_url = d.current();
    // The verdict is the command line's for the same file.
    let cli = std::process::Command::new(super::BIN)
        .args(["check", "--format", "json", "xiaguan-new-1200.yaml"])
        .current_dir(&samples)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let label = cli["verdict_label"]["zh"].as_str().unwrap();
    assert_eq!(d.text("#verdict"), label);
    assert!(!d.exists("#issue"), "an applicant has no issue button");
    d.screenshot("04-round-applicant");
    d.go(&format!("{base}/projects"));
    assert!(d.text("#projects").contains(label));
    d.screenshot("05-projects");
    d.sign_out();

    // The reviewer: opens the round, issues the opinion, downloads it.
    d.sign_in(&base, "rev");
    d.go(&round_url);
    d.type_in("#remarks", "请按审查意见书整改后复审。");
    d.submit("#issue");
    let number = d.text("#opinion-number");
    assert!(
        number.starts_with("RO-") && number.ends_with("-0001"),
        "{number}"
    );
    d.screenshot("06-round-issued");
    let cookie = d.cookie("anfang_session");
    let href = d.attribute("a.download[href$='/html']", "href");
    let r = request(
        "GET",
        &format!("{base}{href}"),
        &[("Cookie".into(), cookie)],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("x-content-sha256").unwrap(),
        anfang::ingest::sha256_hex(&r.body)
    );
    assert!(r.text().contains("审查意见"));
    assert!(r.text().contains(cli["project"]["name"].as_str().unwrap()));
    // A second round with findings: grouped as in the opinion, each with its line in the input,
    // and the comparison with the first round.
    let project_url = d.attribute("p.muted a:nth-of-type(2)", "href");
    let project_id: i64 = project_url.rsplit('/').next().unwrap().parse().unwrap();
    let dev = s.token("dev");
    let r = s.post_multipart(
        &format!("/api/v1/projects/{project_id}/rounds"),
        Some(&dev),
        &super::Form::new().file(
            "submission",
            "renovation-480-open.yaml",
            &super::sample("renovation-480-open.yaml"),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    d.go(&format!("{base}/rounds/{}", r.json()["id"]));
    d.screenshot("11-round-findings");
    assert!(d.exists(".finding"), "findings are listed");
    assert!(d.exists(".finding pre"), "each with its source line");
    assert!(d.exists("#delta-counts"), "and the comparison with round 1");
    d.screenshot("11-round-findings");
    d.go(&format!("{base}/dashboard"));
    d.screenshot("07-dashboard");
    d.go(&format!("{base}/rules"));
    d.screenshot("08-rules");
    let first_rule = d.attribute("#rules a", "href");
    d.go(&format!("{base}{first_rule}"));
    d.screenshot("09-rule");
    d.go(&format!("{base}/lang/en?next=/projects"));
    assert!(d.text("h1").contains("Projects"));
    d.screenshot("10-projects-en");
}
