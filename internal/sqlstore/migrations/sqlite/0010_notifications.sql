-- Mail, password resets, the daily digest, calendar feeds and webhooks.

-- Mail waits here until a server delivers it, so that a request never
-- waits on (or reveals, by its timing) the mail server. A replica claims a
-- message for a while before sending it; a message sent loses its body,
-- which may hold a one-time link.
CREATE TABLE mail_outbox (
    id            INTEGER PRIMARY KEY,
    recipient     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    next_attempt  TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL,
    claimed_until TIMESTAMP,
    sent_at       TIMESTAMP,
    failed_at     TIMESTAMP,
    last_error    TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt);

-- A password reset link sent by e-mail: the hash of its token only.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Scheduled work done once per key, whichever replica gets there first:
-- the digest of a person on a day, the webhook events of an organization
-- on a day. The insert that wins does the work in the same transaction.
CREATE TABLE schedule_claims (
    kind       TEXT NOT NULL,
    claim_key  TEXT NOT NULL,
    claimed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, claim_key)
);

-- A person's calendar feed of their due work, at a secret address. One
-- live feed per person and organization; a new one replaces it.
CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX calendar_feeds_person ON calendar_feeds (org_id, user_id);

-- Webhooks: an organization's endpoints for due and overdue events, each
-- with the secret its deliveries are signed with, and the log of every
-- delivery and its attempts.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organizations (id),
    number     INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    archived   BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id)
);
CREATE INDEX webhooks_org ON webhooks (org_id, archived, number);

CREATE TABLE webhook_deliveries (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id),
    webhook_id    INTEGER NOT NULL,
    event         TEXT NOT NULL,
    payload       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    next_attempt  TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL,
    claimed_until TIMESTAMP,
    delivered_at  TIMESTAMP,
    failed_at     TIMESTAMP,
    status_code   INTEGER NOT NULL,
    last_error    TEXT NOT NULL,
    FOREIGN KEY (org_id, webhook_id) REFERENCES webhooks (org_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (delivered_at, failed_at, next_attempt);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (org_id, webhook_id, id);
