-- AI system components (A.4.2-A.4.5), the people each system needs (A.4.6),
-- and the organization's AI role for a system after ISO/IEC 42001's list.
-- Keep in step with postgres/0019_components.sql.

-- One row per itemised resource of an AI system. release_label is the
-- component's own version (model v3.2), apart from the record's edit
-- version. third_party_id is a seam for the third-parties register
-- (third_parties, migration 0021): a nullable column WITHOUT a foreign key,
-- which the store keeps NULL until the lead adds
-- FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id).
CREATE TABLE ai_components (
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
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX ai_components_name ON ai_components (org_id, archived, name);
CREATE INDEX ai_components_kind ON ai_components (org_id, archived, kind, name);
CREATE INDEX ai_components_system ON ai_components (org_id, archived, ai_system_id, kind);
CREATE INDEX ai_components_since ON ai_components (org_id, archived, in_use_since);
CREATE INDEX ai_components_owner ON ai_components (owner_id);

CREATE VIRTUAL TABLE ai_components_fts USING fts5(search, content='ai_components', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE ai_components_fts_prefix USING fts5(search, content='ai_components', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
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

-- The people an AI system needs (A.4.6): a role, the competence it needs
-- and the person in the AIMS who plays it, either may be missing. The
-- lines are replaced in the AI system's versioned write.
CREATE TABLE ai_system_needs (
    org_id        INTEGER NOT NULL,
    ai_system_id  INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    role          TEXT NOT NULL,
    competence_id INTEGER,
    staff_id      INTEGER,
    PRIMARY KEY (org_id, ai_system_id, position),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, competence_id) REFERENCES competences (org_id, id),
    FOREIGN KEY (org_id, staff_id) REFERENCES staff (org_id, id)
);
CREATE INDEX ai_system_needs_competence ON ai_system_needs (org_id, competence_id);
CREATE INDEX ai_system_needs_staff ON ai_system_needs (org_id, staff_id);

-- The inventory's free-text resources become one component each, so
-- nothing typed before is lost: data_resources -> data, models -> model,
-- tooling -> tooling, compute -> compute, third_party -> third-party
-- service. The name says where it came from; the text is the description;
-- the owner is the system's. The old columns stay as they are (read by the
-- API as before), but the form no longer edits them. The search column is
-- the lower-cased text, which the search tolerates; the next edit rewrites it.
INSERT INTO ai_components (org_id, number, version, ai_system_id, kind, name, release_label, supplier, third_party_id,
    owner_id, description, in_use_since, retired, search, archived, created_at, updated_at)
SELECT m.org_id, ROW_NUMBER() OVER (PARTITION BY m.org_id ORDER BY m.system_id, m.ord), 1, m.system_id, m.kind, m.name,
    '', '', NULL, m.owner_id, m.body, NULL, NULL,
    ' ' || lower(m.name || ' ' || m.body) || ' ', m.archived, m.at, m.at
FROM (
    SELECT org_id, id AS system_id, 1 AS ord, 'data' AS kind, 'Data resources (from the inventory text)' AS name,
        data_resources AS body, owner_id, archived, updated_at AS at FROM ai_systems WHERE data_resources <> ''
    UNION ALL SELECT org_id, id, 2, 'model', 'Models (from the inventory text)', models, owner_id, archived, updated_at
        FROM ai_systems WHERE models <> ''
    UNION ALL SELECT org_id, id, 3, 'tooling', 'Tooling (from the inventory text)', tooling, owner_id, archived, updated_at
        FROM ai_systems WHERE tooling <> ''
    UNION ALL SELECT org_id, id, 4, 'compute', 'Compute (from the inventory text)', compute, owner_id, archived, updated_at
        FROM ai_systems WHERE compute <> ''
    UNION ALL SELECT org_id, id, 5, 'third-party-service', 'Third-party components (from the inventory text)', third_party,
        owner_id, archived, updated_at FROM ai_systems WHERE third_party <> ''
) m;
INSERT INTO ref_counters (org_id, kind, next)
SELECT org_id, 'ai-components', max(number) FROM ai_components GROUP BY org_id;

-- The organization's AI role (ISO/IEC 42001, 4.1 and ISO/IEC 22989):
-- provider, producer, customer, partner, subject, relevant authority, with
-- developer under producer, deployer and user under customer. The old
-- list mixed these levels; each old sub-role now brings its main role:
-- developer -> producer + developer, deployer -> customer + deployer,
-- user -> customer + user. Written in the list's order.
UPDATE ai_systems SET roles = substr(
    CASE WHEN ',' || roles || ',' LIKE '%,provider,%' THEN ',provider' ELSE '' END ||
    CASE WHEN ',' || roles || ',' LIKE '%,producer,%' OR ',' || roles || ',' LIKE '%,developer,%' THEN ',producer' ELSE '' END ||
    CASE WHEN ',' || roles || ',' LIKE '%,developer,%' THEN ',developer' ELSE '' END ||
    CASE WHEN ',' || roles || ',' LIKE '%,deployer,%' OR ',' || roles || ',' LIKE '%,user,%' THEN ',customer' ELSE '' END ||
    CASE WHEN ',' || roles || ',' LIKE '%,deployer,%' THEN ',deployer' ELSE '' END ||
    CASE WHEN ',' || roles || ',' LIKE '%,user,%' THEN ',user' ELSE '' END, 2)
WHERE ',' || roles || ',' LIKE '%,developer,%' OR ',' || roles || ',' LIKE '%,deployer,%' OR ',' || roles || ',' LIKE '%,user,%';
