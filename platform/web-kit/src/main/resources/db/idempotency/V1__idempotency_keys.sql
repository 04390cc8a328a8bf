-- The web kit's own table in each service's database, migrated with its own history table
-- (idempotency_schema_history) beside the service's, the event runtime's and the authz adapter's.
-- Kept in the SQL subset PostgreSQL and H2 (PostgreSQL mode) share.

-- The first answer to each write that carried an Idempotency-Key, per caller (the token's subject):
-- inserted in the transaction that creates the resource, before it, so the primary key makes a
-- concurrent duplicate wait for that transaction and then read its answer. status, location and
-- body are filled in the same transaction, so a committed row always holds its answer.
create table idempotency_keys (
    caller           varchar(128) not null,
    idempotency_key  varchar(255) not null,
    fingerprint      varchar(64) not null,
    created_at       timestamp with time zone not null,
    status           integer,
    location         varchar(2048),
    body             text,
    primary key (caller, idempotency_key)
);
create index idempotency_keys_age on idempotency_keys (created_at);
