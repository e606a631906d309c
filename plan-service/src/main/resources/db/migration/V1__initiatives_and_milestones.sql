-- Initiatives are permanent programmes: there is deliberately no COMPLETED status.
create table initiative (
    id          bigint generated always as identity primary key,
    name        text        not null check (length(trim(name)) > 0),
    objective   text,
    sponsor     text,
    status      text        not null default 'ACTIVE' check (status in ('ACTIVE', 'ON_HOLD', 'RETIRED')),
    created_at  timestamptz not null default now(),
    version     bigint      not null default 0
);

create table milestone (
    id               bigint generated always as identity primary key,
    initiative_id    bigint not null references initiative (id),
    title            text   not null check (length(trim(title)) > 0),
    baseline_finish  date   not null,
    forecast_finish  date   not null,
    actual_finish    date,
    delivery_status  text   not null default 'NOT_STARTED'
        check (delivery_status in ('NOT_STARTED', 'IN_PROGRESS', 'DELIVERED', 'BLOCKED', 'DESCOPED')),
    health           text   not null default 'GREEN' check (health in ('GREEN', 'AMBER', 'RED')),
    created_at       timestamptz not null default now(),
    version          bigint not null default 0
);

create index milestone_initiative on milestone (initiative_id);
