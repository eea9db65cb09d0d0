-- Billing: each workspace's Stripe customer and billing details, the mirror of its subscriptions,
-- its invoices and payments, its monthly statements, and the Stripe events the webhook receives.
-- Subscriptions, invoices and payments are copies of Stripe's truth, re-fetched on every event;
-- observed_at (when the copy was read from Stripe) keeps an older read from overwriting a newer one.

create table billing_accounts (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  stripe_customer_id text check (stripe_customer_id like 'cus\_%'),
  billing_email citext check (length(billing_email) <= 254 and billing_email ~ '^[^@\s]+@[^@\s]+$'),
  business_name text check (length(business_name) <= 200),
  address_line1 text check (length(address_line1) <= 200),
  address_line2 text check (length(address_line2) <= 200),
  city text check (length(city) <= 100),
  postal_code text check (length(postal_code) <= 20),
  country text check (length(country) <= 100),
  tax_id text check (length(tax_id) <= 50),
  -- The open Checkout Session, reused when the subscribe button is clicked again so a double
  -- click can never lead to two subscriptions.
  checkout_session_id text,
  checkout_url text,
  checkout_lookup_key text,
  checkout_expires_at timestamptz,
  -- A short lease held while the customer and the Checkout Session are created at Stripe, outside
  -- any transaction; a concurrent click waits for it instead of creating a second customer.
  checkout_claim uuid,
  checkout_claimed_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Webhook events name the customer, not the workspace.
create index billing_accounts_customer_idx on billing_accounts (stripe_customer_id);

create table billing_subscriptions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  stripe_subscription_id text not null check (stripe_subscription_id like 'sub\_%'),
  stripe_customer_id text not null,
  status text not null check (status in ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
  price_id text not null,
  price_lookup_key text,
  plan_key text,
  billing_interval text check (billing_interval in ('month', 'year')),
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  cancel_at timestamptz,
  trial_end timestamptz,
  canceled_at timestamptz,
  ended_at timestamptz,
  stripe_created_at timestamptz not null,
  observed_at timestamptz not null,
  primary key (workspace_id, stripe_subscription_id)
);

-- Invoices and payments are accounting records the law requires us to keep after a workspace is
-- deleted: they name the workspace without a foreign key (like deletion_requests), and the
-- deletion executor blanks their personal columns instead of deleting them.
create table billing_invoices (
  workspace_id uuid not null,
  stripe_invoice_id text not null check (stripe_invoice_id like 'in\_%'),
  stripe_subscription_id text,
  number text,
  status text not null check (status in ('draft', 'open', 'paid', 'uncollectible', 'void')),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  subtotal integer not null,
  tax integer not null default 0,
  total integer not null,
  amount_paid integer not null,
  amount_remaining integer not null,
  description text not null,
  plan_key text,
  period_start timestamptz,
  period_end timestamptz,
  hosted_invoice_url text,
  -- The billing details printed on the receipt, fixed when the invoice was paid.
  billed_to jsonb,
  stripe_created_at timestamptz not null,
  finalized_at timestamptz,
  paid_at timestamptz,
  receipt_queued_at timestamptz,
  observed_at timestamptz not null,
  primary key (workspace_id, stripe_invoice_id)
);
create index billing_invoices_finalized_idx on billing_invoices (workspace_id, finalized_at);

-- Money that moved: card payments (charges) and the refunds made against them in Stripe.
create table billing_payments (
  workspace_id uuid not null,
  stripe_id text not null check (stripe_id like 'ch\_%' or stripe_id like 're\_%' or stripe_id like 'py\_%'),
  kind text not null check (kind in ('payment', 'refund')),
  stripe_charge_id text not null,
  stripe_invoice_id text,
  status text not null check (status in ('pending', 'succeeded', 'failed', 'canceled', 'requires_action')),
  amount integer not null check (amount >= 0),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  failure_code text,
  failure_message text,
  card_brand text,
  card_last4 text check (card_last4 ~ '^[0-9]{4}$'),
  stripe_created_at timestamptz not null,
  observed_at timestamptz not null,
  primary key (workspace_id, stripe_id)
);
create index billing_payments_created_idx on billing_payments (workspace_id, stripe_created_at);

-- A statement is issued once per workspace and month (by the monthly job or the first download)
-- and kept as issued.
create table billing_statements (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  pdf bytea not null,
  issued_at timestamptz not null default now(),
  primary key (workspace_id, month)
);

-- Stripe events are platform records: the webhook cannot know the workspace before the apply job
-- maps the customer, so only the system role reads and writes them (the receiving and applying
-- modules listed in db/system-modules.ts); the app role has no grant on them.
create table stripe_events (
  id text primary key check (id like 'evt\_%'),
  type text not null,
  object_type text,
  object_id text,
  customer_id text,
  payload jsonb not null,
  stripe_created_at timestamptz not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (outcome in ('applied', 'ignored_type', 'unknown_customer'))
);
create index stripe_events_unprocessed_idx on stripe_events (received_at) where processed_at is null;

-- Policies before grants.
alter table billing_accounts enable row level security;
alter table billing_accounts force row level security;
create policy billing_accounts_tenant on billing_accounts for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table billing_subscriptions enable row level security;
alter table billing_subscriptions force row level security;
create policy billing_subscriptions_tenant on billing_subscriptions for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table billing_invoices enable row level security;
alter table billing_invoices force row level security;
create policy billing_invoices_tenant on billing_invoices for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table billing_payments enable row level security;
alter table billing_payments force row level security;
create policy billing_payments_tenant on billing_payments for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table billing_statements enable row level security;
alter table billing_statements force row level security;
create policy billing_statements_tenant on billing_statements for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update on billing_accounts, billing_subscriptions, billing_invoices, billing_payments to kiana_app;
grant select, insert on billing_statements to kiana_app;
