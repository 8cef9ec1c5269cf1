-- The status lifecycle (received → retrieved → accepted | rejected) and the files of each submission.
ALTER TABLE submissions ADD COLUMN status TEXT NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'retrieved', 'accepted', 'rejected'));
ALTER TABLE submissions ADD COLUMN retrieved_at TEXT;
CREATE INDEX submissions_by_status ON submissions (status, retrieved_at);
CREATE INDEX idempotency_by_reference ON idempotency (reference);
CREATE TABLE submission_files (
    reference     TEXT NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    attachment_id TEXT NOT NULL,
    field         TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES uploads (sha256),
    PRIMARY KEY (reference, attachment_id)
);
CREATE INDEX submission_files_by_sha256 ON submission_files (sha256);
