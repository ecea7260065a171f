-- Who wrote a life-cycle record's content: its author and everyone who
-- edited it since. None of them approves it (segregation of duties), held
-- here by a trigger besides the store's check. And gate overrides (a move or
-- a registration past the stage gate) are kept as they were recorded.
-- Keep in step with postgres/0029_editors_frozen.sql.

CREATE TABLE lifecycle_record_editors (
    org_id    INTEGER NOT NULL REFERENCES organizations (id),
    record_id INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, record_id, user_id),
    FOREIGN KEY (org_id, record_id) REFERENCES lifecycle_records (org_id, id)
);
CREATE INDEX lifecycle_record_editors_user ON lifecycle_record_editors (user_id);
INSERT INTO lifecycle_record_editors (org_id, record_id, user_id)
    SELECT org_id, id, author_id FROM lifecycle_records WHERE author_id IS NOT NULL;

CREATE TRIGGER lifecycle_records_editor_approves BEFORE UPDATE OF approved_by_id ON lifecycle_records
WHEN NEW.approved_by_id IS NOT NULL AND NEW.approved_by_id IS NOT OLD.approved_by_id AND EXISTS (
    SELECT 1 FROM lifecycle_record_editors e WHERE e.org_id = NEW.org_id AND e.record_id = NEW.id AND e.user_id = NEW.approved_by_id)
BEGIN
    SELECT RAISE(ABORT, 'a person who wrote or edited a life-cycle record cannot approve it');
END;

CREATE TRIGGER lifecycle_gate_overrides_frozen_update BEFORE UPDATE ON lifecycle_gate_overrides BEGIN
    SELECT RAISE(ABORT, 'a gate override is kept as it was recorded');
END;
CREATE TRIGGER lifecycle_gate_overrides_frozen_delete BEFORE DELETE ON lifecycle_gate_overrides BEGIN
    SELECT RAISE(ABORT, 'a gate override is kept as it was recorded');
END;

-- An opportunity is never above the acceptance threshold (a risk's question).
UPDATE risks SET above_threshold = false WHERE kind = 'opportunity' AND above_threshold;
