-- Findings the platform raises by itself from live data. Each row is one episode of one signal on one subject: raised
-- when its condition first holds, cleared when it stops holding; raised again later, it is a new episode.
create table signal (
    id           bigint generated always as identity primary key,
    kind         text        not null check (kind in ('PROGRESS_BIAS', 'UNTETHERED_MILESTONE', 'OWNERLESS',
                                                       'STALE_KPI', 'SLIPPAGE', 'OUTCOME_GAP')),
    severity     text        not null check (severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    subject_type text        not null check (subject_type in ('INITIATIVE', 'MILESTONE', 'KPI', 'COMMITMENT')),
    subject_id   text        not null,
    -- The items the signal concerns, for finding it from each of them.
    initiative_id text,
    milestone_id  text,
    kpi_id        text,
    commitment_id bigint references outcome_commitment (id),
    message      text        not null,
    raised_at    timestamptz not null,
    cleared_at   timestamptz,
    check (cleared_at is null or cleared_at >= raised_at)
);
-- At most one open episode per signal and subject.
create unique index signal_open on signal (kind, subject_type, subject_id) where cleared_at is null;
create index signal_initiative on signal (initiative_id, raised_at);
create index signal_milestone on signal (milestone_id) where milestone_id is not null;
create index signal_kpi on signal (kpi_id) where kpi_id is not null;

-- An episode is never deleted, and once cleared never changes; while open, only its severity and message follow
-- the data, and it is cleared once.
create function signal_episode_is_kept() returns trigger language plpgsql as $$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'signal episodes are kept: % is refused', tg_op;
    end if;
    if old.cleared_at is not null then
        raise exception 'signal episode % was cleared and does not change any more', old.id;
    end if;
    if new.kind <> old.kind or new.subject_type <> old.subject_type or new.subject_id <> old.subject_id
        or new.raised_at <> old.raised_at then
        raise exception 'signal episode %: only its severity, message and clearing may change', old.id;
    end if;
    return new;
end;
$$;
create trigger signal_episode_kept before update or delete on signal
    for each row execute function signal_episode_is_kept();
create trigger signal_episode_not_truncated before truncate on signal
    for each statement execute function signal_episode_is_kept();
