-- AI risk (6.1, 8.2, 8.3): the organization's risk criteria in numbered
-- versions, the register of risks and opportunities with their latest
-- assessment and treatment, every dated assessment, the controls chosen
-- and the records a risk links to. Keep in step with
-- postgres/0015_risk.sql.

-- A criteria version is never changed: a change is the next number,
-- inserted with ON CONFLICT DO NOTHING, so two editors of one version
-- cannot both win.
CREATE TABLE risk_criteria (
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    number     INTEGER NOT NULL,
    likelihood TEXT NOT NULL,
    impact     TEXT NOT NULL,
    matrix     TEXT NOT NULL,
    threshold  TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (org_id, number)
);
CREATE TRIGGER risk_criteria_frozen BEFORE UPDATE ON risk_criteria
BEGIN
    SELECT RAISE(ABORT, 'risk criteria version is frozen: a change is a new version');
END;
CREATE TRIGGER risk_criteria_kept BEFORE DELETE ON risk_criteria
BEGIN
    SELECT RAISE(ABORT, 'risk criteria version is frozen: versions are kept');
END;

CREATE TABLE risks (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organizations (id),
    number              INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    ai_system_id        INTEGER,
    source              TEXT NOT NULL,
    source_other        TEXT NOT NULL,
    description         TEXT NOT NULL,
    consequences        TEXT NOT NULL,
    owner_id            INTEGER REFERENCES users (id),
    status              TEXT NOT NULL,
    planned_actions     TEXT NOT NULL,
    likelihood          INTEGER NOT NULL,
    impact              INTEGER NOT NULL,
    level               TEXT NOT NULL,
    level_rank          INTEGER NOT NULL,
    residual_likelihood INTEGER NOT NULL,
    residual_impact     INTEGER NOT NULL,
    residual_level      TEXT NOT NULL,
    residual_rank       INTEGER NOT NULL,
    criteria_version    INTEGER,
    assessed_on         DATE,
    above_threshold     BOOLEAN NOT NULL,
    treatment           TEXT NOT NULL,
    treatment_plan      TEXT NOT NULL,
    plan_owner_id       INTEGER REFERENCES users (id),
    plan_start          DATE,
    plan_due            DATE,
    accepted_by_id      INTEGER REFERENCES users (id),
    accepted_by         TEXT NOT NULL,
    accepted_on         DATE,
    acceptance_reason   TEXT NOT NULL,
    accepted_under      TEXT NOT NULL,
    checked_on          DATE,
    effectiveness       TEXT NOT NULL,
    check_note          TEXT NOT NULL,
    flagged             BOOLEAN NOT NULL,
    search              TEXT NOT NULL,
    archived            BOOLEAN NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, plan_owner_id) REFERENCES memberships (org_id, user_id),
    FOREIGN KEY (org_id, criteria_version) REFERENCES risk_criteria (org_id, number)
);
CREATE INDEX risks_number ON risks (org_id, archived, number);
CREATE INDEX risks_title ON risks (org_id, archived, title);
CREATE INDEX risks_level ON risks (org_id, archived, level_rank);
CREATE INDEX risks_residual ON risks (org_id, archived, residual_rank);
CREATE INDEX risks_status ON risks (org_id, archived, status);
CREATE INDEX risks_assessed ON risks (org_id, archived, assessed_on);
CREATE INDEX risks_due ON risks (org_id, archived, plan_due);
CREATE INDEX risks_updated ON risks (org_id, archived, updated_at);
CREATE INDEX risks_flagged ON risks (org_id, archived, flagged);
-- The heat map counts from these alone: its GROUP BY walks them in order.
CREATE INDEX risks_cell ON risks (org_id, archived, likelihood, impact, kind);
CREATE INDEX risks_residual_cell ON risks (org_id, archived, residual_likelihood, residual_impact, kind);
CREATE INDEX risks_system ON risks (org_id, ai_system_id);
CREATE INDEX risks_owner ON risks (owner_id);
CREATE INDEX risks_plan_owner ON risks (plan_owner_id);
CREATE INDEX risks_accepted_by ON risks (accepted_by_id);

CREATE VIRTUAL TABLE risks_fts USING fts5(search, content='risks', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE risks_fts_prefix USING fts5(search, content='risks', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER risks_fts_insert AFTER INSERT ON risks BEGIN
    INSERT INTO risks_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO risks_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risks_fts_update AFTER UPDATE OF search ON risks BEGIN
    INSERT INTO risks_fts (risks_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO risks_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO risks_fts_prefix (risks_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO risks_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER risks_fts_delete AFTER DELETE ON risks BEGIN
    INSERT INTO risks_fts (risks_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO risks_fts_prefix (risks_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Every assessment of a risk, dated, with the criteria version it used.
CREATE TABLE risk_assessments (
    org_id              INTEGER NOT NULL REFERENCES organizations (id),
    risk_id             INTEGER NOT NULL,
    number              INTEGER NOT NULL,
    assessed_on         DATE NOT NULL,
    assessor_id         INTEGER REFERENCES users (id),
    assessor            TEXT NOT NULL,
    criteria_version    INTEGER NOT NULL,
    likelihood          INTEGER NOT NULL,
    impact              INTEGER NOT NULL,
    level               TEXT NOT NULL,
    residual_likelihood INTEGER NOT NULL,
    residual_impact     INTEGER NOT NULL,
    residual_level      TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, risk_id, number),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id),
    FOREIGN KEY (org_id, criteria_version) REFERENCES risk_criteria (org_id, number)
);
CREATE INDEX risk_assessments_assessor ON risk_assessments (assessor_id);
CREATE TRIGGER risk_assessments_frozen BEFORE UPDATE ON risk_assessments
BEGIN
    SELECT RAISE(ABORT, 'risk assessment is a dated result: it is never changed');
END;

-- The controls a risk's treatment chose: an Annex A control ID or a custom
-- control's reference (CC-3).
CREATE TABLE risk_controls (
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    risk_id     INTEGER NOT NULL,
    control_ref TEXT NOT NULL,
    PRIMARY KEY (org_id, risk_id, control_ref),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
);
CREATE INDEX risk_controls_control ON risk_controls (org_id, control_ref);

-- The interested parties a risk affects, and the context issues and
-- obligations it comes from.
CREATE TABLE risk_parties (
    org_id   INTEGER NOT NULL REFERENCES organizations (id),
    risk_id  INTEGER NOT NULL,
    party_id INTEGER NOT NULL,
    PRIMARY KEY (org_id, risk_id, party_id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id),
    FOREIGN KEY (org_id, party_id) REFERENCES interested_parties (org_id, id)
);
CREATE INDEX risk_parties_party ON risk_parties (org_id, party_id);

CREATE TABLE risk_issues (
    org_id   INTEGER NOT NULL REFERENCES organizations (id),
    risk_id  INTEGER NOT NULL,
    issue_id INTEGER NOT NULL,
    PRIMARY KEY (org_id, risk_id, issue_id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id),
    FOREIGN KEY (org_id, issue_id) REFERENCES context_issues (org_id, id)
);
CREATE INDEX risk_issues_issue ON risk_issues (org_id, issue_id);

CREATE TABLE risk_obligations (
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    risk_id       INTEGER NOT NULL,
    obligation_id INTEGER NOT NULL,
    PRIMARY KEY (org_id, risk_id, obligation_id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id),
    FOREIGN KEY (org_id, obligation_id) REFERENCES obligations (org_id, id)
);
CREATE INDEX risk_obligations_obligation ON risk_obligations (org_id, obligation_id);
