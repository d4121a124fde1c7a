//! Rooms kept in step across server nodes (PostgreSQL; see [`crate::cluster`]). On
//! SQLite there is one node, `state.cluster` is `None`, and each of these is either
//! the node's own view or nothing at all.

use super::room_events::publish_now;
use crate::{
    cluster::signals::{Signal, Signals},
    db::{Raw, Tx},
    error::AppError,
    state::AppState,
};

/// Who has the session's room open, on any node (account ids, no repeats).
pub async fn present(state: &AppState, session_id: &str) -> Result<Vec<String>, AppError> {
    let mut present = state.live.present(session_id);
    if let Some(cluster) = &state.cluster {
        for account_id in cluster.present_elsewhere(session_id).await? {
            if !present.contains(&account_id) {
                present.push(account_id);
            }
        }
    }
    Ok(present)
}

/// Records, for the other nodes, that `account_id` opened (or closed) their last
/// screen of the room on this node, and tells them to read the room again.
pub async fn set_present(state: &AppState, session_id: &str, account_id: &str, here: bool) {
    if let Some(cluster) = &state.cluster {
        if let Err(error) = cluster.set_present(session_id, account_id, here).await {
            tracing::warn!(%error, "cannot record who is in a room for the other nodes");
        }
        changed_now(state, session_id).await;
    }
}

/// Tells the other nodes the room changed, as part of the write transaction `tx`.
pub async fn changed_in(state: &AppState, tx: &mut Tx, session_id: &str) -> Result<(), AppError> {
    if let (Some(cluster), Raw::Postgres(conn)) = (&state.cluster, tx.raw()) {
        cluster.room_changed(conn, session_id).await?;
    }
    Ok(())
}

/// Tells the other nodes the room changed, after the fact (someone came or went, or a
/// change elsewhere touched the room). The change stands either way, so a failure
/// is logged, not returned.
pub async fn changed_now(state: &AppState, session_id: &str) {
    if let Some(cluster) = &state.cluster {
        if let Err(error) = cluster.room_changed_now(session_id).await {
            tracing::warn!(%error, "cannot tell the other nodes that a room changed");
        }
    }
}

/// Follows the other nodes' notices until the server stops: each room they changed
/// that has screens here is read again and sent to those screens. Rooms are read one
/// after another, so a room's states reach its screens in order.
pub async fn follow_other_nodes(state: AppState) {
    let Some(cluster) = state.cluster.clone() else {
        return;
    };
    let mut signals = Signals::new(cluster);
    let mut closing = state.live.closing();
    loop {
        let signal = tokio::select! {
            signal = signals.next() => signal,
            _ = closing.wait_for(|closing| *closing) => return,
        };
        let rooms = match signal {
            Signal::Room(session_id) => vec![session_id],
            Signal::Everything => state.live.open_sessions(),
            Signal::Mail => {
                if let Some(outbox) = &state.outbox {
                    outbox.queued_elsewhere.notify_one();
                }
                continue;
            }
        };
        for session_id in rooms {
            if state.live.present(&session_id).is_empty() {
                continue;
            }
            if let Err(error) = publish_now(&state, &session_id).await {
                tracing::warn!(?error, "cannot refresh a room another node changed");
            }
        }
    }
}

/// Starts this node's part in the cluster, when there is one: stamping its row, and
/// following the other nodes' notices.
pub fn start(state: &AppState) {
    let Some(cluster) = state.cluster.clone() else {
        return;
    };
    let live = state.live.clone();
    let mut closing = state.live.closing();
    // Stamping stops with the server, so a node that has left stays gone.
    tokio::spawn(async move {
        tokio::select! {
            () = cluster.keep_stamping(move || live.everyone()) => {}
            _ = closing.wait_for(|closing| *closing) => {}
        }
    });
    tokio::spawn(follow_other_nodes(state.clone()));
}
