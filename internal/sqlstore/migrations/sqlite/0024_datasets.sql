-- Data for AI systems (A.7.2-A.7.6): data sets, their versions and the
-- results of their quality checks. Keep in step with postgres/0024_datasets.sql.

CREATE TABLE datasets (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    ai_system_id     INTEGER NOT NULL,
    name             TEXT NOT NULL,
    data_use         TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    description      TEXT NOT NULL,
    owner_id         INTEGER REFERENCES users (id),
    source           TEXT NOT NULL,
    acquired_how     TEXT NOT NULL,
    rights           TEXT NOT NULL,
    provenance       TEXT NOT NULL,
    retention        TEXT NOT NULL,
    retention_reason TEXT NOT NULL,
    next_check       DATE,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX datasets_system ON datasets (org_id, ai_system_id, data_use);
CREATE INDEX datasets_use ON datasets (org_id, archived, data_use);
CREATE INDEX datasets_updated ON datasets (org_id, archived, updated_at);
CREATE INDEX datasets_owner ON datasets (owner_id);
CREATE INDEX datasets_next_check ON datasets (org_id, archived, next_check);

-- Versions and quality check results are appended under the data set's
-- version (the data set's row moves on in the same transaction).
CREATE TABLE dataset_versions (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    dataset_id  INTEGER NOT NULL,
    label       TEXT NOT NULL,
    made_on     DATE NOT NULL,
    size        TEXT NOT NULL,
    preparation TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, dataset_id) REFERENCES datasets (org_id, id)
);
CREATE INDEX dataset_versions_dataset ON dataset_versions (org_id, dataset_id, made_on);

CREATE TABLE dataset_checks (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    dataset_id    INTEGER NOT NULL,
    checked_on    DATE NOT NULL,
    valid_until   DATE NOT NULL,
    version_label TEXT NOT NULL,
    requirement   TEXT NOT NULL,
    result        TEXT NOT NULL,
    measured      TEXT NOT NULL,
    threshold     TEXT NOT NULL,
    checked_by_id INTEGER REFERENCES users (id),
    note          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, dataset_id) REFERENCES datasets (org_id, id),
    FOREIGN KEY (org_id, checked_by_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX dataset_checks_dataset ON dataset_checks (org_id, dataset_id, checked_on);
CREATE INDEX dataset_checks_by ON dataset_checks (checked_by_id);

CREATE VIRTUAL TABLE datasets_fts USING fts5(search, content='datasets', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE datasets_fts_prefix USING fts5(search, content='datasets', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER datasets_fts_insert AFTER INSERT ON datasets BEGIN
    INSERT INTO datasets_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO datasets_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER datasets_fts_update AFTER UPDATE OF search ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO datasets_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO datasets_fts_prefix (datasets_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO datasets_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER datasets_fts_delete AFTER DELETE ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO datasets_fts_prefix (datasets_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
