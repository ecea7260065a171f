-- Retention of documented information (7.5.3): a retention period per
-- kind of document, a legal hold that stops disposal, and the disposal of a
-- superseded version whose period has run out: its text goes, the version
-- row and the audit event that it existed stay.
CREATE TABLE retention_rules (
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    kind       TEXT NOT NULL,
    months     INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, kind)
);
ALTER TABLE documents ADD COLUMN legal_hold TEXT NOT NULL DEFAULT '';
ALTER TABLE document_versions ADD COLUMN disposed_at TIMESTAMPTZ;
ALTER TABLE document_versions ADD COLUMN disposed_by TEXT NOT NULL DEFAULT '';

-- The frozen rule again, with disposal as its one exception: a superseded
-- version may lose its text, once, when it is marked disposed.
CREATE OR REPLACE FUNCTION document_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state IN ('approved', 'superseded') THEN
            RAISE EXCEPTION 'document version is frozen: approved and superseded versions are kept';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state IN ('approved', 'superseded') AND (
        NEW.approver_id IS DISTINCT FROM OLD.approver_id
        OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
        OR NEW.approver_name IS DISTINCT FROM OLD.approver_name
        OR NEW.designation_ref IS DISTINCT FROM OLD.designation_ref
        OR NEW.designation_position IS DISTINCT FROM OLD.designation_position
        OR NEW.designation_body IS DISTINCT FROM OLD.designation_body
        OR NEW.author_id IS DISTINCT FROM OLD.author_id
        OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
        OR NEW.return_note IS DISTINCT FROM OLD.return_note
        OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.document_id IS DISTINCT FROM OLD.document_id
        OR NEW.org_id IS DISTINCT FROM OLD.org_id
        OR OLD.disposed_at IS NOT NULL AND (NEW.disposed_at IS DISTINCT FROM OLD.disposed_at OR NEW.disposed_by IS DISTINCT FROM OLD.disposed_by OR NEW.content IS DISTINCT FROM OLD.content OR NEW.change_summary IS DISTINCT FROM OLD.change_summary OR NEW.commitments IS DISTINCT FROM OLD.commitments)
        OR OLD.disposed_at IS NULL AND NEW.disposed_at IS NULL AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.change_summary IS DISTINCT FROM OLD.change_summary OR NEW.commitments IS DISTINCT FROM OLD.commitments OR NEW.disposed_by IS DISTINCT FROM OLD.disposed_by)
        OR OLD.disposed_at IS NULL AND NEW.disposed_at IS NOT NULL AND (OLD.state <> 'superseded' OR NEW.content <> '' OR NEW.change_summary <> '' OR NEW.commitments <> '')
        OR (OLD.state = 'superseded' AND NEW.state <> 'superseded')
        OR (OLD.state = 'approved' AND NEW.state NOT IN ('approved', 'superseded'))) THEN
        RAISE EXCEPTION 'document version is frozen: approved and superseded versions cannot change';
    END IF;
    RETURN NEW;
END $$;

-- Who wrote or submitted each version besides its author: none of them
-- may approve it (7.5.2, review and approval by another person).
CREATE TABLE document_version_editors (
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    version_id BIGINT NOT NULL REFERENCES document_versions (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, version_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
