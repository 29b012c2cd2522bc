//! Core errors → `tonic::Status` with rich details.
//!
//! Every rejection carries a `google.rpc.ErrorInfo` whose `reason` is
//! `SALESPHYSICS_<KIND>` (one per [`ErrorKind`] variant, stable across
//! versions) in the [`DOMAIN`], and a `google.rpc.BadRequest` field
//! violation whose `field` is the path as the client wrote it
//! (`accounts[2].first_year_value`): the core's [`salesphysics_core::FieldPath`]
//! rendered as is, behind the request fields the service adds in front.
//!
//! Codes: a list over a documented cap is `RESOURCE_EXHAUSTED`; anything
//! else the caller sent is `INVALID_ARGUMENT`. `INTERNAL` is reserved for
//! faults of the service itself (a caught panic, a short output buffer).

use core::fmt;

use salesphysics_core::{Error, ErrorKind};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// The `ErrorInfo.domain` of every salesphysics error.
pub const DOMAIN: &str = "salesphysics.dev";

/// A rejected input: why, and the path of the field as the client wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    kind: ErrorKind,
    path: String,
    /// A fault of the service, not of the input: `INTERNAL`.
    internal: bool,
}

impl ApiError {
    /// An error about the whole request (empty path).
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            path: String::new(),
            internal: false,
        }
    }

    /// A fault of the service itself while answering (`INTERNAL`).
    pub fn internal(kind: ErrorKind) -> Self {
        Self {
            internal: true,
            ..Self::new(kind)
        }
    }

    /// A required field or message is missing.
    pub fn missing() -> Self {
        Self::new(ErrorKind::Invalid("required field is missing"))
    }

    /// Why it failed.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The field path, e.g. `accounts[2].first_year_value`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Nests the error under the field `name`.
    #[must_use]
    pub fn at(self, name: &str) -> Self {
        self.prefixed(name)
    }

    /// Nests the error under element `index` of the list `name`.
    #[must_use]
    pub fn at_index(self, name: &str, index: usize) -> Self {
        self.prefixed(&format!("{name}[{index}]"))
    }

    fn prefixed(mut self, segment: &str) -> Self {
        self.path = if self.path.is_empty() {
            segment.to_owned()
        } else if self.path.starts_with('[') {
            format!("{segment}{}", self.path)
        } else {
            format!("{segment}.{}", self.path)
        };
        self
    }

    /// The stable `ErrorInfo.reason` of the error's kind.
    pub fn reason(&self) -> &'static str {
        reason(self.kind)
    }

    /// The gRPC code the error maps to.
    pub fn code(&self) -> Code {
        if self.internal {
            return Code::Internal;
        }
        match self.kind {
            ErrorKind::TooMany { .. } => Code::ResourceExhausted,
            ErrorKind::BufferTooSmall { .. } => Code::Internal,
            _ => Code::InvalidArgument,
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        Self {
            kind: e.kind(),
            path: e.path().to_string(),
            internal: false,
        }
    }
}

impl From<ErrorKind> for ApiError {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

/// Attaches request field names to fallible conversions.
pub trait Context<T> {
    /// On error, nests it under the field `name`.
    fn at(self, name: &str) -> Result<T, ApiError>;
    /// On error, nests it under element `index` of the list `name`.
    fn at_index(self, name: &str, index: usize) -> Result<T, ApiError>;
}

impl<T, E: Into<ApiError>> Context<T> for Result<T, E> {
    fn at(self, name: &str) -> Result<T, ApiError> {
        self.map_err(|e| e.into().at(name))
    }

    fn at_index(self, name: &str, index: usize) -> Result<T, ApiError> {
        self.map_err(|e| e.into().at_index(name, index))
    }
}

/// `SALESPHYSICS_<KIND>`: one stable reason per [`ErrorKind`] variant.
pub fn reason(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Overflow => "SALESPHYSICS_OVERFLOW",
        ErrorKind::DivisionByZero => "SALESPHYSICS_DIVISION_BY_ZERO",
        ErrorKind::Parse(_) => "SALESPHYSICS_PARSE",
        ErrorKind::UnknownCurrency => "SALESPHYSICS_UNKNOWN_CURRENCY",
        ErrorKind::CurrencyMismatch { .. } => "SALESPHYSICS_CURRENCY_MISMATCH",
        ErrorKind::SubMinorUnit { .. } => "SALESPHYSICS_SUB_MINOR_UNIT",
        ErrorKind::Negative => "SALESPHYSICS_NEGATIVE",
        ErrorKind::NotPositive => "SALESPHYSICS_NOT_POSITIVE",
        ErrorKind::OutOfRange => "SALESPHYSICS_OUT_OF_RANGE",
        ErrorKind::TooMany { .. } => "SALESPHYSICS_TOO_MANY",
        ErrorKind::BufferTooSmall { .. } => "SALESPHYSICS_BUFFER_TOO_SMALL",
        ErrorKind::Empty => "SALESPHYSICS_EMPTY",
        ErrorKind::InvalidDate => "SALESPHYSICS_INVALID_DATE",
        ErrorKind::Invalid(_) => "SALESPHYSICS_INVALID",
        _ => "SALESPHYSICS_UNKNOWN",
    }
}

impl From<ApiError> for Status {
    fn from(e: ApiError) -> Self {
        let message = e.to_string();
        let mut details = ErrorDetails::new();
        details.set_error_info(e.reason(), DOMAIN, [("field".to_owned(), e.path.clone())]);
        if e.code() != Code::Internal {
            details.add_bad_request_violation(e.path.clone(), e.kind.to_string());
        }
        Status::with_error_details(e.code(), message, details)
    }
}

/// The status of a call that panicked or whose worker died: `INTERNAL`,
/// with no detail about the input.
pub fn internal() -> Status {
    Status::internal("internal error: the call failed inside the service; it has been logged")
}
