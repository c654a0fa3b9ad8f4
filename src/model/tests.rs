//! Tests of the submission types: round trips, absent versus empty, labels, schema coverage.

use serde_json::{Value, json};

use super::*;

/// A submission with every field of the model filled in.
const FULL: &str = include_str!("testdata/full.json");

fn minimal() -> Value {
    json!({
        "project": {
            "id": "HZ-2025-001",
            "name": "Test estate",
            "kind": "renovation",
            "phase": "acceptance",
            "protection_level": "level2"
        }
    })
}

fn round_trip(value: &Value) -> (Submission, Value) {
    let submission: Submission = serde_json::from_value(value.clone()).unwrap();
    let back = serde_json::to_value(&submission).unwrap();
    (submission, back)
}

#[test]
fn minimal_submission_round_trips() {
    let (submission, back) = round_trip(&minimal());
    assert_eq!(back, minimal());
    assert_eq!(submission.project.kind, ProjectKind::Renovation);
    assert_eq!(submission.project.phase, Phase::Acceptance);
    assert_eq!(submission.project.protection_level, ProtectionLevel::Level2);
    assert!(submission.site.is_none());
    assert!(submission.waivers.is_none());
}

#[test]
fn full_submission_round_trips_exactly() {
    let value: Value = serde_json::from_str(FULL).unwrap();
    let (submission, back) = round_trip(&value);
    assert_eq!(back, value);
    let cameras = submission.technical.and_then(|t| t.cameras).unwrap();
    assert_eq!(cameras[0].camera_type, CameraType::Bullet);
}

#[test]
fn full_submission_has_sound_references() {
    let value: Value = serde_json::from_str(FULL).unwrap();
    assert_eq!(check_refs(&value), vec![]);
}

#[test]
fn project_requires_its_required_fields() {
    for field in ["id", "name", "kind", "phase", "protection_level"] {
        let mut value = minimal();
        value["project"].as_object_mut().unwrap().remove(field);
        let error = serde_json::from_value::<Submission>(value).unwrap_err();
        assert!(error.to_string().contains(field), "{field}: {error}");
    }
    let error = serde_json::from_value::<Submission>(json!({})).unwrap_err();
    assert!(error.to_string().contains("project"), "{error}");
}

#[test]
fn absent_differs_from_empty() {
    let mut value = minimal();
    value["site"] = json!({ "entrances": [] });
    value["technical"] = json!({});
    let (submission, back) = round_trip(&value);
    let site = submission.site.unwrap();
    assert_eq!(site.entrances, Some(vec![]));
    assert_eq!(site.buildings, None);
    assert_eq!(back, value);
}

/// serde reads `null` as `None`; the schema (checked first) rejects it, see `schema.rs`.
#[test]
fn null_reads_as_not_stated() {
    let mut value = minimal();
    value["project"]["households"] = Value::Null;
    let (submission, back) = round_trip(&value);
    assert_eq!(submission.project.households, None);
    assert_eq!(back, minimal());
}

#[test]
fn unknown_fields_are_rejected() {
    let mut value = minimal();
    value["project"]["housholds"] = json!(12);
    let error = serde_json::from_value::<Submission>(value).unwrap_err();
    assert!(error.to_string().contains("housholds"), "{error}");

    let mut value: Value = serde_json::from_str(FULL).unwrap();
    value["technical"]["cameras"][0]["resolution"] = json!(4);
    assert!(serde_json::from_value::<Submission>(value).is_err());
}

#[test]
fn schema_dollar_key_is_accepted() {
    let mut value = minimal();
    value["$schema"] = json!("./submission.schema.json");
    let (submission, back) = round_trip(&value);
    assert_eq!(
        submission.schema.as_deref(),
        Some("./submission.schema.json")
    );
    assert_eq!(back, value);
}

/// Serialises an enum value to its identifier.
fn id_of<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn identifiers_are_those_of_the_spec() {
    assert_eq!(id_of(ProtectionLevel::Level3), "level3");
    assert_eq!(id_of(PropertyServiceGrade::Grade1), "grade1");
    assert_eq!(id_of(ProjectKind::NewBuild), "new_build");
    assert_eq!(id_of(Barrier::BuildingWall), "building_wall");
    assert_eq!(id_of(LaneKind::NonMotor), "non_motor");
    assert_eq!(id_of(Direction::In), "in");
    assert_eq!(id_of(Redundancy::Raid5), "raid5");
    assert_eq!(id_of(Protocol::Gb28181), "gb28181");
    assert_eq!(id_of(Protocol::Gat1400), "gat1400");
    assert_eq!(id_of(Protocol::Gb35114), "gb35114");
    assert_eq!(
        id_of(PlatformTarget::PublicSecurityAlarmCentre),
        "public_security_alarm_centre"
    );
    assert_eq!(id_of(Credential::QrCode), "qr_code");
    assert_eq!(id_of(Credential::IdCard), "id_card");
    assert_eq!(id_of(AccessPointKind::BarrierFreeGate), "barrier_free_gate");
    assert_eq!(id_of(AlarmTechnology::IrBeam), "ir_beam");
    assert_eq!(id_of(IntercomSystem::VisualDigital), "visual_digital");
    assert_eq!(id_of(LoadClass::Class1Special), "class1_special");
    assert_eq!(id_of(SensorKind::EbikeLiftBlocking), "ebike_lift_blocking");
    assert_eq!(id_of(SharedWith::Bas), "bas");
    assert_eq!(id_of(AttachmentKind::DesignDocument), "design_document");
}

