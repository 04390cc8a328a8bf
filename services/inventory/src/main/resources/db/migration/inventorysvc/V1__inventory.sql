-- inventorysvc: merchants, products and the stock reserved for orders.

create table merchants (
    id          uuid primary key,
    name        varchar(100) not null unique,
    owner_id    bigint not null,
    created_at  timestamp with time zone not null
);

-- available is what orders may still reserve; stocked is every unit ever put on sale (raised or
-- lowered by the merchant's stock updates), so that per product
--   stocked = available + reserved (held) + sold
-- holds at every commit. The check makes overselling impossible even for a faulty statement.
create table products (
    id           uuid primary key,
    merchant_id  uuid not null references merchants (id),
    name         varchar(100) not null,
    description  varchar(2000) not null,
    price        numeric(19,2) not null check (price > 0),
    available    integer not null check (available >= 0),
    stocked      bigint not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null,
    unique (merchant_id, name)
);
create index products_by_creation on products (created_at, id);

-- One row per order, whatever arrived first: state is
--   held      stock taken from available for the order
--   sold      the order was approved: the units are gone for good
--   released  the order was canceled after its stock was held (or sold): the units came back
--   rejected  the order could not be served (unknown product, not enough stock); nothing was taken
--   canceled  the cancel arrived before the order itself: when it comes, nothing is reserved
create table reservations (
    order_id    uuid primary key,
    product_id  uuid,
    account_id  bigint not null,
    quantity    integer not null,
    amount      numeric(19,2),
    state       varchar(16) not null,
    reason      varchar(500),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
create index reservations_by_product on reservations (product_id, state);
