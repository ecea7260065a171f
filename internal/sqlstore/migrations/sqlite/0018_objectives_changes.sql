-- AI objectives (6.2) and objectives for responsible use (A.9.3), typed
-- apart by kind, with their dated readings; change requests to the AIMS
-- (6.3) and to AI systems (8.1). Keep in step with
-- postgres/0018_objectives_changes.sql.

CREATE TABLE objectives (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    measure          TEXT NOT NULL,
    direction        TEXT NOT NULL,
    target_value     REAL NOT NULL,
    target_unit      TEXT NOT NULL,
    plan             TEXT NOT NULL,
    resources        TEXT NOT NULL,
    owner_id         INTEGER REFERENCES users (id),
    target_date      DATE,
    evaluation       TEXT NOT NULL,
    next_measurement DATE,
    policy_id        INTEGER,
    status           TEXT NOT NULL,
    last_value       REAL NOT NULL,
    last_measured    DATE,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, policy_id) REFERENCES documents (org_id, id)
);
CREATE INDEX objectives_title ON objectives (org_id, archived, title);
CREATE INDEX objectives_kind ON objectives (org_id, archived, kind, title);
CREATE INDEX objectives_status ON objectives (org_id, archived, status);
CREATE INDEX objectives_target ON objectives (org_id, archived, target_date);
CREATE INDEX objectives_next ON objectives (org_id, archived, next_measurement);
CREATE INDEX objectives_owner ON objectives (owner_id);
CREATE INDEX objectives_policy ON objectives (org_id, policy_id);

CREATE VIRTUAL TABLE objectives_fts USING fts5(search, content='objectives', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE objectives_fts_prefix USING fts5(search, content='objectives', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER objectives_fts_insert AFTER INSERT ON objectives BEGIN
    INSERT INTO objectives_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO objectives_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER objectives_fts_update AFTER UPDATE OF search ON objectives BEGIN
    INSERT INTO objectives_fts (objectives_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO objectives_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO objectives_fts_prefix (objectives_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO objectives_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER objectives_fts_delete AFTER DELETE ON objectives BEGIN
    INSERT INTO objectives_fts (objectives_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO objectives_fts_prefix (objectives_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The AI systems an objective concerns, within its organization.
CREATE TABLE objective_systems (
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    objective_id INTEGER NOT NULL,
    ai_system_id INTEGER NOT NULL,
    PRIMARY KEY (org_id, objective_id, ai_system_id),
    FOREIGN KEY (org_id, objective_id) REFERENCES objectives (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);
CREATE INDEX objective_systems_system ON objective_systems (org_id, ai_system_id);

-- Readings of an objective's measure: appended, never changed.
CREATE TABLE objective_measurements (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    objective_id INTEGER NOT NULL,
    measured_on  DATE NOT NULL,
    value        REAL NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL,
    by_id        INTEGER REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, objective_id) REFERENCES objectives (org_id, id),
    FOREIGN KEY (org_id, by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX objective_measurements_objective ON objective_measurements (org_id, objective_id, measured_on);

-- Change requests. The workflow's columns (status onwards) are written by
-- its steps only; an AIMS change has no AI system.
CREATE TABLE change_requests (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organizations (id),
    number              INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    title               TEXT NOT NULL,
    subject             TEXT NOT NULL,
    ai_system_id        INTEGER,
    description         TEXT NOT NULL,
    reason              TEXT NOT NULL,
    impact_affects      TEXT NOT NULL,
    impact_consequences TEXT NOT NULL,
    impact_resources    TEXT NOT NULL,
    significant         BOOLEAN NOT NULL,
    owner_id            INTEGER REFERENCES users (id),
    planned_on          DATE,
    status              TEXT NOT NULL,
    requested_by        INTEGER REFERENCES users (id),
    requested_on        DATE NOT NULL,
    decided_by          INTEGER REFERENCES users (id),
    decided_on          DATE,
    conditions          TEXT NOT NULL,
    reassess_by         DATE,
    implemented_by      INTEGER REFERENCES users (id),
    implemented_on      DATE,
    implementation_note TEXT NOT NULL,
    closed_by           INTEGER REFERENCES users (id),
    closed_on           DATE,
    outcome_review      TEXT NOT NULL,
    reassessed_by       INTEGER REFERENCES users (id),
    reassessed_on       DATE,
    reassessment_note   TEXT NOT NULL,
    search              TEXT NOT NULL,
    archived            BOOLEAN NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, requested_by) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, decided_by) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, implemented_by) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, closed_by) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, reassessed_by) REFERENCES memberships (org_id, user_id),
    CHECK ((subject = 'ai-system') = (ai_system_id IS NOT NULL)),
    CHECK (decided_by IS NULL OR requested_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX change_requests_title ON change_requests (org_id, archived, title);
CREATE INDEX change_requests_status ON change_requests (org_id, archived, status, requested_on, id);
CREATE INDEX change_requests_requested ON change_requests (org_id, archived, requested_on, id);
CREATE INDEX change_requests_planned ON change_requests (org_id, archived, planned_on);
CREATE INDEX change_requests_system ON change_requests (org_id, ai_system_id);
CREATE INDEX change_requests_owner ON change_requests (owner_id);

CREATE VIRTUAL TABLE change_requests_fts USING fts5(search, content='change_requests', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE change_requests_fts_prefix USING fts5(search, content='change_requests', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER change_requests_fts_insert AFTER INSERT ON change_requests BEGIN
    INSERT INTO change_requests_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO change_requests_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER change_requests_fts_update AFTER UPDATE OF search ON change_requests BEGIN
    INSERT INTO change_requests_fts (change_requests_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO change_requests_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO change_requests_fts_prefix (change_requests_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO change_requests_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER change_requests_fts_delete AFTER DELETE ON change_requests BEGIN
    INSERT INTO change_requests_fts (change_requests_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO change_requests_fts_prefix (change_requests_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
