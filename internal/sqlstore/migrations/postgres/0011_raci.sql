-- The RACI over the AIMS processes (5.3): each AIMS role's part in a
-- process, written with the process. One role at most is accountable.
CREATE TABLE process_raci (
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    process_id BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    letter     TEXT NOT NULL CHECK (letter IN ('R', 'A', 'C', 'I')),
    PRIMARY KEY (org_id, process_id, role_id),
    FOREIGN KEY (org_id, process_id) REFERENCES processes (org_id, id),
    FOREIGN KEY (org_id, role_id) REFERENCES aims_roles (org_id, id)
);
CREATE UNIQUE INDEX process_raci_accountable ON process_raci (org_id, process_id) WHERE letter = 'A';
CREATE INDEX process_raci_role ON process_raci (org_id, role_id);
