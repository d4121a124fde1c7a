//! A realistic data set, written straight into a fresh database before the server
//! starts: 200 managers in 30 circles, a year of weekly check-ins with peer views, and
//! 2,000 finished sessions with notes and commitments. The schema, migrations, built-in
//! scripts and behaviours and the password hash all come from the app's own code.

use app::db::{Location, Raw, Tx};
use app::{
    accounts::{passwords::PasswordWork, Password},
    calendar::zone::week_at,
    checkins::seed::seed_behaviours,
    db::{new_id, now_millis, now_seconds, Db},
    scripts::seed::seed_builtins,
    sessions::{schedule::PlannedTime, store::create_planned},
};

pub const USERS: usize = 200;
pub const CIRCLES: usize = 30;
pub const SESSIONS: usize = 2_000;
pub const WEEKS: usize = 52;
/// Managers who each have a live session open, for the room page and note writes.
pub const LIVE: usize = 17;

/// What the measurements need to know about the data set.
pub struct Seeded {
    /// The e-mail address of manager `i`.
    pub emails: Vec<String>,
    /// The circle manager 0 belongs to.
    pub circle_id: String,
    /// Live session of manager `i`, for `i < LIVE`.
    pub live_sessions: Vec<String>,
    /// A session manager 0 has planned with the next member of their circle.
    pub planned_session: String,
    /// The behaviours every manager tracks.
    pub tracked: Vec<String>,
    pub rows: i64,
}

/// Runs `query` on the seeding transaction, on either database (the query is compiled
/// once per driver): `run!(tx, query.fetch_all)`.
macro_rules! run {
    ($tx:expr, $($query:tt)+) => {
        match $tx.raw() {
            Raw::Sqlite(conn) => $($query)+(conn).await,
            Raw::Postgres(conn) => $($query)+(conn).await,
        }
    };
}

/// One insert of the data set; `.expect` names what failed.
macro_rules! insert {
    ($tx:expr, $query:expr) => {
        match $tx.raw() {
            Raw::Sqlite(conn) => $query.execute(conn).await.map(drop),
            Raw::Postgres(conn) => $query.execute(conn).await.map(drop),
        }
    };
}

