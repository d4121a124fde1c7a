//! The notice area: one calm line saying what just happened ("Your password has been
//! changed."). Server functions redirect with `?notice=<code>`, which works with and
//! without JavaScript; only known codes are shown, so a link cannot make the site
//! say arbitrary things.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The words for a notice code.
pub fn notice_text(code: &str) -> Option<&'static str> {
    match code {
        "welcome" => Some("Welcome to Coaching Circles. Your account is ready."),
        "signed-out" => Some("You are signed out."),
        "password-changed" => {
            Some("Your password has been changed. Other browsers are signed out.")
        }
        "reset-sent" => Some(
            "If an account uses that address, a link to choose a new password is on its way. Check your mail.",
        ),
        "password-reset" => {
            Some("Your new password is saved. Every other browser is signed out.")
        }
        "signed-out-elsewhere" => Some("You are signed out everywhere but here."),
        "circle-created" => {
            Some("Your circle is ready. Copy the invite link and send it to your peers.")
        }
        "joined" => Some("You have joined the circle."),
        "circle-saved" => Some("The circle's details are saved. Every member sees them now."),
        "invites-sent" => {
            Some("Your invitations are on their way. Each person gets the invite link by email.")
        }
        "left-circle" => Some("You have left the circle."),
        "script-copied" => Some("A copy is now in your circle. Adapt it here and save."),
        "script-archived" => {
            Some("The script is archived. Past sessions keep the version they used.")
        }
        "script-imported" => Some("The script is imported."),
        "script-saved" => Some("The script is saved as a new version."),
        "tracking-saved" => Some("Your behaviours are saved. Rate each one for this week."),
        "behaviour-added" => Some("The behaviour is added. Members can now choose to track it."),
        "time-zone-saved" => Some("Your time zone is saved."),
        "profile-saved" => Some("Your name and email are saved."),
        "reminders-saved" => Some("Your reminder choices are saved."),
        "feed-checkin-saved" => Some("Your calendar feed is saved."),
        "unsubscribed" => Some("Done: you will not get these mails any more."),
        "account-deleted" => Some("Your account and your personal data are deleted."),
        "peer-view-saved" => Some("Thank you. What you saw is shared with them."),
        "checked-in" => Some("Your check-in for this week is saved."),
        "session-planned" => Some("The session is planned. You both find it on Home."),
        "session-moved" => {
            Some("The session's new time is saved. Calendar files and feeds show it too.")
        }
        "session-cancelled" => {
            Some("The session is cancelled. Calendar files and feeds show it as cancelled.")
        }
        "recognized" => Some("Your recognition is sent."),
        "shout-out-hidden" => Some("The shout-out is hidden from the circle page."),
        "shout-out-shown" => Some("The shout-out shows on the circle page again."),
        _ => None,
    }
}

/// Shows the current notice.
#[component]
pub fn FlashArea() -> impl IntoView {
    let query = use_query_map();
    let notice = query
        .with_untracked(|q| q.get("notice"))
        .and_then(|code| notice_text(&code))
        .map(str::to_owned);
    view! {
        <div class="flash-area" role="status" aria-live="polite">
            {notice.map(|notice| view! { <Notice notice/> })}
        </div>
    }
}

/// The notice. Dismissing it and its fading after a while are the browser's own (a
/// `<dialog>` its form closes, a CSS animation that pauses while hovered or focused),
/// so a page with a notice needs no wasm.
#[component]
fn Notice(notice: String) -> impl IntoView {
    view! {
        <dialog open class="flash" aria-label="Notice">
            <span>{notice}</span>
            <form method="dialog">
                <button type="submit" class="flash-close" aria-label="Dismiss notice">"×"</button>
            </form>
        </dialog>
    }
}
