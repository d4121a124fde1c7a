//! Notes on the current step: shared (both see and edit) and private (only the
//! author, ever). Both save as you type, after a short pause; without JavaScript each
//! has a save button that posts the form.
//!
//! A shared note is saved over the version this screen had. When the other person
//! saved in between, the server refuses, and the screen shows both texts and lets
//! this person keep theirs, take the other, or combine them: nothing is dropped.

use super::{
    room_api::{save_private_note, save_shared_note, SavePrivateNote, SaveSharedNote},
    room_context::RoomContext,
    rules::NOTE_MAX,
    SharedNote,
};
use crate::{error::AppError, ui::form::textarea_text};
use leptos::{prelude::*, server_fn::ServerFn};

/// How long typing must pause before a save.
#[cfg(feature = "hydrate")]
const SAVE_AFTER_MS: u32 = 600;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Private,
}

/// The step's notes. On one screen for both, private notes stay off the screen: the
/// other person is reading it too.
#[component]
pub fn StepNotes(room: RoomContext, index: usize) -> impl IntoView {
    view! {
        <div class="notes">
            <NoteBox room index kind=Kind::Shared/>
            {move || if room.one_screen {
                view! {
                    <p class="hint private-hidden">
                        "Private notes are hidden while you share one screen. Go back to your own screen to see or write yours."
                    </p>
                }
                .into_any()
            } else {
                view! { <NoteBox room index kind=Kind::Private/> }.into_any()
            }}
        </div>
    }
}

/// A note's text on this screen and how saving it is going.
#[derive(Clone, Copy)]
struct Note {
    room: RoomContext,
    index: usize,
    kind: Kind,
    draft: RwSignal<String>,
    /// The shared note's version this draft was typed over.
    base: RwSignal<i64>,
    /// Typed but not yet saved.
    dirty: RwSignal<bool>,
    status: RwSignal<&'static str>,
    /// The other person's version, when a save collided with theirs.
    collision: RwSignal<Option<SharedNote>>,
    /// Counts keystrokes, so only the last one of a burst saves.
    typed: RwSignal<u64>,
    in_flight: RwSignal<bool>,
    again: RwSignal<bool>,
}

impl Note {
    fn new(room: RoomContext, index: usize, kind: Kind) -> Self {
        let (text, version) = match kind {
            Kind::Shared => room.state.with_untracked(|s| {
                s.shared_notes
                    .get(index)
                    .map(|n| (n.text.clone(), n.version))
                    .unwrap_or_default()
            }),
            Kind::Private => room
                .view
                .with_value(|v| (v.private_notes.get(index).cloned().unwrap_or_default(), 0)),
        };
        Self {
            room,
            index,
            kind,
            draft: RwSignal::new(text),
            base: RwSignal::new(version),
            dirty: RwSignal::new(false),
            status: RwSignal::new(""),
            collision: RwSignal::new(None),
            typed: RwSignal::new(0),
            in_flight: RwSignal::new(false),
            again: RwSignal::new(false),
        }
    }

    fn typed(self, text: String) {
        self.draft.set(text);
        self.dirty.set(true);
        self.typed.update(|n| *n += 1);
        #[cfg(feature = "hydrate")]
        {
            let stamp = self.typed.get_untracked();
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(SAVE_AFTER_MS).await;
                if self.typed.try_get_untracked() == Some(stamp) {
                    self.save();
                }
            });
        }
    }

    /// Saves now, or right after the save already on its way.
    fn save(self) {
        if self.collision.get_untracked().is_some() {
            return;
        }
        if self.in_flight.get_untracked() {
            self.again.set(true);
            return;
        }
        self.in_flight.set(true);
        leptos::task::spawn_local(async move {
            loop {
                self.again.set(false);
                if !self.save_once().await {
                    break;
                }
                if !self.again.try_get_untracked().unwrap_or(false) {
                    break;
                }
            }
            let _ = self.in_flight.try_set(false);
        });
    }

    /// One save; false when it did not go through.
    async fn save_once(self) -> bool {
        let text = self.draft.get_untracked();
        let id = self.room.session_id();
        self.status.set("Saving…");
        let result = match self.kind {
            Kind::Shared => save_shared_note(
                id.clone(),
                self.index,
                self.base.get_untracked(),
                text.clone(),
            )
            .await
            .map(Some),
            Kind::Private => save_private_note(id.clone(), self.index, text.clone())
                .await
                .map(|()| None),
        };
        match result {
            Ok(saved) => {
                if let Some(note) = saved {
                    let _ = self.base.try_set(note.version);
                }
                if self.kind == Kind::Private {
                    self.room.view.update_value(|v| {
                        if let Some(slot) = v.private_notes.get_mut(self.index) {
                            slot.clone_from(&text);
                        }
                    });
                }
                if self.draft.try_get_untracked().as_ref() == Some(&text) {
                    let _ = self.dirty.try_set(false);
                }
                let _ = self.status.try_set("Saved");
                true
            }
            Err(AppError::NoteCollision { theirs }) => {
                let _ = self.collision.try_set(Some(theirs));
                let _ = self.status.try_set("Not saved: see below");
                false
            }
            Err(error) => {
                self.room.report(error);
                let _ = self.status.try_set("Not saved");
                false
            }
        }
    }

    /// Settles a collision: `text` becomes the draft over the other person's version.
    fn resolve(self, text: Option<String>) {
        let Some(theirs) = self.collision.get_untracked() else {
            return;
        };
        self.base.set(theirs.version);
        self.collision.set(None);
        match text {
            Some(text) => {
                self.draft.set(text);
                self.save();
            }
            None => {
                self.draft.set(theirs.text);
                self.dirty.set(false);
                self.status.set("");
            }
        }
    }
}

