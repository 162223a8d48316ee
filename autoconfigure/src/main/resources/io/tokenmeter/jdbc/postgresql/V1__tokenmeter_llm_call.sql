-- tokenmeter JDBC ledger, PostgreSQL, schema version 1: one row per metered model call.
-- Applied by tokenmeter at startup (tokenmeter.ledger.jdbc.initialize-schema=true, the default): through Flyway
-- with its own history table (tokenmeter_schema_history) when Flyway is on the classpath, else by running this
-- script, which is idempotent. To apply it yourself, set initialize-schema=false and run this file (it is in the
-- tokenmeter-spring-boot-autoconfigure jar at io/tokenmeter/jdbc/postgresql/).
-- Money is NUMERIC without precision or scale: exact, the cost's scale kept as computed.

CREATE TABLE IF NOT EXISTS tokenmeter_llm_call (
    id                    uuid        NOT NULL PRIMARY KEY, -- generated once per call: a retried batch inserts nothing twice
    started_at            timestamptz NOT NULL,
    duration_nanos        bigint      NOT NULL,
    ttft_nanos            bigint,                          -- streams: time to the first chunk
    stream                boolean     NOT NULL,
    operation             text        NOT NULL,            -- chat, embeddings
    provider              text        NOT NULL,
    requested_model       text,
    model                 text        NOT NULL,
    agent                 text        NOT NULL,
    user_id               text        NOT NULL,
    session_id            text,
    outcome               text        NOT NULL,            -- success, truncated, error, cancelled, blocked
    error_type            text,
    finish_reason         text,
    service_tier          text,
    usage_reported        boolean     NOT NULL,
    usage_estimated       boolean     NOT NULL,
    input_tokens          bigint      NOT NULL,            -- uncached input
    cache_read_tokens     bigint      NOT NULL,
    cache_write_5m_tokens bigint      NOT NULL,
    cache_write_1h_tokens bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,            -- reasoning included
    reasoning_tokens      bigint      NOT NULL,
    cost                  numeric,                         -- USD, exact; NULL = unpriced
    response_preview      text,
    -- Repricing (POST /actuator/tokenmeterreprice): the cost as first recorded, when and with which catalog the
    -- row was last repriced. NULL until a repricing changes the row.
    original_cost         numeric,
    repriced_at           timestamptz,
    repriced_catalog_date date,
    repriced_catalog      text
);

-- Time ranges (every report window) and the report's dimensions within a range (chargeback per user or agent).
CREATE INDEX IF NOT EXISTS tokenmeter_llm_call_started_at ON tokenmeter_llm_call (started_at);
CREATE INDEX IF NOT EXISTS tokenmeter_llm_call_user_started_at ON tokenmeter_llm_call (user_id, started_at);
CREATE INDEX IF NOT EXISTS tokenmeter_llm_call_agent_started_at ON tokenmeter_llm_call (agent, started_at);
CREATE INDEX IF NOT EXISTS tokenmeter_llm_call_model_started_at ON tokenmeter_llm_call (model, started_at);
