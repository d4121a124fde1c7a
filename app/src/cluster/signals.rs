//! The notices other nodes send, as this node's listener hears them.
//!
//! Notices are not replayed: those sent while the listening connection is down are
//! lost. So after every (re)connection the listener says [`Signal::Everything`], and
//! the node re-reads every room it has open. A lost connection is found either by
//! sqlx (which then reconnects before answering) or as an error, after which the
//! listener is built afresh, retrying each second. The API test
//! `a_node_that_lost_its_listener_catches_up` cuts the connections from the
//! database's side and keeps them cut while moves are made, and checks that nothing
//! is missed.

use super::{Cluster, MAIL, ROOMS};
use sqlx::postgres::{PgListener, PgPoolOptions};
use std::{sync::Arc, time::Duration};

/// What another node asks of this one.
#[derive(Debug, PartialEq)]
pub enum Signal {
    /// This session's room changed: re-read it for the screens here.
    Room(String),
    /// Re-read every room open here (this node's listener was away, or who is present
    /// changed on a whole node).
    Everything,
    /// Mail was queued on another node: send it, if this node is the one that sends.
    Mail,
}

/// This node's ear on the other nodes' notices.
pub struct Signals {
    cluster: Arc<Cluster>,
    listener: Option<PgListener>,
}

impl Signals {
    pub fn new(cluster: Arc<Cluster>) -> Self {
        Self {
            cluster,
            listener: None,
        }
    }

    /// The next thing to do; connects (again) first when needed.
    pub async fn next(&mut self) -> Signal {
        loop {
            let Some(listener) = self.listener.as_mut() else {
                match listen(&self.cluster).await {
                    Ok(listener) => {
                        self.listener = Some(listener);
                        return Signal::Everything;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "cannot listen for the other nodes; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                }
            };
            match listener.try_recv().await {
                Ok(Some(notice)) => {
                    if let Some(signal) = self.cluster.read(notice.channel(), notice.payload()) {
                        return signal;
                    }
                }
                // Lost and already reconnected: whatever came meanwhile is gone.
                Ok(None) => return Signal::Everything,
                Err(error) => {
                    tracing::warn!(%error, "lost the connection that listens for the other nodes");
                    self.listener = None;
                }
            }
        }
    }
}

/// Listens on a connection of its own, outside the node's pool (a lost connection is
/// then never replaced by an idle pooled one unnoticed), named for the node in
/// `pg_stat_activity`.
async fn listen(cluster: &Cluster) -> Result<PgListener, sqlx::Error> {
    let name = format!("coaching-circles listener {}", cluster.node_id);
    let options = (*cluster.pool.connect_options())
        .clone()
        .application_name(&name);
    let own = PgPoolOptions::new()
        .max_connections(1)
        .connect_lazy_with(options);
    let mut listener = PgListener::connect_with(&own).await?;
    listener.listen_all([ROOMS, MAIL]).await?;
    Ok(listener)
}
