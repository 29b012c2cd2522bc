//! Bearer-token auth. Tokens are compared by their SHA-256 digests in
//! constant time (`subtle`), against every configured token without an
//! early exit, so neither a token's content nor its length leaks through
//! timing. A refusal is a bare `UNAUTHENTICATED`: it never says whether the
//! header was missing, malformed or wrong.

use std::path::Path;

use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// The accepted tokens (their digests only: the tokens are not kept).
#[derive(Clone)]
pub struct Tokens {
    digests: Vec<[u8; 32]>,
}

impl core::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Tokens({} configured)", self.digests.len())
    }
}

impl Tokens {
    /// The tokens of `listed` plus those in `file` (one a line, blank lines
    /// and `#` comments skipped); `None` when there are none: auth is off.
    pub fn load(listed: &[String], file: Option<&Path>) -> std::io::Result<Option<Tokens>> {
        let from_file = match file {
            Some(path) => std::fs::read_to_string(path)?,
            None => String::new(),
        };
        let digests: Vec<[u8; 32]> = listed
            .iter()
            .map(String::as_str)
            .chain(from_file.lines())
            .map(str::trim)
            .filter(|t| !t.is_empty() && !t.starts_with('#'))
            .map(|t| Sha256::digest(t.as_bytes()).into())
            .collect();
        Ok((!digests.is_empty()).then_some(Tokens { digests }))
    }

    /// Whether `headers` carry `authorization: Bearer <an accepted token>`.
    pub fn admits(&self, headers: &http::HeaderMap) -> bool {
        let Some(token) = headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(token).into();
        let matched = self
            .digests
            .iter()
            .fold(subtle::Choice::from(0), |any, d| any | d.ct_eq(&digest));
        matched.into()
    }
}

#[cfg(test)]
mod tests {
    use super::Tokens;

    fn headers(value: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(value) {
            headers.insert(http::header::AUTHORIZATION, value);
        }
        headers
    }

    #[test]
    fn admits_only_a_configured_bearer_token() {
        let tokens = Tokens::load(&["alpha".into(), " beta ".into()], None);
        let Ok(Some(tokens)) = tokens else {
            unreachable!("two tokens configured")
        };
        assert!(tokens.admits(&headers("Bearer alpha")));
        assert!(tokens.admits(&headers("Bearer beta")));
        assert!(!tokens.admits(&headers("Bearer gamma")));
        assert!(!tokens.admits(&headers("Bearer alph")));
        assert!(!tokens.admits(&headers("bearer alpha")));
        assert!(!tokens.admits(&headers("alpha")));
        assert!(!tokens.admits(&http::HeaderMap::new()));
    }

    #[test]
    fn no_tokens_means_auth_off() {
        assert!(matches!(Tokens::load(&[" ".into()], None), Ok(None)));
    }
}
