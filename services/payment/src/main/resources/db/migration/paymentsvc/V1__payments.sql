-- paymentsvc: wallets, every movement of money, and what happened to each order's payment.

-- Per wallet, at every commit: balance = opening_balance + recharges - debits + refunds.
create table wallets (
    account_id       bigint primary key,
    balance          numeric(19,2) not null check (balance >= 0),
    opening_balance  numeric(19,2) not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);

-- The ledger. kind is recharge, debit or refund; order_id is set for debit and refund, and the
-- unique key makes a second debit (or refund) of one order impossible, whatever the code does.
create table transactions (
    id             uuid primary key,
    account_id     bigint not null,
    order_id       uuid,
    kind           varchar(16) not null,
    amount         numeric(19,2) not null check (amount > 0),
    balance_after  numeric(19,2) not null,
    created_at     timestamp with time zone not null,
    unique (order_id, kind)
);
create index transactions_by_account on transactions (account_id, created_at);
create index transactions_by_creation on transactions (created_at, id);

-- One row per order, whatever arrived first: state is
--   debited   the wallet paid
--   declined  the wallet could not pay (or was never opened)
--   refunded  paid, then the order was canceled: the money went back
--   canceled  the cancel arrived before the reservation: when it comes, nothing is charged
create table payments (
    order_id    uuid primary key,
    account_id  bigint not null,
    amount      numeric(19,2),
    state       varchar(16) not null,
    reason      varchar(500),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
