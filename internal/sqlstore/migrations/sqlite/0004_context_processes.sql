-- The context of the organization (4.1): its context issues, linked to the
-- AI systems they bear on, and its one context statement (roles toward AI,
-- the climate change decision); the AIMS processes (4.4) with the
-- requirements they serve and the processes they feed. Keep in step with
-- postgres/0004_context_processes.sql.

CREATE TABLE context_issues (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    number      INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    origin      TEXT NOT NULL,
    category    TEXT NOT NULL,
    description TEXT NOT NULL,
    effect      TEXT NOT NULL,
    owner_id    INTEGER REFERENCES users (id),
    review_date DATE,
    search      TEXT NOT NULL,
    archived    BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX context_issues_title ON context_issues (org_id, archived, title);
CREATE INDEX context_issues_category ON context_issues (org_id, archived, category);
CREATE INDEX context_issues_origin ON context_issues (org_id, archived, origin);
CREATE INDEX context_issues_review ON context_issues (org_id, archived, review_date);
CREATE INDEX context_issues_owner ON context_issues (owner_id);

CREATE VIRTUAL TABLE context_issues_fts USING fts5(search, content='context_issues', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE context_issues_fts_prefix USING fts5(search, content='context_issues', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER context_issues_fts_insert AFTER INSERT ON context_issues BEGIN
    INSERT INTO context_issues_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO context_issues_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER context_issues_fts_update AFTER UPDATE OF search ON context_issues BEGIN
    INSERT INTO context_issues_fts (context_issues_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO context_issues_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO context_issues_fts_prefix (context_issues_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO context_issues_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER context_issues_fts_delete AFTER DELETE ON context_issues BEGIN
    INSERT INTO context_issues_fts (context_issues_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO context_issues_fts_prefix (context_issues_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The AI systems an issue bears on, within the issue's organization.
CREATE TABLE context_issue_systems (
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    issue_id     INTEGER NOT NULL,
    ai_system_id INTEGER NOT NULL,
    PRIMARY KEY (org_id, issue_id, ai_system_id),
    FOREIGN KEY (org_id, issue_id) REFERENCES context_issues (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);
CREATE INDEX context_issue_systems_system ON context_issue_systems (org_id, ai_system_id);

-- One statement per organization, written first by INSERT ... ON CONFLICT
-- DO NOTHING and then by versioned updates.
CREATE TABLE context_statements (
    org_id            INTEGER PRIMARY KEY REFERENCES organizations (id),
    version           INTEGER NOT NULL,
    roles             TEXT NOT NULL,
    roles_note        TEXT NOT NULL,
    climate_relevant  TEXT NOT NULL,
    climate_reasoning TEXT NOT NULL,
    last_reviewed     DATE,
    updated_at        TIMESTAMP NOT NULL,
    updated_by        TEXT NOT NULL
);

CREATE TABLE processes (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    number      INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    owner_id    INTEGER REFERENCES users (id),
    inputs      TEXT NOT NULL,
    outputs     TEXT NOT NULL,
    review_date DATE,
    status      TEXT NOT NULL,
    search      TEXT NOT NULL,
    archived    BOOLEAN NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX processes_name ON processes (org_id, archived, name);
CREATE INDEX processes_status ON processes (org_id, archived, status);
CREATE INDEX processes_review ON processes (org_id, archived, review_date);
CREATE INDEX processes_owner ON processes (owner_id);

CREATE VIRTUAL TABLE processes_fts USING fts5(search, content='processes', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE processes_fts_prefix USING fts5(search, content='processes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER processes_fts_insert AFTER INSERT ON processes BEGIN
    INSERT INTO processes_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO processes_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER processes_fts_update AFTER UPDATE OF search ON processes BEGIN
    INSERT INTO processes_fts (processes_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO processes_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO processes_fts_prefix (processes_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO processes_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER processes_fts_delete AFTER DELETE ON processes BEGIN
    INSERT INTO processes_fts (processes_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO processes_fts_prefix (processes_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- The ISO/IEC 42001 clauses and Annex A controls a process serves.
CREATE TABLE process_requirements (
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    process_id     INTEGER NOT NULL,
    requirement_id TEXT NOT NULL,
    PRIMARY KEY (org_id, process_id, requirement_id),
    FOREIGN KEY (org_id, process_id) REFERENCES processes (org_id, id)
);
CREATE INDEX process_requirements_requirement ON process_requirements (org_id, requirement_id);

-- A process feeds another of its organization, never itself.
CREATE TABLE process_feeds (
    org_id  INTEGER NOT NULL REFERENCES organizations (id),
    from_id INTEGER NOT NULL,
    to_id   INTEGER NOT NULL,
    PRIMARY KEY (org_id, from_id, to_id),
    FOREIGN KEY (org_id, from_id) REFERENCES processes (org_id, id),
    FOREIGN KEY (org_id, to_id) REFERENCES processes (org_id, id),
    CHECK (from_id <> to_id)
);
CREATE INDEX process_feeds_to ON process_feeds (org_id, to_id);
