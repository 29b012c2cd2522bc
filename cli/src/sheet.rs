//! CSV files read by column name, every rejected cell reported as
//! `file:line:column: "found" is not <expected>`.

use core::str::FromStr;
use std::fs::File;
use std::path::Path;

use salesphysics_core::{Currency, Date, Decimal};
use serde::de::DeserializeOwned;

use crate::fail::Failure;
use crate::progress::Progress;

/// An open CSV file and where its named columns are.
pub struct Sheet {
    name: String,
    reader: csv::Reader<File>,
    headers: Vec<String>,
    progress: Progress,
}

/// One row of a [`Sheet`], with its line number for messages.
pub struct Row<'a> {
    sheet: &'a str,
    headers: &'a [String],
    record: &'a csv::StringRecord,
    line: u64,
}

impl Sheet {
    /// Opens `path` and reads its header row.
    pub fn open(path: &Path) -> Result<Sheet, Failure> {
        let file = File::open(path).map_err(|e| Failure::io(path, &e))?;
        let size = file.metadata().map_or(0, |m| m.len());
        let name = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(file);
        let headers = reader
            .headers()
            .map_err(|e| csv_failure(&name, &e))?
            .iter()
            .map(str::to_owned)
            .collect();
        Ok(Sheet {
            progress: Progress::bytes(size, &name),
            name,
            reader,
            headers,
        })
    }

    /// Fails unless every column in `names` is in the header row.
    pub fn require(&self, names: &[&str]) -> Result<(), Failure> {
        match names.iter().find(|n| !self.headers.iter().any(|h| h == *n)) {
            Some(missing) => Err(Failure::input(format!(
                "{}:1: missing column \"{missing}\" (the header has: {})",
                self.name,
                self.headers.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// Calls `each` on every data row, in file order.
    pub fn rows(
        &mut self,
        mut each: impl FnMut(&Row<'_>) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let mut record = csv::StringRecord::new();
        loop {
            let more = self
                .reader
                .read_record(&mut record)
                .map_err(|e| csv_failure(&self.name, &e))?;
            if !more {
                break;
            }
            let position = record.position();
            self.progress.set(position.map_or(0, |p| p.byte()));
            each(&Row {
                sheet: &self.name,
                headers: &self.headers,
                record: &record,
                line: position.map_or(0, |p| p.line()),
            })?;
        }
        self.progress.finish();
        Ok(())
    }
}

impl Row<'_> {
    /// The cell of column `name`; empty when the sheet lacks the column.
    pub fn text(&self, name: &str) -> &str {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
    }

    /// A failure located at this row's cell of `column`.
    pub fn fail(&self, column: &str, what: impl core::fmt::Display) -> Failure {
        Failure::input(format!("{}:{}:{column}: {what}", self.sheet, self.line))
    }

    /// The cell of `column` parsed by `FromStr`, or a failure saying what was
    /// expected.
    pub fn parse<T: FromStr>(&self, column: &str, expected: &str) -> Result<T, Failure> {
        let text = self.text(column);
        text.parse()
            .map_err(|_| self.fail(column, format!("\"{text}\" is not {expected}")))
    }

    /// A decimal cell.
    pub fn decimal(&self, column: &str) -> Result<Decimal, Failure> {
        self.parse(column, "a decimal")
    }

    /// A `YYYY-MM-DD` date cell.
    pub fn date(&self, column: &str) -> Result<Date, Failure> {
        self.parse(column, "a date (YYYY-MM-DD)")
    }

    /// An ISO 4217 currency cell.
    pub fn currency(&self, column: &str) -> Result<Currency, Failure> {
        self.parse(column, "an ISO 4217 currency code")
    }

    /// A whole-number cell.
    pub fn whole<T: FromStr>(&self, column: &str) -> Result<T, Failure> {
        self.parse(column, "a whole number")
    }

    /// A `true`/`false` cell.
    pub fn flag(&self, column: &str) -> Result<bool, Failure> {
        self.parse(column, "true or false")
    }

    /// A cell holding one of the core's snake_case enum names
    /// (`expansion`, `smb`, `outbound`).
    pub fn named<T: DeserializeOwned>(&self, column: &str, text: &str) -> Result<T, Failure> {
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map_err(|_| self.fail(column, format!("\"{text}\" is not a known {column}")))
    }
}

/// A CSV-level failure: unreadable bytes, a row of the wrong width.
fn csv_failure(name: &str, error: &csv::Error) -> Failure {
    let line = error.position().map_or(0, csv::Position::line);
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Failure::input(format!(
            "{name}:{line}: the row has {len} fields, the header {expected_len} (a truncated or misquoted file?)"
        )),
        csv::ErrorKind::Io(e) => Failure::input(format!("{name}: {e}")),
        _ => Failure::input(format!("{name}:{line}: {error}")),
    }
}
