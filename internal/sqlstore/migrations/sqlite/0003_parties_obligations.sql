-- Interested parties (clause 4.2) and obligations (4.1, 4.2): the legal,
-- regulatory and contractual requirements, linked to the AI systems and
-- parties they concern. Keep in step with postgres/0003_parties_obligations.sql.

CREATE TABLE interested_parties (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    number        INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    internal      BOOLEAN NOT NULL,
    needs         TEXT NOT NULL,
    requirements  TEXT NOT NULL,
    addressed     TEXT NOT NULL,
    how_addressed TEXT NOT NULL,
    owner_id      INTEGER REFERENCES users (id),
    review_date   DATE,
    search        TEXT NOT NULL,
    archived      BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX interested_parties_name ON interested_parties (org_id, archived, name);
CREATE INDEX interested_parties_type ON interested_parties (org_id, archived, type);
CREATE INDEX interested_parties_addressed ON interested_parties (org_id, archived, addressed);
CREATE INDEX interested_parties_review ON interested_parties (org_id, archived, review_date);
CREATE INDEX interested_parties_owner ON interested_parties (owner_id);

CREATE VIRTUAL TABLE interested_parties_fts USING fts5(search, content='interested_parties', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE interested_parties_fts_prefix USING fts5(search, content='interested_parties', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER interested_parties_fts_insert AFTER INSERT ON interested_parties BEGIN
    INSERT INTO interested_parties_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO interested_parties_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER interested_parties_fts_update AFTER UPDATE OF search ON interested_parties BEGIN
    INSERT INTO interested_parties_fts (interested_parties_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO interested_parties_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO interested_parties_fts_prefix (interested_parties_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO interested_parties_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER interested_parties_fts_delete AFTER DELETE ON interested_parties BEGIN
    INSERT INTO interested_parties_fts (interested_parties_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO interested_parties_fts_prefix (interested_parties_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- eu_ai_act_set and eu_system_id record the EU AI Act obligation set an
-- obligation was proposed from and the AI system it was proposed for; the
-- unique index lets each set be proposed once per system, however many
-- people propose at the same time. Obligations entered by hand have NULLs,
-- which the index does not compare.
CREATE TABLE obligations (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    number        INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    source        TEXT NOT NULL,
    asks          TEXT NOT NULL,
    owner_id      INTEGER REFERENCES users (id),
    how_met       TEXT NOT NULL,
    status        TEXT NOT NULL,
    review_date   DATE,
    eu_ai_act_set TEXT,
    eu_system_id  INTEGER,
    search        TEXT NOT NULL,
    archived      BOOLEAN NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, eu_system_id) REFERENCES ai_systems (org_id, id)
);
CREATE UNIQUE INDEX obligations_eu_set ON obligations (org_id, eu_ai_act_set, eu_system_id);
CREATE INDEX obligations_title ON obligations (org_id, archived, title);
CREATE INDEX obligations_kind ON obligations (org_id, archived, kind);
CREATE INDEX obligations_status ON obligations (org_id, archived, status);
CREATE INDEX obligations_review ON obligations (org_id, archived, review_date);
CREATE INDEX obligations_owner ON obligations (owner_id);
CREATE INDEX obligations_eu_system ON obligations (eu_system_id);

CREATE VIRTUAL TABLE obligations_fts USING fts5(search, content='obligations', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE obligations_fts_prefix USING fts5(search, content='obligations', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER obligations_fts_insert AFTER INSERT ON obligations BEGIN
    INSERT INTO obligations_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO obligations_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER obligations_fts_update AFTER UPDATE OF search ON obligations BEGIN
    INSERT INTO obligations_fts (obligations_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO obligations_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO obligations_fts_prefix (obligations_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO obligations_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER obligations_fts_delete AFTER DELETE ON obligations BEGIN
    INSERT INTO obligations_fts (obligations_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO obligations_fts_prefix (obligations_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The AI systems and interested parties an obligation concerns. Both ends
-- are in the same organization, by the composite keys.
CREATE TABLE obligation_ai_systems (
    org_id        INTEGER NOT NULL,
    obligation_id INTEGER NOT NULL,
    ai_system_id  INTEGER NOT NULL,
    PRIMARY KEY (org_id, obligation_id, ai_system_id),
    FOREIGN KEY (org_id, obligation_id) REFERENCES obligations (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);
CREATE INDEX obligation_ai_systems_system ON obligation_ai_systems (org_id, ai_system_id);

CREATE TABLE obligation_parties (
    org_id        INTEGER NOT NULL,
    obligation_id INTEGER NOT NULL,
    party_id      INTEGER NOT NULL,
    PRIMARY KEY (org_id, obligation_id, party_id),
    FOREIGN KEY (org_id, obligation_id) REFERENCES obligations (org_id, id),
    FOREIGN KEY (org_id, party_id) REFERENCES interested_parties (org_id, id)
);
CREATE INDEX obligation_parties_party ON obligation_parties (org_id, party_id);
