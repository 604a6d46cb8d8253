-- The exemptions covering an order in :region at :at (empty: now), as `policyfeed check` finds them.
-- :region is a code (330106), a name (杭州市, 杭州) or a path (浙江省杭州市西湖区), looked up in
-- region_names. An exemption covers the order when it names the region or one containing it, or names
-- none (nationwide), and one of its windows holds the moment. :basis (optional) is paid or ship_due:
-- only exemptions counting that time of the order, or not saying which time counts.
with recursive
moment(at, bad) as (
  select coalesce(strftime('%Y-%m-%dT%H:%M:%S', nullif(trim(:at), '')),
                  strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
         trim(:at) != '' and strftime('%Y-%m-%dT%H:%M:%S', trim(:at)) is null
),
{{ region_asked(:region) }},
holding as (
  select w.policy_id, min(w.position) as position
  from policy_windows w, moment m
  where {{ window_holds(w, m.at) }}
    and {{ not_ended(w.policy_id, m.at) }}
  group by w.policy_id
)
select case when not exists (select 1 from asked)
            then 'unknown region: ' || trim(:region)
                 || ' (give a code such as 330106, or a name: 杭州, 杭州市, 浙江省杭州市西湖区)'
            else 'not a time: ' || trim(:at) || ' (give YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)' end as region,
       null as regions, null as "from", null as until, null as since, null as status, null as ends,
       null as cause, null as relief, null as time_basis,
       null as address, null as title, null as evidence, null as published_at, null as policy_id,
       null as announcement_id
where trim(:region) != '' and (not exists (select 1 from asked) or (select bad from moment))
union all
select (select r.path || ' ' || r.code from regions r where r.code = (select code from asked)) as region,
       e.regions, replace(w.start, 'T', ' ') as "from",
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
join policies p on p.id = h.policy_id and p.kind = 'exemption'
join exemptions e on e.policy_id = h.policy_id
where exists (select 1 from asked) and not (select bad from moment)
  and (not exists (select 1 from policy_regions x where x.policy_id = p.id)
       or exists (select 1 from policy_regions x
                  where x.policy_id = p.id and x.region_code in (select code from up)))
  and (trim(:basis) in ('', 'any') or coalesce(p.time_basis, '[]') = '[]'
       or exists (select 1 from json_each(p.time_basis) b where b.value = trim(:basis)))
order by status, published_at, policy_id  -- a notice (no status) first, then in force, then no end announced
