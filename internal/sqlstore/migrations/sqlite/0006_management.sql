-- Top management and management designated for AI risk (clauses 5.1, 5.3,
-- 6.1.3): who holds the authority the standard reserves to them, from when
-- and until when. Ended designations are kept: an approval is checked, and
-- later audited, against the designations of its day. The person is a
-- member of the same organization.
CREATE TABLE designations (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    number       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    body         TEXT NOT NULL,
    position     TEXT NOT NULL,
    accept_up_to TEXT NOT NULL,
    basis        TEXT NOT NULL,
    valid_from   DATE NOT NULL,
    valid_until  DATE,
    archived     BOOLEAN NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
-- The approver check reads this index: the person's designations in force.
CREATE INDEX designations_person ON designations (org_id, user_id, archived, body);
CREATE INDEX designations_body ON designations (org_id, archived, body, valid_from);
