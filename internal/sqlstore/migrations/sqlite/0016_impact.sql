-- AI system impact assessment (6.1.4, 8.4, A.5), following ISO/IEC 42005.

-- The organization's impact scales and thresholds for sensitive and
-- restricted uses (42005 5.7): each change a new numbered version, never
-- edited; an assessment keeps the number it was made with.
CREATE TABLE impact_criteria (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    number     INTEGER NOT NULL,
    content    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, number)
);

-- Assessments, several per AI system over time. The narrative sections
-- are one JSON document (content); rows of impacts, disclosures and the
-- parties concerned are child tables.
CREATE TABLE impact_assessments (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organizations (id),
    number          INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    ai_system_id    INTEGER NOT NULL,
    title           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'in-review', 'approved', 'superseded')),
    criteria_number INTEGER NOT NULL,
    content         TEXT NOT NULL,
    triggers        TEXT NOT NULL,
    assessor_id     INTEGER REFERENCES users (id),
    reviewer_id     INTEGER REFERENCES users (id),
    monitor_id      INTEGER REFERENCES users (id),
    next_review     DATE,
    use_class       TEXT NOT NULL,
    approved_on     DATE,
    approver_id     INTEGER REFERENCES users (id),
    approver_name   TEXT NOT NULL,
    return_note     TEXT NOT NULL,
    author_id       INTEGER REFERENCES users (id),
    search          TEXT NOT NULL,
    archived        BOOLEAN NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, criteria_number) REFERENCES impact_criteria (org_id, number),
    FOREIGN KEY (org_id, assessor_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, reviewer_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, monitor_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, approver_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, author_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX impact_assessments_title ON impact_assessments (org_id, archived, title);
CREATE INDEX impact_assessments_state ON impact_assessments (org_id, archived, state);
CREATE INDEX impact_assessments_review ON impact_assessments (org_id, archived, next_review);
CREATE INDEX impact_assessments_updated ON impact_assessments (org_id, archived, updated_at);
CREATE INDEX impact_assessments_use ON impact_assessments (org_id, archived, use_class);
CREATE INDEX impact_assessments_number ON impact_assessments (org_id, archived, number);
CREATE INDEX impact_assessments_system ON impact_assessments (org_id, archived, ai_system_id, number);
CREATE INDEX impact_assessments_assessor ON impact_assessments (assessor_id);
CREATE INDEX impact_assessments_reviewer ON impact_assessments (reviewer_id);
CREATE INDEX impact_assessments_monitor ON impact_assessments (monitor_id);
CREATE INDEX impact_assessments_approver ON impact_assessments (approver_id);
CREATE INDEX impact_assessments_author ON impact_assessments (author_id);
-- One current (approved) assessment per AI system, whatever writers race.
CREATE UNIQUE INDEX impact_assessments_current ON impact_assessments (org_id, ai_system_id) WHERE state = 'approved';

-- Impacts: benefits and harms, rated on the criteria's scales. risk_id is
-- the seam to the risk register: the lead adds its foreign key to risks.
CREATE TABLE impact_items (
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    assessment_id    INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('benefit', 'harm')),
    affects          TEXT NOT NULL CHECK (affects IN ('individuals', 'groups', 'society')),
    description      TEXT NOT NULL,
    severity         INTEGER NOT NULL,
    likelihood       INTEGER NOT NULL,
    reversibility    INTEGER NOT NULL,
    failure_misuse   BOOLEAN NOT NULL,
    measures         TEXT NOT NULL,
    risk_id          INTEGER,
    PRIMARY KEY (org_id, assessment_id, position),
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id)
);
CREATE INDEX impact_items_risk ON impact_items (org_id, risk_id);

-- What is disclosed to whom (42005 5.10).
CREATE TABLE impact_disclosures (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    assessment_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    what          TEXT NOT NULL,
    audience      TEXT NOT NULL,
    how           TEXT NOT NULL,
    PRIMARY KEY (org_id, assessment_id, position),
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id)
);

