//! The shared test kit (`testkit/`, crate `salesphysics-testkit`) under
//! the `support::` paths the integration tests use: `mod support;`.
#![allow(unused_imports)]

pub use salesphysics_testkit::{compensation, payout};

/// Published worked examples: the `cases` of a `data/*.json` file.
#[allow(dead_code)]
pub mod vectors {
    use serde_json::Value;

    /// The case `id` of `json` (a file's text with a `cases` array).
    pub fn case(json: &str, id: &str) -> Value {
        let all: Value = serde_json::from_str(json).unwrap();
        all["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no case {id}"))
            .clone()
    }

    /// A string field of a case.
    pub fn text(v: &Value) -> &str {
        v.as_str().unwrap()
    }
}
