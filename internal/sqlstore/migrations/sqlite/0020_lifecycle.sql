-- AI system life-cycle records (Annex A.6) with their results, and the
-- organization's stage gate.
--
-- A record belongs to one AI system of its organization. Results are rows:
-- the acceptance criteria of a verification (lifecycle_criteria, replaced
-- with the record's write, so they show in its audit diff) and the dated
-- readings of the monitoring (lifecycle_readings, appended one at a time,
-- each attributable to the member who recorded it).
CREATE TABLE lifecycle_records (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    ai_system_id     INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    author_id        INTEGER REFERENCES users (id),
    model_version    TEXT NOT NULL,
    document_id      INTEGER,
    evidence_id      INTEGER,
    audience         TEXT NOT NULL,
    approved_by_id   INTEGER REFERENCES users (id),
    approved_on      DATE,
    conditions       TEXT NOT NULL,
    reading_months   INTEGER NOT NULL,
    last_reading     DATE,
    next_reading     DATE,
    logged           TEXT NOT NULL,
    location         TEXT NOT NULL,
    retention_months INTEGER NOT NULL,
    required_months  INTEGER NOT NULL,
    obligation       TEXT NOT NULL,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    CHECK (approved_by_id IS NULL OR approved_by_id IS NOT author_id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, approved_by_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id),
    FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id)
);
CREATE INDEX lifecycle_records_title ON lifecycle_records (org_id, archived, title);
CREATE INDEX lifecycle_records_kind ON lifecycle_records (org_id, archived, kind, title);
CREATE INDEX lifecycle_records_updated ON lifecycle_records (org_id, archived, updated_at);
CREATE INDEX lifecycle_records_system ON lifecycle_records (org_id, ai_system_id, archived, kind);
CREATE INDEX lifecycle_records_reading ON lifecycle_records (org_id, archived, next_reading);
CREATE INDEX lifecycle_records_author ON lifecycle_records (author_id);
CREATE INDEX lifecycle_records_approver ON lifecycle_records (approved_by_id);
CREATE INDEX lifecycle_records_document ON lifecycle_records (org_id, document_id);
CREATE INDEX lifecycle_records_evidence ON lifecycle_records (org_id, evidence_id);

-- The acceptance criteria of a verification and validation, each with its
-- result: threshold, measured value, pass or fail, when, by whom, against
-- which model version.
CREATE TABLE lifecycle_criteria (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    record_id     INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    criterion     TEXT NOT NULL,
    threshold     TEXT NOT NULL,
    measured      TEXT NOT NULL,
    passed        BOOLEAN NOT NULL,
    measured_on   DATE,
    measured_by   TEXT NOT NULL,
    model_version TEXT NOT NULL,
    PRIMARY KEY (org_id, record_id, position),
    FOREIGN KEY (org_id, record_id) REFERENCES lifecycle_records (org_id, id)
);

-- Monitoring readings over time: kept as written, they are evidence.
CREATE TABLE lifecycle_readings (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    record_id      INTEGER NOT NULL,
    read_on        DATE NOT NULL,
    metric         TEXT NOT NULL,
    value          REAL NOT NULL,
    threshold      TEXT NOT NULL,
    ok             BOOLEAN NOT NULL,
    note           TEXT NOT NULL,
    recorded_by_id INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, record_id) REFERENCES lifecycle_records (org_id, id),
    FOREIGN KEY (org_id, recorded_by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX lifecycle_readings_record ON lifecycle_readings (org_id, record_id, read_on);
CREATE INDEX lifecycle_readings_by ON lifecycle_readings (recorded_by_id);

-- The stage gate: one policy per organization (none: the default policy),
-- versioned like the context statement.
CREATE TABLE lifecycle_gate_policies (
    org_id     INTEGER PRIMARY KEY REFERENCES organizations (id),
    version    INTEGER NOT NULL,
    rules      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Stage moves past the gate: who, when, why, over which missing records.
CREATE TABLE lifecycle_gate_overrides (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    ai_system_id INTEGER NOT NULL,
    from_stage   TEXT NOT NULL,
    stage        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    missing      TEXT NOT NULL,
    by_id        INTEGER NOT NULL REFERENCES users (id),
    designation  TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX lifecycle_gate_overrides_system ON lifecycle_gate_overrides (org_id, ai_system_id, at);
CREATE INDEX lifecycle_gate_overrides_by ON lifecycle_gate_overrides (by_id);

-- Search, as on ai_systems: trigrams for terms of three characters or more,
-- word prefixes for shorter ones, kept in step by triggers.
CREATE VIRTUAL TABLE lifecycle_records_fts USING fts5(search, content='lifecycle_records', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE lifecycle_records_fts_prefix USING fts5(search, content='lifecycle_records', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER lifecycle_records_fts_insert AFTER INSERT ON lifecycle_records BEGIN
    INSERT INTO lifecycle_records_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO lifecycle_records_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER lifecycle_records_fts_update AFTER UPDATE OF search ON lifecycle_records BEGIN
    INSERT INTO lifecycle_records_fts (lifecycle_records_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO lifecycle_records_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO lifecycle_records_fts_prefix (lifecycle_records_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO lifecycle_records_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER lifecycle_records_fts_delete AFTER DELETE ON lifecycle_records BEGIN
    INSERT INTO lifecycle_records_fts (lifecycle_records_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO lifecycle_records_fts_prefix (lifecycle_records_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
