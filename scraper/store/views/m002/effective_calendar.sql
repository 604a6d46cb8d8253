select p.date as effective_date, a.title, a.published_at, a.url, p.evidence, p.source, p.id as policy_id
from policies p join announcements a on a.id = p.announcement_id
where p.kind = 'effective_date'
