-- Every accepted change as an event, written in the transaction that makes the change: the source of truth for the
-- platform's events. id, aggregatetype, aggregateid, type and payload are the columns Debezium's outbox event router
-- reads, so a deployment that wants Kafka relays this table without code. Inside the platform, the insert trigger
-- NOTIFYs the service's readers at commit, and each reads on from its own position (txid, place): the writing
-- transaction, then the order of writing. Rows are kept: a reader that was down catches up from them.
create table outbox (
    id            uuid        primary key default gen_random_uuid(),
    aggregatetype text        not null,
    aggregateid   text        not null,
    type          text        not null,
    payload       jsonb       not null,
    occurred_at   timestamptz not null default clock_timestamp(),
    txid          xid8        not null default pg_current_xact_id(),
    place         bigint      not null generated always as identity
);
create index outbox_feed on outbox (txid, place);

create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end;
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

-- An event, once written, is what happened: it is never changed.
create function outbox_event_is_kept() returns trigger language plpgsql as $$
begin
    raise exception 'outbox events are kept as written: % is refused', tg_op;
end;
$$;
create trigger outbox_event_kept before update on outbox for each row execute function outbox_event_is_kept();

-- How far governance has followed each upstream service's event feed: the position of the last event that a signal
-- evaluation committed here reflects. A restarted governance resumes right after it, so an event that arrived while
-- it was down, or that it received but died before acting on, is acted on once it is back.
create table followed_feed (
    source      text        primary key,
    txid        bigint      not null,
    place       bigint      not null,
    followed_at timestamptz not null
);
