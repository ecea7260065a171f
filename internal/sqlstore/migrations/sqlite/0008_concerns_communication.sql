-- Concerns about the organization's AI (Annex A.3.3) and the communication
-- plan with its log (clause 7.4).
--
-- A concern may be anonymous and is never linked to an account: the
-- reporter's name and contact are plain text. A reporter who used the
-- public form holds a follow-up code; only its SHA-256 is kept
-- (followup_hash), unique within the organization.
CREATE TABLE concerns (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    received_on      DATE NOT NULL,
    channel          TEXT NOT NULL,
    reporter_name    TEXT NOT NULL,
    reporter_contact TEXT NOT NULL,
    ai_system_id     INTEGER,
    category         TEXT NOT NULL,
    summary          TEXT NOT NULL,
    description      TEXT NOT NULL,
    status           TEXT NOT NULL,
    severity         TEXT NOT NULL,
    owner_id         INTEGER REFERENCES users (id),
    response_due     DATE,
    resolution       TEXT NOT NULL,
    answer           TEXT NOT NULL,
    closed_on        DATE,
    followup_hash    TEXT,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    UNIQUE (org_id, followup_hash),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX concerns_received ON concerns (org_id, archived, received_on);
CREATE INDEX concerns_status ON concerns (org_id, archived, status, response_due);
CREATE INDEX concerns_severity ON concerns (org_id, archived, severity);
-- The overdue filter reads this index alone: due date, status and the
-- default order's column.
CREATE INDEX concerns_due ON concerns (org_id, archived, response_due, status, received_on);
CREATE INDEX concerns_updated ON concerns (org_id, archived, updated_at);
CREATE INDEX concerns_system ON concerns (org_id, ai_system_id);
CREATE INDEX concerns_owner ON concerns (owner_id);
-- The public form's daily ceiling counts this index under the
-- organization's lock.
CREATE INDEX concerns_public ON concerns (org_id, channel, created_at);

-- An organization's public reporting page: /report/{public_key}. The key
-- is kept as it is, since the admin publishes the address on the
-- organization's website and must be able to read it again; it is not a
-- credential, only what keeps the page from being found by guessing.
CREATE TABLE concern_channels (
    org_id     INTEGER PRIMARY KEY REFERENCES organizations (id),
    public_key TEXT NOT NULL UNIQUE,
    enabled    BOOLEAN NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The communication plan (7.4): what, when, with whom, how, who.
CREATE TABLE communications (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    subject          TEXT NOT NULL,
    content          TEXT NOT NULL,
    audience         TEXT NOT NULL,
    audience_detail  TEXT NOT NULL,
    frequency        TEXT NOT NULL,
    next_due         DATE,
    channel          TEXT NOT NULL,
    owner_id         INTEGER REFERENCES users (id),
    interested_party TEXT NOT NULL,
    last_sent        DATE,
    sends            INTEGER NOT NULL,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX communications_subject ON communications (org_id, archived, subject);
CREATE INDEX communications_due ON communications (org_id, archived, next_due);
CREATE INDEX communications_audience ON communications (org_id, archived, audience, frequency);
CREATE INDEX communications_updated ON communications (org_id, archived, updated_at);
CREATE INDEX communications_owner ON communications (owner_id);

-- The log of what was sent under each plan item. Entries are kept as
-- written: the log is evidence.
CREATE TABLE communication_sends (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    communication_id INTEGER NOT NULL,
    sent_on          DATE NOT NULL,
    what             TEXT NOT NULL,
    recipients       TEXT NOT NULL,
    sent_by_id       INTEGER REFERENCES users (id),
    link             TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, communication_id) REFERENCES communications (org_id, id),
    FOREIGN KEY (org_id, sent_by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX communication_sends_plan ON communication_sends (org_id, communication_id, sent_on);
CREATE INDEX communication_sends_by ON communication_sends (sent_by_id);

-- Search on concerns, as on ai_systems: trigrams for terms of three characters
-- or more, word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE concerns_fts USING fts5(search, content='concerns', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE concerns_fts_prefix USING fts5(search, content='concerns', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER concerns_fts_insert AFTER INSERT ON concerns BEGIN
    INSERT INTO concerns_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO concerns_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER concerns_fts_update AFTER UPDATE OF search ON concerns BEGIN
    INSERT INTO concerns_fts (concerns_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO concerns_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO concerns_fts_prefix (concerns_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO concerns_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER concerns_fts_delete AFTER DELETE ON concerns BEGIN
    INSERT INTO concerns_fts (concerns_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO concerns_fts_prefix (concerns_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Search on communications, as on ai_systems: trigrams for terms of three characters
-- or more, word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE communications_fts USING fts5(search, content='communications', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE communications_fts_prefix USING fts5(search, content='communications', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER communications_fts_insert AFTER INSERT ON communications BEGIN
    INSERT INTO communications_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO communications_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER communications_fts_update AFTER UPDATE OF search ON communications BEGIN
    INSERT INTO communications_fts (communications_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO communications_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO communications_fts_prefix (communications_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO communications_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER communications_fts_delete AFTER DELETE ON communications BEGIN
    INSERT INTO communications_fts (communications_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO communications_fts_prefix (communications_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