pub async fn seed(database: &Location) -> Seeded {
    let db = Db::open(database).await.expect("open the bench database");
    seed_builtins(&db, now_seconds())
        .await
        .expect("built-in scripts");
    seed_behaviours(&db, now_seconds())
        .await
        .expect("built-in behaviours");
    let password = Password::parse(super::common::PASSWORD).expect("password");
    let hash = PasswordWork::default().hash(password).await.expect("hash");
    let mut tx: Tx = db.writer.begin().await.expect("transaction");

    let now = now_seconds();
    let emails: Vec<String> = (0..USERS)
        .map(|i| format!("manager{i}@bench.example"))
        .collect();
    let mut people = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        let id = new_id();
        insert!(tx, sqlx::query("INSERT INTO accounts (id, email, display_name, password_hash, time_zone, created_at) VALUES ($1, $2, $3, $4, 'UTC', $5)")
            .bind(&id).bind(email).bind(format!("Manager {i}")).bind(&hash).bind(now - 400 * 86_400)).expect("account");
        people.push(id);
    }
    // Manager i is in circle i % CIRCLES; the first in each circle hosts it.
    let mut circles: Vec<(String, Vec<String>)> = Vec::new();
    for c in 0..CIRCLES {
        let id = new_id();
        let token = format!("{}{}", new_id(), new_id()).replace('-', "");
        insert!(tx, sqlx::query("INSERT INTO circles (id, name, purpose, cadence, invite_token, created_at) VALUES ($1, $2, $3, 'weekly', $4, $5)")
            .bind(&id).bind(format!("Circle {c}")).bind("Peer coaching for new managers.").bind(token).bind(now - 380 * 86_400)).expect("circle");
        let members: Vec<String> = people.iter().skip(c).step_by(CIRCLES).cloned().collect();
        for (n, member) in members.iter().enumerate() {
            insert!(tx, sqlx::query("INSERT INTO circle_members (circle_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)")
                .bind(&id).bind(member).bind(if n == 0 { "host" } else { "member" }).bind(now - 370 * 86_400)).expect("member");
        }
        circles.push((id, members));
    }
    let tracked: Vec<String> = run!(
        tx,
        sqlx::query_scalar(
            "SELECT id FROM behaviours WHERE builtin_key IS NOT NULL ORDER BY builtin_key LIMIT 4",
        )
        .fetch_all
    )
    .expect("behaviours");
    let mut rows = check_ins(&mut tx, &circles, &tracked, now).await;
    let (script_id, version, steps): (String, i64, i64) = run!(
        tx,
        sqlx::query_as(
            "SELECT s.id, s.current_version, CAST(json_array_length(v.steps) AS BIGINT)
             FROM scripts s
             JOIN script_versions v ON v.script_id = s.id AND v.version = s.current_version
             WHERE s.builtin_key IS NOT NULL ORDER BY s.builtin_key = 'grow' DESC LIMIT 1",
        )
        .fetch_one
    )
    .expect("a built-in script");
    let script = (script_id.as_str(), version, steps);
    for s in 0..SESSIONS {
        let (circle, members) = &circles[s % CIRCLES];
        let round = s / CIRCLES;
        let pair = (
            &members[round % members.len()],
            &members[(round + 1) % members.len()],
        );
        let created = now - ((SESSIONS - s) as i64 * 365 * 86_400 / SESSIONS as i64);
        rows += session(&mut tx, circle, pair, script, created, "done").await;
    }
    // A live session for each of the first LIVE managers, with the next in their circle.
    let mut live_sessions = Vec::new();
    for i in 0..LIVE {
        let (circle, members) = &circles[i % CIRCLES];
        let pair = (&people[i], &members[1]);
        let id = new_id();
        rows += session_with_id(&mut tx, &id, circle, pair, script, now, "live").await;
        live_sessions.push(id);
    }
    // Planned for tomorrow at 10:00 (UTC) as the pairing rotation plans one: the pair
    // chooses the script in the room.
    let tomorrow = now - now % 86_400 + 86_400;
    let time = PlannedTime {
        starts_at: tomorrow + 10 * 3_600,
        length_minutes: 45,
        zone: "UTC".to_owned(),
    };
    let (circle, members) = &circles[0];
    let planned_session = create_planned(
        &mut tx,
        circle,
        (&people[0], &members[1]),
        &people[0],
        Some(tomorrow),
        Some(time),
        now_millis(),
    )
    .await
    .expect("a planned session");
    rows += 1;
    tx.commit().await.expect("commit the data set");
    // PostgreSQL plans by its statistics, which autovacuum gathers within a minute of
    // a large write (and vacuums the new rows); the measurements start sooner, so do
    // both now rather than have autovacuum run under the first figure.
    if let Some(pool) = db.writer.postgres() {
        sqlx::raw_sql("VACUUM (ANALYZE)")
            .execute(pool)
            .await
            .expect("vacuum");
    }
    db.writer.close().await;
    db.reader.close().await;
    Seeded {
        emails,
        circle_id: circles[0].0.clone(),
        live_sessions,
        planned_session,
        tracked,
        rows,
    }
}

