-- The one function guards both review_decision and review_action (V5). Its test for the change an action may still
-- take named new.title, a column review_decision does not have; PL/pgSQL resolves the whole expression for the table
-- at hand, so every insert, update or delete of a published review's decision failed with
-- 'record "new" has no field "title"' instead of saying that the review was published. The columns are now compared
-- through the row's JSON, which names no column the table lacks.
--
-- The refusal carries its own SQLSTATE, TLR01 (Throughline: review published), so that governance-service answers it
-- with the error code review-published, as it answers the same refusal when it sees the publication first.
create or replace function review_content_is_frozen_once_published() returns trigger language plpgsql as $$
declare
    review_id bigint := case when tg_op = 'INSERT' then new.review_id else old.review_id end;
begin
    if exists (select 1 from review r where r.id = review_id and r.published_at is not null) then
        -- An action's owner, due date and status follow the work; its review and its title stay as assigned.
        if tg_table_name = 'review_action' and tg_op = 'UPDATE'
                and to_jsonb(new) -> 'review_id' = to_jsonb(old) -> 'review_id'
                and to_jsonb(new) -> 'title' = to_jsonb(old) -> 'title' then
            return new;
        end if;
        raise exception using errcode = 'TLR01',
            message = format('review %s was published: its decisions and actions are not edited', review_id);
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;
