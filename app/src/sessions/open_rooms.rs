//! The server's register of open session rooms: who has each room open, and the
//! channel that carries each new state to their screens. One per server process.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::{broadcast, watch};

/// States kept per room for screens still to send them: only the newest. Each state is
/// whole, so a screen that fell behind skips to the newest, which is all it needs; and
/// the channel keeps its last states in memory for as long as the room is open (about
/// 3 KB each, for every open room).
const BACKLOG: usize = 1;
/// Screens one person may have open in one room: a second tab or device, not a flood.
pub const SCREENS_PER_PERSON: usize = 3;

/// A screen let into a room.
pub(super) struct Joined {
    pub receiver: broadcast::Receiver<Arc<str>>,
    /// The person's first screen in this room on this node.
    pub first_screen: bool,
}

/// A screen gone from a room.
pub(super) struct Left {
    /// It was the person's last screen in this room on this node.
    pub last_screen: bool,
    /// Nobody has the room open on this node any more.
    pub room_empty: bool,
}

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

    /// Every room open here, with the people who have it open: (session, account).
    pub fn everyone(&self) -> Vec<(String, String)> {
        self.rooms()
            .iter()
            .flat_map(|(session_id, room)| {
                room.present
                    .keys()
                    .map(|account_id| (session_id.clone(), account_id.clone()))
            })
            .collect()
    }

    /// The sessions whose rooms are open here.
    pub fn open_sessions(&self) -> Vec<String> {
        self.rooms().keys().cloned().collect()
    }

    /// How many rooms have someone in them (for the benchmark).
    pub fn open_rooms(&self) -> usize {
        self.rooms().len()
    }

    /// Opens a screen of `account_id` in the room; `None` when that person already has
    /// [`SCREENS_PER_PERSON`] open there.
    pub(super) fn join(&self, session_id: &str, account_id: &str) -> Option<Joined> {
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
        Some(Joined {
            receiver: room.sender.subscribe(),
            first_screen: *screens == 1,
        })
    }

    /// Closes a screen of `account_id` in the room.
    pub(super) fn leave(&self, session_id: &str, account_id: &str) -> Left {
        let mut rooms = self.rooms();
        let Some(room) = rooms.get_mut(session_id) else {
            return Left {
                last_screen: true,
                room_empty: true,
            };
        };
        let mut last_screen = true;
        if let Some(count) = room.present.get_mut(account_id) {
            *count -= 1;
            last_screen = *count == 0;
            if last_screen {
                room.present.remove(account_id);
            }
        }
        let room_empty = room.present.is_empty();
        if room_empty {
            rooms.remove(session_id);
        }
        Left {
            last_screen,
            room_empty,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_screen_that_fell_behind_gets_the_newest_state_only() {
        let live = LiveRooms::default();
        let mut screen = live
            .join("session", "ada")
            .expect("room for a screen")
            .receiver;
        for state in ["one", "two", "three"] {
            live.send("session", state.into());
        }
        // The older states are gone (the stream skips a lag), the newest is there.
        assert!(matches!(
            screen.recv().await,
            Err(broadcast::error::RecvError::Lagged(2))
        ));
        assert_eq!(&*screen.recv().await.expect("the newest state"), "three");
    }
}
