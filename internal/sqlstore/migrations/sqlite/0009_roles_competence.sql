-- People in the AIMS, the competences they need, the AIMS roles they hold
-- (5.3, A.3.2) and the records of how they gained competence (7.2, 7.3).
-- People are not accounts: many never sign in. A person may link to one
-- member of the same organization, and a member is at most one person.
-- Every link between these records is a composite foreign key, so nothing
-- points into another organization.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    number     INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    job_title  TEXT NOT NULL,
    unit       TEXT NOT NULL,
    email      TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    start_date DATE,
    has_left   BOOLEAN NOT NULL,
    left_on    DATE,
    search     TEXT NOT NULL,
    archived   BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    UNIQUE (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX staff_name ON staff (org_id, archived, name);
CREATE INDEX staff_unit ON staff (org_id, archived, unit, name);
CREATE INDEX staff_start ON staff (org_id, archived, start_date);

CREATE TABLE competences (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organizations (id),
    number          INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    demonstrated    TEXT NOT NULL,
    validity_months INTEGER NOT NULL,
    search          TEXT NOT NULL,
    archived        BOOLEAN NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id)
);
CREATE INDEX competences_name ON competences (org_id, archived, name);
CREATE INDEX competences_kind ON competences (org_id, archived, kind, name);

-- A role reports to another role of the same organization, never to itself.
CREATE TABLE aims_roles (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    number           INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    name             TEXT NOT NULL,
    responsibilities TEXT NOT NULL,
    authorities      TEXT NOT NULL,
    reports_to_id    INTEGER,
    search           TEXT NOT NULL,
    archived         BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    CHECK (reports_to_id IS NULL OR reports_to_id <> id),
    FOREIGN KEY (org_id, reports_to_id) REFERENCES aims_roles (org_id, id)
);
CREATE INDEX aims_roles_name ON aims_roles (org_id, archived, name);

-- What a role requires and who holds it: replaced with the role's every
-- write, in its transaction, so the change shows in the role's audit diff.
CREATE TABLE aims_role_competences (
    org_id        INTEGER NOT NULL,
    role_id       INTEGER NOT NULL,
    competence_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (org_id, role_id, competence_id),
    FOREIGN KEY (org_id, role_id) REFERENCES aims_roles (org_id, id),
    FOREIGN KEY (org_id, competence_id) REFERENCES competences (org_id, id)
);
CREATE INDEX aims_role_competences_competence ON aims_role_competences (org_id, competence_id);

CREATE TABLE aims_role_people (
    org_id      INTEGER NOT NULL,
    role_id     INTEGER NOT NULL,
    staff_id    INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    valid_from  DATE,
    valid_until DATE,
    PRIMARY KEY (org_id, role_id, staff_id),
    FOREIGN KEY (org_id, role_id) REFERENCES aims_roles (org_id, id),
    FOREIGN KEY (org_id, staff_id) REFERENCES staff (org_id, id)
);
CREATE INDEX aims_role_people_staff ON aims_role_people (org_id, staff_id);

CREATE TABLE competence_records (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES organizations (id),
    number            INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    staff_id          INTEGER NOT NULL,
    competence_id     INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    provider          TEXT NOT NULL,
    completed_on      DATE NOT NULL,
    expires_on        DATE,
    evidence          TEXT NOT NULL,
    effectiveness     TEXT NOT NULL,
    evaluation_method TEXT NOT NULL,
    evaluated_on      DATE,
    evaluated_by      TEXT NOT NULL,
    search            TEXT NOT NULL,
    archived          BOOLEAN NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, staff_id) REFERENCES staff (org_id, id),
    FOREIGN KEY (org_id, competence_id) REFERENCES competences (org_id, id)
);
CREATE INDEX competence_records_completed ON competence_records (org_id, archived, completed_on);
CREATE INDEX competence_records_expires ON competence_records (org_id, archived, expires_on);
CREATE INDEX competence_records_staff ON competence_records (org_id, staff_id, competence_id);
CREATE INDEX competence_records_competence ON competence_records (org_id, competence_id);

-- Search: FTS5 trigram tables for terms of three characters or more,
-- word-prefix tables for shorter ones, as for AI systems.
CREATE VIRTUAL TABLE staff_fts USING fts5(search, content='staff', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE staff_fts_prefix USING fts5(search, content='staff', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER staff_fts_insert AFTER INSERT ON staff BEGIN
    INSERT INTO staff_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO staff_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER staff_fts_update AFTER UPDATE OF search ON staff BEGIN
    INSERT INTO staff_fts (staff_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO staff_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO staff_fts_prefix (staff_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO staff_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER staff_fts_delete AFTER DELETE ON staff BEGIN
    INSERT INTO staff_fts (staff_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO staff_fts_prefix (staff_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE VIRTUAL TABLE competences_fts USING fts5(search, content='competences', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE competences_fts_prefix USING fts5(search, content='competences', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER competences_fts_insert AFTER INSERT ON competences BEGIN
    INSERT INTO competences_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO competences_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER competences_fts_update AFTER UPDATE OF search ON competences BEGIN
    INSERT INTO competences_fts (competences_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competences_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO competences_fts_prefix (competences_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competences_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER competences_fts_delete AFTER DELETE ON competences BEGIN
    INSERT INTO competences_fts (competences_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competences_fts_prefix (competences_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE VIRTUAL TABLE aims_roles_fts USING fts5(search, content='aims_roles', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE aims_roles_fts_prefix USING fts5(search, content='aims_roles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER aims_roles_fts_insert AFTER INSERT ON aims_roles BEGIN
    INSERT INTO aims_roles_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO aims_roles_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER aims_roles_fts_update AFTER UPDATE OF search ON aims_roles BEGIN
    INSERT INTO aims_roles_fts (aims_roles_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO aims_roles_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO aims_roles_fts_prefix (aims_roles_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO aims_roles_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER aims_roles_fts_delete AFTER DELETE ON aims_roles BEGIN
    INSERT INTO aims_roles_fts (aims_roles_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO aims_roles_fts_prefix (aims_roles_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE VIRTUAL TABLE competence_records_fts USING fts5(search, content='competence_records', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE competence_records_fts_prefix USING fts5(search, content='competence_records', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER competence_records_fts_insert AFTER INSERT ON competence_records BEGIN
    INSERT INTO competence_records_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO competence_records_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER competence_records_fts_update AFTER UPDATE OF search ON competence_records BEGIN
    INSERT INTO competence_records_fts (competence_records_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competence_records_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO competence_records_fts_prefix (competence_records_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competence_records_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER competence_records_fts_delete AFTER DELETE ON competence_records BEGIN
    INSERT INTO competence_records_fts (competence_records_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO competence_records_fts_prefix (competence_records_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
