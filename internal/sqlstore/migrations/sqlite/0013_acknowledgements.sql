-- Acknowledgement campaigns (7.3): people asked to read one approved
-- version of a controlled document, and who did.
CREATE TABLE ack_campaigns (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    number      INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    doc_version INTEGER NOT NULL,
    due_date    DATE NOT NULL,
    owner_id    INTEGER REFERENCES users (id),
    status      TEXT NOT NULL,
    search      TEXT NOT NULL,
    archived    BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id),
    FOREIGN KEY (org_id, document_id, doc_version) REFERENCES document_versions (org_id, document_id, number),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX ack_campaigns_title ON ack_campaigns (org_id, archived, title);
CREATE INDEX ack_campaigns_due ON ack_campaigns (org_id, archived, due_date);
CREATE INDEX ack_campaigns_updated ON ack_campaigns (org_id, archived, updated_at);
CREATE INDEX ack_campaigns_document ON ack_campaigns (org_id, document_id);
CREATE INDEX ack_campaigns_owner ON ack_campaigns (owner_id);

-- Everyone a campaign asks, and their acknowledgement once given.
CREATE TABLE ack_people (
    org_id          INTEGER NOT NULL,
    campaign_id     INTEGER NOT NULL,
    staff_id        INTEGER NOT NULL,
    acknowledged_at TIMESTAMP,
    doc_version     INTEGER,
    recorded_by     INTEGER REFERENCES users (id),
    on_behalf       BOOLEAN NOT NULL,
    note            TEXT NOT NULL,
    PRIMARY KEY (org_id, campaign_id, staff_id),
    FOREIGN KEY (org_id, campaign_id) REFERENCES ack_campaigns (org_id, id),
    FOREIGN KEY (org_id, staff_id) REFERENCES staff (org_id, id)
);
CREATE INDEX ack_people_staff ON ack_people (org_id, staff_id);
CREATE INDEX ack_people_recorded_by ON ack_people (recorded_by);

CREATE VIRTUAL TABLE ack_campaigns_fts USING fts5(search, content='ack_campaigns', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE ack_campaigns_fts_prefix USING fts5(search, content='ack_campaigns', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER ack_campaigns_fts_insert AFTER INSERT ON ack_campaigns BEGIN
    INSERT INTO ack_campaigns_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ack_campaigns_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ack_campaigns_fts_update AFTER UPDATE OF search ON ack_campaigns BEGIN
    INSERT INTO ack_campaigns_fts (ack_campaigns_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ack_campaigns_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ack_campaigns_fts_prefix (ack_campaigns_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ack_campaigns_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ack_campaigns_fts_delete AFTER DELETE ON ack_campaigns BEGIN
    INSERT INTO ack_campaigns_fts (ack_campaigns_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ack_campaigns_fts_prefix (ack_campaigns_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
