-- A harm found in an impact assessment links the risk it raised (6.1.4:
-- the assessment's results feed the risk assessment), a risk of the same
-- organization. SQLite adds a foreign key by rebuilding the table, so
-- impact_items is rebuilt with it, and its frozen triggers made again: on
-- an approved (frozen) assessment a harm may gain its risk link once, and
-- nothing else of it changes. Keep in step with postgres/0025_impact_risks.sql.

CREATE TABLE impact_items_linked (
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
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
);
INSERT INTO impact_items_linked SELECT org_id, assessment_id, position, kind, affects, description, severity, likelihood,
    reversibility, failure_misuse, measures, risk_id FROM impact_items;
DROP TABLE impact_items;
ALTER TABLE impact_items_linked RENAME TO impact_items;
CREATE INDEX impact_items_risk ON impact_items (org_id, risk_id);

CREATE TRIGGER impact_items_frozen_insert BEFORE INSERT ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = new.org_id AND id = new.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
CREATE TRIGGER impact_items_frozen_update BEFORE UPDATE ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
    AND (new.org_id IS NOT old.org_id OR new.assessment_id IS NOT old.assessment_id OR new.position IS NOT old.position
        OR new.kind IS NOT old.kind OR new.affects IS NOT old.affects OR new.description IS NOT old.description
        OR new.severity IS NOT old.severity OR new.likelihood IS NOT old.likelihood OR new.reversibility IS NOT old.reversibility
        OR new.failure_misuse IS NOT old.failure_misuse OR new.measures IS NOT old.measures
        OR old.risk_id IS NOT NULL AND new.risk_id IS NOT old.risk_id OR new.risk_id IS NULL AND old.risk_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
CREATE TRIGGER impact_items_frozen_delete BEFORE DELETE ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;

-- Who edited or submitted a draft impact assessment: none of them approves
-- it (with its author and its assessor).
CREATE TABLE impact_assessment_editors (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    assessment_id INTEGER NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, assessment_id, user_id),
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id)
);
CREATE INDEX impact_assessment_editors_user ON impact_assessment_editors (user_id);
