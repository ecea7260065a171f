-- Organizations, people, sign-in, the audit trail, the AI system inventory
-- and the gap analysis. Keep in step with postgres/0001_foundation.sql: the
-- parity test compares tables, columns and indexes of both.

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL,
    active       BOOLEAN NOT NULL,
    access_until DATE,
    version      INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, user_id);

-- One row per organization: the head of its audit hash chain. Every write
-- updates it in the write's transaction, which orders the organization's
-- writes and keeps the chain from forking, on one machine or many.
CREATE TABLE audit_heads (
    org_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL
);

CREATE TABLE audit_events (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES organizations (id),
    seq       INTEGER NOT NULL,
    at        TIMESTAMP NOT NULL,
    actor_id  INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    register  TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    changes   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    UNIQUE (org_id, seq)
);
CREATE INDEX audit_events_record ON audit_events (org_id, register, record_id, seq);

-- Readable references (AIS-7) are numbered per organization and register.
CREATE TABLE ref_counters (
    org_id INTEGER NOT NULL REFERENCES organizations (id),
    kind   TEXT NOT NULL,
    next   INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind)
);

CREATE TABLE ai_systems (
    id                     INTEGER PRIMARY KEY,
    org_id                 INTEGER NOT NULL REFERENCES organizations (id),
    number                 INTEGER NOT NULL,
    version                INTEGER NOT NULL,
    name                   TEXT NOT NULL,
    purpose                TEXT NOT NULL,
    intended_use           TEXT NOT NULL,
    foreseeable_misuse     TEXT NOT NULL,
    owner_id               INTEGER REFERENCES users (id),
    lifecycle              TEXT NOT NULL,
    roles                  TEXT NOT NULL,
    autonomy               TEXT NOT NULL,
    human_oversight        TEXT NOT NULL,
    data_resources         TEXT NOT NULL,
    models                 TEXT NOT NULL,
    tooling                TEXT NOT NULL,
    compute                TEXT NOT NULL,
    third_party            TEXT NOT NULL,
    in_scope               BOOLEAN NOT NULL,
    review_interval_months INTEGER NOT NULL,
    last_reviewed          DATE,
    next_review            DATE,
    eu_ai_act              TEXT NOT NULL,
    risk_class             TEXT NOT NULL,
    search                 TEXT NOT NULL,
    archived               BOOLEAN NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    UNIQUE (org_id, number)
);
-- The list's default order and its count read only this index; the class
-- index also answers the home page's summary without touching the table.
CREATE INDEX ai_systems_name ON ai_systems (org_id, archived, name);
CREATE INDEX ai_systems_class ON ai_systems (org_id, archived, risk_class, in_scope, next_review);
CREATE INDEX ai_systems_lifecycle ON ai_systems (org_id, archived, lifecycle);
CREATE INDEX ai_systems_review ON ai_systems (org_id, archived, next_review);
CREATE INDEX ai_systems_owner ON ai_systems (owner_id);

-- Free-text search: a trigram index over the search column finds any
-- substring of three or more characters without scanning the table. The
-- triggers keep it in step with every write. (PostgreSQL uses pg_trgm.)
CREATE VIRTUAL TABLE ai_systems_fts USING fts5(search, content='ai_systems', content_rowid='id', tokenize='trigram');
CREATE TRIGGER ai_systems_fts_insert AFTER INSERT ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_systems_fts_update AFTER UPDATE OF search ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (ai_systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_systems_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_systems_fts_delete AFTER DELETE ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (ai_systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;

CREATE TABLE gap_entries (
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    requirement_id TEXT NOT NULL,
    status         TEXT NOT NULL,
    justification  TEXT NOT NULL,
    owner_id       INTEGER REFERENCES users (id),
    target_date    DATE,
    notes          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (org_id, requirement_id)
);

CREATE TABLE gap_links (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL,
    requirement_id TEXT NOT NULL,
    position       INTEGER NOT NULL,
    ai_system_id   INTEGER REFERENCES ai_systems (id),
    url            TEXT NOT NULL,
    title          TEXT NOT NULL,
    FOREIGN KEY (org_id, requirement_id) REFERENCES gap_entries (org_id, requirement_id)
);
CREATE INDEX gap_links_entry ON gap_links (org_id, requirement_id, position);
CREATE INDEX gap_links_ai_system ON gap_links (ai_system_id);
