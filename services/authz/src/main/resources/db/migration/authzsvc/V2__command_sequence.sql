-- Commands are ordered by their receipt, never by the sender's clock (a command dated 9999-12-31 must
-- not outlive a later revocation). command_sequence is the authzsvc stream sequence of the newest
-- bus command applied to the policy (0: none yet); a bus command with a lower or equal sequence,
-- handled late because upserts and removals travel on two consumers, is stale. Changes over HTTP
-- apply in commit order and carry the sequence on, so a late older command cannot undo them.
-- changed_at and removed_at are now authzsvc's own clock, for housekeeping only.
alter table policies add column command_sequence bigint not null default 0;
alter table policy_removals add column command_sequence bigint not null default 0;
