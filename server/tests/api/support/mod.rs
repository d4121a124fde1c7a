//! A real server on port 0 with its own fresh database, and a browser-like client.

#![allow(dead_code)]

pub mod postgres;
pub mod process;
pub mod room;
pub mod smtp;

use app::db::Location;
use app::error::AppError;
use reqwest::{redirect::Policy, Client, StatusCode};
use server::{config::Config, Application};
use sqlx::AnyPool;
use tempfile::TempDir;

pub struct TestServer {
    pub base: String,
    pub folder: TempDir,
    /// Its database: a file in `folder`, or a fresh PostgreSQL database when the
    /// suite runs on PostgreSQL ([`postgres`]).
    pub location: Location,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(None, false, None).await
    }

    /// A server told it is reached over https (`--secure-cookies`).
    pub async fn start_secure() -> Self {
        Self::start_with(None, true, None).await
    }

    /// A server whose clock starts at `start` (Unix seconds) and can be stepped with
    /// [`TestServer::advance_days`].
    pub async fn start_at(start: i64) -> Self {
        Self::start_with(Some(start), false, None).await
    }

    /// A server on a test clock that sends its mail through `smtp_url`.
    pub async fn start_at_with_mail(start: i64, smtp_url: String) -> Self {
        Self::start_with(Some(start), false, Some(smtp_url)).await
    }

    pub async fn advance_days(&self, days: i64) {
        self.advance(&format!("days={days}")).await;
    }

    pub async fn advance_hours(&self, hours: i64) {
        self.advance(&format!("hours={hours}")).await;
    }

    async fn advance(&self, query: &str) {
        let status = Client::new()
            .post(format!("{}/test-clock/advance?{query}", self.base))
            .send()
            .await
            .expect("request")
            .status();
        assert_eq!(status, 204, "the test clock moved");
    }

    /// A server that sends its mail through the SMTP relay at `smtp_url`.
    pub async fn start_with_mail(smtp_url: String) -> Self {
        Self::start_with(None, false, Some(smtp_url)).await
    }

    async fn start_with(
        test_clock: Option<i64>,
        secure_cookies: bool,
        smtp_url: Option<String>,
    ) -> Self {
        let folder = tempfile::tempdir().expect("temp folder");
        let location = fresh_location(&folder).await;
        Self::start_on(folder, location, test_clock, secure_cookies, smtp_url).await
    }

    /// A second server node on this one's (PostgreSQL) database, sending its mail
    /// through `smtp_url` when given.
    pub async fn node_beside(&self, smtp_url: Option<String>) -> Self {
        let folder = tempfile::tempdir().expect("temp folder");
        Self::start_on(folder, self.location.clone(), None, false, smtp_url).await
    }

    /// A server on a test clock that gives up on a request after `seconds`.
    pub async fn start_answering_within(seconds: u64) -> Self {
        let folder = tempfile::tempdir().expect("temp folder");
        let location = fresh_location(&folder).await;
        let mut config = Self::config(&folder, &location, Some(1_700_000_000), false, None);
        config.answer_within = seconds;
        Self::serve(folder, location, config).await
    }

    async fn start_on(
        folder: TempDir,
        location: Location,
        test_clock: Option<i64>,
        secure_cookies: bool,
        smtp_url: Option<String>,
    ) -> Self {
        let config = Self::config(&folder, &location, test_clock, secure_cookies, smtp_url);
        Self::serve(folder, location, config).await
    }

    fn config(
        folder: &TempDir,
        location: &Location,
        test_clock: Option<i64>,
        secure_cookies: bool,
        smtp_url: Option<String>,
    ) -> Config {
        Config {
            addr: "127.0.0.1:0".parse().expect("addr"),
            database: location.clone(),
            site_root: folder.path().join("site"),
            secure_cookies,
            log: "warn".into(),
            sign_up_burst: app::accounts::throttle::SIGN_UP_BURST,
            mail_from: smtp_url
                .as_ref()
                .map(|_| "Coaching Circles <circles@example.org>".into()),
            smtp_url,
            public_url: None,
            behind_proxy: false,
            answer_within: 20,
            allow_test_clock: test_clock.is_some(),
            test_clock,
            command: None,
        }
    }

    async fn serve(folder: TempDir, location: Location, config: Config) -> Self {
        let app = Application::build(&config).await.expect("server starts");
        let base = format!("http://{}", app.address());
        tokio::spawn(app.run_until(std::future::pending()));
        Self {
            base,
            folder,
            location,
        }
    }

    /// A client with its own cookie jar: one browser.
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            client: Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                // A request that never ends fails its test, by name, instead of
                // hanging the whole suite.
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .expect("client"),
        }
    }

    /// A connection to the server's database, to check (or age) what was written:
    /// `sqlx::Any`, so one test reads SQLite or PostgreSQL alike (`$1` placeholders).
    pub async fn db(&self) -> AnyPool {
        open_database(&self.location).await
    }

    /// The server's database.
    pub fn database(&self) -> &Location {
        &self.location
    }

    /// Posts Ada's sign-up from a fresh browser, with an `Origin` header when given,
    /// and hands back the raw response (its status, cookies and headers).
    pub async fn sign_up_from(&self, origin: Option<&str>) -> reqwest::Response {
        let request = self
            .browser()
            .client
            .post(format!("{}/api/sign_up", self.base));
        let request = match origin {
            Some(origin) => request.header("origin", origin),
            None => request,
        };
        request
            .form(&[
                ("email", "ada@example.org"),
                ("display_name", "Ada"),
                ("password", room::PASSWORD),
                ("next", ""),
            ])
            .send()
            .await
            .expect("request")
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db().await)
            .await
            .expect("count rows")
    }
}

