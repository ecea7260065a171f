-- The Statement of Applicability (6.1.3 d): custom controls, the coded
-- reason of each Annex A control's row, and the approved versions, frozen.
-- Keep in step with postgres/0017_soa.sql.
--
-- Who owns which field of an SoA row (nothing is typed twice):
--   Annex A control: applicability (status 'not-applicable' = excluded),
--     implementation status, justification, owner and evidence links are
--     the gap analysis's (gap_entries, gap_links); soa_entries keeps only the
--     coded reason.
--   Custom control: every field is the custom control's own (custom_controls).

CREATE TABLE custom_controls (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    number        INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    objective     TEXT NOT NULL,
    owner_id      INTEGER REFERENCES users (id),
    applicable    BOOLEAN NOT NULL,
    reason        TEXT NOT NULL,
    justification TEXT NOT NULL,
    status        TEXT NOT NULL,
    search        TEXT NOT NULL,
    archived      BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX custom_controls_number ON custom_controls (org_id, archived, number);
CREATE INDEX custom_controls_title ON custom_controls (org_id, archived, title);
CREATE INDEX custom_controls_status ON custom_controls (org_id, archived, status);
CREATE INDEX custom_controls_updated ON custom_controls (org_id, archived, updated_at);
CREATE INDEX custom_controls_owner ON custom_controls (owner_id);

CREATE VIRTUAL TABLE custom_controls_fts USING fts5(search, content='custom_controls', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE custom_controls_fts_prefix USING fts5(search, content='custom_controls', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER custom_controls_fts_insert AFTER INSERT ON custom_controls BEGIN
    INSERT INTO custom_controls_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO custom_controls_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER custom_controls_fts_update AFTER UPDATE OF search ON custom_controls BEGIN
    INSERT INTO custom_controls_fts (custom_controls_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO custom_controls_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO custom_controls_fts_prefix (custom_controls_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO custom_controls_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER custom_controls_fts_delete AFTER DELETE ON custom_controls BEGIN
    INSERT INTO custom_controls_fts (custom_controls_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO custom_controls_fts_prefix (custom_controls_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The Annex A controls a custom control supplements (catalog IDs, checked
-- against the catalog by the web layer).
CREATE TABLE custom_control_supplements (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    control_id INTEGER NOT NULL,
    annex_ref  TEXT NOT NULL,
    PRIMARY KEY (org_id, control_id, annex_ref),
    FOREIGN KEY (org_id, control_id) REFERENCES custom_controls (org_id, id)
);
CREATE INDEX custom_control_supplements_ref ON custom_control_supplements (org_id, annex_ref);

-- The coded reason of an Annex A control's SoA row; the rest of the row is
-- the control's gap entry. Written like a gap entry: the first save
-- INSERT ... ON CONFLICT DO NOTHING at version 1, later ones versioned.
CREATE TABLE soa_entries (
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    control_ref TEXT NOT NULL,
    version     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (org_id, control_ref)
);

-- An approved version of the SoA: numbered per organization, with who
-- approved it under which designation, and a copy of every row as it was.
CREATE TABLE soa_versions (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES organizations (id),
    number               INTEGER NOT NULL,
    row_count            INTEGER NOT NULL,
    approver_id          INTEGER REFERENCES users (id),
    approver_name        TEXT NOT NULL,
    designation_ref      TEXT NOT NULL,
    designation_position TEXT NOT NULL,
    designation_body     TEXT NOT NULL,
    approved_on          DATE NOT NULL,
    approved_at          TIMESTAMP NOT NULL,
    note                 TEXT NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, approver_id) REFERENCES memberships (org_id, user_id)
);

CREATE TABLE soa_version_rows (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    version_id    INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    control_ref   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    applicable    BOOLEAN NOT NULL,
    reason        TEXT NOT NULL,
    justification TEXT NOT NULL,
    status        TEXT NOT NULL,
    owner_name    TEXT NOT NULL,
    risks         TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    PRIMARY KEY (org_id, version_id, position),
    FOREIGN KEY (org_id, version_id) REFERENCES soa_versions (org_id, id)
);

-- Frozen: an approved version and its rows never change and are never
-- deleted; rows are added only while the version has fewer than it was
-- approved with (in the approving transaction).
CREATE TRIGGER soa_versions_frozen_update BEFORE UPDATE ON soa_versions BEGIN
    SELECT RAISE(ABORT, 'SoA version is frozen: an approved version cannot change');
END;
CREATE TRIGGER soa_versions_frozen_delete BEFORE DELETE ON soa_versions BEGIN
    SELECT RAISE(ABORT, 'SoA version is frozen: an approved version is kept');
END;
CREATE TRIGGER soa_version_rows_frozen_update BEFORE UPDATE ON soa_version_rows BEGIN
    SELECT RAISE(ABORT, 'SoA version is frozen: an approved version cannot change');
END;
CREATE TRIGGER soa_version_rows_frozen_delete BEFORE DELETE ON soa_version_rows BEGIN
    SELECT RAISE(ABORT, 'SoA version is frozen: an approved version is kept');
END;
CREATE TRIGGER soa_version_rows_frozen_insert BEFORE INSERT ON soa_version_rows
WHEN (SELECT count(*) FROM soa_version_rows r WHERE r.org_id = new.org_id AND r.version_id = new.version_id) >=
     (SELECT v.row_count FROM soa_versions v WHERE v.org_id = new.org_id AND v.id = new.version_id)
BEGIN
    SELECT RAISE(ABORT, 'SoA version is frozen: an approved version cannot gain rows');
END;
