//! Issue 12, "Hardening, round two": each test here failed on the code before the fix.

mod deletion;
mod export;
mod identities;
mod links;
mod peer_form;
mod signed_in;
mod throttles;
mod transport;
