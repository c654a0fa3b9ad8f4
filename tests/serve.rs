//! `anfang serve` over real HTTP on 127.0.0.1: the built binary is started on a free port with a
//! fresh data folder and, for PostgreSQL, a fresh schema in the `test` database (127.0.0.1:5432;
//! `ANFANG_TEST_POSTGRES` overrides the URL, `ANFANG_SKIP_POSTGRES=1` skips those runs).

#![allow(dead_code)]

mod api;
mod browser;
mod crash;
mod roles;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::root;

pub const BIN: &str = env!("CARGO_BIN_EXE_anfang");

/// Where the server keeps its rows.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    /// A PostgreSQL URL whose `search_path` is a schema made for this run.
    Postgres {
        url: String,
        base: String,
        schema: String,
    },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn postgres_base() -> String {
    std::env::var("ANFANG_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn psql(base: &str, sql: &str) {
    let out = Command::new("psql")
        .args([base, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .expect("psql (postgresql-client) is needed for the PostgreSQL tests");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Backend {
    /// A fresh schema, or `None` when PostgreSQL runs are skipped.
    pub fn postgres() -> Option<Backend> {
        if std::env::var_os("ANFANG_SKIP_POSTGRES").is_some() {
            eprintln!("ANFANG_SKIP_POSTGRES is set: PostgreSQL run skipped");
            return None;
        }
        let base = postgres_base();
        let schema = format!(
            "anfang_t{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            Instant::now().elapsed().subsec_nanos()
        );
        psql(&base, &format!("CREATE SCHEMA {schema}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        Some(Backend::Postgres {
            url: format!("{base}{sep}options=-csearch_path%3D{schema}"),
            base,
            schema,
        })
    }

    fn database_args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite => Vec::new(),
            Backend::Postgres { url, .. } => vec!["--database".into(), url.clone()],
        }
    }
}

/// A running `anfang serve`.
pub struct Server {
    child: Option<Child>,
    pub url: String,
    pub login_link: String,
    pub dir: tempfile::TempDir,
    pub backend: Backend,
    pub admin: String,
    extra: Vec<String>,
}

impl Server {
    pub fn start(backend: Backend) -> Server {
        Server::start_with(backend, &[])
    }

    /// Starts with extra `serve` options.
    pub fn start_with(backend: Backend, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let extra: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
        let mut server = Server {
            child: None,
            url: String::new(),
            login_link: String::new(),
            dir,
            backend,
            admin: String::new(),
            extra,
        };
        server.launch();
        server.admin = server.token("admin");
        server
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn common_args(&self) -> Vec<String> {
        let mut a = vec!["--data".to_owned(), self.data().display().to_string()];
        a.extend(self.backend.database_args());
        a
    }

    /// Starts the process (again, after a kill) and waits for its address.
    pub fn launch(&mut self) {
        let mut args = vec!["serve".to_owned(), "--listen".into(), "127.0.0.1:0".into()];
        args.extend(self.common_args());
        args.extend(self.extra.iter().cloned());
        let stderr =
            std::fs::File::create(self.dir.path().join("stderr.txt")).expect("stderr file");
        let mut child = Command::new(BIN)
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start anfang serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    // Keep draining so the server never blocks on a full pipe.
                    continue;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut url = None;
        while url.is_none() {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| {
                    panic!(
                        "anfang serve did not start: {}",
                        std::fs::read_to_string(self.dir.path().join("stderr.txt"))
                            .unwrap_or_default()
                    )
                });
            if let Some(rest) = line.split("listening on ").nth(1) {
                url = rest.split_whitespace().next().map(str::to_owned);
            }
        }
        self.url = url.expect("url");
        // The first start prints the one-time link next.
        if self.login_link.is_empty()
            && let Ok(line) = rx.recv_timeout(Duration::from_millis(500))
            && line.starts_with("first start")
            && let Ok(link) = rx.recv_timeout(Duration::from_secs(5))
        {
            self.login_link = link.trim().to_owned();
        }
        self.child = Some(child);
    }

    /// Kills the process at once (SIGKILL), as a power cut or an OOM kill would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Runs `anfang serve SUBCOMMAND…` against this server's data.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let mut all: Vec<String> = vec!["serve".into()];
        all.extend(args.iter().map(|s| (*s).to_owned()));
        all.extend(self.common_args());
        Command::new(BIN)
            .args(&all)
            .current_dir(root())
            .output()
            .expect("run anfang serve …")
    }

    /// A new API token for a user (`anfang serve token`).
    pub fn token(&self, user: &str) -> String {
        let out = self.cli(&["token", "--user", user]);
        assert!(
            out.status.success(),
            "token for {user}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Reply {
        request("GET", &format!("{}{path}", self.url), &auth(token), None)
    }

    pub fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        request(
            "POST",
            &format!("{}{path}", self.url),
            &auth(token),
            Some(("application/json", body.to_string().into_bytes())),
        )
    }

    pub fn put_json(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        request(
            "PUT",
            &format!("{}{path}", self.url),
            &auth(token),
            Some(("application/json", body.to_string().into_bytes())),
        )
    }

    pub fn post_raw(&self, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Reply {
        request(
            "POST",
            &format!("{}{path}", self.url),
            &auth(Some(token)),
            Some((content_type, body)),
        )
    }

    pub fn post_raw_anonymous(&self, path: &str, body: Vec<u8>) -> Reply {
        request(
            "POST",
            &format!("{}{path}", self.url),
            &[],
            Some(("application/yaml", body)),
        )
    }

    pub fn post_multipart(&self, path: &str, token: Option<&str>, form: &Form) -> Reply {
        let (ct, body) = form.encode();
        request(
            "POST",
            &format!("{}{path}", self.url),
            &auth(token),
            Some((&ct, body)),
        )
    }

    /// Creates an organisation and a user in it; returns the user's API token.
    pub fn user(&self, org: &str, kind: &str, region: &str, username: &str, role: &str) -> String {
        let orgs = self.get("/api/v1/organisations", Some(&self.admin)).json();
        let existing = orgs
            .as_array()
            .and_then(|a| a.iter().find(|o| o["name"] == org))
            .map(|o| o["id"].as_i64().unwrap());
        let org_id = existing.unwrap_or_else(|| {
            let r = self.post_json(
                "/api/v1/organisations",
                Some(&self.admin),
                &json!({"name": org, "kind": kind, "region": region}),
            );
            assert_eq!(r.status, 201, "{}", r.text());
            r.json()["id"].as_i64().unwrap()
        });
        let r = self.post_json(
            "/api/v1/users",
            Some(&self.admin),
            &json!({"org_id": org_id, "username": username, "display_name": username, "role": role, "password": PASSWORD}),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        self.token(username)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        if let Backend::Postgres { base, schema, .. } = &self.backend {
            psql(base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// The password every test user gets.
pub const PASSWORD: &str = "test-password-123";

fn auth(token: Option<&str>) -> Vec<(String, String)> {
    token
        .map(|t| vec![("Authorization".to_owned(), format!("Bearer {t}"))])
        .unwrap_or_default()
}

/// An HTTP answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .into()
}

/// One request; never follows redirects.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<(&str, Vec<u8>)>,
) -> Reply {
    try_request(method, url, headers, body).unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

/// One request, or the transport error (a server that refuses a body may close the connection
/// while the client is still sending it).
pub fn try_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<(&str, Vec<u8>)>,
) -> Result<Reply, ureq::Error> {
    let agent = agent();
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        builder = builder.header(k, v);
    }
    let response = match body {
        Some((ct, bytes)) => {
            let req = builder
                .header("Content-Type", ct)
                .body(bytes)
                .expect("request");
            agent.run(req)
        }
        None => {
            let req = builder.body(()).expect("request");
            agent.run(req)
        }
    }?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response
        .into_body()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// A multipart/form-data body.
#[derive(Default)]
pub struct Form {
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    pub fn text(mut self, name: &str, value: &str) -> Form {
        self.parts
            .push((name.into(), None, value.as_bytes().to_vec()));
        self
    }

    pub fn file(mut self, name: &str, filename: &str, bytes: &[u8]) -> Form {
        self.parts
            .push((name.into(), Some(filename.into()), bytes.to_vec()));
        self
    }

    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = "----anfang-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, filename, bytes) in &self.parts {
            let _ = write!(body, "--{boundary}\r\n");
            match filename {
                Some(f) => {
                    let _ = write!(
                        body,
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    );
                }
                None => {
                    let _ = write!(
                        body,
                        "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                    );
                }
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        let _ = write!(body, "--{boundary}--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

pub fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(root().join("samples").join(rel)).expect("sample")
}

/// The xiaguan sample with its equipment list, as two loose files.
pub fn xiaguan_form() -> Form {
    Form::new()
        .file(
            "submission",
            "xiaguan-new-1200.yaml",
            &sample("xiaguan-new-1200.yaml"),
        )
        .file(
            "attachments",
            "equipment-list.csv",
            &sample("attachments/xiaguan-new-1200/equipment-list.csv"),
        )
}

/// A project of an applicant; returns its id.
pub fn project(server: &Server, token: &str, name: &str, region: &str) -> i64 {
    let r = server.post_json(
        "/api/v1/projects",
        Some(token),
        &json!({"name": name, "region": region, "township": "下关镇"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

/// Runs the command line's `check --format json` the way an applicant would, from the
/// submission's folder.
pub fn cli_report(folder: &Path, file: &str, as_of: &str) -> Vec<u8> {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "--as-of", as_of, file])
        .current_dir(folder)
        .output()
        .expect("anfang check");
    assert!(
        out.status.code().unwrap_or(2) < 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
