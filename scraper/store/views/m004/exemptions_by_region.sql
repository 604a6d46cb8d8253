select p.id as policy_id, pr.region_code,
       case when pr.region_code is null then '全国' else r.name end as region_name,
       case when pr.region_code is null then 'nationwide' else r.level end as region_level,
       case when pr.region_code is null then '全国' else coalesce(prov.name, r.name) end as province,
       w.start, w."end", p.cause, p.relief, p.address, p.time_basis,
       a.title, a.published_at, a.url, p.evidence,
       r.path as region_path, r.latitude, r.longitude, p.announcement_id
from policies p
left join policy_windows w on w.policy_id = p.id
left join policy_regions pr on pr.policy_id = p.id
left join regions r on r.code = pr.region_code
left join regions prov on prov.code = substr(pr.region_code, 1, 2) || '0000' and prov.code != r.code
join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'
