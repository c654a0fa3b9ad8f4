//! Every endpoint as every role and as another organisation, on SQLite and on PostgreSQL.
//!
//! The expectations come from the workflow, not from the server: an applicant sees its
//! own organisation's projects only; a reviewer and an inspector see their region's; a
//! reviewer remarks, issues and waives; only the project's applicant uploads; an administrator
//! manages users and reads the audit log but neither reviews nor uploads. A project the caller
//! may not see is 404 (its existence is not told); a visible one the role may not act on is 403;
//! no credentials is 401 (API) or a redirect to sign in (pages).

use serde_json::{Value, json};

use super::{Backend, Form, PASSWORD, Server, project, request, sample};

/// The callers, in the order they try each endpoint.
const CALLERS: [&str; 7] = [
    "anonymous",
    "owner",
    "other_applicant",
    "inspector",
    "admin",
    "other_region_reviewer",
    "reviewer",
];

struct World {
    s: Server,
    tokens: Vec<(&'static str, Option<String>)>,
    project: i64,
    round1: i64,
    round2: i64,
    document: i64,
    rule: String,
}

fn world(backend: Backend) -> World {
    let s = Server::start(backend);
    let owner = s.user("苍洱建设有限公司", "applicant", "", "dev_a", "applicant");
    let other = s.user("洱海设计院", "applicant", "", "dev_b", "applicant");
    let reviewer = s.user(
        "大理州住房和城乡建设局",
        "authority",
        "5329",
        "rev_dali",
        "reviewer",
    );
    let far = s.user(
        "昆明市住房和城乡建设局",
        "authority",
        "5301",
        "rev_km",
        "reviewer",
    );
    let inspector = s.user(
        "大理州安防验收组",
        "inspection",
        "5329",
        "insp_dali",
        "inspector",
    );
    let p = project(&s, &owner, "苍洱雅园", "532901");
    let upload = |token: &str| {
        let r = s.post_multipart(
            &format!("/api/v1/projects/{p}/rounds"),
            Some(token),
            &Form::new().file("submission", "small-120.yaml", &sample("small-120.yaml")),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["id"].as_i64().unwrap()
    };
    let round1 = upload(&owner);
    let round2 = upload(&owner);
    let r = s.post_json(
        &format!("/api/v1/rounds/{round1}/opinion"),
        Some(&reviewer),
        &json!({}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let document = r.json()["id"].as_i64().unwrap();
    let rules = std::process::Command::new(super::BIN)
        .arg("rules")
        .output()
        .unwrap();
    let rule = String::from_utf8_lossy(&rules.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let admin = s.admin.clone();
    World {
        tokens: vec![
            ("anonymous", None),
            ("owner", Some(owner)),
            ("other_applicant", Some(other)),
            ("inspector", Some(inspector)),
            ("admin", Some(admin)),
            ("other_region_reviewer", Some(far)),
            ("reviewer", Some(reviewer)),
        ],
        s,
        project: p,
        round1,
        round2,
        document,
        rule,
    }
}

/// Who sees the project.
fn sees(caller: &str) -> bool {
    matches!(caller, "owner" | "reviewer" | "inspector" | "admin")
}

/// The status a caller expects: 401 without credentials, 404 when the project is not visible,
/// `ok` when the role may act, else 403.
fn expect(caller: &str, project_scoped: bool, allowed: &[&str], ok: u16) -> u16 {
    if caller == "anonymous" {
        401
    } else if project_scoped && !sees(caller) {
        404
    } else if allowed.contains(&caller) {
        ok
    } else {
        403
    }
}

const VIEWERS: &[&str] = &["owner", "reviewer", "inspector", "admin"];
const EVERYONE: &[&str] = &[
    "owner",
    "other_applicant",
    "reviewer",
    "other_region_reviewer",
    "inspector",
    "admin",
];

fn role_matrix(w: &World) {
    let (p, r1, r2, d) = (w.project, w.round1, w.round2, w.document);
    let small = sample("small-120.yaml");
    let mut failures = Vec::new();
    type Body = Box<dyn Fn(&str) -> Option<(String, Vec<u8>)>>;
    /// (method, path, body, project-scoped, allowed, success status)
    type Endpoint<'a> = (&'a str, String, Body, bool, &'a [&'a str], u16);
    let none: fn() -> Body = || Box::new(|_| None);
    let json_body = |v: Value| -> Body {
        Box::new(move |_| Some(("application/json".to_owned(), v.to_string().into_bytes())))
    };
    let small_for_upload = small.clone();
    let endpoints: Vec<Endpoint> = vec![
        ("GET", "/api/v1/me".into(), none(), false, EVERYONE, 200),
        (
            "POST",
            "/api/v1/check?name=s.yaml".into(),
            {
                let b = small.clone();
                Box::new(move |_| Some(("application/yaml".to_owned(), b.clone())))
            },
            false,
            EVERYONE,
            200,
        ),
        (
            "GET",
            "/api/v1/projects".into(),
            none(),
            false,
            EVERYONE,
            200,
        ),
        (
            "POST",
            "/api/v1/projects".into(),
            json_body(json!({"name": "新项目", "region": "532901"})),
            false,
            &["owner", "other_applicant"],
            201,
        ),
        (
            "GET",
            format!("/api/v1/projects/{p}"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/projects/{p}/rounds"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "POST",
            format!("/api/v1/projects/{p}/rounds"),
            Box::new(move |_| {
                let (ct, body) = Form::new()
                    .file("submission", "small-120.yaml", &small_for_upload)
                    .encode();
                Some((ct, body))
            }),
            true,
            &["owner"],
            201,
        ),
        (
            "GET",
            format!("/api/v1/rounds/{r1}"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/rounds/{r1}/report"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/rounds/{r2}/diff"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "PUT",
            format!("/api/v1/rounds/{r2}/remarks"),
            json_body(json!({"remarks": "请补充"})),
            true,
            &["reviewer"],
            200,
        ),
        (
            "POST",
            format!("/api/v1/rounds/{r2}/opinion"),
            json_body(json!({})),
            true,
            &["reviewer"],
            201,
        ),
        // Round 1 was checked 需补正, so it was not approved: the inspector is allowed but told 409.
        (
            "GET",
            format!("/api/v1/rounds/{r1}/checklist/csv"),
            none(),
            true,
            &["inspector"],
            409,
        ),
        (
            "POST",
            format!("/api/v1/rounds/{r1}/acceptance"),
            Box::new(|_| Some(Form::new().file("sheet", "filled.csv", b"a,b\n").encode())),
            true,
            &["inspector"],
            409,
        ),
        (
            "GET",
            format!("/api/v1/documents/{d}"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/documents/{d}/json"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/documents/{d}/html"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "GET",
            format!("/api/v1/projects/{p}/waivers"),
            none(),
            true,
            VIEWERS,
            200,
        ),
        (
            "POST",
            format!("/api/v1/projects/{p}/waivers"),
            json_body(
                json!({"rule": w.rule, "reason": "场地条件限制", "document": "大住建〔2026〕12号", "date": "2026-11-01"}),
            ),
            true,
            &["reviewer"],
            201,
        ),
        (
            "GET",
            "/api/v1/dashboard".into(),
            none(),
            false,
            &["reviewer", "other_region_reviewer", "inspector", "admin"],
            200,
        ),
        (
            "GET",
            "/api/v1/organisations".into(),
            none(),
            false,
            &["admin"],
            200,
        ),
        (
            "POST",
            "/api/v1/organisations".into(),
            Box::new(|who: &str| {
                Some((
                    "application/json".to_owned(),
                    json!({"name": format!("单位 {who}"), "kind": "applicant"})
                        .to_string()
                        .into_bytes(),
                ))
            }),
            false,
            &["admin"],
            201,
        ),
        (
            "GET",
            "/api/v1/users".into(),
            none(),
            false,
            &["admin"],
            200,
        ),
        (
            "POST",
            "/api/v1/users".into(),
            Box::new(|who: &str| {
                Some(("application/json".to_owned(), json!({"org_id": 2, "username": format!("new_{who}"), "role": "applicant", "password": PASSWORD}).to_string().into_bytes()))
            }),
            false,
            &["admin"],
            201,
        ),
        (
            "GET",
            "/api/v1/audit".into(),
            none(),
            false,
            &["admin"],
            200,
        ),
        (
            "GET",
            "/api/v1/audit/verify".into(),
            none(),
            false,
            &["admin"],
            200,
        ),
    ];
    for (method, path, body, scoped, allowed, ok) in &endpoints {
        for (who, token) in &w.tokens {
            let mut headers = Vec::new();
            if let Some(t) = token {
                headers.push(("Authorization".to_owned(), format!("Bearer {t}")));
            }
            let b = body(who);
            let reply = request(
                method,
                &format!("{}{path}", w.s.url),
                &headers,
                b.as_ref().map(|(ct, bytes)| (ct.as_str(), bytes.clone())),
            );
            let want = expect(who, *scoped, allowed, *ok);
            if reply.status != want {
                failures.push(format!(
                    "{method} {path} as {who}: {} (expected {want}): {}",
                    reply.status,
                    reply.text().chars().take(200).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Lists show exactly the visible projects.
    for (who, token) in w.tokens.iter().skip(1) {
        let list = w.s.get("/api/v1/projects", token.as_deref()).json();
        let has = list.as_array().unwrap().iter().any(|x| x["id"] == p);
        assert_eq!(has, sees(who), "project list of {who}");
    }
    // The other region's dashboard counts nothing of this region.
    let far = w
        .tokens
        .iter()
        .find(|t| t.0 == "other_region_reviewer")
        .unwrap()
        .1
        .clone();
    let dash = w.s.get("/api/v1/dashboard", far.as_deref()).json();
    assert_eq!(dash["totals"]["submissions"], 0, "{dash}");
    let near = w
        .tokens
        .iter()
        .find(|t| t.0 == "reviewer")
        .unwrap()
        .1
        .clone();
    let dash = w.s.get("/api/v1/dashboard", near.as_deref()).json();
    assert!(
        dash["totals"]["submissions"].as_u64().unwrap() >= 1,
        "{dash}"
    );
}

/// Signs in through the form; returns the session cookie.
fn sign_in(s: &Server, user: &str) -> String {
    let r = request(
        "POST",
        &format!("{}/login", s.url),
        &[],
        Some((
            "application/x-www-form-urlencoded",
            format!("username={user}&password={PASSWORD}&next=/projects").into_bytes(),
        )),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let cookie = r.header("set-cookie").expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

fn page_matrix(w: &World) {
    let users = [
        ("owner", "dev_a"),
        ("other_applicant", "dev_b"),
        ("reviewer", "rev_dali"),
        ("other_region_reviewer", "rev_km"),
        ("inspector", "insp_dali"),
    ];
    let (p, r1, d) = (w.project, w.round1, w.document);
    let pages: Vec<(String, bool, &[&str])> = vec![
        ("/projects".into(), false, EVERYONE),
        (format!("/projects/{p}"), true, VIEWERS),
        (format!("/rounds/{r1}"), true, VIEWERS),
        (format!("/documents/{d}/html"), true, VIEWERS),
        (
            "/dashboard".into(),
            false,
            &["reviewer", "other_region_reviewer", "inspector", "admin"],
        ),
        ("/admin".into(), false, &["admin"]),
    ];
    let mut failures = Vec::new();
    for (path, scoped, allowed) in &pages {
        let r = request("GET", &format!("{}{path}", w.s.url), &[], None);
        if r.status != 303
            || !r
                .header("location")
                .unwrap_or_default()
                .starts_with("/login")
        {
            failures.push(format!(
                "GET {path} signed out: {} (expected a redirect to /login)",
                r.status
            ));
        }
        for (who, user) in users {
            let cookie = sign_in(&w.s, user);
            let r = request(
                "GET",
                &format!("{}{path}", w.s.url),
                &[("Cookie".into(), cookie)],
                None,
            );
            let want = expect(who, *scoped, allowed, 200);
            if r.status != want {
                failures.push(format!(
                    "GET {path} as {who}: {} (expected {want})",
                    r.status
                ));
            }
        }
    }
    // A form without the session's CSRF token is refused, even with the session cookie.
    let cookie = sign_in(&w.s, "rev_dali");
    let r = request(
        "POST",
        &format!("{}/rounds/{}/remarks", w.s.url, w.round2),
        &[("Cookie".into(), cookie)],
        Some((
            "application/x-www-form-urlencoded",
            b"csrf=forged&remarks=x".to_vec(),
        )),
    );
    if r.status != 403 {
        failures.push(format!(
            "remarks with a forged CSRF token: {} (expected 403)",
            r.status
        ));
    }
    // A wrong password does not sign in.
    let r = request(
        "POST",
        &format!("{}/login", w.s.url),
        &[],
        Some((
            "application/x-www-form-urlencoded",
            b"username=dev_a&password=wrong-password".to_vec(),
        )),
    );
    if r.header("set-cookie").is_some()
        || !r.header("location").unwrap_or_default().contains("failed")
    {
        failures.push("a wrong password signed in".into());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Posts the sign-in form; returns (location, whether a session cookie was set).
fn try_sign_in(s: &Server, user: &str, password: &str) -> (String, bool) {
    let r = request(
        "POST",
        &format!("{}/login", s.url),
        &[],
        Some((
            "application/x-www-form-urlencoded",
            format!("username={user}&password={password}").into_bytes(),
        )),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    (
        r.header("location").unwrap_or_default(),
        r.header("set-cookie").is_some(),
    )
}

/// Ten failed sign-ins lock a user name (even its right password) and say so; an unknown
/// user name fails like a wrong password; other users are not affected.
fn sign_in_lockout(w: &World) {
    let (location, _) = try_sign_in(&w.s, "nobody_here", "whatever");
    assert!(location.contains("failed=1"), "unknown user: {location}");
    for i in 0..10 {
        let (location, cookie) = try_sign_in(&w.s, "insp_dali", "wrong-password");
        assert!(
            !cookie && location.contains("failed=1"),
            "attempt {i}: {location}"
        );
    }
    let (location, cookie) = try_sign_in(&w.s, "insp_dali", PASSWORD);
    assert!(!cookie, "a locked user name signed in");
    assert!(location.contains("failed=locked"), "{location}");
    let page = request("GET", &format!("{}{location}", w.s.url), &[], None);
    assert!(page.text().contains("login-locked"), "{}", page.text());
    assert!(page.text().contains("15"), "the page says how long");
    // Another user signs in as before.
    sign_in(&w.s, "rev_dali");
}

#[test]
fn roles_and_organisations_on_sqlite() {
    let w = world(Backend::Sqlite);
    role_matrix(&w);
    page_matrix(&w);
    sign_in_lockout(&w);
}

#[test]
fn roles_and_organisations_on_postgres() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let w = world(backend);
    role_matrix(&w);
    page_matrix(&w);
    sign_in_lockout(&w);
}
