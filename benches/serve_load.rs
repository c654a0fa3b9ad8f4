//! Load benchmark of `anfang serve`: the stateless check and stored uploads with 1, 8 and 32
//! concurrent clients on 127.0.0.1, then an optional soak; throughput, p50/p99 latency and the
//! server's memory (resident set, sampled every 100 ms, and its peak), and the server's CPU time
//! per request (user + system, from /proc: on a shared machine the throughput depends on what
//! else runs, the CPU time per request much less; cores ÷ it bounds what the server does alone).
//!
//! ```sh
//! cargo bench --bench serve_load                                   # 1, 8, 32 clients, 20 s each
//! cargo bench --bench serve_load -- --clients 8 --seconds 60 --soak 600
//! ```
//!
//! Options: `--clients LIST` (default `1,8,32`), `--seconds S` per run (20), `--soak S` (0: none;
//! the soak runs the stateless check with 8 clients and prints the resident set every 30 s),
//! `--sample FILE` (default `samples/xiaguan-new-1200.yaml`, sent with its equipment list),
//! `--no-uploads`. Only loopback addresses are used; every loop is bounded in time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_anfang");

struct Options {
    clients: Vec<usize>,
    seconds: u64,
    soak: u64,
    sample: PathBuf,
    uploads: bool,
}

