-- New and changed exemptions, newest first: one entry per exemption event of the change log
-- (policy_events: new, updated, replaced, withdrawn), the exemption events `policyfeed export --since`
-- gives, and one per restoration (恢复正常考核: the normal rules apply again, "豁免结束：…"). An
-- exemption a later announcement ended (exemption_ends) reads "至 <end>（后续公告已结束）".
-- Read as Atom (.atom, datasette-atom's atom_* columns) or JSON (.json: the event columns).
-- Filters, each optional (empty: all):
--   :region  a code (330106), a name (杭州, 杭州市) or a path (浙江省杭州市西湖区), looked up
--            in region_names as exemptions_covering does: the exemptions for the region, for a
--            region containing it, and those naming no region (nationwide);
--   :cause   a cause code (typhoon) or its word in terms (台风);
--   :since   a crawl run id: the events from that run's start on, as `policyfeed export --since RUN`.
-- An event says what the exemption was then: its record (policy_events.record) holds the regions,
-- windows, cause and relief, the only place they are left once an exemption is withdrawn; the regions
-- read as the exemptions view writes them (the view itself while the exemption exists).
-- atom_updated is the event's time, stored as the crawling machine's local time without a zone
-- (datetime.now()); no time zone is configured anywhere, so SQLite's 'utc' modifier reads it in the
-- zone `policyfeed serve` runs in: serve beside the crawl, or with TZ set to the crawl's zone.
-- A filter naming nothing known (region, cause or run) gives one entry saying so, as
-- exemptions_covering gives one row, and a feed with no event gives one entry saying there is none
-- yet: a person who pasted the URL into a feed reader sees why it is empty, and datasette-atom 0.9
-- answers a query of no rows with a 500 (the max() of no times). Their event column is 'notice'.
with recursive
{{ region_asked(:region) }},
{{ cause_asked(:cause) }},
run(started_at) as (
  select started_at from crawl_runs where cast(id as text) = trim(:since)
),
notice(about, asked, text) as (
  select 'region', trim(:region), 'unknown region: ' || trim(:region)
         || ' (give a code such as 330106, or a name: 杭州, 杭州市, 浙江省杭州市西湖区)'
  where trim(:region) != '' and not exists (select 1 from asked)
  union all
  select 'cause', trim(:cause),
         'unknown cause: ' || trim(:cause) || ' (give a code such as typhoon, or its word: 台风)'
  where trim(:cause) != '' and not exists (select 1 from cause_asked)
  union all
  select 'since', trim(:since),
         'unknown crawl run: ' || trim(:since) || ' (give the id of a row of crawl_runs)'
  where trim(:since) != '' and not exists (select 1 from run)
),
events as (
  select ev.id, ev.at, ev.event, ev.kind, ev.policy_id, ev.replaces, ev.announcement_id, ev.record,
         json_extract(ev.record, '$.cause') as cause,
         -- events logged before every window was stored carry only the first (start, end)
         case when json_array_length(ev.record, '$.windows') > 0 then json_extract(ev.record, '$.windows')
              when coalesce(json_extract(ev.record, '$.start'), json_extract(ev.record, '$.end')) is not null
              then json_array(json_object('start', json_extract(ev.record, '$.start'),
                                          'end', json_extract(ev.record, '$.end')))
              else '[]' end as windows
  from policy_events ev
  where ev.kind in ('exemption', 'restoration') and not exists (select 1 from notice)
    and ev.at >= coalesce((select started_at from run), '')
    and (trim(:region) = '' or coalesce(json_array_length(ev.record, '$.regions'), 0) = 0
         or exists (select 1 from json_each(ev.record, '$.regions') x where x.value in (select code from up)))
    and (trim(:cause) = '' or json_extract(ev.record, '$.cause') in (select value from cause_asked))
),
worded as (
  select ev.*, a.url, a.title, a.published_at,
         case when coalesce(json_array_length(ev.record, '$.regions'), 0) = 0 then '全国'
              else coalesce(e.regions, (
                select group_concat(part, '；') from (
                  select prov.name || coalesce((select group_concat(rest, '、') from (
                           select substr(r.path, length(prov.name) + 1) as rest
                           from json_each(ev.record, '$.regions') x join regions r on r.code = x.value
                           where substr(x.value, 1, 2) = substr(prov.code, 1, 2)
                           order by x.value)), '') as part
                  from (select distinct substr(x.value, 1, 2) || '0000' as code
                        from json_each(ev.record, '$.regions') x) pc
                  join regions prov on prov.code = pc.code
                  order by prov.code)),
                json_extract(ev.record, '$.regions')) end as regions,
         coalesce((select t.chinese from terms t where t.field = 'cause' and t.value = ev.cause), ev.cause,
                  '原因未说明') as cause_words,
         (select group_concat(coalesce(t.chinese, j.value), '、')
          from json_each(json_extract(ev.record, '$.relief')) j
          left join terms t on t.field = 'relief' and t.value = j.value) as relief,
         (select t.chinese from terms t
          where t.field = 'address' and t.value = json_extract(ev.record, '$.address')) as address,
         (select group_concat(coalesce(t.chinese, j.value), '或')
          from json_each(json_extract(ev.record, '$.time_basis')) j
          left join terms t on t.field = 'time_basis' and t.value = j.value) as time_basis,
         json_extract(ev.record, '$.evidence') as evidence,
         (select group_concat(coalesce(replace(json_extract(w.value, '$.start'), 'T', ' '), '…') || ' 至 '
                              || coalesce(replace(json_extract(w.value, '$.end'), 'T', ' '), '…'), '；')
          from json_each(ev.windows) w) as window_text,
         (select min(json_extract(w.value, '$.start')) from json_each(ev.windows) w) as first_start,
         (select max(json_extract(w.value, '$.end')) from json_each(ev.windows) w) as last_end,
         exists (select 1 from json_each(ev.windows) w where json_extract(w.value, '$.end') is null)
           as open_end,
         (select ended_at from exemption_ends x where x.policy_id = ev.policy_id) as ended_at,
         case ev.event when 'new' then '新增' when 'updated' then '更新'
                       when 'replaced' then '被更新取代' when 'withdrawn' then '已撤回'
                       else ev.event end as event_words
  from events ev
  left join announcements a on a.id = ev.announcement_id
  left join exemptions e on e.policy_id = ev.policy_id
),
shown as (  -- until when, in words (a time to the minute); the announcement's words escaped for HTML
  select w.*,
         case when w.kind = 'restoration'
              then '自 ' || substr(replace(json_extract(w.record, '$.date'), 'T', ' '), 1, 16) || ' 起恢复正常规则'
              when w.ended_at is not null and (w.open_end or w.ended_at <= w.last_end)
              then '至 ' || substr(replace(w.ended_at, 'T', ' '), 1, 16) || '（后续公告已结束）'
              when json_array_length(w.windows) = 0 then '未公布时间'
              when w.open_end
              then coalesce('自 ' || substr(replace(w.first_start, 'T', ' '), 1, 16) || ' 起，', '') || '未公布结束时间'
              else '至 ' || substr(replace(w.last_end, 'T', ' '), 1, 16) end as until,
         replace(replace(replace(coalesce(w.title, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
           as title_html,
         replace(replace(replace(coalesce(w.evidence, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
           as evidence_html,
         replace(replace(replace(replace(coalesce(w.url, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                 '"', '&quot;') as url_html
  from worded w
),
quiet(at) as (  -- a notice's time: the first crawl's start, so that it never looks new
  select coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', min(started_at), 'utc'), '1970-01-01T00:00:00Z')
  from crawl_runs
)
select 'urn:policyfeed:unknown-' || n.about || ':' || lower(hex(n.asked)) as atom_id,
       n.text as atom_title, q.at as atom_updated,
       'https://github.com/policyfeed/policyfeed#subscribe' as atom_link,
       '<p>' || replace(replace(n.text, '<', '&lt;'), '>', '&gt;') || '</p>' as atom_content_html,
       'notice' as event, null as at, null as event_id, null as policy_id, null as replaces,
       null as announcement_id, null as url, null as cause, null as region_codes, null as windows
from notice n, quiet q
union all
select 'urn:policyfeed:none:' || lower(hex(trim(:region) || '|' || trim(:cause) || '|' || trim(:since))),
       '尚无符合条件的豁免'
         || coalesce('：' || (select r.path from regions r where r.code = (select code from asked)), '')
         || coalesce(' · ' || (select t.chinese from terms t
                               where t.field = 'cause' and t.value = (select value from cause_asked)), ''),
       q.at, 'https://github.com/policyfeed/policyfeed#subscribe',
       '<p>新的或有变化的豁免出现时会列在这里。</p>',
       'notice', null, null, null, null, null, null, null, null, null
from quiet q
where not exists (select 1 from notice) and not exists (select 1 from events)
union all
select 'urn:policyfeed:event:' || e.policy_id || ':' || e.event || ':' || e.at,
       case e.event when 'new' then '' else e.event_words || '：' end
         || case e.kind when 'restoration' then '豁免结束：' else '' end
         || e.regions || ' · ' || e.cause_words || coalesce(' · ' || nullif(e.relief, ''), '')
         || ' · ' || e.until,
       strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'utc'),
       coalesce(e.url, 'https://github.com/policyfeed/policyfeed#subscribe'),
       '<p><strong>' || e.event_words || '</strong> ' || replace(e.at, 'T', ' ') || '</p>'
         || case when e.kind = 'restoration'
                   then '<p>此后恢复正常规则：此前同一原因（或未说明原因）、这些地区的豁免到此结束。</p>'
                 else '' end
         || case e.event
              when 'withdrawn' then '<p>公告中已不再有这项豁免；以下是撤回前的内容。</p>'
              when 'replaced' then '<p>这是被更新取代的旧内容；新内容见同时的“更新”。</p>'
              else '' end
         || '<ul><li>地区：' || e.regions || '</li>'
         || '<li>时间：' || coalesce(e.window_text, '未公布') || '</li>'
         || '<li>原因：' || e.cause_words || '</li>'
         || '<li>豁免：' || coalesce(e.relief, '未说明') || '</li>'
         || '<li>以何地址为准：' || coalesce(e.address, '未说明') || '</li>'
         || '<li>以何时间为准：' || coalesce(e.time_basis, '未说明') || '</li></ul>'
         || '<blockquote>' || e.evidence_html || '</blockquote>'
         || '<p>公告：<a href="' || e.url_html || '">' || e.title_html || '</a>'
         || coalesce('，发布于 ' || replace(e.published_at, 'T', ' '), '') || '</p>',
       e.event, e.at, e.id, e.policy_id, e.replaces, e.announcement_id, e.url, e.cause,
       json_extract(e.record, '$.regions'), e.windows
from shown e
order by event_id desc
