-- Who wrote a life-cycle record's content: its author and everyone who
-- edited it since. None of them approves it (segregation of duties), held
-- here by a trigger besides the store's check. Gate overrides are kept as
-- they were recorded, and no frozen table can be emptied with TRUNCATE
-- (row triggers do not fire on it).
-- Keep in step with sqlite/0029_editors_frozen.sql.

CREATE TABLE lifecycle_record_editors (
    org_id    BIGINT NOT NULL REFERENCES organizations (id),
    record_id BIGINT NOT NULL,
    user_id   BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, record_id, user_id),
    FOREIGN KEY (org_id, record_id) REFERENCES lifecycle_records (org_id, id)
);
CREATE INDEX lifecycle_record_editors_user ON lifecycle_record_editors (user_id);
INSERT INTO lifecycle_record_editors (org_id, record_id, user_id)
    SELECT org_id, id, author_id FROM lifecycle_records WHERE author_id IS NOT NULL;

CREATE FUNCTION lifecycle_records_editor_approves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM lifecycle_record_editors e
               WHERE e.org_id = NEW.org_id AND e.record_id = NEW.id AND e.user_id = NEW.approved_by_id) THEN
        RAISE EXCEPTION 'a person who wrote or edited a life-cycle record cannot approve it';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lifecycle_records_editor_approves BEFORE UPDATE OF approved_by_id ON lifecycle_records
    FOR EACH ROW WHEN (NEW.approved_by_id IS NOT NULL AND NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id)
    EXECUTE FUNCTION lifecycle_records_editor_approves();

CREATE FUNCTION frozen_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is kept as it was recorded', TG_TABLE_NAME;
END $$;
CREATE TRIGGER lifecycle_gate_overrides_frozen BEFORE UPDATE OR DELETE ON lifecycle_gate_overrides
    FOR EACH ROW EXECUTE FUNCTION frozen_table();
CREATE TRIGGER lifecycle_gate_overrides_truncate BEFORE TRUNCATE ON lifecycle_gate_overrides
    FOR EACH STATEMENT EXECUTE FUNCTION frozen_table();
CREATE TRIGGER risk_plan_versions_truncate BEFORE TRUNCATE ON risk_plan_versions
    FOR EACH STATEMENT EXECUTE FUNCTION frozen_table();
CREATE TRIGGER risk_plan_version_rows_truncate BEFORE TRUNCATE ON risk_plan_version_rows
    FOR EACH STATEMENT EXECUTE FUNCTION frozen_table();
CREATE TRIGGER soa_versions_truncate BEFORE TRUNCATE ON soa_versions
    FOR EACH STATEMENT EXECUTE FUNCTION frozen_table();
CREATE TRIGGER soa_version_rows_truncate BEFORE TRUNCATE ON soa_version_rows
    FOR EACH STATEMENT EXECUTE FUNCTION frozen_table();

-- An opportunity is never above the acceptance threshold (a risk's question).
UPDATE risks SET above_threshold = false WHERE kind = 'opportunity' AND above_threshold;
