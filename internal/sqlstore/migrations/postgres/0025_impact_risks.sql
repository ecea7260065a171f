-- A harm found in an impact assessment links the risk it raised (6.1.4:
-- the assessment's results feed the risk assessment). The linked risk is
-- the organization's. On an approved (frozen) assessment a harm may gain
-- its risk link once, and nothing else of it changes.
-- Keep in step with sqlite/0025_impact_risks.sql.

ALTER TABLE impact_items ADD CONSTRAINT impact_items_risk_fk FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id);

CREATE FUNCTION impact_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    st TEXT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT state INTO st FROM impact_assessments WHERE org_id = NEW.org_id AND id = NEW.assessment_id;
    ELSE
        SELECT state INTO st FROM impact_assessments WHERE org_id = OLD.org_id AND id = OLD.assessment_id;
    END IF;
    IF st IN ('approved', 'superseded') THEN
        IF TG_OP = 'UPDATE' AND OLD.risk_id IS NULL AND NEW.risk_id IS NOT NULL
            AND (NEW.org_id, NEW.assessment_id, NEW.position, NEW.kind, NEW.affects, NEW.description, NEW.severity,
                NEW.likelihood, NEW.reversibility, NEW.failure_misuse, NEW.measures)
            IS NOT DISTINCT FROM (OLD.org_id, OLD.assessment_id, OLD.position, OLD.kind, OLD.affects, OLD.description, OLD.severity,
                OLD.likelihood, OLD.reversibility, OLD.failure_misuse, OLD.measures) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'impact assessment is frozen: its rows cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER impact_items_frozen ON impact_items;
CREATE TRIGGER impact_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON impact_items
    FOR EACH ROW EXECUTE FUNCTION impact_items_frozen();

-- Who edited or submitted a draft impact assessment: none of them approves
-- it (with its author and its assessor).
CREATE TABLE impact_assessment_editors (
    org_id        BIGINT NOT NULL REFERENCES organizations (id),
    assessment_id BIGINT NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, assessment_id, user_id),
    FOREIGN KEY (org_id, assessment_id) REFERENCES impact_assessments (org_id, id)
);
CREATE INDEX impact_assessment_editors_user ON impact_assessment_editors (user_id);
