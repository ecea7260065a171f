-- The risk treatment plan (6.1.3 e, f) as a whole, approved by designated
-- management as numbered versions: each version keeps who approved it under
-- which designation, on which day, and a copy of every row of the plan as it
-- was (the live risks and opportunities that need or have a treatment).
-- Frozen like soa_versions. Keep in step with postgres/0026_risk_treatment_plan.sql.

CREATE TABLE risk_plan_versions (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES organizations (id),
    number               INTEGER NOT NULL,
    row_count            INTEGER NOT NULL,
    approver_id          INTEGER REFERENCES users (id),
    approver_name        TEXT NOT NULL,
    designation_ref      TEXT NOT NULL,
    designation_position TEXT NOT NULL,
    designation_body     TEXT NOT NULL,
    approved_on          DATE NOT NULL,
    approved_at          TIMESTAMP NOT NULL,
    note                 TEXT NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, approver_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX risk_plan_versions_approver ON risk_plan_versions (approver_id);

-- A row is a copy, in words, of one risk's treatment as approved: nothing
-- points back at the live risk, so later edits cannot reach it.
CREATE TABLE risk_plan_version_rows (
    org_id         INTEGER NOT NULL REFERENCES organizations (id),
    version_id     INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    risk_ref       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    system_ref     TEXT NOT NULL,
    system_name    TEXT NOT NULL,
    level          TEXT NOT NULL,
    treatment      TEXT NOT NULL,
    controls       TEXT NOT NULL,
    not_in_place   TEXT NOT NULL,
    plan_owner     TEXT NOT NULL,
    plan           TEXT NOT NULL,
    plan_start     TEXT NOT NULL,
    plan_due       TEXT NOT NULL,
    residual_level TEXT NOT NULL,
    accepted_by    TEXT NOT NULL,
    accepted_on    TEXT NOT NULL,
    effectiveness  TEXT NOT NULL,
    checked_on     TEXT NOT NULL,
    PRIMARY KEY (org_id, version_id, position),
    FOREIGN KEY (org_id, version_id) REFERENCES risk_plan_versions (org_id, id)
);

-- Frozen: an approved version and its rows never change and are never
-- deleted; rows are added only while the version has fewer than it was
-- approved with (in the approving transaction).
CREATE TRIGGER risk_plan_versions_frozen_update BEFORE UPDATE ON risk_plan_versions BEGIN
    SELECT RAISE(ABORT, 'risk treatment plan version is frozen: an approved version cannot change');
END;
CREATE TRIGGER risk_plan_versions_frozen_delete BEFORE DELETE ON risk_plan_versions BEGIN
    SELECT RAISE(ABORT, 'risk treatment plan version is frozen: an approved version is kept');
END;
CREATE TRIGGER risk_plan_version_rows_frozen_update BEFORE UPDATE ON risk_plan_version_rows BEGIN
    SELECT RAISE(ABORT, 'risk treatment plan version is frozen: an approved version cannot change');
END;
CREATE TRIGGER risk_plan_version_rows_frozen_delete BEFORE DELETE ON risk_plan_version_rows BEGIN
    SELECT RAISE(ABORT, 'risk treatment plan version is frozen: an approved version is kept');
END;
CREATE TRIGGER risk_plan_version_rows_frozen_insert BEFORE INSERT ON risk_plan_version_rows
WHEN (SELECT count(*) FROM risk_plan_version_rows r WHERE r.org_id = new.org_id AND r.version_id = new.version_id) >=
     (SELECT v.row_count FROM risk_plan_versions v WHERE v.org_id = new.org_id AND v.id = new.version_id)
BEGIN
    SELECT RAISE(ABORT, 'risk treatment plan version is frozen: an approved version cannot gain rows');
END;
