-- Governance reviews replace the status meeting. A review of an initiative is drafted (decisions taken, actions
-- assigned), then published: publishing freezes a snapshot of the initiative's figures as they were, and from then on
-- the review is not edited, only annotated or superseded by a later review.
create table review (
    id               bigint generated always as identity primary key,
    initiative_id    text        not null,
    title            text        not null,
    held_on          date        not null,
    -- A review published to correct an earlier one names it; each review is superseded at most once.
    supersedes_id    bigint unique references review (id),
    supersede_reason text,
    superseded_by_id bigint references review (id),
    created_by       text        not null,
    created_at       timestamptz not null,
    published_by     text,
    published_at     timestamptz,
    snapshot         jsonb,
    version          integer     not null,
    check ((published_at is null) = (snapshot is null) and (published_at is null) = (published_by is null)),
    check ((supersedes_id is null) = (supersede_reason is null)),
    check (superseded_by_id is null or published_at is not null)
);
create index review_initiative on review (initiative_id, published_at);

-- A published review is frozen: the one change it still takes is being superseded, once.
create function review_is_frozen_once_published() returns trigger language plpgsql as $$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'reviews are kept: % is refused', tg_op;
    end if;
    if old.published_at is not null and not (
            old.superseded_by_id is null and new.superseded_by_id is not null
            and (to_jsonb(new) - 'superseded_by_id' - 'version') = (to_jsonb(old) - 'superseded_by_id' - 'version')) then
        raise exception 'review % was published and is not edited', old.id;
    end if;
    return new;
end;
$$;
create trigger review_frozen before update or delete on review
    for each row execute function review_is_frozen_once_published();
create trigger review_not_truncated before truncate on review
    for each statement execute function review_is_frozen_once_published();

-- A trade-off decision taken at the review: what, why, who decided, which items it affects.
create table review_decision (
    id                      bigint generated always as identity primary key,
    review_id               bigint      not null references review (id),
    summary                 text        not null,
    rationale               text        not null,
    decided_by              text        not null,
    affected_milestone_ids  text[]      not null,
    affected_kpi_ids        text[]      not null,
    affected_commitment_ids bigint[]    not null,
    recorded_by             text        not null,
    recorded_at             timestamptz not null
);
create index review_decision_review on review_decision (review_id);

-- An action assigned at the review: one accountable owner, a due date, a status that follows the work.
create table review_action (
    id                bigint generated always as identity primary key,
    review_id         bigint      not null references review (id),
    title             text        not null,
    accountable_owner text        not null,
    due_on            date        not null,
    status            text        not null check (status in ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')),
    version           integer     not null
);
create index review_action_review on review_action (review_id);
create index review_action_owner on review_action (accountable_owner);

-- Decisions and actions belong to the review as published: none is added, removed or reworded afterwards. An action's
-- owner, due date and status follow the work (each change a revision).
create function review_content_is_frozen_once_published() returns trigger language plpgsql as $$
declare
    review_id bigint := case when tg_op = 'INSERT' then new.review_id else old.review_id end;
begin
    if exists (select 1 from review r where r.id = review_id and r.published_at is not null) then
        if tg_table_name = 'review_action' and tg_op = 'UPDATE' and new.review_id = old.review_id
                and new.title = old.title then
            return new;
        end if;
        raise exception 'review % was published: its decisions and actions are not edited', review_id;
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create trigger review_decision_frozen before insert or update or delete on review_decision
    for each row execute function review_content_is_frozen_once_published();
create trigger review_action_frozen before insert or update or delete on review_action
    for each row execute function review_content_is_frozen_once_published();

create table review_action_revision (
    id          bigint generated always as identity primary key,
    action_id   bigint      not null references review_action (id),
    version     integer     not null,
    changed_at  timestamptz not null,
    changed_by  text        not null,
    reason      text,
    changes     jsonb       not null,
    state       jsonb       not null,
    unique (action_id, version)
);

-- A note added to a review after the fact: kept as written.
create table review_annotation (
    id         bigint generated always as identity primary key,
    review_id  bigint      not null references review (id),
    note       text        not null,
    author     text        not null,
    written_at timestamptz not null
);
create index review_annotation_review on review_annotation (review_id);

create function review_record_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is refused', tg_table_name, tg_op;
end;
$$;
create trigger review_action_revision_append_only before update or delete or truncate on review_action_revision
    for each statement execute function review_record_is_append_only();
create trigger review_annotation_append_only before update or delete or truncate on review_annotation
    for each statement execute function review_record_is_append_only();
