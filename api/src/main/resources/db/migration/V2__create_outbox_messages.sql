-- Transactional outbox: a row is written in the same transaction as the change it announces and deleted once
-- the broker has acknowledged it.
CREATE TABLE outbox_messages (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL
);
