-- The EU AI Act duty of a serious incident depends on the AI system's risk
-- class and the organization's operator role for it (aims.DecideIncidentDuty):
-- the provider of a high-risk system reports to the authority (Art. 73), a
-- deployer informs the provider immediately (Art. 26(5)). A communication
-- log entry says what kind of recipient it went to; the first one to the
-- provider is kept on the incident and ends the deployer's due work.
ALTER TABLE ai_incident_messages ADD COLUMN recipient_kind TEXT NOT NULL DEFAULT 'other';
UPDATE ai_incident_messages SET recipient_kind = 'authority' WHERE channel = 'Report to the authority';
ALTER TABLE ai_incidents ADD COLUMN provider_informed_on DATE;
