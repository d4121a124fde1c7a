-- Several server nodes on one database (PostgreSQL only: a SQLite file has one node,
-- whose open rooms live in its memory). Each running node, stamped by the database's
-- own clock so nodes never compare their clocks, and who has which session room open
-- through it, so every node counts the screens on every other.
CREATE TABLE server_nodes (
    id TEXT PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE room_presence (
    node_id TEXT NOT NULL REFERENCES server_nodes (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (node_id, session_id, account_id)
);

CREATE INDEX room_presence_by_session ON room_presence (session_id);
CREATE INDEX room_presence_by_account ON room_presence (account_id);
