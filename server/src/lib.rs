//! Wires the app together: database, sessions, server functions, pages, static
//! files and middleware. The domain code lives in the `app` crate.

// The whole app's view type is deep in a release build (components are not erased).
#![recursion_limit = "256"]

pub mod config;
mod cross_site;
mod deadline;
mod form_errors;
mod honest_status;
mod layers;
mod mail_sender;
mod plain_routes;
mod session_store;
mod signed_in;

use app::{db::Db, shell, state::AppState, App};
use axum::serve::ListenerExt;
use axum::{routing::get, Router};
use config::Config;
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::{future::Future, net::SocketAddr, path::Path};
use tokio::net::TcpListener;
use tower_sessions::{
    cookie::{time::Duration, SameSite},
    Expiry, SessionManagerLayer,
};

/// The name cargo-leptos gave the wasm and JS files, fixed at compile time.
const OUTPUT_NAME: &str = match option_env!("LEPTOS_OUTPUT_NAME") {
    Some(name) => name,
    None => "coaching-circles",
};
/// Whether cargo-leptos put content hashes in the asset file names: it then writes
/// `hash.txt` beside the server binary (Leptos reads it from there). Asked at run time,
/// so the test binaries, which have no such file, share one build with the server.
pub(crate) fn hashed_assets() -> bool {
    static HASHED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *HASHED.get_or_init(|| {
        std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join("hash.txt").is_file()))
            .unwrap_or(false)
    })
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] app::db::OpenError),
    #[error("cannot write the built-in content or keys into the database (see the log above)")]
    Seed,
    #[error(transparent)]
    Mail(#[from] mail_sender::MailSetupError),
    #[error("cannot prepare the session store: {0}")]
    Sessions(sqlx::Error),
    #[error("cannot register this node in the database: {0}")]
    Cluster(sqlx::Error),
    #[error("--test-clock is for tests only; set COACHING_ALLOW_TEST_CLOCK=yes to use it")]
    TestClockRefused,
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Why a backup could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Database(#[from] app::db::OpenError),
    #[error("{path} already exists; choose a new file for the backup")]
    Exists { path: String },
    #[error("cannot write the backup to {path}: {source}")]
    Write { path: String, source: sqlx::Error },
}

/// Copies the database at `database` to the new file `target`, consistently, while a
/// server may be serving from it (`server backup PATH`).
pub async fn backup(database: &app::db::Location, target: &Path) -> Result<(), BackupError> {
    let path = target.display().to_string();
    if target.exists() {
        return Err(BackupError::Exists { path });
    }
    let db = Db::open(database).await?;
    db.backup_to(target)
        .await
        .map_err(|source| BackupError::Write { path, source })
}

/// A server that is bound to its port and ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    live: std::sync::Arc<app::sessions::open_rooms::LiveRooms>,
    cluster: Option<std::sync::Arc<app::cluster::Cluster>>,
}

