-- The AIMS scope (clause 4.3): one versioned statement per organization with
-- its boundaries, the scope document it is published in, the AI systems it
-- excludes with reasons, the units and sites in and out of scope, and the
-- context issues, obligations and interested parties it took into account.
-- Every link is a composite foreign key, so nothing points into another
-- organization; the child rows are replaced with the statement's write.
CREATE TABLE scope_statements (
    org_id      BIGINT PRIMARY KEY REFERENCES organizations (id),
    version     INTEGER NOT NULL,
    boundaries  TEXT NOT NULL,
    document_id BIGINT,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT NOT NULL,
    FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id)
);

CREATE TABLE scope_exclusions (
    org_id       BIGINT NOT NULL REFERENCES scope_statements (org_id),
    ai_system_id BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (org_id, ai_system_id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id)
);

CREATE TABLE scope_units (
    org_id     BIGINT NOT NULL REFERENCES scope_statements (org_id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    in_scope   BOOLEAN NOT NULL,
    reason     TEXT NOT NULL,
    interfaces TEXT NOT NULL,
    PRIMARY KEY (org_id, position)
);

CREATE TABLE scope_sites (
    org_id   BIGINT NOT NULL REFERENCES scope_statements (org_id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    in_scope BOOLEAN NOT NULL,
    reason   TEXT NOT NULL,
    PRIMARY KEY (org_id, position)
);

CREATE TABLE scope_issues (
    org_id   BIGINT NOT NULL REFERENCES scope_statements (org_id),
    issue_id BIGINT NOT NULL,
    PRIMARY KEY (org_id, issue_id),
    FOREIGN KEY (org_id, issue_id) REFERENCES context_issues (org_id, id)
);

CREATE TABLE scope_obligations (
    org_id        BIGINT NOT NULL REFERENCES scope_statements (org_id),
    obligation_id BIGINT NOT NULL,
    PRIMARY KEY (org_id, obligation_id),
    FOREIGN KEY (org_id, obligation_id) REFERENCES obligations (org_id, id)
);

CREATE TABLE scope_parties (
    org_id   BIGINT NOT NULL REFERENCES scope_statements (org_id),
    party_id BIGINT NOT NULL,
    PRIMARY KEY (org_id, party_id),
    FOREIGN KEY (org_id, party_id) REFERENCES interested_parties (org_id, id)
);
