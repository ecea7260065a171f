-- Use reviews (A.9.4): dated checks of how an AI system is actually used
-- against its intended use. Keep in step with postgres/0023_use_reviews.sql.

CREATE TABLE use_reviews (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id),
    number       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    ai_system_id INTEGER NOT NULL,
    reviewed_on  DATE NOT NULL,
    period_from  DATE,
    period_to    DATE,
    method       TEXT NOT NULL,
    intended_use TEXT NOT NULL,
    actual_use   TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    deviations   TEXT NOT NULL,
    actions      TEXT NOT NULL,
    reviewer_id  INTEGER REFERENCES users (id),
    next_review  DATE,
    search       TEXT NOT NULL,
    archived     BOOLEAN NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, ai_system_id) REFERENCES ai_systems (org_id, id),
    FOREIGN KEY (org_id, reviewer_id) REFERENCES memberships (org_id, user_id)
);
CREATE INDEX use_reviews_system ON use_reviews (org_id, ai_system_id, reviewed_on);
CREATE INDEX use_reviews_reviewed ON use_reviews (org_id, archived, reviewed_on);
CREATE INDEX use_reviews_outcome ON use_reviews (org_id, archived, outcome);
CREATE INDEX use_reviews_next ON use_reviews (org_id, archived, next_review);
CREATE INDEX use_reviews_reviewer ON use_reviews (reviewer_id);

CREATE VIRTUAL TABLE use_reviews_fts USING fts5(search, content='use_reviews', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE use_reviews_fts_prefix USING fts5(search, content='use_reviews', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='1 2');
CREATE TRIGGER use_reviews_fts_insert AFTER INSERT ON use_reviews BEGIN
    INSERT INTO use_reviews_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO use_reviews_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER use_reviews_fts_update AFTER UPDATE OF search ON use_reviews BEGIN
    INSERT INTO use_reviews_fts (use_reviews_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO use_reviews_fts (rowid, search) VALUES (new.id, new.search);
    INSERT INTO use_reviews_fts_prefix (use_reviews_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO use_reviews_fts_prefix (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER use_reviews_fts_delete AFTER DELETE ON use_reviews BEGIN
    INSERT INTO use_reviews_fts (use_reviews_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO use_reviews_fts_prefix (use_reviews_fts_prefix, rowid, search) VALUES ('delete', old.id, old.search);
END;
