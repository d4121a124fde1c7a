//! The members list on a circle page, with the host's and my own actions.

use super::{
    api::{LeaveCircle, MakeHost, RemoveMember},
    CircleView, Member, Role,
};
use crate::ui::form::{latest_error, FormError, SelectField, SubmitButton};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub(super) fn MembersSection(
    circle: StoredValue<CircleView>,
    remove: ServerAction<RemoveMember>,
    make_host: ServerAction<MakeHost>,
) -> impl IntoView {
    let remove_error = latest_error(remove.value());
    let host_error = latest_error(make_host.value());
    let (members, i_host, my_id, circle_id) = circle.with_value(|c| {
        (
            c.members.clone(),
            c.my_role == Role::Host,
            c.my_id.clone(),
            c.id.clone(),
        )
    });
    view! {
        <section class="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            <FormError error=remove_error/>
            <FormError error=host_error/>
            <ul class="member-list" aria-label="Members">
                {members
                    .into_iter()
                    .map(|member| {
                        let actions = (i_host && member.account_id != my_id)
                            .then(|| view! {
                                <MemberActions member=member.clone() circle_id=circle_id.clone() remove make_host/>
                            });
                        let me = member.account_id == my_id;
                        view! {
                            <li class="member">
                                <span class="member-name">
                                    {member.display_name.clone()}
                                    {me.then_some(" (you)")}
                                </span>
                                <span class=format!("badge {}", member.role.as_str())>{member.role.label()}</span>
                                {(!me).then(|| view! {
                                    <a class="peer-link" href=format!("/peers/{}", member.account_id)>
                                        "Share what you saw"
                                        <span class="visually-hidden">{format!(" {} model", member.display_name)}</span>
                                    </a>
                                })}
                                {actions}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <LeaveForm circle/>
        </section>
    }
}

/// Make host / remove, each behind a confirmation that works without JavaScript.
#[component]
fn MemberActions(
    member: Member,
    circle_id: String,
    remove: ServerAction<RemoveMember>,
    make_host: ServerAction<MakeHost>,
) -> impl IntoView {
    let name = member.display_name.clone();
    let promote = (member.role == Role::Member).then(|| {
        let (circle_id, account_id) = (circle_id.clone(), member.account_id.clone());
        view! {
            <ActionForm action=make_host>
                <input type="hidden" name="circle_id" value=circle_id/>
                <input type="hidden" name="account_id" value=account_id/>
                <button type="submit" class="button small">
                    "Make host" <span class="visually-hidden">{format!(" {name}")}</span>
                </button>
            </ActionForm>
        }
    });
    let who = member.display_name.clone();
    view! {
        <div class="member-actions">
            {promote}
            <details class="confirm">
                <summary class="button small">
                    "Remove" <span class="visually-hidden">{format!(" {who}")}</span>
                </summary>
                <ActionForm action=remove>
                    <input type="hidden" name="circle_id" value=circle_id/>
                    <input type="hidden" name="account_id" value=member.account_id/>
                    <button type="submit" class="button danger small">
                        {format!("Yes, remove {} from the circle", member.display_name)}
                    </button>
                </ActionForm>
            </details>
        </div>
    }
}

/// Leaving, with the choice of a new host when I am the only one.
#[component]
fn LeaveForm(circle: StoredValue<CircleView>) -> impl IntoView {
    let leave = ServerAction::<LeaveCircle>::new();
    let error = latest_error(leave.value());
    let (circle_id, successors) = circle.with_value(|c| {
        let last_host = c.my_role == Role::Host && c.hosts() == 1;
        let others: Vec<(String, String)> = c
            .members
            .iter()
            .filter(|m| m.account_id != c.my_id)
            .map(|m| (m.account_id.clone(), m.display_name.clone()))
            .collect();
        (
            c.id.clone(),
            (last_host && !others.is_empty()).then_some(others),
        )
    });
    let alone = circle.with_value(|c| c.members.len() == 1);
    view! {
        <details class="confirm leave">
            <summary class="button small">"Leave circle"</summary>
            <FormError error/>
            <ActionForm action=leave>
                <input type="hidden" name="circle_id" value=circle_id/>
                {successors.map(|options| view! {
                    <SelectField
                        label="Who hosts after you?"
                        name="new_host"
                        options
                        hint="You are the only host, so someone must take over."
                        error
                    />
                })}
                {alone.then(|| view! {
                    <p class="hint">"You are the last member: leaving archives the circle."</p>
                })}
                <SubmitButton label="Yes, leave this circle" busy_label="Leaving…" pending=leave.pending() danger=true/>
            </ActionForm>
        </details>
    }
}
