-- A harm found in an impact assessment links the risk it raised (6.1.4:
-- the assessment's results feed the risk assessment). The linked risk is
-- the organization's; SQLite cannot add a foreign key to an existing
-- table, so triggers hold the rule. On an approved (frozen) assessment a
-- harm may gain its risk link once, and nothing else of it changes.
-- Keep in step with postgres/0025_impact_risks.sql.

CREATE TRIGGER impact_items_risk_insert BEFORE INSERT ON impact_items
WHEN new.risk_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM risks WHERE org_id = new.org_id AND id = new.risk_id)
BEGIN
    SELECT RAISE(ABORT, 'an impact links a risk that is not the organization''s');
END;
CREATE TRIGGER impact_items_risk_update BEFORE UPDATE OF risk_id ON impact_items
WHEN new.risk_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM risks WHERE org_id = new.org_id AND id = new.risk_id)
BEGIN
    SELECT RAISE(ABORT, 'an impact links a risk that is not the organization''s');
END;

DROP TRIGGER impact_items_frozen_update;
CREATE TRIGGER impact_items_frozen_update BEFORE UPDATE ON impact_items
WHEN (SELECT state FROM impact_assessments WHERE org_id = old.org_id AND id = old.assessment_id) IN ('approved', 'superseded')
    AND (new.org_id IS NOT old.org_id OR new.assessment_id IS NOT old.assessment_id OR new.position IS NOT old.position
        OR new.kind IS NOT old.kind OR new.affects IS NOT old.affects OR new.description IS NOT old.description
        OR new.severity IS NOT old.severity OR new.likelihood IS NOT old.likelihood OR new.reversibility IS NOT old.reversibility
        OR new.failure_misuse IS NOT old.failure_misuse OR new.measures IS NOT old.measures
        OR (old.risk_id IS NOT NULL AND new.risk_id IS NOT old.risk_id) OR new.risk_id IS NULL AND old.risk_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'impact assessment is frozen: its impacts cannot change');
END;
