-- authzsvc: every authorization policy, shaped for its two queries.

-- The primary key's prefix (subject, resource_type) answers both "all policies of a subject" and
-- "a subject's policies for these resource types" from the index alone. changed_at is the time of
-- the newest command that granted it.
create table policies (
    subject        varchar(128) not null,
    resource_type  varchar(128) not null,
    action         varchar(128) not null,
    resource_id    varchar(128) not null,
    revision       bigint not null,
    changed_at     timestamp with time zone not null,
    primary key (subject, resource_type, action, resource_id)
);

-- When each policy was last removed. Upsert and remove commands travel on different subjects and may
-- be handled out of order; the newer command wins (a grant older than its removal is stale, and so is
-- a removal older than the grant). Kept for a week, well past the streams' 24 h.
create table policy_removals (
    subject        varchar(128) not null,
    resource_type  varchar(128) not null,
    action         varchar(128) not null,
    resource_id    varchar(128) not null,
    removed_at     timestamp with time zone not null,
    primary key (subject, resource_type, action, resource_id)
);
create index policy_removals_age on policy_removals (removed_at);

-- One row: the revision of the last change. Taken under the row's lock in the transaction of each
-- change, so revisions are gapless and in commit order; caches use them to order changes and to
-- notice lost ones.
create table policy_revision (
    id        int primary key,
    revision  bigint not null
);
insert into policy_revision (id, revision) values (1, 0);
