-- Exemption windows and effective dates (rule changes) as calendar events, read as iCalendar (.ics,
-- scraper/datasette_calendar.py) or JSON: one event per window of an exemption (an exemption can have
-- several) and one per effective date, in start order.
-- Filters, each optional (empty: all), as in exemption_feed:
--   :region  a code (330106), a name (杭州, 杭州市) or a path (浙江省杭州市西湖区), looked up
--            in region_names as exemptions_covering does: the exemptions for the region, for a
--            region containing it, and those naming no region (nationwide). Effective dates name
--            no region (a platform's rule change applies to all its merchants): every region has them;
--   :cause   a cause code (typhoon) or its word in terms (台风): that cause's exemptions only (an
--            effective date has no cause).
-- event_dtstart and event_dtend are the window's bounds as stored, 'YYYY-MM-DD' (the event is all-day)
-- or 'YYYY-MM-DDTHH:MM:SS' (timed); an open bound is NULL and the calendar shows the window on the day
-- of its known bound, with the summary saying that no end (or start) was announced. An effective date
-- is its day, both bounds. A window a later announcement cut short (exemption_ends: 恢复正常考核) ends
-- at that end, and its summary says so.
-- event_dtstamp is when the record was first extracted (a policy's content never changes: a changed
-- record is a new policy), made UTC as exemption_feed's times are.
-- An unknown region or cause gives one row with a notice (as exemptions_covering), which the .ics
-- renderer answers with a 400 saying so: a calendar app then reports the bad URL on subscribing.
with recursive
{{ region_asked(:region) }},
{{ cause_asked(:cause) }},
notice(text) as (
  select 'unknown region: ' || trim(:region)
         || ' (give a code such as 330106, or a name: 杭州, 杭州市, 浙江省杭州市西湖区)'
  where trim(:region) != '' and not exists (select 1 from asked)
  union all
  select 'unknown cause: ' || trim(:cause) || ' (give a code such as typhoon, or its word: 台风)'
  where trim(:cause) != '' and not exists (select 1 from cause_asked)
),
covered as (
  select p.* from policies p
  where p.kind in ('exemption', 'effective_date') and not exists (select 1 from notice)
    and (trim(:region) = ''
         or not exists (select 1 from policy_regions x where x.policy_id = p.id)
         or exists (select 1 from policy_regions x
                    where x.policy_id = p.id and x.region_code in (select code from up)))
    and (trim(:cause) = '' or p.cause in (select value from cause_asked))
),
worded as (
  select p.id, p.kind, p.announcement_id, p.evidence, p.first_seen, p.date, e.regions,
         coalesce((select t.chinese from terms t where t.field = 'cause' and t.value = p.cause), p.cause)
           as cause,
         (select group_concat(coalesce(t.chinese, j.value), '、') from json_each(p.relief) j
          left join terms t on t.field = 'relief' and t.value = j.value) as relief,
         (select t.chinese from terms t where t.field = 'address' and t.value = p.address) as address,
         (select group_concat(coalesce(t.chinese, j.value), '或') from json_each(p.time_basis) j
          left join terms t on t.field = 'time_basis' and t.value = j.value) as time_basis,
         a.title, a.url
  from covered p
  join announcements a on a.id = p.announcement_id
  left join exemptions e on e.policy_id = p.id
)
select n.text as notice, null as event_uid, null as event_name, null as event_dtstart, null as event_dtend,
       null as event_description, null as event_url, null as event_dtstamp, null as kind,
       null as policy_id, null as announcement_id
from notice n
union all
select null, p.id || '-' || w.position || '@policyfeed',
       p.regions || ' · ' || p.cause || coalesce(' · ' || nullif(p.relief, ''), '')
         || case when w.ended then ' · 后续公告已结束'
                 when w."end" is null then ' · 未公布结束时间'
                 when w.start is null then ' · 未公布开始时间' else '' end,
       w.start, w."end",
       '地区：' || p.regions || char(10)
         || '时间：' || coalesce(replace(w.start, 'T', ' '), '…（未公布开始时间）') || ' 至 '
         || coalesce(replace(w."end", 'T', ' '), '…（未公布结束时间）') || char(10)
         || '原因：' || coalesce(p.cause, '未说明') || char(10)
         || '豁免：' || coalesce(p.relief, '未说明') || char(10)
         || '以何地址为准：' || coalesce(p.address, '未说明') || char(10)
         || '以何时间为准：' || coalesce(p.time_basis, '未说明') || char(10)
         || '依据：' || coalesce(p.evidence, '') || char(10)
         || '公告：' || coalesce(p.title, '') || char(10) || coalesce(p.url, ''),
       p.url, strftime('%Y-%m-%dT%H:%M:%SZ', p.first_seen, 'utc'), p.kind, p.id, p.announcement_id
from worded p
join (  -- each window, cut at the end a later announcement gave the exemption (exemption_ends)
  select v.policy_id, v.position, v.start,
         case when x.ended_at < coalesce(v."end", '9') then x.ended_at else v."end" end as "end",
         coalesce(x.ended_at < coalesce(v."end", '9'), 0) as ended
  from policy_windows v left join exemption_ends x on x.policy_id = v.policy_id
) w on w.policy_id = p.id
where p.kind = 'exemption' and (w.start is not null or w."end" is not null)
union all
select null, p.id || '@policyfeed', '规则生效 · ' || coalesce(p.title, ''), p.date, p.date,
       '生效日期：' || p.date || char(10)
         || '依据：' || coalesce(p.evidence, '') || char(10)
         || '公告：' || coalesce(p.title, '') || char(10) || coalesce(p.url, ''),
       p.url, strftime('%Y-%m-%dT%H:%M:%SZ', p.first_seen, 'utc'), p.kind, p.id, p.announcement_id
from worded p
where p.kind = 'effective_date' and p.date is not null
order by event_dtstart, event_uid
