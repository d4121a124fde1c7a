//! The server's register of open session rooms: who has each room open, and the
//! channel that carries each new state to their screens. One per server process.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::{broadcast, watch};

/// States waiting to be sent per room; a screen further behind skips to the newest,
/// which is all it needs.
const BACKLOG: usize = 4;
/// Screens one person may have open in one room: a second tab or device, not a flood.
pub const SCREENS_PER_PERSON: usize = 3;

/// The open rooms of this server process.
#[derive(Debug)]
pub struct LiveRooms {
    rooms: Mutex<HashMap<String, Room>>,
    closing: watch::Sender<bool>,
}

#[derive(Debug)]
struct Room {
    sender: broadcast::Sender<Arc<str>>,
    /// Open screens per participant (one person may have two tabs).
    present: HashMap<String, usize>,
}

impl Default for LiveRooms {
    fn default() -> Self {
        Self {
            rooms: Mutex::default(),
            closing: watch::Sender::new(false),
        }
    }
}

impl LiveRooms {
    fn rooms(&self) -> std::sync::MutexGuard<'_, HashMap<String, Room>> {
        // A panic while holding the lock leaves the map intact; carry on with it.
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Participants with the room open, in no particular order.
    pub fn present(&self, session_id: &str) -> Vec<String> {
        self.rooms()
            .get(session_id)
            .map(|room| room.present.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// How many rooms have someone in them (for the benchmark).
    pub fn open_rooms(&self) -> usize {
        self.rooms().len()
    }

    /// Opens a screen of `account_id` in the room; `None` when that person already has
    /// [`SCREENS_PER_PERSON`] open there.
    pub(super) fn join(
        &self,
        session_id: &str,
        account_id: &str,
    ) -> Option<broadcast::Receiver<Arc<str>>> {
        let mut rooms = self.rooms();
        let room = rooms.entry(session_id.to_owned()).or_insert_with(|| Room {
            sender: broadcast::channel(BACKLOG).0,
            present: HashMap::new(),
        });
        let screens = room.present.entry(account_id.to_owned()).or_default();
        if *screens >= SCREENS_PER_PERSON {
            return None;
        }
        *screens += 1;
        Some(room.sender.subscribe())
    }

    /// Returns whether the room is now empty.
    pub(super) fn leave(&self, session_id: &str, account_id: &str) -> bool {
        let mut rooms = self.rooms();
        let Some(room) = rooms.get_mut(session_id) else {
            return true;
        };
        if let Some(count) = room.present.get_mut(account_id) {
            *count -= 1;
            if *count == 0 {
                room.present.remove(account_id);
            }
        }
        let empty = room.present.is_empty();
        if empty {
            rooms.remove(session_id);
        }
        empty
    }

    pub(super) fn send(&self, session_id: &str, message: Arc<str>) {
        if let Some(room) = self.rooms().get(session_id) {
            // No receivers is fine: nobody has the room open.
            let _ = room.sender.send(message);
        }
    }

    /// Ends every live stream, so a graceful shutdown is not held up by open rooms.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// Turns true when the server is shutting down.
    pub(super) fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }
}
