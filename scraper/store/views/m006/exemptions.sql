select p.id as policy_id,
       case when exists (select 1 from policy_regions x where x.policy_id = p.id) then (
         select group_concat(part, '；') from (
           select prov.name || coalesce((select group_concat(rest, '、') from (
                    select substr(r.path, length(prov.name) + 1) as rest
                    from policy_regions x join regions r on r.code = x.region_code
                    where x.policy_id = p.id and substr(x.region_code, 1, 2) = substr(prov.code, 1, 2)
                    order by x.region_code)), '') as part
           from (select distinct substr(region_code, 1, 2) || '0000' as code from policy_regions
                 where policy_id = p.id) pc
           join regions prov on prov.code = pc.code
           order by prov.code))
       else '全国' end as regions,
       (select group_concat(span, '; ') from (
          select coalesce(w.start, '…') || ' – ' || coalesce(w."end", '…') as span
          from policy_windows w where w.policy_id = p.id order by w.position)) as windows,
       coalesce((select t.words from terms t where t.field = 'cause' and t.value = p.cause), p.cause) as cause,
       (select group_concat(coalesce(t.words, j.value), ', ') from json_each(p.relief) j
          left join terms t on t.field = 'relief' and t.value = j.value) as relief,
       coalesce((select group_concat(coalesce(t.words, j.value), ' or ') from json_each(p.time_basis) j
          left join terms t on t.field = 'time_basis' and t.value = j.value), 'not stated') as time_basis,
       coalesce((select t.words from terms t where t.field = 'address' and t.value = p.address), p.address)
         as address,
       a.title, a.published_at, p.evidence,
       case when exists (select 1 from policy_regions x where x.policy_id = p.id) then (
         select json_group_array(prov.name) from (
           select distinct substr(region_code, 1, 2) || '0000' as code from policy_regions
           where policy_id = p.id order by code) pc
         join regions prov on prov.code = pc.code)
       else json_array('全国') end as provinces,
       (select group_concat(region_code, ' ') from (
          select region_code from policy_regions x where x.policy_id = p.id order by region_code)) as region_codes,
       p.announcement_id, a.url,
       coalesce((select min(w.start) from policy_windows w where w.policy_id = p.id), a.published_at) as since,
       ends.ended_at, (select t.title from announcements t where t.id = ends.ended_by_announcement) as ended_by_title,
       ends.ended_by_announcement, ends.evidence as ended_by_evidence
from policies p join announcements a on a.id = p.announcement_id
left join exemption_ends ends on ends.policy_id = p.id
where p.kind = 'exemption'