impl Application {
    /// Opens the database, prepares every route and binds the listening socket.
    pub async fn build(config: &Config) -> Result<Self, StartError> {
        let clock = clock(config)?;
        let db = Db::open(&config.database).await?;
        let seeded = app::scripts::seed::seed_builtins(&db, clock.now_seconds())
            .await
            .map_err(|_| StartError::Seed)?;
        let behaviours = app::checkins::seed::seed_behaviours(&db, clock.now_seconds())
            .await
            .map_err(|_| StartError::Seed)?;
        if seeded + behaviours > 0 {
            tracing::info!(scripts = seeded, behaviours, "built-in content seeded");
        }
        let recognizes_coaching_id = app::checkins::store::builtin_behaviour_id(
            &db.reader,
            app::recognition::RECOGNIZES_COACHING,
        )
        .await
        .map_err(|_| StartError::Seed)?;
        // The keys for unsubscribe and new-password links exist before anyone asks (a
        // page view then never writes).
        async {
            let mut conn = db.writer.acquire().await?;
            app::mail::unsubscribe::key(&mut conn).await?;
            app::accounts::password_reset::key(&mut conn).await
        }
        .await
        .map_err(|_| StartError::Seed)?;
        let session_store = session_store::BrowserSessions::new(&db);
        session_store
            .migrate()
            .await
            .map_err(StartError::Sessions)?;
        tokio::spawn(
            session_store
                .clone()
                .delete_expired_every(tokio::time::Duration::from_secs(60 * 60)),
        );
        // Over https the cookie takes the `__Host-` prefix: browsers then accept it
        // only from this exact host, secure, for the whole site, so a sibling
        // subdomain or a plain-http page cannot plant or overwrite it.
        let cookie_name = if config.secure_cookies {
            "__Host-cc_session"
        } else {
            "cc_session"
        };
        let sessions = SessionManagerLayer::new(session_store)
            .with_name(cookie_name)
            .with_path("/")
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(config.secure_cookies)
            .with_expiry(Expiry::OnInactivity(Duration::days(14)));

        let mut state = AppState::new(db.clone(), clock.clone());
        state.throttle = std::sync::Arc::new(
            app::accounts::throttle::Throttle::with_sign_up_burst(config.sign_up_burst),
        );
        let mail_sender = match (&config.smtp_url, &config.mail_from) {
            (Some(url), Some(from)) => Some(mail_sender::MailSender::new(url, from)?),
            _ => None,
        };
        state.outbox = mail_sender.as_ref().map(mail_sender::MailSender::outbox);
        let (mail_db, mail_clock) = (db.clone(), clock.clone());
        state.public_url = config.public_url.clone();
        state.behind_proxy = config.behind_proxy;
        state.recognizes_coaching_id = recognizes_coaching_id;
        if let Some(pool) = db.writer.postgres() {
            let cluster = app::cluster::Cluster::join(pool).await;
            state.cluster = Some(cluster.map_err(StartError::Cluster)?);
        }
        app::sessions::across_nodes::start(&state);
        let options = leptos_options(config);
        let provide_state = {
            let state = state.clone();
            move || {
                provide_context(state.clone());
                provide_context(app::accounts::auth::RequestAccount::for_this_request());
                provide_context(app::request_memo::RequestMemo::default());
            }
        };
        let app_shell = {
            let options = options.clone();
            move || shell(options.clone())
        };
        let not_found = leptos_axum::render_app_to_stream_with_context(
            provide_state.clone(),
            app_shell.clone(),
        );

        // Pages, and the page for any other path, know who is calling before they render.
        let pages = Router::new()
            .leptos_routes_with_context(&options, routes(), provide_state, app_shell)
            .fallback(not_found)
            .layer(axum::middleware::from_fn_with_state(
                db.clone(),
                signed_in::look_up,
            ));
        let (live, cluster) = (state.live.clone(), state.cluster.clone());
        let mut router = Router::new();
        if clock.is_for_tests() {
            let outbox = state.outbox.clone();
            router = router.route(
                "/test-clock/advance",
                axum::routing::post(move |query| {
                    plain_routes::advance_clock(clock.clone(), outbox.clone(), query)
                }),
            );
            router = router
                .route("/test-clock/never-answers", get(std::future::pending::<()>))
                .route(
                    "/test-clock/answers-when-asked-again",
                    get(plain_routes::answers_when_asked_again).layer(axum::Extension(
                        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
                    )),
                );
        }
        let router = router
            .route("/healthz", get(move || plain_routes::health(db.clone())))
            .route(
                "/account/{file}",
                get(app::accounts::export::download).layer(axum::Extension(state.clone())),
            )
            .route(
                "/sessions/{id}/calendar.ics",
                get(app::sessions::calendar_files::session_file)
                    .layer(axum::Extension(state.clone())),
            )
            .route(
                "/calendar/{token}/coaching.ics",
                get(app::sessions::calendar_files::feed).layer(axum::Extension(state.clone())),
            )
            .nest_service(
                "/pkg",
                plain_routes::static_files(&config.site_root.join("pkg")),
            )
            .merge(pages)
            .layer(axum::middleware::from_fn(form_errors::keep_refused_forms));
        // A live room's event stream, never compressed: it joins below compression.
        let streams = Router::new().route(
            "/sessions/{id}/live",
            get(app::sessions::room_events::stream).layer(axum::Extension(state.clone())),
        );
        let router = layers::compression(layers::for_every_request(router, &sessions, config))
            .merge(layers::for_every_request(streams, &sessions, config));
        let router = layers::for_every_answer(router, config).with_state(options);

        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartError::Listen {
                    addr: config.addr,
                    source,
                })?;
        let address = listener.local_addr().map_err(|source| StartError::Listen {
            addr: config.addr,
            source,
        })?;
        if let Some(sender) = mail_sender {
            // Links in mail need the public address; without one, the bound one.
            let origin = config.public_url.as_deref().map_or_else(
                || format!("http://{address}"),
                |url| url.trim_end_matches('/').to_owned(),
            );
            let cluster = cluster.clone();
            tokio::spawn(sender.run(mail_db, mail_clock, origin, cluster));
        }
        Ok(Self {
            listener,
            router,
            address,
            live,
            cluster,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight. Open
    /// session rooms' streams end at once (their screens reconnect to the next server).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (live, cluster) = (self.live, self.cluster);
        let shutdown = async move {
            shutdown.await;
            live.close_all();
            // The other nodes stop counting this node's screens at once.
            if let Some(cluster) = cluster {
                cluster.leave().await;
            }
        };
        // Pages stream in several writes; without TCP_NODELAY each small write after
        // the first waits for the browser's delayed acknowledgement (about 40 ms).
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// The app's routes, worked out once per process. Leptos works them out by rendering
/// the app with every resource held back, by a switch that is global to the process
/// (leptos#4773): a page that another server in the same process (the API tests run
/// many at once) starts rendering meanwhile waits for its data forever.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The system clock, or a test clock when asked for and explicitly allowed.
fn clock(config: &Config) -> Result<app::clock::Clock, StartError> {
    match config.test_clock {
        None => Ok(app::clock::Clock::system()),
        Some(start) if config.allow_test_clock => {
            tracing::warn!(start, "running on a test clock");
            Ok(app::clock::Clock::for_tests(start))
        }
        Some(_) => Err(StartError::TestClockRefused),
    }
}

fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed_assets())
        .build()
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
