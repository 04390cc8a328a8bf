-- The trace context of the span that appended the row, so the relay's publish span joins that
-- trace without parsing the envelope (which carries the same value in its traceparent attribute).
alter table eventbus_outbox add column traceparent varchar(55);
