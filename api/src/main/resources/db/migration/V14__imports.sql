-- Imports (issue 19): an image may come from a URL the worker fetches; a CSV import groups many such images by
-- product row; a callback URL is a webhook endpoint that receives only its own import's completion.
ALTER TABLE images ADD COLUMN source_url text CHECK (length(source_url) <= 2048);

ALTER TABLE webhook_endpoints ADD COLUMN callback_for uuid;  -- the import whose completion alone it receives

CREATE TABLE imports (
    id                    uuid        PRIMARY KEY,
    owner_id              text        NOT NULL,
    total_rows            integer     NOT NULL CHECK (total_rows > 0),
    total_urls            integer     NOT NULL CHECK (total_urls > 0),
    distinct_urls         integer     NOT NULL CHECK (distinct_urls > 0 AND distinct_urls <= total_urls),
    output_rendition      text        NOT NULL,  -- the rendition the output CSV links to
    callback_url          text        CHECK (length(callback_url) <= 2000),
    callback_endpoint_id  uuid        REFERENCES webhook_endpoints (id) ON DELETE SET NULL,
    final_status          text        CHECK (final_status IN ('completed', 'completed_with_errors', 'failed')),
    succeeded             integer,    -- counts when it completed
    failed                integer,
    created_at            timestamptz NOT NULL,
    completed_at          timestamptz,
    CHECK ((completed_at IS NULL) = (final_status IS NULL))
);
CREATE INDEX imports_owner ON imports (owner_id, created_at DESC, id DESC);
CREATE INDEX imports_open ON imports (created_at) WHERE completed_at IS NULL;

-- the CSV's rows as given, in order
CREATE TABLE import_rows (
    id             uuid     PRIMARY KEY,
    import_id      uuid     NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line           integer  NOT NULL,  -- the CSV record number (the header is 1)
    serial_number  text     NOT NULL,
    product_name   text     NOT NULL,
    urls           text[]   NOT NULL,
    UNIQUE (import_id, line)
);

-- one image per distinct URL of an import; no foreign key to images: a deleted image counts as failed
CREATE TABLE import_images (
    image_id   uuid  PRIMARY KEY,
    import_id  uuid  NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    url        text  NOT NULL,
    UNIQUE (import_id, url)
);
