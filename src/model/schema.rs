//! The JSON Schema of a submission, generated from the Rust types.

use std::sync::OnceLock;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::transform_subschemas;
use serde_json::Value;

use super::Submission;

/// The `$id` of the submission schema.
pub const SCHEMA_ID: &str = "urn:anfang:schema:submission:1";

/// The JSON Schema (draft 2020-12) of a [`Submission`], as a JSON value.
///
/// It is generated once from the Rust types and cached; every call returns a copy. All
/// references are local (`#/$defs/...`), so validating needs no network access.
///
/// Optional fields may be omitted but not set to `null`: "not stated" has one spelling
/// (leave the key out). Besides, a nullable sub-object would be written `anyOf: [object, null]`,
/// and validators then report a nested error at the `anyOf`, not at the faulty field.
pub fn submission_schema() -> Value {
    submission_schema_ref().clone()
}

/// The cached JSON Schema of a [`Submission`], without copying it.
pub fn submission_schema_ref() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = SchemaSettings::draft2020_12()
            .with_transform(forbid_null)
            .into_generator()
            .into_root_schema_for::<Submission>()
            .to_value();
        // An identifier for editors and validators that cache schemas by `$id`.
        if let Value::Object(map) = &mut schema {
            map.insert("$id".to_owned(), Value::String(SCHEMA_ID.to_owned()));
        }
        schema
    })
}

/// Removes the `null` that schemars allows for every `Option` field, recursively:
/// `type: [T, "null"]` becomes `type: T`, and `anyOf: [S, {type: null}]` becomes `S`.
fn forbid_null(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        if let Some(Value::Array(types)) = object.get_mut("type") {
            types.retain(|t| t != "null");
            if let [single] = types.as_slice() {
                let single = single.clone();
                object.insert("type".to_owned(), single);
            }
        }
        let nullable = match object.get("anyOf") {
            Some(Value::Array(branches)) if branches.len() == 2 => {
                let is_null = |branch: &Value| branch.get("type").is_some_and(|t| t == "null");
                branches
                    .iter()
                    .position(is_null)
                    .and_then(|i| branches.get(1 - i))
                    .cloned()
            }
            _ => None,
        };
        if let Some(Value::Object(other)) = nullable {
            object.remove("anyOf");
            for (key, value) in other {
                object.entry(key).or_insert(value);
            }
        }
    }
    transform_subschemas(&mut forbid_null, schema);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn validator() -> jsonschema::Validator {
        jsonschema::options()
            .should_validate_formats(true)
            .build(submission_schema_ref())
            .unwrap()
    }

    fn minimal() -> Value {
        json!({
            "project": {
                "id": "P-1", "name": "Estate", "kind": "new_build",
                "phase": "design_review", "protection_level": "level1"
            }
        })
    }

    /// The instance paths of the errors, as strings.
    fn errors(instance: &Value) -> Vec<String> {
        validator()
            .iter_errors(instance)
            .map(|error| error.instance_path().to_string())
            .collect()
    }

    #[test]
    fn is_draft_2020_12_with_local_refs_only() {
        let schema = submission_schema();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["title"], "Submission");
        let text = schema.to_string();
        for reference in text.split("\"$ref\":\"").skip(1) {
            assert!(reference.starts_with("#/$defs/"), "{reference}");
        }
    }

    #[test]
    fn every_object_denies_additional_properties() {
        let schema = submission_schema_ref();
        assert_eq!(schema["additionalProperties"], json!(false));
        let defs = schema["$defs"].as_object().unwrap();
        let mut objects = 0;
        for (name, def) in defs {
            if def.get("properties").is_some() {
                objects += 1;
                assert_eq!(def["additionalProperties"], json!(false), "{name}");
            }
        }
        assert!(objects > 40, "{objects}");
    }

    #[test]
    fn descriptions_carry_chinese_terms() {
        let schema = submission_schema_ref();
        let retention = &schema["$defs"]["VideoStorage"]["properties"]["retention_days"];
        assert_eq!(
            retention["description"],
            "Video retention in days (录像保存天数)."
        );
        let level = &schema["$defs"]["ProtectionLevel"]["oneOf"][0];
        assert_eq!(level["const"], "level3");
        assert_eq!(level["description"], "level 3, basic (三级防范).");
    }

    #[test]
    fn accepts_valid_submissions() {
        assert_eq!(errors(&minimal()), Vec::<String>::new());
        let full: Value = serde_json::from_str(include_str!("testdata/full.json")).unwrap();
        assert_eq!(errors(&full), Vec::<String>::new());
    }

    #[test]
    fn rejects_bad_values_at_their_pointers() {
        let mut value = minimal();
        value["project"]["region_code"] = json!("03010");
        value["project"]["resident_approval_ratio"] = json!(1.5);
        value["project"]["households"] = json!(-1);
        value["project"]["filing_date"] = json!("2025-13-01");
        value["project"]["phase"] = json!("review");
        value["project"]["colour"] = json!("red");
        value["site"] = json!({
            "buildings": [ { "id": "", "floors": 0 } ],
            "perimeter": { "segments": [ { "id": "S1", "length_m": 0 } ] }
        });
        value["technical"] = json!({
            "cameras": [ { "id": "C1", "type": "bullet", "quantity": 0, "covers": [""] } ]
        });
        value["network"] = json!({ "mlps_level": 5 });
        let mut found = errors(&value);
        found.sort();
        found.dedup();
        assert_eq!(
            found,
            [
                "/network/mlps_level",
                "/project",
                "/project/filing_date",
                "/project/households",
                "/project/phase",
                "/project/region_code",
                "/project/resident_approval_ratio",
                "/site/buildings/0/floors",
                "/site/buildings/0/id",
                "/site/perimeter/segments/0/length_m",
                "/technical/cameras/0/covers/0",
                "/technical/cameras/0/quantity",
            ]
        );
    }

    #[test]
    fn rejects_null_where_a_value_is_expected() {
        let mut value = minimal();
        value["project"]["households"] = Value::Null;
        value["project"]["renovation_class"] = Value::Null;
        value["site"] = Value::Null;
        value["technical"] = json!({ "cameras": [ { "id": "C1", "type": null } ] });
        let mut found = errors(&value);
        found.sort();
        assert_eq!(
            found,
            [
                "/project/households",
                "/project/renovation_class",
                "/site",
                "/technical/cameras/0/type",
            ]
        );
    }

    #[test]
    fn requires_required_fields() {
        let value = json!({ "project": { "id": "P-1" }, "waivers": [ { "rule": "R-1" } ] });
        let messages: Vec<String> = validator()
            .iter_errors(&value)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect();
        let text = messages.join("\n");
        for field in ["name", "kind", "phase", "protection_level"] {
            assert!(text.contains(&format!("/project: \"{field}\"")), "{text}");
        }
        for field in ["reason", "approver", "document", "date"] {
            assert!(text.contains(&format!("/waivers/0: \"{field}\"")), "{text}");
        }
    }
}
