//! Small helpers the catalogue's schema entries use; the schemas themselves come from the
//! schemars derives of the engine wire structs and request bodies.
//!
//! Layer: catalogue (pure data and decoders, no I/O); it may import the foundation, `model` and `engine`.

use std::any::TypeId;
use std::collections::BTreeMap;

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

/// The schema of `T` (a `$ref` when `T` is a named type; its definition goes into the generator).
pub(super) fn s<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

/// An object whose values are `T` (id-keyed maps).
pub(super) fn map_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    let mut map = s::<BTreeMap<String, T>>(g);
    map["title"] = json!(format!("{} by id (order = answer order)", T::schema_name()));
    map
}

/// A JSON answer.
pub(super) fn json_answer(schema: Value) -> Option<(&'static str, Value)> {
    Some(("application/json", schema))
}

/// A text answer (WAHA's `text/html` for bare strings).
pub(super) fn text_answer(schema: Value) -> Option<(&'static str, Value)> {
    Some(("text/html", schema))
}

/// The request body schema, `None` for `()`.
pub(super) fn body<B: JsonSchema + 'static>(g: &mut SchemaGenerator) -> Option<Value> {
    (TypeId::of::<B>() != TypeId::of::<()>()).then(|| s::<B>(g))
}
