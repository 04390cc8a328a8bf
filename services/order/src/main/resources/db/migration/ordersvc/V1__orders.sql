-- ordersvc: orders and the path each took through the saga.

-- status is one of pending, payment_pending, paid, product_out_of_stock, failed, canceled (OrderStatus).
-- version counts the transitions; amount is price x quantity once inventory has told it.
create table orders (
    id          uuid primary key,
    account_id  bigint not null,
    product_id  uuid not null,
    quantity    integer not null check (quantity > 0),
    status      varchar(32) not null,
    amount      numeric(19,2),
    reason      varchar(500),
    version     integer not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
create index orders_by_account on orders (account_id, created_at);
create index orders_by_creation on orders (created_at, id);

-- Every transition, for support and to show that no order ever moved backwards.
create table order_history (
    order_id     uuid not null references orders (id),
    version      integer not null,
    from_status  varchar(32),
    to_status    varchar(32) not null,
    cause        varchar(32) not null,
    at           timestamp with time zone not null,
    primary key (order_id, version)
);
