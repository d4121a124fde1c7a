//! Several server nodes on one PostgreSQL database. A SQLite file has one node and
//! needs none of this: its open rooms are all in its own memory
//! ([`crate::sessions::open_rooms`]).
//!
//! What the nodes share, beyond the data itself:
//! - **who has which room open**: each node writes the people with a room open through
//!   it to `room_presence`, so every node counts the screens on every node;
//! - **that a room changed**: each change sends `NOTIFY` with the node's id and the
//!   session's; every other node re-reads that room for its own open screens
//!   ([`signals`]). Only ids travel: a notification holds at most 8,000 bytes and is
//!   never replayed, so the state itself is always read from the database;
//! - **who does the background work** (reminders and the outbox): the node holding an
//!   advisory lock; when its connection ends, the next node to ask takes it.
//!
//! Each node is a row in `server_nodes`, stamped with the database's clock (so nodes
//! never compare their own clocks) every [`STAMP_EVERY`]. A node that stops stamping
//! (killed, cut off) stops counting after 15 seconds, and is forgotten, with its rows
//! in `room_presence`, after a minute.

pub mod signals;
mod store;

use sqlx::{postgres::PgPool, Connection, PgConnection};
use std::{sync::Arc, time::Duration};

/// The channel room changes are announced on.
const ROOMS: &str = "coaching_rooms";
/// The channel on which a node that queued mail wakes the node that sends it.
const MAIL: &str = "coaching_mail";
/// How often a node stamps its row; well inside the 15 seconds after which an
/// unstamped node's screens stop counting (`store::PRESENT_ELSEWHERE`).
pub const STAMP_EVERY: Duration = Duration::from_secs(5);
/// Held by the node that sends the mail. ("MAILPASS")
const BACKGROUND_LOCK: i64 = 0x4d41_494c_5041_5353;

/// This node, among the others on the same database.
#[derive(Debug)]
pub struct Cluster {
    node_id: String,
    pool: PgPool,
    /// The connection holding [`BACKGROUND_LOCK`], while this node holds it.
    lead: tokio::sync::Mutex<Option<PgConnection>>,
}

impl Cluster {
    /// Registers this node (a fresh id each start: a restarted node's old screens
    /// are gone).
    pub async fn join(pool: &PgPool) -> Result<Arc<Self>, sqlx::Error> {
        let cluster = Self {
            node_id: uuid::Uuid::new_v4().to_string(),
            pool: pool.clone(),
            lead: tokio::sync::Mutex::default(),
        };
        store::stamp(&cluster.pool, &cluster.node_id).await?;
        Ok(Arc::new(cluster))
    }

    /// Stamps this node's row until the server stops, and forgets nodes that went
    /// quiet. Each time, this node's rows in `room_presence` are made to match `here`,
    /// the rooms open on it as (session, account): a screen that closed as another
    /// opened (a reload) can write its rows out of order, and a node forgotten after
    /// stalling for a minute has lost them.
    pub async fn keep_stamping(self: Arc<Self>, here: impl Fn() -> Vec<(String, String)>) {
        let mut every = tokio::time::interval(STAMP_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = store::stamp(&self.pool, &self.node_id).await {
                tracing::warn!(%error, "cannot stamp this node");
            }
            match self.match_presence(here()).await {
                Ok(false) => {}
                Ok(true) => self.announce_everything().await,
                Err(error) => tracing::warn!(%error, "cannot check this node's presence rows"),
            }
            match store::forget_quiet_nodes(&self.pool).await {
                Ok(0) => {}
                Ok(_) => self.announce_everything().await,
                Err(error) => tracing::warn!(%error, "cannot forget quiet nodes"),
            }
        }
    }

