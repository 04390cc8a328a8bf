-- ordersvc: the saga's durable timers (issue 11).

-- deadline_at: an order still pending or payment_pending then is canceled with reason timeout.
-- Orders placed before this migration get the default deadline from their creation.
alter table orders add column deadline_at timestamp with time zone;
update orders set deadline_at = created_at + interval '5' minute;
alter table orders alter column deadline_at set not null;
create index orders_by_deadline on orders (status, deadline_at);

-- compensation: null when nothing is to undo; pending from the cancel (customer, payment failed,
-- timeout) until inventorysvc confirmed the stock (stock_released) and paymentsvc the money
-- (refund_confirmed); then confirmed. compensation_due_at: when event-order-canceled is fired again.
alter table orders add column compensation varchar(16);
alter table orders add column stock_released boolean not null default false;
alter table orders add column refund_confirmed boolean not null default false;
alter table orders add column compensation_due_at timestamp with time zone;
create index orders_by_compensation on orders (compensation, created_at);
create index orders_compensation_due on orders (compensation, compensation_due_at);
