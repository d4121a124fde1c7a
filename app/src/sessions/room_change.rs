//! A change to a session, made the same way by every server function that writes one:
//! check that the caller is one of the pair (or, to call a session off, a host of its
//! circle), read the session inside the write
//! transaction (so the checks still hold when the change is written), write, build
//! the room's new state in that same transaction, commit, then send that one state to
//! every open screen and back to the caller.

use super::{
    access::{participant_or_host_row, participant_row},
    across_nodes,
    room_events::broadcast,
    room_state,
    rules::require_live,
    session_row::SessionRow,
    RoomState,
};
use crate::{
    accounts::{auth::current_account, Account},
    error::AppError,
    state::{app_state, AppState},
};

pub struct RoomChange {
    pub state: AppState,
    /// The caller: one of the pair, or for a cancellation a host of the circle.
    pub me: Account,
    pub tx: crate::db::Tx,
    /// The session as it was when the change began.
    pub row: SessionRow,
    /// When the change happens (milliseconds, from the server's one clock): every
    /// write of one change uses the same moment.
    pub now_ms: i64,
}

impl RoomChange {
    /// "Not found" unless the caller is one of the pair.
    pub async fn begin(session_id: &str) -> Result<Self, AppError> {
        Self::start(session_id, Writes::Anything, Callers::Pair).await
    }

    /// As [`RoomChange::begin`], and refused unless the session is live.
    pub async fn begin_live(session_id: &str) -> Result<Self, AppError> {
        Self::start_live(session_id, Writes::Anything).await
    }

    /// As [`RoomChange::begin_live`], for a change to nothing but the caller's private
    /// notes of this session, which nothing else reads as it writes: on PostgreSQL it
    /// runs beside the writes of other sessions ([`crate::db::Pool::begin_for`]).
    pub async fn begin_live_private(session_id: &str) -> Result<Self, AppError> {
        Self::start_live(session_id, Writes::PrivateNotes).await
    }

    /// As [`RoomChange::begin`], for a host of the session's circle too: `me` may then
    /// be someone other than the pair. Only a cancellation begins this way.
    pub async fn begin_by_pair_or_host(session_id: &str) -> Result<Self, AppError> {
        Self::start(session_id, Writes::Anything, Callers::PairOrHost).await
    }

    async fn start_live(session_id: &str, writes: Writes) -> Result<Self, AppError> {
        let change = Self::start(session_id, writes, Callers::Pair).await?;
        require_live(change.row.status)?;
        Ok(change)
    }

    async fn start(session_id: &str, writes: Writes, callers: Callers) -> Result<Self, AppError> {
        let me = current_account().await?;
        let state = app_state()?;
        let mut tx = match writes {
            Writes::Anything => state.db.writer.begin().await?,
            Writes::PrivateNotes => state.db.writer.begin_for(session_id).await?,
        };
        let row = match callers {
            Callers::Pair => participant_row(&mut tx, session_id, &me).await?,
            Callers::PairOrHost => participant_or_host_row(&mut tx, session_id, &me).await?,
        };
        let now_ms = state.clock.now_millis();
        Ok(Self {
            state,
            me,
            tx,
            row,
            now_ms,
        })
    }

    /// Writes the change and sends the new state to every open screen; returns it too.
    pub async fn finish(mut self) -> Result<RoomState, AppError> {
        let present = across_nodes::present(&self.state, &self.row.id).await?;
        let room = room_state::read(&mut self.tx, &self.row.id, present, self.now_ms).await?;
        across_nodes::changed_in(&self.state, &mut self.tx, &self.row.id).await?;
        self.tx.commit().await?;
        broadcast(&self.state, &self.row.id, &room);
        Ok(room)
    }
}

/// What a change may write, for the lock its transaction takes.
enum Writes {
    Anything,
    PrivateNotes,
}

/// Who may make a change: the pair, or (to call a session off) a host of its circle too.
enum Callers {
    Pair,
    PairOrHost,
}
