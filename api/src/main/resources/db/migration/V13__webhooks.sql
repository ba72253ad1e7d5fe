-- Webhooks (issue 18): endpoints an owner registers, the messages their events make (written in the transaction of
-- the change that causes them), and every delivery attempt.
CREATE TABLE webhook_endpoints (
    id                     uuid        PRIMARY KEY,
    owner_id               text        NOT NULL,
    url                    text        NOT NULL CHECK (length(url) <= 2000),
    description            text        CHECK (length(description) <= 2000),
    events                 text[]      NOT NULL,
    enabled                boolean     NOT NULL DEFAULT true,
    disabled_reason        text,
    secret                 text        NOT NULL,
    previous_secret        text,
    previous_secret_until  timestamptz,
    failing_since          timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, created_at DESC, id DESC);

CREATE TABLE webhook_messages (
    id               text        PRIMARY KEY,          -- msg_..., the webhook-id of every attempt
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_type       text        NOT NULL,
    payload          text        NOT NULL,             -- the exact bytes signed and sent
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    claimed_until    timestamptz,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    id               bigserial   PRIMARY KEY,
    message_id       text        NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    attempted_at     timestamptz NOT NULL,
    http_status      integer,
    error            text,
    latency_ms       integer     NOT NULL,
    next_attempt_at  timestamptz
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, attempted_at);
