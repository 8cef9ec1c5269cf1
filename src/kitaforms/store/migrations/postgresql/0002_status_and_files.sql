-- The status lifecycle (received → retrieved → accepted | rejected) and the files of each submission.
ALTER TABLE submissions ADD COLUMN status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'retrieved', 'accepted', 'rejected'));
ALTER TABLE submissions ADD COLUMN retrieved_at text;
CREATE INDEX submissions_by_status ON submissions (status, retrieved_at);
CREATE INDEX idempotency_by_reference ON idempotency (reference);
CREATE TABLE submission_files (
    reference     text NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    attachment_id text NOT NULL,
    field         text NOT NULL,
    sha256        text NOT NULL REFERENCES uploads (sha256),
    PRIMARY KEY (reference, attachment_id)
);
CREATE INDEX submission_files_by_sha256 ON submission_files (sha256);
