-- Collections group one owner's images. The name rule (2..255 characters) is also enforced here.
CREATE TABLE collections (
    id          uuid PRIMARY KEY,
    owner_id    text        NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 2 AND 255),
    description text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX collections_owner_created_idx ON collections (owner_id, created_at DESC);
