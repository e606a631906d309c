-- FEED_FAILING: a connector that feeds a KPI is failing (issue 28).
alter table signal drop constraint signal_kind_check;
alter table signal add constraint signal_kind_check check (kind in ('PROGRESS_BIAS', 'UNTETHERED_MILESTONE',
    'OWNERLESS', 'STALE_KPI', 'SLIPPAGE', 'FEED_FAILING', 'OUTCOME_GAP'));