/// The `Set-Cookie` header of `response` that sets the cookie `name`.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

pub struct Browser {
    pub base: String,
    pub client: Client,
}

/// What a server function call came back with.
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    /// Where the server function redirected to, if it did.
    pub location: Option<String>,
}

impl Reply {
    async fn read(response: reqwest::Response) -> Self {
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Reply {
            status: response.status(),
            location,
            body: response.text().await.expect("body"),
        }
    }

    pub fn is_success(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }

    /// The successful result, decoded.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        assert!(self.is_success(), "{}: {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.body))
    }

    /// The decoded result, or the typed error the server sent.
    pub fn result<T: serde::de::DeserializeOwned>(&self) -> Result<T, AppError> {
        match self.is_success() {
            true => Ok(self.json()),
            false => Err(self.error()),
        }
    }

    /// The typed error the server sent.
    pub fn error(&self) -> AppError {
        assert!(
            !self.is_success(),
            "expected an error, got {}: {}",
            self.status,
            self.body
        );
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }
}

impl Browser {
    /// The same browser (the same cookies) talking to another node.
    pub fn through(&self, node: &TestServer) -> Browser {
        Browser {
            base: node.base.clone(),
            client: self.client.clone(),
        }
    }

    /// Calls the server function at `/api/<name>` with form fields, as a script would.
    pub async fn call(&self, name: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_form(name, fields).await
    }

    /// [`Browser::call`] with fields whose names or values were built at run time.
    pub async fn call_owned(&self, name: &str, fields: &[(String, String)]) -> Reply {
        self.post_form(name, fields).await
    }

    async fn post_form(&self, name: &str, fields: &(impl serde::Serialize + ?Sized)) -> Reply {
        self.post(name, |request| request.form(fields)).await
    }

    /// Calls a server function that takes a JSON body.
    pub async fn call_json(&self, name: &str, body: &serde_json::Value) -> Reply {
        self.post(name, |request| request.json(body)).await
    }

    /// Posts to the server function at `/api/<name>` with the body `with_body` gives.
    async fn post(
        &self,
        name: &str,
        with_body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Reply {
        let request = self.client.post(format!("{}/api/{name}", self.base));
        let response = with_body(request).send().await.expect("request");
        Reply::read(response).await
    }

    /// Loads a page as a browser would (browsers accept HTML, and get real redirects).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request")
    }

    pub async fn sign_up(&self, email: &str, name: &str, password: &str) -> Reply {
        self.call(
            "sign_up",
            &[
                ("email", email),
                ("display_name", name),
                ("password", password),
                ("next", ""),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        self.call(
            "sign_in",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// The signed-in account's display name, if any.
    pub async fn who_am_i(&self) -> Option<String> {
        let reply = self.call("current_account", &[]).await;
        assert!(reply.is_success(), "{}: {}", reply.status, reply.body);
        let value: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
        value["display_name"].as_str().map(str::to_owned)
    }
}

/// Where a new test server keeps its data: a file in `folder`, or a fresh PostgreSQL
/// database when the suite runs on PostgreSQL.
pub async fn fresh_location(folder: &TempDir) -> Location {
    match postgres::fresh_database_url().await {
        Some(url) => Location::Postgres(url),
        None => Location::File(folder.path().join("data").join("test.db")),
    }
}

/// A connection to the database at `location`, to check (or age) what a server wrote.
pub async fn open_database(location: &Location) -> AnyPool {
    sqlx::any::install_default_drivers();
    let url = match location {
        Location::File(path) => format!("sqlite://{}", path.display()),
        Location::Postgres(url) => url.clone(),
    };
    AnyPool::connect(&url).await.expect("open the database")
}

/// SQLite's own consistency check of every page and index (`PRAGMA integrity_check`).
/// PostgreSQL writes through its write-ahead log and has no cheap equivalent: a kill
/// there is the recovery it is built for, so only the rows are checked.
pub async fn integrity_is_ok(db: &AnyPool) -> bool {
    if postgres::on_postgres() {
        return true;
    }
    let answer: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(db)
        .await
        .expect("integrity check");
    answer == "ok"
}