fn options() -> Options {
    let mut o = Options {
        clients: vec![1, 8, 32],
        seconds: 20,
        soak: 0,
        sample: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/xiaguan-new-1200.yaml"),
        uploads: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--clients" => o.clients = value.split(',').filter_map(|c| c.parse().ok()).collect(),
            "--seconds" => o.seconds = value.parse().unwrap_or(20),
            "--soak" => o.soak = value.parse().unwrap_or(0),
            "--sample" => o.sample = PathBuf::from(value),
            "--no-uploads" => {
                o.uploads = false;
                i += 1;
                continue;
            }
            // `cargo bench` passes `--bench`.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

struct Server {
    child: Child,
    url: String,
    data: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start anfang serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        url,
        data,
        _dir: dir,
    }
}

fn cli(server: &Server, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("serve")
        .args(args)
        .arg("--data")
        .arg(&server.data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn post(agent: &ureq::Agent, url: &str, token: &str, ct: &str, body: &[u8]) -> (u16, usize) {
    let r = agent
        .post(url)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", ct)
        .send(body);
    match r {
        Ok(mut r) => {
            let status = r.status().as_u16();
            let len = r
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_vec()
                .map_or(0, |b| b.len());
            (status, len)
        }
        Err(_) => (0, 0),
    }
}

fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----anfang-load-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (field, name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn rss_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The server's CPU time so far (user + system), in milliseconds.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) start after the last ')':
    // utime and stime are the 12th and 13th of them (0-based 11 and 12).
    let rest = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks * 10.0 // 100 clock ticks per second
}

struct Run {
    cpu_ms_per_request: f64,
    requests: usize,
    errors: usize,
    seconds: f64,
    p50: f64,
    p99: f64,
    max: f64,
    peak_rss_mib: f64,
}

/// What one run posts.
struct Load<'a> {
    url: &'a str,
    token: &'a str,
    content_type: &'a str,
    body: &'a [u8],
}

/// Runs `clients` loops posting the load for `seconds`, sampling the server's memory.
fn run(
    server: &Server,
    load: &Load<'_>,
    clients: usize,
    seconds: u64,
    every: Option<Duration>,
) -> Run {
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let pid = server.child.id();
    let sampler = {
        let stop = Arc::clone(&stop);
        let peak = Arc::clone(&peak);
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut next_print = every.map(|e| started + e);
            while !stop.load(Ordering::Relaxed) {
                let rss = rss_kib(pid, "VmRSS:");
                peak.fetch_max(rss, Ordering::Relaxed);
                if let Some(at) = next_print
                    && Instant::now() >= at
                {
                    println!(
                        "  soak {:>4} s: RSS {:.1} MiB",
                        started.elapsed().as_secs(),
                        rss as f64 / 1024.0
                    );
                    next_print = every.map(|e| at + e);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let cpu_before = cpu_ms(pid);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let (url, token, ct, body) = (
                load.url.to_owned(),
                load.token.to_owned(),
                load.content_type.to_owned(),
                load.body.to_vec(),
            );
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::new();
                let mut errors = 0;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let (status, _) = post(&agent, &url, &token, &ct, &body);
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    if !(200..300).contains(&status) {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        all.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_ms(pid) - cpu_before;
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Run {
        cpu_ms_per_request: cpu / all.len().max(1) as f64,
        requests: all.len(),
        errors,
        seconds: elapsed,
        p50: at(0.5),
        p99: at(0.99),
        max: all.last().copied().unwrap_or(0.0),
        peak_rss_mib: peak.load(Ordering::Relaxed) as f64 / 1024.0,
    }
}

fn print(kind: &str, clients: usize, r: &Run) {
    println!(
        "| {kind} | {clients} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
        r.requests,
        r.errors,
        r.requests as f64 / r.seconds,
        r.p50,
        r.p99,
        r.max,
        r.peak_rss_mib,
        r.cpu_ms_per_request
    );
}

fn main() {
    let o = options();
    let server = start();
    let admin = cli(&server, &["token", "--user", "admin"]);
    let submission = std::fs::read(&o.sample).expect("sample");
    let name = o.sample.file_name().unwrap().to_string_lossy().into_owned();
    let csv_path = o
        .sample
        .parent()
        .unwrap()
        .join("attachments/xiaguan-new-1200/equipment-list.csv");
    let csv = std::fs::read(&csv_path).unwrap_or_default();
    let mut files: Vec<(&str, &str, &[u8])> = vec![("submission", &name, &submission)];
    if !csv.is_empty() && name.starts_with("xiaguan") {
        files.push(("attachments", "equipment-list.csv", &csv));
    }
    let (ct, body) = multipart(&files);
    let check_url = format!("{}/api/v1/check", server.url);
    let check = Load {
        url: &check_url,
        token: &admin,
        content_type: &ct,
        body: &body,
    };
    // Warm up (first connections, page cache).
    run(&server, &check, 2, 2, None);
    println!(
        "anfang serve load ({name}, {} cores, {} s per run)\n",
        std::thread::available_parallelism().map_or(0, usize::from),
        o.seconds
    );
    println!(
        "| what | clients | requests | errors | per second | p50 ms | p99 ms | max ms | peak RSS MiB | server CPU ms per request |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for &c in &o.clients {
        let r = run(&server, &check, c, o.seconds, None);
        print("POST /api/v1/check", c, &r);
    }
    if o.uploads {
        // An applicant's stored uploads (each one: files to the store, check, one transaction).
        let org = post(
            &agent(),
            &format!("{}/api/v1/organisations", server.url),
            &admin,
            "application/json",
            br#"{"name":"load applicant","kind":"applicant"}"#,
        );
        assert_eq!(org.0, 201);
        let (status, _) = post(
            &agent(),
            &format!("{}/api/v1/users", server.url),
            &admin,
            "application/json",
            br#"{"org_id":2,"username":"load","role":"applicant","password":"load-password-1"}"#,
        );
        assert_eq!(status, 201);
        let applicant = cli(&server, &["token", "--user", "load"]);
        let mut r = agent()
            .post(&format!("{}/api/v1/projects", server.url))
            .header("Authorization", &format!("Bearer {applicant}"))
            .send_json(serde_json::json!({"name": "load", "region": "532901"}))
            .unwrap();
        let project: serde_json::Value = r.body_mut().read_json().unwrap();
        let url = format!("{}/api/v1/projects/{}/rounds", server.url, project["id"]);
        for &c in &o.clients {
            let upload = Load {
                url: &url,
                token: &applicant,
                content_type: &ct,
                body: &body,
            };
            let r = run(&server, &upload, c, o.seconds, None);
            print("POST …/rounds (stored)", c, &r);
        }
    }
    if o.soak > 0 {
        println!("\nsoak: 8 clients on POST /api/v1/check for {} s", o.soak);
        let before = rss_kib(server.child.id(), "VmRSS:");
        let r = run(&server, &check, 8, o.soak, Some(Duration::from_secs(30)));
        let after = rss_kib(server.child.id(), "VmRSS:");
        print("soak POST /api/v1/check", 8, &r);
        println!(
            "RSS before {:.1} MiB, after {:.1} MiB, peak {:.1} MiB, VmHWM {:.1} MiB",
            before as f64 / 1024.0,
            after as f64 / 1024.0,
            r.peak_rss_mib,
            rss_kib(server.child.id(), "VmHWM:") as f64 / 1024.0
        );
    }
}
