//! Home's "My commitments": what I committed to, marked done or dropped between
//! sessions; my record of keeping them; and what my coachees committed to with me.

use super::{
    api::{my_commitments, SettleCommitment},
    commitments::{due_text, SettleChoice},
    PeerCommitment,
};
use crate::ui::{
    form::{latest_error, FormError},
    layout::loaded,
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn MyCommitmentsPanel() -> impl IntoView {
    let settle = ServerAction::<SettleCommitment>::new();
    let error = latest_error(settle.value());
    let list = Resource::new_blocking(move || settle.version().get(), |_| my_commitments());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(list.await.map(|mine| {
                    let nothing = mine.made.is_empty() && mine.helped.is_empty() && mine.settled == 0;
                    (!nothing).then(|| view! {
                        <section class="panel" aria-labelledby="my-commitments-heading">
                            <h2 id="my-commitments-heading">"My commitments"</h2>
                            <FormError error/>
                            {(mine.settled > 0).then(|| view! {
                                <p class="meta">{format!("Kept {} of {}", mine.kept, mine.settled)}</p>
                            })}
                            <CommitmentList items=mine.made settle=Some(settle) empty="Nothing open: well done."/>
                            {(!mine.helped.is_empty()).then(|| view! {
                                <h3>"Commitments I helped set"</h3>
                                <CommitmentList items=mine.helped settle=None empty=""/>
                            })}
                        </section>
                    })
                }))
            })}
        </Suspense>
    }
}

/// Commitments with their due day and the other person; mine with the buttons that
/// settle them.
#[component]
fn CommitmentList(
    items: Vec<PeerCommitment>,
    settle: Option<ServerAction<SettleCommitment>>,
    empty: &'static str,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    let (label, peer_words) = match settle {
        Some(_) => ("Open commitments", "made with"),
        None => ("Commitments I helped set", "by"),
    };
    view! {
        <ul class="commitments" aria-label=label>
            {items
                .into_iter()
                .map(|item| {
                    let due = due_text(&item.commitment).unwrap_or_else(|| "No due day".into());
                    let id = item.commitment.id.clone();
                    view! {
                        <li>
                            <span class="commitment-body">{item.commitment.body}</span>
                            <span class="meta">{format!("{due} · {peer_words} {}", item.peer_name)}</span>
                            {settle.map(|settle| view! {
                                <span class="button-row">
                                    <SettleButton settle commitment_id=id.clone() kept=true/>
                                    <SettleButton settle commitment_id=id kept=false/>
                                </span>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SettleButton(
    settle: ServerAction<SettleCommitment>,
    commitment_id: String,
    kept: bool,
) -> impl IntoView {
    let fields = vec![("commitment_id", commitment_id), ("kept", kept.to_string())];
    view! {
        <ActionForm action=settle>
            <SettleChoice fields done=kept/>
        </ActionForm>
    }
}
