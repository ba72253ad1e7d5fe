-- One row per image. Keys are derived from owner_id and id (see shared-schema ObjectKeys); the filename is
-- display metadata only.
CREATE TABLE images (
    id              uuid PRIMARY KEY,
    owner_id        text        NOT NULL,
    filename        text        NOT NULL,
    description     text,
    status          text        NOT NULL
        CHECK (status IN ('awaiting_upload', 'pending', 'processing', 'succeeded', 'failed')),
    content_type    text,
    bytes           bigint,
    width           integer,
    height          integer,
    sha256          text,
    original_key    text        NOT NULL,
    collection_id   uuid,
    rendition_specs jsonb       NOT NULL,
    renditions      jsonb,
    failure_code    text,
    failure_detail  text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    completed_at    timestamptz
);

CREATE INDEX images_owner_created_idx ON images (owner_id, created_at DESC);
CREATE INDEX images_owner_status_idx ON images (owner_id, status);
