//! Black-box tests of the real server: one test binary (linking one ~1 GB binary per
//! suite was most of `make test`'s time), a module per suite. Every test starts its own
//! server on port 0 with its own fresh database, so they run in parallel.

mod support;

mod access_matrix;
mod accounts;
mod backup;
mod calendar;
mod cancel;
mod checkins;
mod circle_progress;
mod circle_sessions;
mod circle_settings;
mod circles;
mod compression;
mod crash;
mod escaping;
mod feed_checkin;
mod follow_through;
mod fuzz;
mod hardening;
mod live_streams;
mod mail;
mod mail_crash;
mod milestones;
mod my_data;
mod nodes;
mod password_reset;
mod peer_views;
mod profile;
mod quotas;
mod recognition;
mod reminders;
mod reminders_undated;
mod reschedule;
mod scripts;
mod session_history;
mod session_lifecycle;
mod sessions;
mod startup;
mod statuses;