-- Interested parties concerned, including affected people who are not users.
CREATE TABLE impact_assessment_parties (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    assessment_id INTEGER NOT NULL,
    party_id      INTEGER NOT NULL,
    PRIMARY KEY (org_id, assessment_id, party_id),
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id),
    FOREIGN KEY (org_id, party_id) REFERENCES interested_parties (org_id, id)
);
CREATE INDEX impact_assessment_parties_party ON impact_assessment_parties (org_id, party_id);

-- Frozen in SQL: an approved or superseded assessment keeps its content;
-- it may only be archived or restored, or move from approved to superseded.
CREATE TRIGGER impact_assessments_frozen BEFORE UPDATE ON impact_assessments
WHEN old.state IN ('approved', 'superseded') AND (
    new.org_id IS NOT old.org_id OR new.number IS NOT old.number OR new.ai_system_id IS NOT old.ai_system_id
    OR new.title IS NOT old.title OR new.criteria_number IS NOT old.criteria_number OR new.content IS NOT old.content
    OR new.triggers IS NOT old.triggers OR new.assessor_id IS NOT old.assessor_id OR new.reviewer_id IS NOT old.reviewer_id
    OR new.monitor_id IS NOT old.monitor_id OR new.next_review IS NOT old.next_review OR new.use_class IS NOT old.use_class
    OR new.approved_on IS NOT old.approved_on OR new.approver_id IS NOT old.approver_id
    OR new.approver_name IS NOT old.approver_name OR new.return_note IS NOT old.return_note
    OR new.author_id IS NOT old.author_id OR new.created_at IS NOT old.created_at
    OR (old.state = 'superseded' AND new.state <> 'superseded')
    OR (old.state = 'approved' AND new.state NOT IN ('approved', 'superseded')))
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: approved and superseded assessments cannot change');
END;
CREATE TRIGGER impact_assessments_kept BEFORE DELETE ON impact_assessments
WHEN old.state IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: approved and superseded assessments are kept');
END;
CREATE TRIGGER impact_items_frozen_insert BEFORE INSERT ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = new.org_id AND id = new.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
CREATE TRIGGER impact_items_frozen_update BEFORE UPDATE ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
CREATE TRIGGER impact_items_frozen_delete BEFORE DELETE ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
CREATE TRIGGER impact_disclosures_frozen_insert BEFORE INSERT ON impact_disclosures
WHEN (SELECT state FROM impact_assessments WHERE org_id = new.org_id AND id = new.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its disclosures cannot change');
END;
CREATE TRIGGER impact_disclosures_frozen_update BEFORE UPDATE ON impact_disclosures
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its disclosures cannot change');
END;
CREATE TRIGGER impact_disclosures_frozen_delete BEFORE DELETE ON impact_disclosures
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its disclosures cannot change');
END;
CREATE TRIGGER impact_parties_frozen_insert BEFORE INSERT ON impact_assessment_parties
WHEN (SELECT state FROM impact_assessments WHERE org_id = new.org_id AND id = new.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its parties cannot change');
END;
CREATE TRIGGER impact_parties_frozen_delete BEFORE DELETE ON impact_assessment_parties
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its parties cannot change');
END;
-- Criteria versions are never edited.
CREATE TRIGGER impact_criteria_frozen BEFORE UPDATE ON impact_criteria
BEGIN
    SELECT RAISE(ABORT, 'impact criteria versions cannot change: save a new version');
END;

-- Search, as on ai_systems.
CREATE VIRTUAL TABLE impact_assessments_fts USING fts5(search, content='impact_assessments', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE impact_assessments_fts_prefix USING fts5(search, content='impact_assessments', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER impact_assessments_fts_insert AFTER INSERT ON impact_assessments BEGIN
    INSERT INTO impact_assessments_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO impact_assessments_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER impact_assessments_fts_update AFTER UPDATE OF search ON impact_assessments BEGIN
    INSERT INTO impact_assessments_fts (impact_assessments_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO impact_assessments_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO impact_assessments_fts_prefix (impact_assessments_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO impact_assessments_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER impact_assessments_fts_delete AFTER DELETE ON impact_assessments BEGIN
    INSERT INTO impact_assessments_fts (impact_assessments_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO impact_assessments_fts_prefix (impact_assessments_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
