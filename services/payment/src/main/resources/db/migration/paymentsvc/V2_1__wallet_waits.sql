-- paymentsvc: when a reservation for an account without a wallet was first seen (issue 11). The
-- wallet grace runs from here, not from the event's time, so a backlog older than the grace does
-- not decline a new customer's order; the row goes once the order is charged or declined.
create table wallet_waits (
    order_id       uuid primary key,
    account_id     bigint not null,
    first_seen_at  timestamp with time zone not null
);
