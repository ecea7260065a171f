-- Joins between registers issue 7 asks for. Keep in step with
-- postgres/0027_register_links.sql.
--
-- 1. An AI component names the third party that supplies it (A.10.3):
--    ai_components.third_party_id, a seam since 0019, gains its foreign key.
-- 3. A data component names the data set it is (A.4.3, A.7): the new
--    column ai_components.dataset_id, only set on components of kind data.
-- SQLite adds a foreign key by rebuilding the table: ai_components is
-- copied into a new table with both keys (dataset_id last, as PostgreSQL
-- adds it), and its indexes and full-text triggers are made again. The
-- full-text tables keep their rows: the IDs and search texts are copied
-- as they are. Nothing refers to ai_components by foreign key.
CREATE TABLE ai_components_linked (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    number         INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    ai_system_id   INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    release_label  TEXT NOT NULL,
    supplier       TEXT NOT NULL,
    third_party_id INTEGER,
    owner_id       INTEGER REFERENCES users (id),
    description    TEXT NOT NULL,
    in_use_since   DATE,
    retired        DATE,
    search         TEXT NOT NULL,
    archived       BOOLEAN NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    dataset_id     INTEGER,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id),
    FOREIGN KEY (org_id, dataset_id) REFERENCES datasets (org_id, id)
);
INSERT INTO ai_components_linked (id, org_id, number, version, ai_system_id, kind, name, release_label, supplier, third_party_id,
    owner_id, description, in_use_since, retired, search, archived, created_at, updated_at, dataset_id)
SELECT id, org_id, number, version, ai_system_id, kind, name, release_label, supplier, third_party_id,
    owner_id, description, in_use_since, retired, search, archived, created_at, updated_at, NULL FROM ai_components;
DROP TABLE ai_components;
ALTER TABLE ai_components_linked RENAME TO ai_components;
CREATE INDEX ai_components_name ON ai_components (org_id, archived, name);
CREATE INDEX ai_components_kind ON ai_components (org_id, archived, kind, name);
CREATE INDEX ai_components_system ON ai_components (org_id, archived, ai_system_id, kind);
CREATE INDEX ai_components_since ON ai_components (org_id, archived, in_use_since);
CREATE INDEX ai_components_owner ON ai_components (owner_id);
CREATE INDEX ai_components_third_party ON ai_components (org_id, third_party_id);
CREATE INDEX ai_components_dataset ON ai_components (org_id, dataset_id);

CREATE TRIGGER ai_components_fts_insert AFTER INSERT ON ai_components BEGIN
    INSERT INTO ai_components_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_components_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_components_fts_update AFTER UPDATE OF search ON ai_components BEGIN
    INSERT INTO ai_components_fts (ai_components_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_components_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO ai_components_fts_prefix (ai_components_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_components_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER ai_components_fts_delete AFTER DELETE ON ai_components BEGIN
    INSERT INTO ai_components_fts (ai_components_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO ai_components_fts_prefix (ai_components_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- 2. An objective names the risks it addresses (6.2: objectives take the
--    risks into account), replaced in the objective's versioned write like
--    objective_systems.
CREATE TABLE objective_risks (
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    objective_id INTEGER NOT NULL,
    risk_id      INTEGER NOT NULL,
    PRIMARY KEY (org_id, objective_id, risk_id),
    FOREIGN KEY (org_id, objective_id) REFERENCES objectives (org_id, id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
);
CREATE INDEX objective_risks_risk ON objective_risks (org_id, risk_id);
