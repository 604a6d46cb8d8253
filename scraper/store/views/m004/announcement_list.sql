select a.title, a.published_at,
       (select case when length(s) > 100 then substr(s, 1, 100) || '…' else s end
        from (select coalesce(nullif(trim(a.summary), ''), a.body) as s)) as summary,
       (select json_group_array(feed) from (
          select feed from announcement_feeds f where f.announcement_id = a.id order by feed)) as feeds,
       (select json_group_array(kind) from (
          select distinct kind from policies p where p.announcement_id = a.id order by kind)) as kinds,
       (select json_group_array(cause) from (
          select distinct cause from policies p where p.announcement_id = a.id and cause is not null
          order by cause)) as causes,
       (select json_group_array(name) from (
          select distinct prov.name from (
            select region_code from announcement_regions where announcement_id = a.id
            union select x.region_code from policies p join policy_regions x on x.policy_id = p.id
                  where p.announcement_id = a.id) c
          join regions prov on prov.code = substr(c.region_code, 1, 2) || '0000'
          union select '全国' where exists (
            select 1 from policies p where p.announcement_id = a.id and p.kind = 'exemption'
            and not exists (select 1 from policy_regions x where x.policy_id = p.id))
          order by 1)) as provinces,
       substr(a.published_at, 1, 4) as year, substr(a.published_at, 1, 7) as month,
       a.id as announcement_id, a.url
from announcements a
