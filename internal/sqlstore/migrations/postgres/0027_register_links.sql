-- Joins between registers issue 7 asks for. Keep in step with
-- sqlite/0027_register_links.sql.
--
-- 1. An AI component names the third party that supplies it (A.10.3):
--    ai_components.third_party_id, a seam since 0019, gains its foreign key.
-- 3. A data component names the data set it is (A.4.3, A.7): the new
--    column ai_components.dataset_id, only set on components of kind data.
ALTER TABLE ai_components ADD COLUMN dataset_id BIGINT;
ALTER TABLE ai_components ADD CONSTRAINT ai_components_third_party_fkey
    FOREIGN KEY (org_id, third_party_id) REFERENCES third_parties (org_id, id);
ALTER TABLE ai_components ADD CONSTRAINT ai_components_dataset_fkey
    FOREIGN KEY (org_id, dataset_id) REFERENCES datasets (org_id, id);
CREATE INDEX ai_components_third_party ON ai_components (org_id, third_party_id);
CREATE INDEX ai_components_dataset ON ai_components (org_id, dataset_id);

-- 2. An objective names the risks it addresses (6.2: objectives take the
--    risks into account), replaced in the objective's versioned write like
--    objective_systems.
CREATE TABLE objective_risks (
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    objective_id BIGINT NOT NULL,
    risk_id      BIGINT NOT NULL,
    PRIMARY KEY (org_id, objective_id, risk_id),
    FOREIGN KEY (org_id, objective_id) REFERENCES objectives (org_id, id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
);
CREATE INDEX objective_risks_risk ON objective_risks (org_id, risk_id);