    /// Writes this node's presence rows to match `here`; whether any changed.
    async fn match_presence(&self, here: Vec<(String, String)>) -> Result<bool, sqlx::Error> {
        let stored = store::presence_of(&self.pool, &self.node_id).await?;
        let mut changed = false;
        for (session_id, account_id) in stored.iter().filter(|row| !here.contains(row)) {
            self.set_present(session_id, account_id, false).await?;
            changed = true;
        }
        for (session_id, account_id) in here.iter().filter(|row| !stored.contains(row)) {
            self.set_present(session_id, account_id, true).await?;
            changed = true;
        }
        Ok(changed)
    }

    /// Leaves the cluster when the server stops: its screens no longer count, and
    /// every other node refreshes its rooms to say so.
    pub async fn leave(&self) {
        if let Err(error) = store::forget(&self.pool, &self.node_id).await {
            tracing::warn!(%error, "cannot remove this node");
        }
        self.announce_everything().await;
    }

    /// Who has the session's room open through other nodes (account ids).
    pub async fn present_elsewhere(&self, session_id: &str) -> Result<Vec<String>, sqlx::Error> {
        store::present_elsewhere(&self.pool, &self.node_id, session_id).await
    }

    /// Records that `account_id` has (or no longer has) the room open on this node.
    pub async fn set_present(
        &self,
        session_id: &str,
        account_id: &str,
        present: bool,
    ) -> Result<(), sqlx::Error> {
        store::set_present(&self.pool, &self.node_id, session_id, account_id, present).await
    }

    /// Tells the other nodes that the session's room changed. Inside a write
    /// transaction, the notice is sent when (and only if) the change is committed.
    pub async fn room_changed(
        &self,
        conn: &mut PgConnection,
        session_id: &str,
    ) -> Result<(), sqlx::Error> {
        store::notify(conn, ROOMS, &format!("{} {session_id}", self.node_id)).await
    }

    /// As [`Cluster::room_changed`], outside a transaction (someone opened or left a
    /// room, a change made elsewhere touched it).
    pub async fn room_changed_now(&self, session_id: &str) -> Result<(), sqlx::Error> {
        store::notify(&self.pool, ROOMS, &format!("{} {session_id}", self.node_id)).await
    }

    /// Asks every other node to refresh all its open rooms (who is present changed).
    async fn announce_everything(&self) {
        if let Err(error) = store::notify(&self.pool, ROOMS, &self.node_id).await {
            tracing::warn!(%error, "cannot tell the other nodes to refresh their rooms");
        }
    }

    /// Wakes the node that sends the mail: this one queued some, and does not lead.
    pub async fn mail_queued(&self) {
        if let Err(error) = store::notify(&self.pool, MAIL, &self.node_id).await {
            tracing::warn!(%error, "cannot wake the node that sends the mail");
        }
    }

    /// Whether this node does the background work now: it holds the lock, or has just
    /// taken it. The lock belongs to one connection, so a node that dies or loses its
    /// connection lets it go, and another node's next pass takes over.
    pub async fn leads(&self) -> bool {
        let mut lead = self.lead.lock().await;
        if let Some(conn) = lead.as_mut() {
            if conn.ping().await.is_ok() {
                return true;
            }
            *lead = None;
        }
        let Ok(mut conn) = self.pool.acquire().await else {
            return false;
        };
        let taken: Result<bool, _> = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(BACKGROUND_LOCK)
            .fetch_one(&mut *conn)
            .await;
        if let Ok(true) = taken {
            // Kept out of the pool: the lock lasts as long as this connection.
            *lead = Some(conn.detach());
            true
        } else {
            false
        }
    }

    /// What a notice means to this node; `None` for its own.
    fn read(&self, channel: &str, payload: &str) -> Option<signals::Signal> {
        let (node, session) = match payload.split_once(' ') {
            Some((node, session)) => (node, Some(session)),
            None => (payload, None),
        };
        if node == self.node_id {
            return None;
        }
        Some(match (channel, session) {
            (MAIL, _) => signals::Signal::Mail,
            (_, Some(session_id)) => signals::Signal::Room(session_id.to_owned()),
            (_, None) => signals::Signal::Everything,
        })
    }
}
