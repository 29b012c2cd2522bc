//! Malformed inputs: the documented message (file, line or field path,
//! what was found, what was expected), the documented exit code, and no
//! output file left behind (`docs/cli.md`, "Errors").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::{org, run};

/// Runs `args` with `--out` into a temporary folder and checks the exit
/// code, the one-line message, and that no file was written.
fn fails(args: &[&str], code: i32, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", out.to_str().unwrap()]);
    let result = run(&all);
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr, format!("salesphysics: {message}\n"));
    assert!(!out.exists(), "no output file on failure");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temp file either"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
}

fn earnings_on(deals: &str) -> Vec<String> {
    vec![
        "earnings".into(),
        "--org".into(),
        org("comp.toml"),
        "--deals".into(),
        deals.into(),
        "--through".into(),
        "2026-01-31".into(),
    ]
}

fn on_deals(file: &str, message: &str) {
    let path = format!("cli/tests/bad/{file}");
    let args = earnings_on(&path);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(&args, 65, &format!("{path}:{message}"));
}

#[test]
fn a_bad_decimal_names_file_line_and_column() {
    on_deals(
        "bad_decimal.csv",
        "3:amount: \"12,5O0.00\" is not a decimal",
    );
}

#[test]
fn a_missing_column_lists_the_header() {
    on_deals(
        "missing_column.csv",
        "1: missing column \"amount\" (the header has: id, close_date, currency, term, type, owner)",
    );
}

#[test]
fn an_unknown_currency() {
    on_deals(
        "unknown_currency.csv",
        "2:currency: \"USX\" is not an ISO 4217 currency code",
    );
}

#[test]
fn a_date_that_does_not_exist() {
    on_deals(
        "impossible_date.csv",
        "2:close_date: \"2026-02-30\" is not a date (YYYY-MM-DD)",
    );
}

#[test]
fn a_truncated_csv() {
    on_deals(
        "truncated.csv",
        "3: the row has 2 fields, the header 12 (a truncated or misquoted file?)",
    );
}

#[test]
fn an_unknown_field_in_toml_names_its_line_and_path() {
    fails(
        &["tier", "--policy", "cli/tests/bad/unknown_field.toml", "--accounts", &org("accounts.csv")],
        65,
        "cli/tests/bad/unknown_field.toml:8:misalignment_treshold: unknown field `misalignment_treshold`, \
         expected one of `currency`, `tiers`, `rules`, `acquisition_cost`, `misalignment_threshold`, `overlaps`",
    );
}

#[test]
fn a_truncated_json_file() {
    fails(
        &["capacity", "--model", "cli/tests/bad/truncated.json"],
        65,
        "cli/tests/bad/truncated.json:36:input.roles[1].ramp.linear: EOF while parsing an object (a truncated file?)",
    );
}

#[test]
fn a_bad_decimal_in_json_names_its_field_path() {
    fails(
        &["capacity", "--model", "cli/tests/bad/bad_field.json"],
        65,
        "cli/tests/bad/bad_field.json:20:input.roles[0].monthly_cost.amount: \
         malformed decimal: invalid character ',' at byte 2 (no digit grouping)",
    );
}

#[test]
fn figures_the_core_rejects_name_their_field() {
    // A statement month before the stored state's: the core refuses.
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let statement = |month: &str| {
        run(&[
            "statement",
            "--org",
            &org("comp.toml"),
            "--deals",
            &org("deals.csv"),
            "--month",
            month,
            "--state",
            state.to_str().unwrap(),
        ])
    };
    assert!(statement("2026-01").status.success());
    let again = statement("2026-01");
    assert_eq!(again.status.code(), Some(65));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(
        stderr.starts_with("salesphysics: statement of Lena (lead gen) (100) 2026-01-01: "),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2_and_missing_files_74() {
    let clap = run(&["capacity", "--mdl", "x.toml"]);
    assert_eq!(clap.status.code(), Some(2));
    assert!(String::from_utf8(clap.stderr)
        .unwrap()
        .starts_with("error: unexpected argument '--mdl' found"));
    fails(
        &[
            "earnings",
            "--org",
            &org("comp.toml"),
            "--deals",
            &org("deals.csv"),
            "--through",
            "2026-13-01",
        ],
        2,
        "--through: \"2026-13-01\" is not a date (YYYY-MM-DD)",
    );
    fails(
        &["capacity", "--model", "no/such/model.toml"],
        74,
        "no/such/model.toml: No such file or directory (os error 2)",
    );
}
