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
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    tracing::info!(
        listen = %listener.local_addr()?,
        engine_version = salesphysics_service::ENGINE_VERSION,
        "serving salesphysics.v1"
    );
    salesphysics_service::server::serve(listener, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => core::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = core::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received; finishing calls in flight");
}
