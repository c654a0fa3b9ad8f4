//! `GET /api/openapi.json`: the OpenAPI 3.1 document. The schemas are generated from the same
//! Rust types the handlers serialise (schemars, as for `anfang schema`); the paths are listed
//! here once, each with the schema of its body and answer.

use axum::Json;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::api::{NewOrganisation, NewProject, NewUser, Remarks};
use super::audit::{AuditEntry, Verification};
use super::auth::Caller;
use super::error::ErrorBody;
use super::repo::{Document, Organisation, Project, Round, User, Waiver};
use super::workflow::WaiverRequest;
use crate::report::Report;

/// One operation: method, path, summary, request body schema, answer schema (name or inline).
struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    tag: &'static str,
    body: Option<Value>,
    answer: Value,
    status: &'static str,
}

fn reference<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

fn list<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    json!({"type": "array", "items": reference::<T>(g)})
}

fn path_id(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}})
}

fn operations(g: &mut SchemaGenerator) -> Vec<Op> {
    let created = json!({"type": "object", "properties": {"id": {"type": "integer"}}});
    let submission_body = json!({
        "required": true,
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
            "application/toml": {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "submission": {"type": "string", "format": "binary", "description": "the submission (.yaml/.yml/.json/.toml)"},
                "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "attachments, or one zip bundle with the submission at its top"}
            }}}
        }
    });
    let upload_body = json!({
        "required": true,
        "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
            "submission": {"type": "string", "format": "binary"},
            "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}}
        }}}}
    });
    let json_body = |schema: Value| json!({"required": true, "content": {"application/json": {"schema": schema}}});
    let op = |method, path, summary, tag, body: Option<Value>, answer: Value, status| Op {
        method,
        path,
        summary,
        tag,
        body,
        answer,
        status,
    };
    vec![
        op(
            "post",
            "/api/v1/check",
            "Check a submission (stateless): the command line's JSON report; 422 with the problems when it cannot be checked",
            "check",
            Some(submission_body),
            reference::<Report>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/me",
            "The caller",
            "users",
            None,
            reference::<Caller>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/projects",
            "The projects the caller may see",
            "projects",
            None,
            list::<Project>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/projects",
            "Create a project (applicants)",
            "projects",
            Some(json_body(reference::<NewProject>(g))),
            reference::<Project>(g),
            "201",
        ),
        op(
            "get",
            "/api/v1/projects/{id}",
            "One project",
            "projects",
            None,
            reference::<Project>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/projects/{id}/rounds",
            "The project's rounds",
            "rounds",
            None,
            list::<Round>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/projects/{id}/rounds",
            "Upload a round (the project's applicant); checked at once",
            "rounds",
            Some(upload_body),
            reference::<Round>(g),
            "201",
        ),
        op(
            "get",
            "/api/v1/projects/{id}/waivers",
            "The project's waivers",
            "waivers",
            None,
            list::<Waiver>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/projects/{id}/waivers",
            "Grant a waiver with its approving document (the region's reviewers)",
            "waivers",
            Some(json_body(reference::<WaiverRequest>(g))),
            list::<Waiver>(g),
            "201",
        ),
        op(
            "get",
            "/api/v1/rounds/{id}",
            "One round with its documents",
            "rounds",
            None,
            reference::<Round>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/rounds/{id}/report",
            "The round's stored JSON report, byte for byte",
            "rounds",
            None,
            reference::<Report>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/rounds/{id}/diff",
            "What changed since the round before (`anfang diff --format json`)",
            "rounds",
            None,
            json!({"type": "object"}),
            "200",
        ),
        op(
            "put",
            "/api/v1/rounds/{id}/remarks",
            "The reviewer's remarks (the region's reviewers)",
            "review",
            Some(json_body(reference::<Remarks>(g))),
            reference::<Round>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/rounds/{id}/opinion",
            "Issue the review opinion: numbered and frozen (the region's reviewers)",
            "review",
            Some(json_body(reference::<Remarks>(g))),
            reference::<Document>(g),
            "201",
        ),
        op(
            "get",
            "/api/v1/rounds/{id}/checklist/{format}",
            "The on-site checklist of an approved round: html, xlsx, csv or json (the region's inspectors)",
            "acceptance",
            None,
            json!({"type": "string", "format": "binary"}),
            "200",
        ),
        op(
            "post",
            "/api/v1/rounds/{id}/acceptance",
            "Issue the acceptance record from the filled checklist (multipart `sheet`, optional `deadline`; the region's inspectors)",
            "acceptance",
            Some(
                json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"sheet": {"type": "string", "format": "binary"}, "deadline": {"type": "string", "format": "date"}}}}}}),
            ),
            reference::<Document>(g),
            "201",
        ),
        op(
            "get",
            "/api/v1/documents/{id}",
            "An issued document with its files' digests",
            "documents",
            None,
            reference::<Document>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/documents/{id}/{format}",
            "One file of a document (html, html-en, md, json, pdf); `X-Content-SHA256` carries its digest",
            "documents",
            None,
            json!({"type": "string", "format": "binary"}),
            "200",
        ),
        op(
            "get",
            "/api/v1/dashboard",
            "The district dashboard: verdicts by county and township, failed rules, waivers (reviewers, inspectors, administrators)",
            "dashboard",
            None,
            json!({"type": "object"}),
            "200",
        ),
        op(
            "get",
            "/api/v1/organisations",
            "Organisations (administrators)",
            "admin",
            None,
            list::<Organisation>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/organisations",
            "Create an organisation (administrators)",
            "admin",
            Some(json_body(reference::<NewOrganisation>(g))),
            created.clone(),
            "201",
        ),
        op(
            "get",
            "/api/v1/users",
            "Users (administrators)",
            "admin",
            None,
            list::<User>(g),
            "200",
        ),
        op(
            "post",
            "/api/v1/users",
            "Create a user (administrators)",
            "admin",
            Some(json_body(reference::<NewUser>(g))),
            created,
            "201",
        ),
        op(
            "get",
            "/api/v1/audit",
            "The newest audit entries (administrators)",
            "admin",
            None,
            list::<AuditEntry>(g),
            "200",
        ),
        op(
            "get",
            "/api/v1/audit/verify",
            "Recompute the audit log's hash chain (administrators)",
            "admin",
            None,
            reference::<Verification>(g),
            "200",
        ),
    ]
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    let error = reference::<ErrorBody>(&mut g);
    let mut paths: Map<String, Value> = Map::new();
    for op in operations(&mut g) {
        let mut parameters: Vec<Value> = op
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                if name == "format" && op.path.contains("checklist") {
                    json!({"name": "format", "in": "path", "required": true, "schema": {"type": "string", "enum": ["html", "xlsx", "csv", "json"]}})
                } else if name == "format" {
                    json!({"name": "format", "in": "path", "required": true, "schema": {"type": "string", "enum": ["html", "html-en", "md", "json", "pdf", "csv", "xlsx"]}})
                } else {
                    path_id(name)
                }
            })
            .collect();
        if op.path == "/api/v1/check" {
            parameters.push(json!({"name": "name", "in": "query", "schema": {"type": "string"}, "description": "file name whose extension gives the format"}));
            parameters.push(json!({"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "the date waivers are judged on"}));
        }
        let mut operation = json!({
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": parameters,
            "responses": {
                op.status: {"description": "success", "content": {"application/json": {"schema": op.answer}}},
                "default": {"description": "an error", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": error.clone()}}}}}
            }
        });
        if let (Some(body), Some(obj)) = (op.body, operation.as_object_mut()) {
            obj.insert("requestBody".into(), body);
        }
        let entry = paths.entry(op.path.to_owned()).or_insert_with(|| json!({}));
        if let Some(obj) = entry.as_object_mut() {
            obj.insert(op.method.to_owned(), operation);
        }
    }
    let schemas = g.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "anfang review portal API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Checks residential-community security designs against the smart-secure community standard (智慧安防小区) and keeps the review and acceptance workflow. Authenticate with `Authorization: Bearer TOKEN` (`anfang serve token --user NAME`)."
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearer": []}]
    })
}

/// `GET /api/openapi.json`.
pub async fn document() -> Json<Value> {
    Json(openapi())
}
