-- AI incidents and information for interested parties (A.8.2-A.8.5).

-- The plan for communicating incidents (A.8.4): who is informed of which
-- kind of incident, how, within what time and by whom.
CREATE TABLE incident_plans (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    number         INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    incident_kind  TEXT NOT NULL,
    min_severity   TEXT NOT NULL,
    audience       TEXT NOT NULL,
    channel        TEXT NOT NULL,
    within_hours   INTEGER NOT NULL,
    responsible_id INTEGER REFERENCES users (id),
    document_id    INTEGER,
    notes          TEXT NOT NULL,
    search         TEXT NOT NULL,
    archived       BOOLEAN NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, responsible_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id)
);
CREATE INDEX incident_plans_kind ON incident_plans (org_id, archived, incident_kind);
CREATE INDEX incident_plans_within ON incident_plans (org_id, archived, within_hours);
CREATE INDEX incident_plans_updated ON incident_plans (org_id, archived, updated_at);
CREATE INDEX incident_plans_responsible ON incident_plans (responsible_id);
CREATE INDEX incident_plans_document ON incident_plans (org_id, document_id);

-- AI incidents. report_due is the EU AI Act Art. 73 deadline, derived
-- from aware_on and serious_kind when written. A nonconformity (clause
-- 10.2) raised from an incident points here with its own composite key
-- (org_id, incident_id) REFERENCES ai_incidents (org_id, id).
CREATE TABLE ai_incidents (
    id                    INTEGER PRIMARY KEY,
    org_id                INTEGER NOT NULL REFERENCES organizations (id),
    number                INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    ai_system_id          INTEGER,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL,
    detected_at           TIMESTAMP NOT NULL,
    reported_by           TEXT NOT NULL,
    severity              TEXT NOT NULL,
    harm_category         TEXT NOT NULL,
    people_affected       INTEGER NOT NULL,
    affected_description  TEXT NOT NULL,
    status                TEXT NOT NULL,
    contained_on          DATE,
    resolved_on           DATE,
    closed_on             DATE,
    root_cause            TEXT NOT NULL,
    actions               TEXT NOT NULL,
    owner_id              INTEGER REFERENCES users (id),
    serious               BOOLEAN NOT NULL,
    serious_kind          TEXT NOT NULL,
    aware_on              DATE,
    report_due            DATE,
    authority_reported_on DATE,
    authority_reference   TEXT NOT NULL,
    messages              INTEGER NOT NULL,
    search                TEXT NOT NULL,
    archived              BOOLEAN NOT NULL,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX ai_incidents_detected ON ai_incidents (org_id, archived, detected_at);
CREATE INDEX ai_incidents_title ON ai_incidents (org_id, archived, title);
CREATE INDEX ai_incidents_status ON ai_incidents (org_id, archived, status);
CREATE INDEX ai_incidents_due ON ai_incidents (org_id, archived, report_due);
CREATE INDEX ai_incidents_updated ON ai_incidents (org_id, archived, updated_at);
CREATE INDEX ai_incidents_system ON ai_incidents (org_id, ai_system_id, detected_at);
CREATE INDEX ai_incidents_owner ON ai_incidents (owner_id);

-- What was communicated about an incident, to whom, when, how and by whom.
-- Entries are kept as written: the log is evidence.
CREATE TABLE ai_incident_messages (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    incident_id INTEGER NOT NULL,
    sent_on     DATE NOT NULL,
    recipients  TEXT NOT NULL,
    what        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    sent_by_id  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, incident_id) REFERENCES ai_incidents (org_id, id),
    FOREIGN KEY (org_id, sent_by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX ai_incident_messages_incident ON ai_incident_messages (org_id, incident_id, sent_on);
CREATE INDEX ai_incident_messages_by ON ai_incident_messages (sent_by_id);

-- Information for interested parties: for users (A.8.2), the means to
-- report adverse impacts (A.8.3) and reporting obligations (A.8.5).
CREATE TABLE ai_information (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    number        INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    ai_system_id  INTEGER,
    title         TEXT NOT NULL,
    details       TEXT NOT NULL,
    audience      TEXT NOT NULL,
    channel       TEXT NOT NULL,
    document_id   INTEGER,
    link          TEXT NOT NULL,
    public_page   BOOLEAN NOT NULL,
    frequency     TEXT NOT NULL,
    next_due      DATE,
    last_done     DATE,
    last_reviewed DATE,
    owner_id      INTEGER REFERENCES users (id),
    search        TEXT NOT NULL,
    archived      BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX ai_information_title ON ai_information (org_id, archived, title);
CREATE INDEX ai_information_kind ON ai_information (org_id, archived, kind);
CREATE INDEX ai_information_due ON ai_information (org_id, archived, next_due);
CREATE INDEX ai_information_updated ON ai_information (org_id, archived, updated_at);
CREATE INDEX ai_information_system ON ai_information (org_id, ai_system_id);
CREATE INDEX ai_information_document ON ai_information (org_id, document_id);
CREATE INDEX ai_information_owner ON ai_information (owner_id);

-- Search on incident_plans, as on ai_systems: trigrams for terms of three characters
-- or more, word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE incident_plans_fts USING fts5(search, content='incident_plans', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE incident_plans_fts_prefix USING fts5(search, content='incident_plans', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER incident_plans_fts_insert AFTER INSERT ON incident_plans BEGIN
    INSERT INTO incident_plans_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO incident_plans_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_plans_fts_update AFTER UPDATE OF search ON incident_plans BEGIN
    INSERT INTO incident_plans_fts (incident_plans_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO incident_plans_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO incident_plans_fts_prefix (incident_plans_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO incident_plans_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER incident_plans_fts_delete AFTER DELETE ON incident_plans BEGIN
    INSERT INTO incident_plans_fts (incident_plans_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO incident_plans_fts_prefix (incident_plans_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Search on ai_incidents, as on ai_systems: trigrams for terms of three characters
-- or more, word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE ai_incidents_fts USING fts5(search, content='ai_incidents', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE ai_incidents_fts_prefix USING fts5(search, content='ai_incidents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER ai_incidents_fts_insert AFTER INSERT ON ai_incidents BEGIN
    INSERT INTO ai_incidents_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_incidents_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_incidents_fts_update AFTER UPDATE OF search ON ai_incidents BEGIN
    INSERT INTO ai_incidents_fts (ai_incidents_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_incidents_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_incidents_fts_prefix (ai_incidents_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_incidents_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_incidents_fts_delete AFTER DELETE ON ai_incidents BEGIN
    INSERT INTO ai_incidents_fts (ai_incidents_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_incidents_fts_prefix (ai_incidents_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Search on ai_information, as on ai_systems: trigrams for terms of three characters
-- or more, word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE ai_information_fts USING fts5(search, content='ai_information', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE ai_information_fts_prefix USING fts5(search, content='ai_information', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER ai_information_fts_insert AFTER INSERT ON ai_information BEGIN
    INSERT INTO ai_information_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_information_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_information_fts_update AFTER UPDATE OF search ON ai_information BEGIN
    INSERT INTO ai_information_fts (ai_information_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_information_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_information_fts_prefix (ai_information_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_information_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_information_fts_delete AFTER DELETE ON ai_information BEGIN
    INSERT INTO ai_information_fts (ai_information_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_information_fts_prefix (ai_information_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
