-- Consent to join an organization, links that stay inside their
-- organization, token expiry and scope, the security log, the audit key and
-- search by word prefix. Keep in step with postgres/0002_hardening.sql.
--
-- SQLite cannot add a constraint to a table, so the tables that gain a
-- composite foreign key are rebuilt: create the new shape, copy, drop the
-- old one, rename. The migration runner turns foreign keys off around the
-- migration and checks every key with PRAGMA foreign_key_check before it
-- commits, which is SQLite's documented way to change a table's shape.
-- New columns go last, where PostgreSQL's ADD COLUMN puts them.

-- A membership is pending until the person accepts it: accepted_at stays
-- NULL until then, and invited_name is the name the inviting admin typed,
-- shown instead of the account's own name until the person has consented.
-- Memberships of accounts that never set a password stay pending, so
-- their organization can send a new link, and nobody else can claim them.
ALTER TABLE memberships ADD COLUMN accepted_at TIMESTAMP;
ALTER TABLE memberships ADD COLUMN invited_name TEXT NOT NULL DEFAULT '';
UPDATE memberships SET accepted_at = created_at
    WHERE user_id IN (SELECT id FROM users WHERE password_hash <> '');

CREATE TABLE invitations_new (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    voided_at  TIMESTAMP,
    sets_password BOOLEAN NOT NULL DEFAULT FALSE,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
INSERT INTO invitations_new (id, org_id, user_id, token_hash, created_at, expires_at, used_at)
    SELECT id, org_id, user_id, token_hash, created_at, expires_at, used_at FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;
CREATE INDEX invitations_user ON invitations (user_id);
-- Only the invitation that created an account may set its password: the
-- first one of an account that has none.
UPDATE invitations SET sets_password = TRUE WHERE id IN (SELECT min(i.id) FROM invitations i
    JOIN users u ON u.id = i.user_id WHERE u.password_hash = '' GROUP BY i.user_id);

CREATE TABLE sessions_new (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
INSERT INTO sessions_new SELECT * FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

-- Tokens may end on a date and may be limited to reading.
CREATE TABLE api_tokens_new (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    expires_on   DATE,
    read_only    BOOLEAN NOT NULL DEFAULT FALSE,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
INSERT INTO api_tokens_new (id, org_id, user_id, label, prefix, token_hash, created_at, last_used_at, revoked_at)
    SELECT id, org_id, user_id, label, prefix, token_hash, created_at, last_used_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_org ON api_tokens (org_id, user_id);

-- An AI system's owner is a member of the same organization, and records
-- of the organization link to it by (org_id, id).
CREATE TABLE ai_systems_new (
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
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
INSERT INTO ai_systems_new SELECT * FROM ai_systems;
DROP TABLE ai_systems;
ALTER TABLE ai_systems_new RENAME TO ai_systems;
CREATE INDEX ai_systems_name ON ai_systems (org_id, archived, name);
CREATE INDEX ai_systems_class ON ai_systems (org_id, archived, risk_class, in_scope, next_review);
CREATE INDEX ai_systems_lifecycle ON ai_systems (org_id, archived, lifecycle);
CREATE INDEX ai_systems_review ON ai_systems (org_id, archived, next_review);
CREATE INDEX ai_systems_owner ON ai_systems (owner_id);

-- Search: the trigram table (from 0001) finds terms of three characters
-- or more anywhere; this word table finds shorter terms as the start of a
-- word, through its one- and two-character prefix indexes, so no search
-- scans the table. Both follow every write through the triggers.
CREATE VIRTUAL TABLE ai_systems_fts_prefix USING fts5(search, content='ai_systems', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
INSERT INTO ai_systems_fts_prefix (ai_systems_fts_prefix) VALUES ('rebuild');
CREATE TRIGGER ai_systems_fts_insert AFTER INSERT ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_systems_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_systems_fts_update AFTER UPDATE OF search ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (ai_systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_systems_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_systems_fts_prefix (ai_systems_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_systems_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_systems_fts_delete AFTER DELETE ON ai_systems BEGIN
    INSERT INTO ai_systems_fts (ai_systems_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_systems_fts_prefix (ai_systems_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

CREATE TABLE gap_entries_new (
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
    PRIMARY KEY (org_id, requirement_id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
INSERT INTO gap_entries_new SELECT * FROM gap_entries;

-- A gap entry's link to an AI system points into the entry's own
-- organization.
CREATE TABLE gap_links_new (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL,
    requirement_id TEXT NOT NULL,
    position       INTEGER NOT NULL,
    ai_system_id   INTEGER REFERENCES ai_systems (id),
    url            TEXT NOT NULL,
    title          TEXT NOT NULL,
    FOREIGN KEY (org_id, requirement_id) REFERENCES gap_entries (org_id, requirement_id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);
INSERT INTO gap_links_new SELECT * FROM gap_links;
DROP TABLE gap_links;
DROP TABLE gap_entries;
ALTER TABLE gap_entries_new RENAME TO gap_entries;
ALTER TABLE gap_links_new RENAME TO gap_links;
CREATE INDEX gap_links_entry ON gap_links (org_id, requirement_id, position);
CREATE INDEX gap_links_ai_system ON gap_links (ai_system_id);

-- One counter per register, named as the audit trail names the register.
UPDATE ref_counters SET kind = 'ai-systems' WHERE kind = 'ai-system';

-- Sign-ins, failed sign-ins, sign-outs and token changes: the security log
-- beside the audit chain. An event about an account is written once for
-- each organization the account belongs to (org_id set), so each
-- organization's admins read their own rows; a failed sign-in for an
-- unknown address has no organization and no user.
CREATE TABLE security_events (
    id      INTEGER PRIMARY KEY,
    at      TIMESTAMP NOT NULL,
    org_id  INTEGER REFERENCES organizations (id),
    user_id INTEGER REFERENCES users (id),
    kind    TEXT NOT NULL,
    actor   TEXT NOT NULL,
    ip      TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX security_events_org ON security_events (org_id, id);

-- The fingerprint of the key the audit chains are sealed with. The key
-- itself never enters the database; this row lets aims refuse to write
-- with a different key, which would break every chain.
CREATE TABLE audit_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    key_id     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
