-- Retention of documented information (7.5.3): a retention period per
-- kind of document, a legal hold that stops disposal, and the disposal of a
-- superseded version whose period has run out: its text goes, the version
-- row and the audit event that it existed stay.
CREATE TABLE retention_rules (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    kind       TEXT NOT NULL,
    months     INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, kind)
);
ALTER TABLE documents ADD COLUMN legal_hold TEXT NOT NULL DEFAULT '';
ALTER TABLE document_versions ADD COLUMN disposed_at TIMESTAMP;
ALTER TABLE document_versions ADD COLUMN disposed_by TEXT NOT NULL DEFAULT '';

-- The frozen rule again, with disposal as its one exception: a superseded
-- version may lose its text, once, when it is marked disposed.
DROP TRIGGER document_versions_frozen;
CREATE TRIGGER document_versions_frozen BEFORE UPDATE ON document_versions
WHEN old.state IN ('approved', 'superseded') AND (
    new.approver_id IS NOT old.approver_id
    OR new.approved_at IS NOT old.approved_at
    OR new.approver_name IS NOT old.approver_name
    OR new.designation_ref IS NOT old.designation_ref
    OR new.designation_position IS NOT old.designation_position
    OR new.designation_body IS NOT old.designation_body
    OR new.author_id IS NOT old.author_id
    OR new.created_at IS NOT old.created_at
    OR new.submitted_at IS NOT old.submitted_at
    OR new.return_note IS NOT old.return_note
    OR new.number IS NOT old.number
    OR new.document_id IS NOT old.document_id
    OR new.org_id IS NOT old.org_id
    OR old.disposed_at IS NOT NULL AND (new.disposed_at IS NOT old.disposed_at OR new.disposed_by IS NOT old.disposed_by OR new.content IS NOT old.content OR new.change_summary IS NOT old.change_summary OR new.commitments IS NOT old.commitments)
    OR old.disposed_at IS NULL AND new.disposed_at IS NULL AND (new.content IS NOT old.content OR new.change_summary IS NOT old.change_summary OR new.commitments IS NOT old.commitments OR new.disposed_by IS NOT old.disposed_by)
    OR old.disposed_at IS NULL AND new.disposed_at IS NOT NULL AND (old.state <> 'superseded' OR new.content <> '' OR new.change_summary <> '' OR new.commitments <> '')
    OR (old.state = 'superseded' AND new.state <> 'superseded')
    OR (old.state = 'approved' AND new.state NOT IN ('approved', 'superseded')))
BEGIN
    SELECT RAISE(ABORT, 'document version is frozen: approved and superseded versions cannot change');
END;

-- Who wrote or submitted each version besides its author: none of them
-- may approve it (7.5.2, review and approval by another person).
CREATE TABLE document_version_editors (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    version_id INTEGER NOT NULL REFERENCES document_versions (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, version_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
