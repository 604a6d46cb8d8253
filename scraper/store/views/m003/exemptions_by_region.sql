select p.id as policy_id, pr.region_code, r.name as region_name, r.level as region_level,
       coalesce(prov.name, r.name) as province, w.start, w."end", p.cause, p.relief, p.address, p.time_basis,
       a.title, a.published_at, a.url, p.evidence
from policies p
left join policy_windows w on w.policy_id = p.id
join policy_regions pr on pr.policy_id = p.id
join regions r on r.code = pr.region_code
left join regions prov on prov.code = substr(pr.region_code, 1, 2) || '0000' and prov.code != r.code
join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'
