//! A submission's JSON values handed to CEL as its own values, built directly.
//!
//! `cel::to_value` goes through serde into `cel::Value`, and binding that clones it again into
//! CEL's runtime values: for the expression rules of a batch, two conversions per rule and per
//! element were a tenth of the work. This builds the runtime values in one pass, as those two
//! conversions do: a non-negative integer is a `uint` (serde_json serialises it as `u64`), a
//! negative one an `int`, any other number a `double`, an object a map keyed by strings. The
//! test holds the two to equal values of equal types on every sample.

use std::collections::HashMap;

use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt,
};
use cel::common::value::Val;
use serde_json::Value;

/// `value` as a CEL value.
pub(super) fn val(value: &Value) -> Box<dyn Val> {
    match value {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Box::new(CelUInt::from(u)),
            (None, Some(i)) => Box::new(CelInt::from(i)),
            (None, None) => Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN))),
        },
        Value::String(s) => Box::new(CelString::from(s.clone())),
        Value::Array(items) => Box::new(CelList::from(items.iter().map(val).collect::<Vec<_>>())),
        Value::Object(map) => Box::new(CelMap::from(
            map.iter()
                .map(|(k, v)| (CelMapKey::from(k.clone()), val(v)))
                .collect::<HashMap<_, _>>(),
        )),
    }
}

/// `value` as a CEL value, a mapping with only its `fields` (an element an expression reads
/// only some fields of).
pub(super) fn val_fields(value: &Value, fields: &[String]) -> Box<dyn Val> {
    match value {
        Value::Object(map) => Box::new(CelMap::from(
            fields
                .iter()
                .filter_map(|f| Some((CelMapKey::from(f.clone()), val(map.get(f)?))))
                .collect::<HashMap<_, _>>(),
        )),
        other => val(other),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Every subtree of every sample, bound both ways: CEL finds the two equal, of one type.
    #[test]
    fn values_are_what_the_serde_conversion_gives() {
        fn subtrees<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
            out.push(v);
            match v {
                Value::Array(items) => items.iter().for_each(|i| subtrees(i, out)),
                Value::Object(map) => map.values().for_each(|i| subtrees(i, out)),
                _ => {}
            }
        }
        let program = cel::Program::compile("x == y && type(x) == type(y) && y == x").unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compared = 0;
        let mut values = vec![serde_json::json!({
            "n": [0, 1, -1, 2.5, -0.0, 1e300, 18446744073709551615u64, -9223372036854775808i64],
            "s": ["", "三级", "a\"b"], "b": [true, false], "z": null, "o": {"k": {"k": []}}
        })];
        for name in [
            "small-120.yaml",
            "xiaguan-new-1200.yaml",
            "renovation-480-open.yaml",
        ] {
            values.push(
                crate::ingest::read_document(&root.join("samples").join(name))
                    .unwrap()
                    .value,
            );
        }
        for value in &values {
            let mut all = Vec::new();
            subtrees(value, &mut all);
            for v in all {
                let mut ctx = cel::Context::default();
                ctx.add_variable_from_value("x", cel::to_value(v).unwrap());
                ctx.add_variable_as_val("y", val(v));
                assert_eq!(
                    program.execute(&ctx).unwrap(),
                    cel::Value::Bool(true),
                    "{v}"
                );
                // Some fields of it (two it has, one it may not, one twice).
                let mut fields: Vec<String> = match v {
                    Value::Object(map) => map.keys().step_by(2).take(2).cloned().collect(),
                    _ => Vec::new(),
                };
                fields.extend(["id".to_owned(), "id".to_owned()]);
                let some = match v {
                    Value::Object(map) => Value::Object(
                        map.iter()
                            .filter(|(k, _)| fields.contains(k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                let mut ctx = cel::Context::default();
                ctx.add_variable_from_value("x", cel::to_value(&some).unwrap());
                ctx.add_variable_as_val("y", val_fields(v, &fields));
                assert_eq!(
                    program.execute(&ctx).unwrap(),
                    cel::Value::Bool(true),
                    "{v}"
                );
                compared += 1;
            }
        }
        assert!(compared > 1000, "{compared}");
    }
}
