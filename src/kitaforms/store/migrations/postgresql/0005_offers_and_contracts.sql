-- Offers of the allocation rounds (kitaforms allocate), loaded by the back office: the family answers
-- through a secret link of which only the sha256 is kept. `live_round` is the newest loaded round that
-- still holds the offer (the next round reads its answer). The care contract of an accepted offer, with
-- the parents' consent (when, to which document). Neither belongs to a submission: an offer keeps of the
-- registration only what the contract names, so retention of the registrations does not take it away.
CREATE TABLE offers (
    id          text PRIMARY KEY,
    kommune     text NOT NULL,
    round       integer NOT NULL,
    live_round  integer NOT NULL,
    reference   text NOT NULL,
    link_sha256 text NOT NULL UNIQUE,
    deadline    text NOT NULL,
    status      text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined', 'expired')),
    data        text NOT NULL,
    loaded_at   text NOT NULL,
    answer      text,
    lang        text,
    answered_at text
);
CREATE INDEX offers_by_round ON offers (kommune, live_round, id);
CREATE TABLE contracts (
    offer        text PRIMARY KEY REFERENCES offers (id) ON DELETE CASCADE,
    kommune      text NOT NULL,
    status       text NOT NULL CHECK (status IN ('awaiting_consent', 'consented', 'awaiting_signature')),
    signature    text NOT NULL CHECK (signature IN ('online', 'handwritten', 'eid')),
    lang         text NOT NULL,
    template     text NOT NULL,
    media_type   text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    content      bytea NOT NULL,
    created_at   text NOT NULL,
    consent      text,
    consented_at text
);
