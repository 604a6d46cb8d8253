-- Rule changes taking effect on or after :from_date (YYYY-MM-DD; empty: today).
select effective_date, title, published_at, evidence, announcement_id, url
from effective_calendar
where effective_date >= coalesce(nullif(trim(:from_date), ''), date('now', 'localtime'))
order by effective_date, published_at
