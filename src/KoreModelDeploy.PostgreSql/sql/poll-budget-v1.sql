-- KoreModelDeploy.PostgreSql: the shared Get Dock Status poll budget, schema version 1.
--
-- Run once per database, by a role allowed to create tables (PostgreSqlPollBudgetSchema.CreateAsync runs this same
-- script). It is safe to run again. The role the services use needs SELECT, INSERT, UPDATE and DELETE on
-- kore_poll_budget, and SELECT on kore_schema_version.
--
-- One row per polled job and host: when its next poll may go by the 1-second spacing rule, and by the hourly rule (a
-- generic cell rate algorithm cell with a 4-second interval and a tolerance of an hour less 4 seconds, so at most 1,800
-- polls in any hour). Times are the database's own clock. A row whose hourly time has passed constrains nothing and is
-- swept.

CREATE TABLE IF NOT EXISTS kore_schema_version (
    component text PRIMARY KEY,
    version integer NOT NULL
);

CREATE TABLE IF NOT EXISTS kore_poll_budget (
    host text NOT NULL,
    dock_status_id text NOT NULL,
    next_by_spacing timestamptz NOT NULL,
    next_by_hour timestamptz NOT NULL,
    last_slot timestamptz NOT NULL,
    PRIMARY KEY (host, dock_status_id)
);

CREATE INDEX IF NOT EXISTS kore_poll_budget_idle ON kore_poll_budget (next_by_hour);

INSERT INTO kore_schema_version (component, version) VALUES ('poll_budget', 1)
ON CONFLICT (component) DO NOTHING;
