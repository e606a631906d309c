-- The day a commitment was agreed. Until now it was the day it was recorded; a plan brought into Throughline brings
-- the commitments its owners made earlier, and with them due dates that may already have passed.
alter table outcome_commitment add column agreed_on date;
update outcome_commitment set agreed_on = least((created_at at time zone 'UTC')::date, due_date);
alter table outcome_commitment alter column agreed_on set not null;
-- A commitment promises an outcome to come: it falls due on or after the day it was agreed.
alter table outcome_commitment add constraint outcome_commitment_due_after_agreed check (due_date >= agreed_on);