/// A year of weekly check-ins for everyone (about one week in seven missed), and the
/// next member of the circle's view of them for the last eight weeks.
async fn check_ins(
    tx: &mut Tx,
    circles: &[(String, Vec<String>)],
    tracked: &[String],
    now: i64,
) -> i64 {
    let weeks = week_at(now, "UTC").last(WEEKS);
    let mut rows = 0;
    for (_, members) in circles {
        for (n, person) in members.iter().enumerate() {
            for (position, behaviour) in tracked.iter().enumerate() {
                insert!(tx, sqlx::query("INSERT INTO tracked_behaviours (account_id, behaviour_id, position) VALUES ($1, $2, $3)")
                    .bind(person).bind(behaviour).bind(position as i64)).expect("tracking");
            }
            for (w, week) in weeks.iter().enumerate() {
                if (n + w) % 7 == 3 {
                    continue;
                }
                let id = new_id();
                insert!(tx, sqlx::query("INSERT INTO checkins (id, account_id, week, reflection, updated_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&id).bind(person).bind(week.to_string()).bind("Listened more than I talked in one-to-ones.").bind(now)).expect("check-in");
                for (b, behaviour) in tracked.iter().enumerate() {
                    let rating = 1 + ((n + w + b) % 5) as i64;
                    insert!(tx, sqlx::query("INSERT INTO checkin_ratings (checkin_id, behaviour_id, rating, evidence) VALUES ($1, $2, $3, $4)")
                        .bind(&id).bind(behaviour).bind(rating).bind("Asked my team what gets in their way.")).expect("rating");
                }
                rows += 1 + tracked.len() as i64;
                let peer = &members[(n + 1) % members.len()];
                if w + 8 >= WEEKS && peer != person {
                    for behaviour in tracked {
                        insert!(tx, sqlx::query("INSERT INTO peer_views (id, subject_id, author_id, behaviour_id, week, rating, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                            .bind(new_id()).bind(person).bind(peer).bind(behaviour).bind(week.to_string())
                            .bind(1 + ((n + w) % 5) as i64).bind("Saw it in the planning meeting.")
.bind(now)).expect("peer view");
                        rows += 1;
                    }
                }
            }
        }
    }
    rows
}

async fn session(
    tx: &mut Tx,
    circle: &str,
    pair: (&String, &String),
    script: (&str, i64, i64),
    at: i64,
    status: &str,
) -> i64 {
    session_with_id(tx, &new_id(), circle, pair, script, at, status).await
}

/// One session with a shared note on every step, a private note and two commitments.
async fn session_with_id(
    tx: &mut Tx,
    id: &str,
    circle: &str,
    (coach, coachee): (&String, &String),
    (script_id, version, steps): (&str, i64, i64),
    at: i64,
    status: &str,
) -> i64 {
    let ended = (status == "done").then_some(at + 2_400);
    insert!(tx, sqlx::query("INSERT INTO sessions (id, circle_id, coach_id, coachee_id, status, created_at, ended_at, script_id, script_version, topic, step_started_ms, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(id).bind(circle).bind(coach).bind(coachee).bind(status).bind(at).bind(ended)
        .bind(script_id).bind(version).bind("Delegating the weekly report")
        .bind(now_millis()).bind(at)).expect("session");
    for step in 0..steps {
        insert!(tx, sqlx::query("INSERT INTO session_steps (session_id, step_index, spent_ms, shared_note, note_version, note_by) VALUES ($1, $2, $3, $4, 1, $5)")
            .bind(id).bind(step).bind(300_000 + step * 17_000)
            .bind("Wants to hand the weekly report to Sam; worried about quality at first.")
            .bind(coachee)).expect("step");
    }
    insert!(tx, sqlx::query("INSERT INTO private_notes (session_id, step_index, account_id, body, updated_at) VALUES ($1, 0, $2, $3, $4)")
        .bind(id).bind(coach).bind("Ask about the team lead next time.").bind(at)).expect("private note");
    for (k, state) in ["done", "open"].iter().enumerate() {
        insert!(tx, sqlx::query("INSERT INTO commitments (id, session_id, body, due_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(new_id()).bind(id).bind("Hand one report to Sam and review it together.")
            .bind(at - at % 86_400 + (7 + k as i64) * 86_400).bind(state).bind(at)).expect("commitment");
    }
    1 + steps + 1 + 2
}
