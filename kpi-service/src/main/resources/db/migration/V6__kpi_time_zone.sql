-- A KPI's business days follow the calendar of a time zone: a value for a day that has not begun there cannot have
-- been observed. KPIs defined before counted their days in UTC, and keep doing so; a new KPI takes the zone its
-- steward gives, or the platform's (throughline.kpi.business-days.zone). The service checks the id against the
-- JVM's time-zone rules; the database only keeps it.
alter table kpi add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64);
alter table kpi alter column time_zone drop default;
