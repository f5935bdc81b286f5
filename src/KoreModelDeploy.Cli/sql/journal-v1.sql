-- kore-deploy journal tables, schema version 1: what `kore-deploy journal init --journal postgres://...` runs.
-- A DBA may run this script instead (psql -v ON_ERROR_STOP=1 -f journal-v1.sql) and grant the tool's role
-- SELECT, INSERT on kore_journal_environments and kore_journal_events, and SELECT, INSERT, UPDATE, DELETE on
-- kore_journal_holders. It is safe to run again.
-- One row per environment's journal; each event one row, in order (seq); the holder of a run's lock records itself.

CREATE TABLE IF NOT EXISTS kore_journal_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS kore_journal_environments (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    environment text NOT NULL,
    host text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- entry is the JSON line a file journal would hold for the event.
CREATE TABLE IF NOT EXISTS kore_journal_events (
    environment_id integer NOT NULL REFERENCES kore_journal_environments (id),
    seq bigint NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    entry text NOT NULL,
    PRIMARY KEY (environment_id, seq)
);

-- Who holds an environment's lock, written by the holder right after it takes it. A row counts only while its
-- backend_pid holds the advisory lock (pg_locks): a row left by a run that died names nobody.
CREATE TABLE IF NOT EXISTS kore_journal_holders (
    environment_id integer PRIMARY KEY REFERENCES kore_journal_environments (id),
    backend_pid integer NOT NULL,
    user_name text NOT NULL,
    machine text NOT NULL,
    process_id integer NOT NULL,
    run_url text,
    store text NOT NULL,
    since timestamptz NOT NULL DEFAULT now()
);

INSERT INTO kore_journal_schema (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
