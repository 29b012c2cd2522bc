//! `salesphysics-service`: serves `salesphysics.v1` on 127.0.0.1:50051 by
//! default. `--help` lists every flag and its environment variable.

use core::net::SocketAddr;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// The salesphysics.v1 gRPC service: tiering, funnel, capacity,
/// compensation and payout, with health and server reflection.
#[derive(Debug, Parser)]
#[command(version = salesphysics_service::ENGINE_VERSION)]
struct Args {
    /// Address to listen on (use 0.0.0.0:50051 to accept remote clients).
    #[arg(long, env = "SALESPHYSICS_LISTEN", default_value = "127.0.0.1:50051")]
    listen: SocketAddr,

    /// Log filter (tracing EnvFilter syntax), e.g. `info` or `warn,salesphysics=debug`.
    #[arg(long, env = "SALESPHYSICS_LOG", default_value = "info")]
    log: String,

    /// Log one JSON object per line instead of text.
    #[arg(long, env = "SALESPHYSICS_LOG_JSON")]
    log_json: bool,

    /// Serve Prometheus metrics at http://<this>/metrics (off if unset),
    /// e.g. 127.0.0.1:9090. A port of its own: no auth, no shedding.
    #[arg(long, env = "SALESPHYSICS_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,

    #[command(flatten)]
    config: salesphysics_service::config::Config,
}

fn main() -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    let args = Args::parse();
    salesphysics_service::server::runtime()?.block_on(run(args))
}

async fn run(args: Args) -> Result<(), Box<dyn core::error::Error + Send + Sync>> {
    let filter = EnvFilter::try_new(&args.log)?;
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if args.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    let shutdown = shutdown_signal()?;
    if let Some(metrics) = args.metrics_listen {
        salesphysics_service::metrics::serve(metrics)?;
        tracing::info!(listen = %metrics, "serving Prometheus metrics at /metrics");
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    tracing::info!(
        listen = %listener.local_addr()?,
        engine_version = salesphysics_service::ENGINE_VERSION,
        tls = args.config.tls_cert.is_some(),
        auth = !args.config.auth_tokens.is_empty() || args.config.auth_token_file.is_some(),
        "serving salesphysics.v1"
    );
    salesphysics_service::server::serve_with(&args.config, listener, shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}

/// A future that resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers
/// are installed here, before the port is bound: a signal that arrives
/// once the server answers must never find the default action (exit 143).
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl core::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        tracing::info!("shutdown signal received");
    })
}

/// A future that resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl core::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received");
    })
}
