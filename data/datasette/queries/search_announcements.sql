-- Chinese full-text search: :q is segmented with jieba as the index was (受台风影响 finds
-- 受 + 台风 + 影响); nothing typed, nothing found.
select a.title, a.published_at, a.summary, a.id as announcement_id, a.url
from announcements a
join (select rowid, rank from announcements_fts
      where announcements_fts match escape_fts(:q)) s on s.rowid = a.rowid
order by s.rank
