//! The browser's end of the room's events: one `EventSource` per open room that
//! feeds every state the server pushes (see `room_events`) into the page.
//! Browser-only.

use super::RoomState;
use leptos::prelude::*;
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{EventSource, MessageEvent};

/// The room's connection to `/sessions/{id}/live`. The browser reconnects by itself
/// after an error; going offline closes it and coming back online opens it again, so
/// the first event after any gap brings the whole state.
pub struct RoomEvents {
    url: String,
    source: RefCell<Option<EventSource>>,
    on_state: Closure<dyn FnMut(MessageEvent)>,
    on_open: Closure<dyn FnMut()>,
    on_error: Closure<dyn FnMut()>,
    on_offline: Closure<dyn FnMut()>,
    on_online: Closure<dyn FnMut()>,
}

impl RoomEvents {
    /// Opens the stream; `apply` gets each state, `connected` says whether it is open.
    pub fn open(
        session_id: &str,
        apply: impl Fn(RoomState) + 'static,
        connected: RwSignal<bool>,
    ) -> Rc<Self> {
        let stream = Rc::new_cyclic(|weak: &std::rc::Weak<Self>| {
            let (offline, online) = (weak.clone(), weak.clone());
            Self {
                url: format!("/sessions/{session_id}/live"),
                source: RefCell::new(None),
                on_state: Closure::new(move |event: MessageEvent| {
                    let parsed = event
                        .data()
                        .as_string()
                        .and_then(|json| serde_json::from_str::<RoomState>(&json).ok());
                    if let Some(state) = parsed {
                        apply(state);
                    }
                }),
                on_open: Closure::new(move || {
                    let _ = connected.try_set(true);
                }),
                on_error: Closure::new(move || {
                    let _ = connected.try_set(false);
                }),
                on_offline: Closure::new(move || {
                    if let Some(stream) = offline.upgrade() {
                        stream.close();
                        let _ = connected.try_set(false);
                    }
                }),
                on_online: Closure::new(move || {
                    if let Some(stream) = online.upgrade() {
                        stream.connect();
                    }
                }),
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback(
                "offline",
                stream.on_offline.as_ref().unchecked_ref(),
            );
            let _ = window.add_event_listener_with_callback(
                "online",
                stream.on_online.as_ref().unchecked_ref(),
            );
        }
        stream.connect();
        stream
    }

    fn connect(&self) {
        self.close();
        let Ok(source) = EventSource::new(&self.url) else {
            return;
        };
        let _ = source
            .add_event_listener_with_callback("state", self.on_state.as_ref().unchecked_ref());
        source.set_onopen(Some(self.on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(self.on_error.as_ref().unchecked_ref()));
        *self.source.borrow_mut() = Some(source);
    }

    fn close(&self) {
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
    }
}

impl Drop for RoomEvents {
    fn drop(&mut self) {
        self.close();
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "offline",
                self.on_offline.as_ref().unchecked_ref(),
            );
            let _ = window.remove_event_listener_with_callback(
                "online",
                self.on_online.as_ref().unchecked_ref(),
            );
        }
    }
}
