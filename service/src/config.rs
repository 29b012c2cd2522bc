//! Every limit and switch of the server, one clap flag and environment
//! variable each, with production defaults. tonic leaves most of hyper's
//! HTTP/2 protections unset; the defaults here are chosen so that one
//! replica on a small machine cannot be knocked over by one client.
//! `docs/operations.md` explains each.

use core::time::Duration;
use std::path::PathBuf;

/// Server limits, drain, auth and TLS (`main` flattens this into its flags;
/// tests build it with [`Config::default`] and shrink what they probe).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Most concurrent HTTP/2 streams (calls) one connection may open; the
    /// client is told in SETTINGS and extra streams are refused by HTTP/2.
    #[arg(
        long,
        env = "SALESPHYSICS_MAX_CONCURRENT_STREAMS",
        default_value_t = 128
    )]
    pub max_concurrent_streams: u32,

    /// Streams one connection may make the server reset for protocol errors
    /// before the connection is closed (rapid-reset, CVE-2023-44487).
    #[arg(
        long,
        env = "SALESPHYSICS_MAX_LOCAL_ERROR_RESET_STREAMS",
        default_value_t = 256
    )]
    pub max_local_error_reset_streams: usize,

    /// Client-reset streams waiting to be accepted before the connection
    /// is closed (rapid-reset, CVE-2023-44487).
    #[arg(
        long,
        env = "SALESPHYSICS_MAX_PENDING_ACCEPT_RESET_STREAMS",
        default_value_t = 64
    )]
    pub max_pending_accept_reset_streams: usize,

    /// Largest HTTP/2 header list (bytes) a request may carry.
    #[arg(long, env = "SALESPHYSICS_MAX_HEADER_LIST_BYTES", default_value_t = 16 << 10)]
    pub max_header_list_bytes: u32,

    /// Largest request message (bytes); larger ones are RESOURCE_EXHAUSTED
    /// before they are decoded. 32 MiB holds a capped batch of statements.
    #[arg(long, env = "SALESPHYSICS_MAX_DECODE_BYTES", default_value_t = 32 << 20)]
    pub max_decode_bytes: usize,

    /// Largest response message (bytes).
    #[arg(long, env = "SALESPHYSICS_MAX_ENCODE_BYTES", default_value_t = 64 << 20)]
    pub max_encode_bytes: usize,

    /// HTTP/2 PING interval on an open connection (seconds; 0 = off).
    #[arg(
        long,
        env = "SALESPHYSICS_KEEPALIVE_INTERVAL_SECS",
        default_value_t = 30
    )]
    pub keepalive_interval_secs: u64,

    /// How long to wait for a PING's answer before closing (seconds).
    #[arg(
        long,
        env = "SALESPHYSICS_KEEPALIVE_TIMEOUT_SECS",
        default_value_t = 10
    )]
    pub keepalive_timeout_secs: u64,

    /// A new connection must send the HTTP/2 preface (or, with TLS, its
    /// handshake) within this many milliseconds or is closed (slowloris).
    #[arg(
        long,
        env = "SALESPHYSICS_HANDSHAKE_TIMEOUT_MS",
        default_value_t = 5_000
    )]
    pub handshake_timeout_ms: u64,

    /// Longest a call may run (milliseconds); a shorter `grpc-timeout`
    /// from the client wins. Over it: DEADLINE_EXCEEDED.
    #[arg(
        long,
        env = "SALESPHYSICS_REQUEST_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub request_timeout_ms: u64,

    /// Calls in flight on one connection; more are shed at once with
    /// UNAVAILABLE (never queued).
    #[arg(
        long,
        env = "SALESPHYSICS_MAX_CALLS_PER_CONNECTION",
        default_value_t = 64
    )]
    pub max_calls_per_connection: usize,

    /// Calls in flight over all connections; more are shed at once with
    /// UNAVAILABLE (never queued). Health checks are not counted.
    #[arg(long, env = "SALESPHYSICS_MAX_CALLS", default_value_t = 256)]
    pub max_calls: usize,

    /// On SIGTERM/SIGINT: how long calls in flight may take to finish
    /// (milliseconds) before the process exits anyway.
    #[arg(long, env = "SALESPHYSICS_DRAIN_TIMEOUT_MS", default_value_t = 20_000)]
    pub drain_timeout_ms: u64,

    /// On SIGTERM/SIGINT: keep answering (health NOT_SERVING, other calls
    /// UNAVAILABLE) at least this long (milliseconds), so load balancers
    /// see the replica leave before its port closes.
    #[arg(long, env = "SALESPHYSICS_DRAIN_GRACE_MS", default_value_t = 0)]
    pub drain_grace_ms: u64,

    /// File with accepted bearer tokens, one per line. With this or
    /// `--auth-tokens`, every call needs `authorization: Bearer <token>`.
    #[arg(long, env = "SALESPHYSICS_AUTH_TOKEN_FILE")]
    pub auth_token_file: Option<PathBuf>,

    /// Accepted bearer tokens, comma-separated (prefer the file or the
    /// environment variable to a command line).
    #[arg(
        long,
        env = "SALESPHYSICS_AUTH_TOKENS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub auth_tokens: Vec<String>,

    /// With auth on: leave health and reflection reachable without a token.
    #[arg(long, env = "SALESPHYSICS_AUTH_OPEN_HEALTH")]
    pub auth_open_health: bool,

    /// PEM certificate chain; with `--tls-key`, the server speaks TLS only.
    #[arg(long, env = "SALESPHYSICS_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key of `--tls-cert`.
    #[arg(long, env = "SALESPHYSICS_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl Default for Config {
    /// The production defaults, the same as the flags'.
    fn default() -> Self {
        Config {
            max_concurrent_streams: 128,
            max_local_error_reset_streams: 256,
            max_pending_accept_reset_streams: 64,
            max_header_list_bytes: 16 << 10,
            max_decode_bytes: 32 << 20,
            max_encode_bytes: 64 << 20,
            keepalive_interval_secs: 30,
            keepalive_timeout_secs: 10,
            handshake_timeout_ms: 5_000,
            request_timeout_ms: 30_000,
            max_calls_per_connection: 64,
            max_calls: 256,
            drain_timeout_ms: 20_000,
            drain_grace_ms: 0,
            auth_token_file: None,
            auth_tokens: Vec::new(),
            auth_open_health: false,
            tls_cert: None,
            tls_key: None,
        }
    }
}

impl Config {
    /// `handshake_timeout_ms` as a duration.
    pub fn handshake_timeout(&self) -> Duration {
        Duration::from_millis(self.handshake_timeout_ms)
    }

    /// `request_timeout_ms` as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// `drain_timeout_ms` as a duration.
    pub fn drain_timeout(&self) -> Duration {
        Duration::from_millis(self.drain_timeout_ms)
    }

    /// `drain_grace_ms` as a duration.
    pub fn drain_grace(&self) -> Duration {
        Duration::from_millis(self.drain_grace_ms)
    }

    /// The keepalive PING interval, `None` when off.
    pub fn keepalive_interval(&self) -> Option<Duration> {
        (self.keepalive_interval_secs > 0)
            .then(|| Duration::from_secs(self.keepalive_interval_secs))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Config;

    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        config: Config,
    }

    /// `Default` and the flags' defaults must not drift apart.
    #[test]
    fn default_matches_the_flags() {
        let parsed = Flags::try_parse_from(["salesphysics-service"])
            .map(|f| format!("{:?}", f.config))
            .map_err(|e| e.to_string());
        assert_eq!(parsed, Ok(format!("{:?}", Config::default())));
    }
}
