//! Prometheus metrics through the `metrics` facade: the [`CallLayer`]
//! records calls; [`serve`] exposes them on a port of their own (so the
//! gRPC port needs no HTTP/1 and scrapes bypass auth and shedding). Without
//! `--metrics-listen` no recorder is installed and recording costs nothing.
//!
//! [`CallLayer`]: crate::layers::CallLayer

use core::net::SocketAddr;
use core::time::Duration;

use metrics_exporter_prometheus::PrometheusBuilder;

/// Calls finished, by `method` and gRPC `code` (refused and shed included).
pub const CALLS: &str = "salesphysics_calls_total";
/// Call latency in seconds, by `method` and `code`.
pub const LATENCY: &str = "salesphysics_call_duration_seconds";
/// Calls admitted and not yet finished.
pub const IN_FLIGHT: &str = "salesphysics_calls_in_flight";
/// Calls shed by a concurrency limit, by `limit` (`global`, `connection`).
pub const SHED: &str = "salesphysics_calls_shed_total";
/// Resident set size of the process, bytes.
pub const RSS: &str = "salesphysics_process_resident_memory_bytes";
/// Peak resident set size of the process, bytes.
pub const PEAK_RSS: &str = "salesphysics_process_peak_resident_memory_bytes";

/// Latency buckets: 100 µs to 10 s, roughly ×2.5 apart.
const BUCKETS: [f64; 12] = [
    0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5, 10.0,
];

/// Installs the global recorder and serves `/metrics` on `listen`, and
/// samples the process's memory every second. Needs a tokio runtime.
pub fn serve(listen: SocketAddr) -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    PrometheusBuilder::new()
        .with_http_listener(listen)
        .set_buckets_for_metric(
            metrics_exporter_prometheus::Matcher::Full(LATENCY.to_owned()),
            &BUCKETS,
        )?
        .install()?;
    tokio::spawn(async {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Some(memory) = Memory::of_self() {
                metrics::gauge!(RSS).set(kib_to_bytes(memory.rss_kib));
                metrics::gauge!(PEAK_RSS).set(kib_to_bytes(memory.peak_rss_kib));
            }
        }
    });
    Ok(())
}

/// Kernel-reported memory of a process (`/proc/<pid>/status`, Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`, KiB.
    pub rss_kib: u64,
    /// `VmHWM`: the peak resident set, KiB.
    pub peak_rss_kib: u64,
}

impl Memory {
    /// This process's memory; `None` off Linux.
    pub fn of_self() -> Option<Memory> {
        Self::parse(&std::fs::read_to_string("/proc/self/status").ok()?)
    }

    /// Process `pid`'s memory; `None` off Linux or when it has exited.
    pub fn of(pid: u32) -> Option<Memory> {
        Self::parse(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
    }

    fn parse(status: &str) -> Option<Memory> {
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Some(Memory {
            rss_kib: field("VmRSS:")?,
            peak_rss_kib: field("VmHWM:")?,
        })
    }
}

/// KiB as a gauge value in bytes (exact below 2^53 bytes).
#[allow(clippy::cast_precision_loss)]
fn kib_to_bytes(kib: u64) -> f64 {
    kib.saturating_mul(1024) as f64
}

#[cfg(test)]
mod tests {
    use super::Memory;

    #[test]
    fn reads_rss_and_peak_from_proc_status() {
        let status = "Name:\tx\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(
            Memory::parse(status),
            Some(Memory {
                rss_kib: 10_240,
                peak_rss_kib: 20_480
            })
        );
        assert_eq!(Memory::parse("Name:\tx\n"), None);
    }
}
