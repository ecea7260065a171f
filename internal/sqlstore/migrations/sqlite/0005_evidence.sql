-- Evidence (clause 7.5): files kept in the database, content-addressed by
-- SHA-256 per organization, and links; attachments to the records they
-- support. Keep in step with postgres/0005_evidence.sql.
--
-- A file's content lives in evidence_chunks, 1 MiB a row, under its hash,
-- so every replica of a PostgreSQL installation reads the same files and
-- a database backup holds them. Two uploads of the same content in one
-- organization share one copy; organizations never share content, so no
-- upload can tell whether another organization holds a file.
CREATE TABLE evidence_blobs (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    chunks     INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, sha256)
);

CREATE TABLE evidence_chunks (
    org_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (org_id, sha256, seq),
    FOREIGN KEY (org_id, sha256) REFERENCES evidence_blobs (org_id, sha256)
);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    number       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    url          TEXT NOT NULL,
    valid_until  DATE,
    uploaded_by  INTEGER,
    search       TEXT NOT NULL,
    archived     BOOLEAN NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, sha256) REFERENCES evidence_blobs (org_id, sha256),
    FOREIGN KEY (org_id, uploaded_by) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX evidence_title ON evidence (org_id, archived, title);
CREATE INDEX evidence_valid ON evidence (org_id, archived, valid_until);
CREATE INDEX evidence_type ON evidence (org_id, archived, content_type);
CREATE INDEX evidence_updated ON evidence (org_id, archived, updated_at);
CREATE INDEX evidence_sha256 ON evidence (org_id, sha256);
CREATE INDEX evidence_uploaded_by ON evidence (uploaded_by);

CREATE VIRTUAL TABLE evidence_fts USING fts5(search, content='evidence', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE evidence_fts_prefix USING fts5(search, content='evidence', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO evidence_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER evidence_fts_update AFTER UPDATE OF search ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO evidence_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO evidence_fts_prefix (evidence_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO evidence_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO evidence_fts_prefix (evidence_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Evidence supports records of any register: the register's key and the
-- record's ID (an AI system's ID, a requirement's ID for the gap analysis).
-- The store checks that the record is the organization's before linking.
CREATE TABLE evidence_attachments (
    org_id      INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL,
    register    TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    attached_by INTEGER,
    attached_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, evidence_id, register, record_id),
    FOREIGN KEY (org_id, evidence_id) REFERENCES evidence (org_id, id),
    FOREIGN KEY (org_id, attached_by) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX evidence_attachments_record ON evidence_attachments (org_id, register, record_id);
CREATE INDEX evidence_attachments_by ON evidence_attachments (attached_by);
