-- One row per subject that ever had a change: the revision of its last change, and when its account
-- was deleted. changed_revision lets authzsvc answer a subject from its own cache with the store's
-- current revision (the caches compare it with the revisions they have seen): the cached set is
-- current as long as it was read at or after the subject's last change. deleted_at makes deletion
-- final: a grant for a deleted subject is refused, whenever it arrives.
create table policy_subjects (
    subject           varchar(128) primary key,
    changed_revision  bigint not null,
    deleted_at        timestamp with time zone
);
-- Existing subjects: their last change is unknown (removals carry no revision), so the current
-- revision; each is read from the database once more, nothing else.
insert into policy_subjects (subject, changed_revision)
    select subject, (select revision from policy_revision where id = 1)
    from (select subject from policies union select subject from policy_removals) known;
