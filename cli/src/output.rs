//! What a command prints: a table for people, the core's JSON for
//! programs, CSV for spreadsheets; to stdout or, atomically, to `--out`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::fail::{Exit, Failure};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// The core's serde shapes, pretty-printed.
    Json,
    /// One row per table row, with a header.
    Csv,
}

/// A command's result: the table people read and the JSON value programs
/// read (the core's own output types, not the table re-encoded).
pub struct Report {
    /// Column names.
    pub headers: Vec<String>,
    /// Cells, already formatted.
    pub rows: Vec<Vec<String>>,
    /// Smaller titled tables below the main one (per-month totals, flags),
    /// in `table` and `csv` after a blank line and their title; JSON has
    /// them in its own shape already.
    sections: Vec<Section>,
    /// Lines under the table (a plan's summary); only `table` prints them:
    /// `csv` stays rows and sections, and `json` has the summary in full.
    notes: Vec<String>,
    /// The full result, encoded only when `--format json` asks for it.
    json: Box<dyn Fn() -> serde_json::Result<Vec<u8>>>,
}

impl Report {
    /// A report of `rows` under `headers`, and of `json` in full.
    pub fn new<H: Into<String>>(
        headers: impl IntoIterator<Item = H>,
        rows: Vec<Vec<String>>,
        json: impl Serialize + 'static,
    ) -> Report {
        Report {
            headers: headers.into_iter().map(Into::into).collect(),
            rows,
            sections: Vec::new(),
            notes: Vec::new(),
            json: Box::new(move || serde_json::to_vec_pretty(&json)),
        }
    }

    /// The same report with `notes` printed under the table.
    pub fn with_notes(mut self, notes: Vec<String>) -> Report {
        self.notes = notes;
        self
    }

    /// Adds a titled table shown after the main one.
    pub fn section<H: Into<String>>(
        mut self,
        title: &str,
        headers: impl IntoIterator<Item = H>,
        rows: Vec<Vec<String>>,
    ) -> Report {
        self.sections.push(Section {
            title: title.to_owned(),
            headers: headers.into_iter().map(Into::into).collect(),
            rows,
        });
        self
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, Failure> {
        match format {
            Format::Json => {
                let mut bytes = (self.json)()
                    .map_err(|e| Failure::internal(format!("cannot encode JSON: {e}")))?;
                bytes.push(b'\n');
                Ok(bytes)
            }
            Format::Csv => {
                let mut out = csv_table(&self.headers, &self.rows)?;
                for section in &self.sections {
                    out.push(b'\n');
                    out.extend(csv_table(core::slice::from_ref(&section.title), &[])?);
                    out.extend(csv_table(&section.headers, &section.rows)?);
                }
                Ok(out)
            }
            Format::Table => {
                let mut out = table(&self.headers, &self.rows);
                for section in &self.sections {
                    out.push('\n');
                    out.push_str(&section.title);
                    out.push('\n');
                    out.push_str(&table(&section.headers, &section.rows));
                }
                if !self.notes.is_empty() {
                    out.push('\n');
                    for note in &self.notes {
                        out.push_str(note);
                        out.push('\n');
                    }
                }
                Ok(out.into_bytes())
            }
        }
    }
}

/// One CSV table: a header and its rows.
fn csv_table(headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, Failure> {
    let failed = |e: csv::Error| Failure::internal(format!("cannot encode CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers).map_err(failed)?;
    for row in rows {
        writer.write_record(row).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Failure::internal(format!("cannot encode CSV: {e}")))
}

/// A titled table below a report's main one.
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Columns padded to their widest cell; numbers right-aligned.
fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (cell, width) in cells.zip(&widths) {
            if !text.is_empty() {
                text.push_str("  ");
            }
            let numeric = cell.starts_with(|c: char| c.is_ascii_digit() || c == '-')
                && cell.len() > 1
                || cell.chars().all(|c| c.is_ascii_digit());
            if numeric {
                text.push_str(&format!("{cell:>width$}"));
            } else {
                text.push_str(&format!("{cell:<width$}"));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// Writes `bytes` to `path` through a temporary file in the same folder
/// and a rename: a reader sees the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io = |e: std::io::Error| Failure::io(path, &e);
    let mut builder = tempfile::Builder::new();
    // An ordinary file (rw-r--r--), not the private mode of a temp file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(folder).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Prints `bytes` on stdout; a closed pipe (`| head`) is not a failure.
pub fn print(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure {
            exit: Exit::Io,
            message: format!("stdout: {e}"),
        }),
        _ => Ok(()),
    }
}

/// A core value as its serde name: `inside_sales`, `account_executive`;
/// a list joined with `+`.
pub fn name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join("+"),
        Ok(serde_json::Value::Null) => String::new(),
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}
