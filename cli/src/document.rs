//! Plans, policies and models from JSON or TOML, chosen by extension, in
//! the core's serde shapes.
//!
//! Read through `serde_path_to_error` so a rejected value names its field
//! path (`plans[1].components[0].quota`) as the core's own errors do.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::fail::Failure;

/// Reads `path` as JSON (`.json`) or TOML (`.toml`).
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io(path, &e))?;
    let name = path.display();
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            let mut de = serde_json::Deserializer::from_str(&text);
            let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let inner = e.inner();
                let hint = if inner.is_eof() {
                    " (a truncated file?)"
                } else {
                    ""
                };
                Failure::input(format!(
                    "{name}:{}:{}: {}{hint}",
                    inner.line(),
                    located(e.path()),
                    without_position(&inner.to_string())
                ))
            })?;
            de.end()
                .map_err(|e| Failure::input(format!("{name}:{}: {e}", e.line())))?;
            Ok(value)
        }
        Some("toml") => {
            let de = toml::Deserializer::parse(&text).map_err(|e| {
                Failure::input(format!(
                    "{name}:{}: {}",
                    line_of(&text, e.span()),
                    e.message()
                ))
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let inner = e.inner();
                Failure::input(format!(
                    "{name}:{}:{}: {}",
                    line_of(&text, inner.span()),
                    located(e.path()),
                    inner.message().trim_end()
                ))
            })
        }
        _ => Err(Failure::usage(format!(
            "{name}: expected a .json or .toml file"
        ))),
    }
}

/// The field path, or `(top level)` when the error is about the document.
fn located(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    // serde_path_to_error writes `?` for a segment it never entered.
    let text = text.strip_suffix(".?").unwrap_or(&text).to_owned();
    if text == "." || text == "?" {
        "(top level)".to_owned()
    } else {
        text
    }
}

/// serde_json appends " at line L column C"; the line is already in front.
fn without_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .and_then(|at| message.get(..at))
        .unwrap_or(message)
}

/// The 1-based line of a byte span's start (1 when unknown).
fn line_of(text: &str, span: Option<core::ops::Range<usize>>) -> usize {
    let start = span.map_or(0, |s| s.start);
    text.get(..start)
        .map_or(0, |head| head.matches('\n').count())
        .saturating_add(1)
}
