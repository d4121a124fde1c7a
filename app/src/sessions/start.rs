//! Starting a session from the circle page: pick the peer, who coaches, the script,
//! an optional topic, and now or a day (with a time and a length, in my time zone).

use super::{api::StartSession, rules::TOPIC_MAX};
use crate::{
    circles::CircleView,
    ui::{
        form::{latest_error, FormError, SelectField, SubmitButton, TextField},
        layout::Panel,
    },
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn StartSessionSection(circle: StoredValue<CircleView>) -> impl IntoView {
    let action = ServerAction::<StartSession>::new();
    let error = latest_error(action.value());
    let (circle_id, peers, scripts) = circle.with_value(|c| {
        let peers: Vec<(String, String)> = c
            .members
            .iter()
            .filter(|m| m.account_id != c.my_id)
            .map(|m| (m.account_id.clone(), m.display_name.clone()))
            .collect();
        (c.id.clone(), peers, c.scripts.clone())
    });
    let roles = vec![
        ("coach".to_owned(), "Coach my peer".to_owned()),
        ("coachee".to_owned(), "Be coached by my peer".to_owned()),
    ];
    let body = if peers.is_empty() {
        view! { <p>"Once a peer has joined, you can start a session with them here."</p> }
            .into_any()
    } else {
        view! {
            <FormError error/>
            <ActionForm action>
                <input type="hidden" name="circle_id" value=circle_id/>
                <SelectField label="Peer" name="peer_id" error options=peers/>
                <SelectField label="I will" name="my_role" error options=roles/>
                <SelectField label="Script" name="script_id" error options=scripts/>
                <TextField label="Topic (optional)" name="topic" error required=false maxlength=TOPIC_MAX
                    hint="What the person being coached wants to work on."/>
                <TextField label="Day" name="day" kind="date" error required=false
                    hint="Leave empty to start now."/>
                <TextField label="Start time (optional)" name="time" kind="time" error required=false
                    hint="In your own time zone. Leave empty to plan the day only."/>
                <TextField label="Length in minutes (optional)" name="length" kind="number" error required=false
                    maxlength=3 hint="Leave empty for the script's timeboxes added up."/>
                <SubmitButton label="Start session" busy_label="Starting…" pending=action.pending()/>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <Panel heading_id="start-heading" title="Start a session">
            {body}
        </Panel>
    }
}
