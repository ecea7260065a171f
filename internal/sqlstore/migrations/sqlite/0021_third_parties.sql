-- Third parties (A.10, 8.1): suppliers, customers and partners, the AI
-- systems they concern, the responsibility matrix (A.10.2), dated supplier
-- assessments (A.10.3) and what the organization owes customers (A.10.4).
-- Keep in step with postgres/0021_third_parties.sql.
--
-- last_assessed, last_result and next_assessment repeat the latest
-- assessment, written in the assessment's transaction, so the list, its
-- filters, the due work and the gap analysis read one table.
CREATE TABLE third_parties (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organizations (id),
    number          INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('supplier', 'customer', 'partner')),
    party_id        INTEGER,
    provides        TEXT NOT NULL,
    components      TEXT NOT NULL,
    contract_ref    TEXT NOT NULL,
    contract_start  DATE,
    contract_end    DATE,
    criticality     TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high')),
    status          TEXT NOT NULL CHECK (status IN ('prospective', 'active', 'ended')),
    owner_id        INTEGER REFERENCES users (id),
    review_date     DATE,
    notes           TEXT NOT NULL,
    last_assessed   DATE,
    last_result     TEXT NOT NULL,
    next_assessment DATE,
    search          TEXT NOT NULL,
    archived        BOOLEAN NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, party_id) REFERENCES interested_parties (org_id, id)
);
CREATE INDEX third_parties_name ON third_parties (org_id, archived, name);
CREATE INDEX third_parties_kind ON third_parties (org_id, archived, kind);
CREATE INDEX third_parties_criticality ON third_parties (org_id, archived, criticality);
CREATE INDEX third_parties_status ON third_parties (org_id, archived, status);
CREATE INDEX third_parties_review ON third_parties (org_id, archived, review_date);
CREATE INDEX third_parties_next_assessment ON third_parties (org_id, archived, next_assessment);
CREATE INDEX third_parties_owner ON third_parties (owner_id);
CREATE INDEX third_parties_party ON third_parties (org_id, party_id);

CREATE VIRTUAL TABLE third_parties_fts USING fts5(search, content='third_parties', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE third_parties_fts_prefix USING fts5(search, content='third_parties', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER third_parties_fts_insert AFTER INSERT ON third_parties BEGIN
    INSERT INTO third_parties_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO third_parties_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER third_parties_fts_update AFTER UPDATE OF search ON third_parties BEGIN
    INSERT INTO third_parties_fts (third_parties_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO third_parties_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO third_parties_fts_prefix (third_parties_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO third_parties_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER third_parties_fts_delete AFTER DELETE ON third_parties BEGIN
    INSERT INTO third_parties_fts (third_parties_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO third_parties_fts_prefix (third_parties_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The AI systems a third party concerns.
CREATE TABLE third_party_ai_systems (
    org_id         INTEGER NOT NULL,
    third_party_id INTEGER NOT NULL,
    ai_system_id   INTEGER NOT NULL,
    PRIMARY KEY (org_id, third_party_id, ai_system_id),
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);
CREATE INDEX third_party_ai_systems_system ON third_party_ai_systems (org_id, ai_system_id);

-- The responsibility matrix (A.10.2): one row per activity, a share for
-- each of the organization, the supplier and the customer.
CREATE TABLE third_party_responsibilities (
    org_id         INTEGER NOT NULL,
    third_party_id INTEGER NOT NULL,
    activity       TEXT NOT NULL,
    organization   TEXT NOT NULL CHECK (organization IN ('responsible', 'shared', 'none')),
    supplier       TEXT NOT NULL CHECK (supplier IN ('responsible', 'shared', 'none')),
    customer       TEXT NOT NULL CHECK (customer IN ('responsible', 'shared', 'none')),
    note           TEXT NOT NULL,
    PRIMARY KEY (org_id, third_party_id, activity),
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id)
);

-- What the organization owes a customer (A.10.4), in the order entered.
CREATE TABLE third_party_commitments (
    org_id         INTEGER NOT NULL,
    third_party_id INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    expectation    TEXT NOT NULL,
    information    TEXT NOT NULL,
    PRIMARY KEY (org_id, third_party_id, position),
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id)
);

-- Dated supplier assessments (A.10.3), kept as recorded.
CREATE TABLE third_party_assessments (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL,
    third_party_id      INTEGER NOT NULL,
    assessed_on         DATE NOT NULL,
    method              TEXT NOT NULL CHECK (method IN ('questionnaire', 'audit', 'certificate-review')),
    certificate         TEXT NOT NULL,
    certificate_expires DATE,
    result              TEXT NOT NULL CHECK (result IN ('acceptable', 'acceptable-with-conditions', 'not-acceptable')),
    findings            TEXT NOT NULL,
    conditions          TEXT NOT NULL,
    assessor            TEXT NOT NULL,
    next_due            DATE,
    recorded_by         INTEGER REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id)
);
CREATE INDEX third_party_assessments_party ON third_party_assessments (org_id, third_party_id, assessed_on);