#[component]
fn NoteBox(room: RoomContext, index: usize, kind: Kind) -> impl IntoView {
    let note = Note::new(room, index, kind);
    if kind == Kind::Shared {
        // The other person's saves appear here, unless this person is mid-sentence.
        Effect::new(move |_| {
            let incoming = room
                .state
                .with(|s| s.shared_notes.get(index).cloned())
                .unwrap_or_default();
            if incoming.version > note.base.get_untracked() && !note.dirty.get_untracked() {
                note.draft.set(incoming.text);
                note.base.set(incoming.version);
            }
        });
    }
    let (label, hint, path, field_id) = match kind {
        Kind::Shared => (
            "Shared notes",
            "Both of you see and edit these.",
            SaveSharedNote::PATH,
            format!("shared-note-{index}"),
        ),
        Kind::Private => (
            "My private notes",
            "Only you ever see these.",
            SavePrivateNote::PATH,
            format!("private-note-{index}"),
        ),
    };
    let initial = note.draft.get_untracked();
    view! {
        <form
            class="note"
            method="post"
            action=path
            on:submit=move |ev| {
                ev.prevent_default();
                note.save();
            }
        >
            <input type="hidden" name="session_id" value=room.session_id()/>
            <input type="hidden" name="step" value=index/>
            {(kind == Kind::Shared).then(|| view! { <input type="hidden" name="base_version" value=move || note.base.get()/> })}
            <label for=field_id.clone()>{label}</label>
            <p class="hint" id=format!("{field_id}-hint")>{hint}</p>
            <textarea
                id=field_id.clone()
                name="text"
                rows="5"
                maxlength=NOTE_MAX
                aria-describedby=format!("{field_id}-hint {field_id}-status")
                prop:value=move || note.draft.get()
                on:input=move |ev| note.typed(event_target_value(&ev))
            >
                {textarea_text(initial)}
            </textarea>
            <div class="note-footer">
                <span class="hint" id=format!("{field_id}-status") role="status">{move || note.status.get()}</span>
                <button type="submit" class="button small">"Save note"</button>
            </div>
            {move || note.collision.get().map(|theirs| view! { <Collision note theirs/> })}
        </form>
    }
}

/// Both texts side by side after a collision, and the three ways out.
#[component]
fn Collision(note: Note, theirs: SharedNote) -> impl IntoView {
    let combined = {
        let theirs = theirs.text.clone();
        move |_| {
            let mine = note.draft.get_untracked();
            note.resolve(Some(format!("{mine}\n\n{theirs}")));
        }
    };
    let by = theirs.by.clone().unwrap_or_else(|| "Your peer".into());
    view! {
        <div class="collision" role="alert">
            <p>"Your peer changed this note while you were typing. Nothing was overwritten."</p>
            <p class="meta">{format!("{by}'s version:")}</p>
            <blockquote class="their-note">{theirs.text.clone()}</blockquote>
            <div class="button-row">
                <button type="button" class="button primary" on:click=combined>"Combine both"</button>
                <button type="button" class="button" on:click=move |_| note.resolve(Some(note.draft.get_untracked()))>"Keep mine"</button>
                <button type="button" class="button" on:click=move |_| note.resolve(None)>"Use theirs"</button>
            </div>
        </div>
    }
}

/// The shared notes of the steps before `index`, each folded under its step's name, so
/// what the pair wrote earlier stays at hand.
#[component]
pub fn EarlierNotes(room: RoomContext, index: usize) -> impl IntoView {
    let titles: Vec<String> = room
        .view
        .with_value(|v| v.steps.iter().map(|s| s.title.clone()).collect());
    // A memo, so an unrelated change (presence, the clock) does not fold them again.
    let earlier = Memo::new(move |_| {
        room.state.with(|s| {
            s.shared_notes
                .iter()
                .take(index)
                .enumerate()
                .filter(|(_, note)| !note.text.is_empty())
                .map(|(i, note)| (i, note.text.clone()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = earlier.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="earlier-notes" aria-labelledby="earlier-notes-heading">
                    <h2 id="earlier-notes-heading">"Shared notes from earlier steps"</h2>
                    {list
                        .into_iter()
                        .map(|(i, text)| {
                            let title = titles.get(i).cloned().unwrap_or_default();
                            view! {
                                <details>
                                    <summary>{format!("Step {}: {title}", i + 1)}</summary>
                                    <p class="shared-note">{text}</p>
                                </details>
                            }
                        })
                        .collect_view()}
                </section>
            }
        })
    }
}