/// Checks that every variant has labels and round-trips through its identifier.
fn check_enum<T>(all: &[T])
where
    T: Labelled + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
{
    let mut ids = std::collections::BTreeSet::new();
    for variant in all {
        assert!(
            !variant.zh().is_empty() && !variant.en().is_empty(),
            "{variant:?}"
        );
        let id = id_of(*variant);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{id}"
        );
        assert!(ids.insert(id.clone()), "duplicate identifier {id}");
        let back: T = serde_json::from_value(Value::String(id)).unwrap();
        assert_eq!(back, *variant);
    }
}

#[test]
fn every_enum_is_labelled_and_round_trips() {
    check_enum(ProjectKind::ALL);
    check_enum(Phase::ALL);
    check_enum(ProtectionLevel::ALL);
    check_enum(PropertyServiceGrade::ALL);
    check_enum(RenovationClass::ALL);
    check_enum(Barrier::ALL);
    check_enum(OpeningKind::ALL);
    check_enum(EntranceKind::ALL);
    check_enum(LaneKind::ALL);
    check_enum(Direction::ALL);
    check_enum(PublicAreaKind::ALL);
    check_enum(CameraType::ALL);
    check_enum(CameraFunction::ALL);
    check_enum(Redundancy::ALL);
    check_enum(PlatformTarget::ALL);
    check_enum(Protocol::ALL);
    check_enum(AccessPointKind::ALL);
    check_enum(Credential::ALL);
    check_enum(FailMode::ALL);
    check_enum(IntercomSystem::ALL);
    check_enum(AlarmTechnology::ALL);
    check_enum(Detection::ALL);
    check_enum(SensorKind::ALL);
    check_enum(BlockingType::ALL);
    check_enum(LoadClass::ALL);
    check_enum(DoorKind::ALL);
    check_enum(SharedWith::ALL);
    check_enum(Conclusion::ALL);
    check_enum(AttachmentKind::ALL);
    check_enum(AnalyticsSchedule::ALL);
    check_enum(CentralStorageBasis::ALL);
    assert_eq!(ProtectionLevel::Level3.zh(), "三级防范");
    assert_eq!(FailMode::FailSafe.zh(), "断电开启");
}

#[test]
fn every_enum_of_the_schema_is_checked_above() {
    // Enumerations appear in the schema as definitions with `oneOf` of constants; this list
    // must match the calls in `every_enum_is_labelled_and_round_trips`.
    let schema = submission_schema_ref();
    let mut names: Vec<&str> = schema["$defs"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, def)| def.get("oneOf").is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    names.sort_unstable();
    let mut expected = vec![
        "ProjectKind",
        "Phase",
        "ProtectionLevel",
        "PropertyServiceGrade",
        "RenovationClass",
        "Barrier",
        "OpeningKind",
        "EntranceKind",
        "LaneKind",
        "Direction",
        "PublicAreaKind",
        "CameraType",
        "CameraFunction",
        "Redundancy",
        "PlatformTarget",
        "Protocol",
        "AccessPointKind",
        "Credential",
        "FailMode",
        "IntercomSystem",
        "AlarmTechnology",
        "Detection",
        "SensorKind",
        "BlockingType",
        "LoadClass",
        "DoorKind",
        "SharedWith",
        "Conclusion",
        "AttachmentKind",
        "AnalyticsSchedule",
        "CentralStorageBasis",
    ];
    expected.sort_unstable();
    assert_eq!(names, expected);
}

/// Every property path of the schema, as path patterns (`/site/entrances/*/kind`).
fn schema_paths(schema: &Value, node: &Value, path: &str, out: &mut Vec<String>) {
    let node = deref(schema, node);
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (key, child) in properties {
            let child_path = format!("{path}/{key}");
            out.push(child_path.clone());
            schema_paths(schema, child, &child_path, out);
        }
    }
    if let Some(items) = node.get("items") {
        schema_paths(schema, items, &format!("{path}/*"), out);
    }
}

fn deref<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    loop {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            node = schema.pointer(reference.trim_start_matches('#')).unwrap();
        } else if let Some(any_of) = node.get("anyOf").and_then(Value::as_array) {
            node = any_of
                .iter()
                .find(|s| s.get("type") != Some(&json!("null")))
                .unwrap();
        } else {
            return node;
        }
    }
}

/// Every value path of an instance, as path patterns.
fn value_paths(value: &Value, path: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = format!("{path}/{key}");
                out.insert(child_path.clone());
                value_paths(child, &child_path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                value_paths(item, &format!("{path}/*"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn full_fixture_fills_every_field_of_the_schema() {
    let schema = submission_schema_ref();
    let mut expected = Vec::new();
    schema_paths(schema, schema, "", &mut expected);
    let value: Value = serde_json::from_str(FULL).unwrap();
    let mut present = std::collections::BTreeSet::new();
    value_paths(&value, "", &mut present);
    let missing: Vec<&String> = expected.iter().filter(|p| !present.contains(*p)).collect();
    assert!(
        missing.is_empty(),
        "not in testdata/full.json: {missing:#?}"
    );
}

#[test]
fn quantity_defaults_to_one_only_when_counting() {
    let camera: Camera = serde_json::from_value(json!({ "id": "C1", "type": "dome" })).unwrap();
    assert_eq!(camera.quantity, None);
    assert_eq!(camera.count(), 1);
    let sensor: IotSensor =
        serde_json::from_value(json!({ "id": "S1", "kind": "smoke", "quantity": 12 })).unwrap();
    assert_eq!(sensor.count(), 12);
    let button: EmergencyButton = serde_json::from_value(json!({ "id": "B1" })).unwrap();
    assert_eq!(button.count(), 1);
}
