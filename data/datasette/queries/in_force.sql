-- Every exemption in force at :at (empty: now, in this machine's local time), nationwide ones (全国)
-- included: one row per exemption, with the first of its windows that holds the moment. An exemption a
-- later announcement ended (exemption_ends) is not in force from its end on; one open-ended for
-- scraper.check.NO_END_ANNOUNCED_DAYS or more is listed last, as "no end announced".
with moment(at, bad) as (
  select coalesce(strftime('%Y-%m-%dT%H:%M:%S', nullif(trim(:at), '')),
                  strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
         trim(:at) != '' and strftime('%Y-%m-%dT%H:%M:%S', trim(:at)) is null
),
holding as (
  select w.policy_id, min(w.position) as position
  from policy_windows w, moment m
  where {{ window_holds(w, m.at) }}
    and {{ not_ended(w.policy_id, m.at) }}
  group by w.policy_id
)
select 'not a time: ' || trim(:at) || ' (give YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)' as regions,
       null as "from", null as until, null as since, null as status, null as ends,
       null as cause, null as relief, null as time_basis,
       null as address, null as title, null as evidence, null as published_at, null as policy_id,
       null as announcement_id
from moment where bad
union all
select e.regions, replace(w.start, 'T', ' ') as "from",
       coalesce(replace(w."end", 'T', ' '), 'open-ended') as until,
       replace(e.since, 'T', ' ') as since,
       case when {{ no_end_announced(w, e.since, m.at) }}
            then 'no end announced' else 'in force' end as status,
       case when e.ended_at is not null
            then replace(e.ended_at, 'T', ' ') || ' ' || e.ended_by_title end as ends,
       e.cause, e.relief, e.time_basis, e.address,
       e.title, e.evidence, e.published_at, e.policy_id, e.announcement_id
from holding h, moment m
join policy_windows w on w.policy_id = h.policy_id and w.position = h.position
join exemptions e on e.policy_id = h.policy_id
where not (select bad from moment)
order by status, published_at, policy_id  -- a notice (no status) first, then in force, then no end announced
