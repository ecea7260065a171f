-- Controlled documents (7.5): policies, procedures, plans, records and
-- documents of external origin, each with numbered versions that move
-- draft -> in review -> approved -> superseded. The document row keeps its
-- latest version's state and its approval's date, for the list's filters.
CREATE TABLE documents (
    id                     INTEGER PRIMARY KEY,
    org_id                 INTEGER NOT NULL REFERENCES organizations (id),
    number                 INTEGER NOT NULL,
    version                INTEGER NOT NULL,
    title                  TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    origin                 TEXT NOT NULL,
    issuer                 TEXT NOT NULL,
    external_ref           TEXT NOT NULL,
    owner_id               INTEGER REFERENCES users (id),
    review_interval_months INTEGER NOT NULL,
    related_policies       TEXT NOT NULL,
    state                  TEXT NOT NULL,
    current_number         INTEGER NOT NULL,
    approved_number        INTEGER NOT NULL,
    approved_on            DATE,
    next_review            DATE,
    search                 TEXT NOT NULL,
    archived               BOOLEAN NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX documents_title ON documents (org_id, archived, title);
CREATE INDEX documents_kind ON documents (org_id, archived, kind, state);
CREATE INDEX documents_state ON documents (org_id, archived, state);
CREATE INDEX documents_review ON documents (org_id, archived, next_review);
CREATE INDEX documents_owner ON documents (owner_id);

CREATE VIRTUAL TABLE documents_fts USING fts5(search, content='documents', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE documents_fts_prefix USING fts5(search, content='documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO documents_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF search ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO documents_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO documents_fts_prefix (documents_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO documents_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO documents_fts_prefix (documents_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- One row per version. At most one open (draft or in review) and at most
-- one approved version per document hold in the indexes below, whatever
-- writers race. The approval names who gave it and, for approvals reserved
-- to top management, the designation it rested on.
CREATE TABLE document_versions (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES organizations (id),
    document_id          INTEGER NOT NULL,
    number               INTEGER NOT NULL,
    version              INTEGER NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('draft', 'in-review', 'approved', 'superseded')),
    content              TEXT NOT NULL,
    change_summary       TEXT NOT NULL,
    commitments          TEXT NOT NULL,
    author_id            INTEGER REFERENCES users (id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    submitted_at         TIMESTAMP,
    return_note          TEXT NOT NULL,
    approver_id          INTEGER REFERENCES users (id),
    approver_name        TEXT NOT NULL,
    approved_at          TIMESTAMP,
    designation_ref      TEXT NOT NULL,
    designation_position TEXT NOT NULL,
    designation_body     TEXT NOT NULL,
    UNIQUE (org_id, document_id, number),
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, approver_id) REFERENCES memberships (org_id, user_id)
);
CREATE UNIQUE INDEX document_versions_open ON document_versions (document_id) WHERE state IN ('draft', 'in-review');
CREATE UNIQUE INDEX document_versions_approved ON document_versions (document_id) WHERE state = 'approved';

-- An approved or superseded version is frozen: its text, its approval and
-- who gave it under which designation never change, it only ever moves on
-- from approved to superseded, and it is never deleted.
CREATE TRIGGER document_versions_frozen BEFORE UPDATE ON document_versions
WHEN old.state IN ('approved', 'superseded') AND (
    new.content IS NOT old.content
    OR new.change_summary IS NOT old.change_summary
    OR new.commitments IS NOT old.commitments
    OR new.approver_id IS NOT old.approver_id
    OR new.approved_at IS NOT old.approved_at
    OR new.approver_name IS NOT old.approver_name
    OR new.designation_ref IS NOT old.designation_ref
    OR new.designation_position IS NOT old.designation_position
    OR new.designation_body IS NOT old.designation_body
    OR new.author_id IS NOT old.author_id
    OR new.created_at IS NOT old.created_at
    OR new.submitted_at IS NOT old.submitted_at
    OR new.return_note IS NOT old.return_note
    OR new.number IS NOT old.number
    OR new.document_id IS NOT old.document_id
    OR new.org_id IS NOT old.org_id
    OR (old.state = 'superseded' AND new.state <> 'superseded')
    OR (old.state = 'approved' AND new.state NOT IN ('approved', 'superseded')))
BEGIN
    SELECT RAISE(ABORT, 'document version is frozen: approved and superseded versions cannot change');
END;
CREATE TRIGGER document_versions_kept BEFORE DELETE ON document_versions
WHEN old.state IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'document version is frozen: approved and superseded versions are kept');
END;
