-- Which later announcement ended which exemption. A restoration (policies of kind 'restoration':
-- 恢复正常考核, 取消…临时调整) ends an exemption when it is published after the exemption's
-- announcement, restores the rules for its cause (the same, or either names none) and its regions
-- (the restoration's contain every one of the exemption's, by GB/T 2260 code prefix, or it names
-- none), and comes after the exemption began while the exemption still ran (a window open at the
-- end, or ending after the restoration's moment). The earliest such restoration ends it, at its moment.
select policy_id, ended_at, ended_by, ended_by_announcement, evidence
from (
  select e.id as policy_id, r.date as ended_at, r.id as ended_by, r.announcement_id as ended_by_announcement,
         r.evidence,
         row_number() over (partition by e.id order by r.date, ra.published_at, r.id) as n
  from policies e
  join announcements ea on ea.id = e.announcement_id
  join policies r on r.kind = 'restoration' and r.announcement_id != e.announcement_id
  join announcements ra on ra.id = r.announcement_id and ra.published_at > ea.published_at
  where e.kind = 'exemption'
    and (r.cause is null or e.cause is null or r.cause = e.cause)
    and r.date > coalesce((select min(w.start) from policy_windows w where w.policy_id = e.id), ea.published_at)
    and exists (select 1 from policy_windows w where w.policy_id = e.id and (w."end" is null or w."end" > r.date))
    and (not exists (select 1 from policy_regions y where y.policy_id = r.id)
         or (exists (select 1 from policy_regions x where x.policy_id = e.id)
             and not exists (
               select 1 from policy_regions x where x.policy_id = e.id and not exists (
                 select 1 from policy_regions y join regions g on g.code = y.region_code
                 where y.policy_id = r.id
                   and substr(x.region_code, 1, case g.level when 'province' then 2 when 'city' then 4 else 6 end)
                       = substr(y.region_code, 1, case g.level when 'province' then 2 when 'city' then 4 else 6 end)))))
)
where n = 1
