// The whole app's view type is deep in a release build (components are not erased).
#![recursion_limit = "256"]

use clap::Parser;
use server::{
    backup,
    config::{Command, Config},
    shutdown_signal, Application,
};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

mod memory;
mod runtime;

fn main() -> ExitCode {
    match runtime::build() {
        Ok(runtime) => runtime.block_on(serve()),
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    memory::give_back_what_is_freed();
    if let Some(Command::Backup { path }) = &config.command {
        return match backup(&config.database, path).await {
            Ok(()) => {
                println!("Backed up {} to {}", config.database, path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let app = match Application::build(&config).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "Coaching Circles is listening on http://{} (database {})",
        app.address(),
        config.database
    );
    match app.run_until(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: the server stopped: {error}");
            ExitCode::FAILURE
        }
    }
}
