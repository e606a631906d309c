-- Notifications: who is told when a signal episode is raised, by e-mail and by signed webhooks. V7 is the outbox.

-- What each person wants to be told. A person without a row has the defaults (every kind, HIGH and above, at once,
-- by e-mail); see NotificationPreferences.
create table notification_preferences (
    person_id        text primary key,
    -- The signal kinds wanted, comma-separated; null: every kind.
    kinds            text,
    minimum_severity text        not null check (minimum_severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    delivery         text        not null check (delivery in ('IMMEDIATE', 'DAILY_DIGEST')),
    email            boolean     not null,
    updated_at       timestamptz not null,
    version          integer     not null default 0
);

-- People who asked to be told about every signal of an initiative, besides its items' owners.
create table initiative_watch (
    initiative_id text        not null,
    person_id     text        not null,
    since         timestamptz not null default clock_timestamp(),
    primary key (initiative_id, person_id)
);
create index initiative_watch_person on initiative_watch (person_id);

-- Receivers of signed webhooks, registered by a governance-lead. The secret is either generated here (shown once at
-- registration, never returned again by the API) or the name of a secret in the environment or a mounted directory.
create table webhook_endpoint (
    id                   bigint generated always as identity primary key,
    url                  text        not null,
    description          text,
    kinds                text,
    minimum_severity     text        not null check (minimum_severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    secret               text,
    secret_ref           text,
    check ((secret is null) <> (secret_ref is null)),
    enabled              boolean     not null default true,
    consecutive_failures integer     not null default 0,
    disabled_at          timestamptz,
    disabled_reason      text,
    created_by           text        not null,
    created_at           timestamptz not null default clock_timestamp(),
    version              integer     not null default 0
);

-- One e-mail per person per day gathering that day's notifications of those who chose the daily digest.
create table notification_digest (
    id              bigint generated always as identity primary key,
    person_id       text        not null,
    day             date        not null,
    status          text        not null check (status in ('PENDING', 'SENDING', 'SENT', 'DEAD')),
    attempts        integer     not null default 0,
    -- When it is tried next, while PENDING.
    next_attempt_at timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz not null default clock_timestamp(),
    unique (person_id, day)
);
create index notification_digest_due on notification_digest (next_attempt_at) where status in ('PENDING', 'SENDING');

-- One notification per signal episode per recipient per channel, written in the transaction that raises the episode:
-- the unique key makes it one across retries, restarts and replicas. The row is also the delivery's state: the sender
-- claims due rows (FOR UPDATE SKIP LOCKED, then a lease), so replicas never send one twice.
create table notification (
    id               bigint generated always as identity primary key,
    signal_id        bigint      not null references signal (id),
    -- A person's user id (EMAIL), or the webhook endpoint's id (WEBHOOK).
    recipient        text        not null,
    channel          text        not null check (channel in ('EMAIL', 'WEBHOOK')),
    endpoint_id      bigint references webhook_endpoint (id),
    check ((channel = 'WEBHOOK') = (endpoint_id is not null)),
    -- Why this recipient: OWNER of the item, WATCHER of its initiative, or a SUBSCRIBED webhook.
    reason           text        not null check (reason in ('OWNER', 'WATCHER', 'SUBSCRIBED')),
    -- Sent with every attempt and replay, so that a receiver can tell a retry from a new event.
    delivery_id      uuid        not null default gen_random_uuid() unique,
    -- PENDING: due at next_attempt_at; SENDING: claimed until claimed_until; HELD: waits for the day's digest;
    -- DIGESTED: went out in digest_id; DEAD: given up (last_error says why).
    status           text        not null check (status in ('PENDING', 'SENDING', 'SENT', 'HELD', 'DIGESTED', 'DEAD')),
    digest_day       date,
    digest_id        bigint references notification_digest (id),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    claimed_by       text,
    claimed_until    timestamptz,
    last_error       text,
    last_status_code integer,
    sent_at          timestamptz,
    replays          integer     not null default 0,
    created_at       timestamptz not null default clock_timestamp(),
    unique (signal_id, recipient, channel)
);
create index notification_due on notification (channel, next_attempt_at) where status in ('PENDING', 'SENDING');
create index notification_held on notification (digest_day) where status = 'HELD';
create index notification_endpoint on notification (endpoint_id, id) where endpoint_id is not null;

-- Every attempt to deliver a webhook: the delivery log a governance-lead reads.
create table webhook_attempt (
    id              bigint generated always as identity primary key,
    notification_id bigint      not null references notification (id),
    attempt         integer     not null,
    attempted_at    timestamptz not null,
    status_code     integer,
    error           text,
    succeeded       boolean     not null,
    next_attempt_at timestamptz,
    replay          boolean     not null default false
);
create index webhook_attempt_notification on webhook_attempt (notification_id, id);
