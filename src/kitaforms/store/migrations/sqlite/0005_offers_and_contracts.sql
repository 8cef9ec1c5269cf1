-- Offers of the allocation rounds (kitaforms allocate), loaded by the back office: the family answers
-- through a secret link of which only the sha256 is kept. `live_round` is the newest loaded round that
-- still holds the offer (the next round reads its answer). The care contract of an accepted offer, with
-- the parents' consent (when, to which document). Neither belongs to a submission: an offer keeps of the
-- registration only what the contract names, so retention of the registrations does not take it away.
CREATE TABLE offers (
    id          TEXT PRIMARY KEY,
    kommune     TEXT NOT NULL,
    round       INTEGER NOT NULL,
    live_round  INTEGER NOT NULL,
    reference   TEXT NOT NULL,
    link_sha256 TEXT NOT NULL UNIQUE,
    deadline    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined', 'expired')),
    data        TEXT NOT NULL,
    loaded_at   TEXT NOT NULL,
    answer      TEXT,
    lang        TEXT,
    answered_at TEXT
);
CREATE INDEX offers_by_round ON offers (kommune, live_round, id);
CREATE TABLE contracts (
    offer        TEXT PRIMARY KEY REFERENCES offers (id) ON DELETE CASCADE,
    kommune      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('awaiting_consent', 'consented', 'awaiting_signature')),
    signature    TEXT NOT NULL CHECK (signature IN ('online', 'handwritten', 'eid')),
    lang         TEXT NOT NULL,
    template     TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    consent      TEXT,
    consented_at TEXT
);
