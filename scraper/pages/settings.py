"""The page parsers' weights, thresholds and vocabularies, in one place.

Every number here was set on real pages (``../shared/realpages/``) and the fixtures under
``tests/fixtures/``; change one and run both.
"""
from __future__ import annotations

import re

# --- encoding ------------------------------------------------------------------------------------

#: how far into a page to look for <meta charset>
SNIFF_BYTES = 4096
#: labels read as another codec: the GBK family as its superset GB18030, ASCII as UTF-8, Latin-1 as
#: Windows-1252 (what browsers do)
ENCODING_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252"}
#: what charset-normalizer may choose from for a page that declares nothing
DETECTION_CANDIDATES = ("utf_8", "gb18030", "big5", "cp1252", "shift_jis", "euc_jp", "euc_kr")
#: when detection has no answer
FALLBACK_ENCODING = "gb18030"
#: undecodable sequences per non-ASCII character that still leave a page UTF-8 (a stray byte)
UTF8_STRAY_BYTES = 0.01

# --- tree ----------------------------------------------------------------------------------------

#: elements nested deeper than this are unwrapped before parsing (real pages reach about 200, counting
#: unclosed <font>s; browsers cap at 512)
MAX_NESTING = 512
#: elements that do not nest: void ones, and those a parser closes by itself
UNNESTED_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                           "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen", "p", "li", "dt",
                           "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "thead", "tbody",
                           "tfoot", "colgroup", "caption", "head", "body", "html"})
TABLE_PARTS = frozenset({"tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col"})

#: inline elements that set a line in bold or larger type (with <font size>): an old page's headline
BOLD_TAGS = frozenset({"b", "strong", "big"})
#: elements whose text is never page text
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "select", "button", "textarea",
                       "head", "title", "object", "embed", "canvas", "map", "audio", "video"})
#: elements inside a line of text: they never start a new paragraph
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i",
                         "img", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike",
                         "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "ins", "del", "acronym"})

# --- article body (bodytext.py) ------------------------------------------------------------------

#: elements that are page furniture whatever they hold
BOILERPLATE_TAGS = frozenset({"nav", "footer", "aside"})
#: words of a class or id (split at -, _ and spaces) that mark furniture: navigation, share bars,
#: related and recommended lists, comments, footers, advertising
BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "footer", "foot", "header", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "share", "sharing", "sharedaddy", "social", "related", "relate", "recommend", "comment", "comments",
    "reply", "replies", "sidebar", "side", "aside", "hot", "rank", "copyright", "toolbar", "pagination", "pager",
    "advert", "ad", "ads", "banner", "tags", "tagcloud", "login", "subscribe", "widget", "postnav", "authorbox",
    "disclaimer", "statement", "recommendation", "guess", "morenews", "hotnews", "relatednews",
})
#: longer words that mark furniture at the start of a word too (commentlist, footerbox, sharebar)
BOILERPLATE_PREFIXES = ("comment", "footer", "sidebar", "share", "related", "recommend", "breadcrumb",
                        "copyright", "pagination", "advert", "navbar", "disclaimer")
#: elements never dropped for their class words (<body class="u-header-sticky">)
NEVER_BOILERPLATE_TAGS = frozenset({"html", "body", "main", "article", "form"})
#: custom elements of advertising (<amp-ad>, <amp-sticky-ad>)
BOILERPLATE_TAG_PREFIXES = ("amp-ad", "amp-sticky-ad", "amp-embed")
#: class or id words of the content itself: a token with one of these and no furniture word keeps
#: its element even when another token looks like furniture
CONTENT_WORDS = frozenset({"content", "contents", "article", "main", "body", "text", "entry", "post", "story",
                           "artibody", "maintext", "rich"})
#: the marks whose count tells prose from menus (not ASCII "." and ":", which dates and clocks use,
#: nor brackets, which counters and menus use: 【版主】 138字 [140/0])
PUNCTUATION = frozenset("，。！？；：、“”‘’,!?;")
#: elements whose text scores for their parent (readability's paragraphs)
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt"})
#: a run of text shorter than this scores nothing (labels, buttons, menu items), and so does one
#: without punctuation shorter than the second
MIN_RUN_CHARS = 10
MIN_UNPUNCTUATED_RUN = 50
#: verse (poems, lyrics): at least this many short lines in a row, in one block, without links,
#: dates or labels, each this long at most, mostly Chinese characters; each line scores as a sentence
VERSE_MIN_LINES = 4
VERSE_LINE_CHARS = (2, 32)
VERSE_CJK_SHARE = 0.6
VERSE_LINE_POINTS = 2.0
#: one point per this many characters of a run, up to MAX_LENGTH_POINTS
CHARS_PER_POINT = 100
MAX_LENGTH_POINTS = 3
#: how far a run's score travels up, and how it decays on the way
SCORE_LEVELS = 5
LEVEL_DIVIDERS = (1, 2, 6, 9, 12)
#: a sibling of the best block joins it when it scores this share of the best, and at least the minimum
SIBLING_SHARE = 0.2
SIBLING_MIN_SCORE = 10.0
#: a thread or archive: how far above the best block its post may be, how well the first post must
#: score against the best one, and how long a line showing a post's date may be
POST_LEVELS = 20
FIRST_POST_SHARE = 0.05
POSTS_LOOKED_AT = 5
POST_DATE_LINE_CHARS = 80
#: the best block is a whole thread when its look-alike dated children score this share of it
THREAD_SHARE = 0.5
#: when the best block outside furniture scores less than this (a sentence or two), the furniture
#: that holds no other pages' titles is read as a wrapper of the article and the page scored again
WRAPPER_RETRY_SCORE = 10.0
#: a page holding several articles (继续阅读 below): an article headed by a heading the page's title
#: repeats wins over one headed otherwise when it scores this share of it; how far back the heading
#: above a block is looked for, in lines
OWN_ARTICLE_SHARE = 0.2
HEADING_LOOKBACK_LINES = 12
#: a block inside the body with this much text, this share of it in links, is a link list, not body
LINK_LIST_MIN_CHARS = 8
LINK_LIST_DENSITY = 0.5
#: a line between the headline and the body this long is its subtitle or lede, unless it is a byline
LEDE_MIN_CHARS = 12
BYLINE_WORDS = re.compile(r"来源|作者|编辑|记者|责编|字号|分享|阅读|浏览|点击|评论|打印|关闭|收藏|订阅|扫码|"
                          r"[:：]|\bby\b|source", re.I)
#: a summary box between the headline and the body belongs to the article though it has a label: the
#: editors' (核心提示, 导语, 编者按); a 摘要 repeats the page's description for search engines
SUMMARY_LABEL = re.compile(r"^[【\[（(]?\s*(?:核心提示|内容提要|提要|导语|编者按|编者的话|按语)\s*[】\]）)]?\s*[:：]?")
#: a lone sibling <p> joins when it is this long and has few links
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_PARAGRAPH_LINK_DENSITY = 0.25
#: the furniture that holds other pages' headlines and times (a site header holds this page's own
#: headline and byline, a share bar nothing of either)
SIDE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "footer", "foot", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "related", "relate", "recommend", "recommendation", "comment", "comments", "reply", "replies", "sidebar", "side",
    "aside", "hot", "rank", "guess", "morenews", "hotnews", "relatednews", "copyright",
})
SIDE_PREFIXES = ("comment", "footer", "sidebar", "related", "recommend", "breadcrumb", "copyright", "navbar")

# --- headline (headline.py) ----------------------------------------------------------------------

#: how headline-like an element is by its tag, its class, or neither
HEADING_WEIGHTS = {"h1": 1.0, "h2": 0.8, "h3": 0.6, "h4": 0.4, "h5": 0.3, "h6": 0.3}
TITLE_CLASS_WORDS = ("title", "headline", "subject", "biaoti", "heading")
#: a link to a person's page (a forum's author or last poster): never an item's title
PROFILE_LINK = re.compile(r"space-(?:uid|username)-|mod=space|[?&](?:uid|username|un)=|"
                          r"^(?:https?://[^/]+)?/(?:u|user|users|member|members|profile|home/main)(?:/|\?|$)")
#: button and badge text that pages glue to a headline: read-aloud widgets, a chapter's word count
HEADLINE_WIDGETS = (r"播报文章", r"语音播报", r"释放双眼[，,]?\s*听听看", r"释放双眼", r"听全文", r"听新闻",
                    r"本章字数\s*[:：]?\s*\d+", r"字数\s*[:：]\s*\d+", r"更新时间\s*[:：]\s*\S+",
                    r"[大中小]\s*[大中小]\s*[大中小]")
TITLE_CLASS_WEIGHT = 0.7
#: from this weight on an element is a heading (h1-h3, title-classed, 主题：-labelled)
HEADING_KIND = 0.6
#: a line opened by 主题：/标题： (forums), a line all in bold type (old table layouts)
LABELLED_WEIGHT = 0.7
BOLD_LINE_WEIGHT = 0.5
OTHER_BLOCK_WEIGHT = 0.2
#: a headline stands above the body, or at most this many lines into it
HEADLINE_INTO_BODY = 3
#: share of a line's characters in bold type for it to count as a bold line
BOLD_SHARE = 0.9
#: a headline's length, whitespace excluded, and how many letters or Chinese characters it has at least
HEADLINE_MIN_WORD_CHARS = 2
HEADLINE_MIN_CHARS = 4
#: a headline that is a whole part of the <title> may be this short (a person's name)
SHORT_HEADLINE_CHARS = 2
#: how many lines above the body a headline standing alone is looked for
LINE_ABOVE_REACH = 4
HEADLINE_MAX_CHARS = 120
#: a heading "echoed" by the title: at least this share of it stands in the title in one run
ECHO_SHARE = 0.8

# --- publication time (published.py) -------------------------------------------------------------

#: <meta> names, properties or itemprops that state the publication time (lower case)
META_PUBLISHED_NAMES = frozenset({
    "article:published_time", "og:article:published_time", "og:published_time", "og:release_date",
    "rnews:datepublished", "datepublished", "pubdate", "publishdate", "publish_date", "publish-date",
    "publication_date", "publishtime", "pubtime", "_pubtime", "ptime", "originalpublicationdate",
    "article_date_original", "sailthru.date", "weibo:article:create_at", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "citation_date", "citation_publication_date", "firstpublishedtime",
    "apub:time", "og:time",
})
#: how much inline script text is searched for publish-time variables, and how much when the page
#: shows no date at all (a WeChat article sets var ct after 2 MB of scripts)
SCRIPT_SCAN_CHARS = 300_000
SCRIPT_FULL_SCAN_CHARS = 8_000_000
#: how far before and after a date its label is looked for
LABEL_REACH = 12
LABEL_REACH_AFTER = 8
PUBLISHED_LABEL = re.compile(r"(?:(?:发布|发表|发稿|发文|刊发|刊登|出版|上传|张贴|登载|发帖|发贴)(?:时间|日期|于)?|"
                             r"时间|日期|posted(?: on| at)?|published(?: on| at)?|date)\s*[:：]?\s*$|@\s*$", re.I)
PUBLISHED_LABEL_AFTER = re.compile(r"^(?:发布|发表|发帖|发贴|张贴|在|首次发布|首发)")
UPDATED_LABEL = re.compile(r"(?:更新|修改|修订|编辑|最后编辑|updated?|modified|last edited)"
                           r"(?:时间|日期|于)?\s*[:：]?\s*$|^(?:更新|修改)", re.I)
OTHER_DATE_LABEL = re.compile(r"(?:成文|印发|截止|截至|有效期|生效|施行|实施|开始|结束|报名|活动|举办|开幕|出生|生于|"
                              r"访问|检索|引用|整理|收集|搜集|转载|转贴|打印|采集|抓取|生成|导出|下载|"
                              r"推荐文章|最新文章|最新回复|最后回复|回复|评论|留言)(?:时间|日期|于|至)?\s*[:：]?\s*$")
#: scores of a visible date: where it stands (published.Zone), and how much its label counts there
#: (发表时间 far from the headline is a comment's; 将于…起 inside the body is an event's)…
ZONE_SCORES = {
    "byline": 4.0,          # the headline's line and the few after it
    "above_headline": 2.5,  # just above the headline (a post's date line)
    "post_footer": 2.0,     # just after the body, or its short last lines (发表于 …, posted at …)
    "elsewhere": 1.0,       # elsewhere outside the body (a site header's date)
    "body_line": 0.5,       # a short line inside the body
    "body_prose": 0.0,      # a sentence of the body (an event)
}
LABEL_WEIGHTS = {"byline": 1.0, "above_headline": 1.0, "post_footer": 1.0, "elsewhere": 0.5, "body_line": 0.5,
                 "body_prose": 0.0}
#: …its label…
PUBLISHED_LABEL_SCORE = 3.0
UPDATED_LABEL_SCORE = -2.0
OTHER_DATE_LABEL_SCORE = -3.0
#: …and how it reads
CLOCK_SCORE = 0.5
SHORT_LINE_SCORE = 0.5
SHORT_LINE_CHARS = 60
#: marks of a sentence: a line of the body with one is prose, and its dates are events
SENTENCE_MARK = re.compile(r"[，。！？；]")
#: the zones, in lines
BYLINE_SPAN = 6
BYLINE_INTO_BODY = 2
ABOVE_HEADLINE_SPAN = 3
POST_FOOTER_SPAN = 6
#: a line introducing the comments after the body (网友评论, 全部留言 (12), 发表评论): its dates and those
#: below it are readers', not the article's
COMMENTS_HEADING = re.compile(r"^(?:网友|读者|全部|最新|热门|精彩|相关)?(?:评论|留言|回复|跟帖|点评)(?:区|列表)?\s*"
                              r"[(（\[【]?\s*\d*\s*[)）\]】]?\s*$|^(?:发表|我要|写)(?:评论|留言)|^\d+\s*条(?:评论|留言|回复)")
#: a post footer's line that gives a date-only byline its clock: at most this long, this many lines
#: after the body at most (a category line, a previous-post link between)
POST_CLOCK_LINE_CHARS = 80
POST_CLOCK_SPAN = 10
#: the body's last lines count as its footer when they are short
BODY_TAIL_LINES = 2
#: class words of a post's own footer (its time stands there), as opposed to the site's
POST_FOOTER_WORDS = frozenset({"foot", "footer", "postfoot", "diaryfoot", "post-footer", "entry-footer"})
#: a visible date below the first score is never taken; below the second it loses to the evidence
MIN_BYLINE_SCORE = 1.5
STRONG_BYLINE_SCORE = 2.5

# --- list pages (listpage.py) --------------------------------------------------------------------

#: elements a list page's blocks never are, nor hold the feed in
LIST_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "select", "button"}
#: headings of blocks beside the content: hot, related and recommended lists, comments, link lists
SIDE_HEADING = re.compile(r"热门|相关|推荐|排行|热点|最新评论|友情链接|猜你喜欢|精彩推荐|阅读排行|热文|专题")
#: how much a group in navigation, a footer or a 热门/相关 sidebar counts against the main feed
SIDE_PENALTY = 0.15
#: how far up a group's ancestors and how many elements back its introducing heading is looked for
SIDE_LEVELS = 8
SIDE_HEADING_MAX_CHARS = 16
HEADING_LOOKBACK = 3
#: an item's text counts for its group up to this many characters, one point per TEXT_POINT
ITEM_TEXT_CAP = 300
ITEM_TEXT_POINT = 100
#: a date element's text is at most this long (longer: running text)
DATE_ELEMENT_MAX_CHARS = 80
#: an undated list has at least this many items
MIN_UNDATED_ITEMS = 3
#: a card without a date: a title at least CARD_TITLE long and this much other text
CARD_TITLE = 6
CARD_TEXT = 12
#: titled links: at least this long; a block with CONTAINER_DATED of them and as many dates wraps items
TITLED_LINK_CHARS = 8
CONTAINER_DATED = 3
#: look-alike lists extend a group only when it is this share of its list
COUSIN_SHARE = 0.8
#: a summary shorter than this with a link is a link, not a description
SUMMARY_LINKED_MIN = 30
#: of nested summary candidates the inner one wins when it holds this share of the outer's text, or
#: the outer adds no more than this many characters (an author's name and a time)
SUMMARY_INNER_SHARE = 0.7
SUMMARY_EXTRA_MAX = 20
#: a heading above a timeline item that gives its day is at most this long
DAY_HEADING_MAX_CHARS = 40

#: class or id parts of furniture; "nav" starts a word or ends a known one (topnav, subNav), so that
#: Discuz!'s div#boardnav around the whole board is no menu
SIDE_HINT = re.compile(r"side|hot|rank|related|recommend|footer|foot|"
                       r"(?:^|[^a-z]|top|sub|left|right|main|site|global)nav|"
                       r"menu|breadcrumb|crumb|tags?\b|"
                       r"tag-?cloud|widget|popular|aside|comment|banner|friend|links", re.I)
SIDE_ANCESTORS = {"nav", "footer", "aside", "header"}
MORE_TEXT = re.compile(r"^(?:更多|阅读全文|查看全文|详情|全文|阅读更多|more|read more|查看详情|>>|»)$", re.I)
#: a link classed as the next page whose text is a short run of marks (<a class="next">&gt;&gt;</a>):
#: no digits, letters or words (继续阅读 is no next page)
NEXT_CLASS = re.compile(r"(?:^|[\s_-])next(?:$|[\s_-])|nextpage|next_?page", re.I)
NEXT_CLASS_NOT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
NEXT_CLASS_TEXT_CHARS = 6
NEXT_TEXT_STRICT = re.compile(r"^(?:下一页|下页|后页|next|next page|›|»|>|加载更多|点击加载更多|load more)$", re.I)
METADATA = re.compile(r"^(?:(?:来源|作者|编辑|责任编辑|浏览|阅读|评论|标签|关键词|分类|发布者|发布时间)\s*[:：]|"
                      r"(?:发表于|发布于|更新于|编辑于|posted|published|updated)\b)", re.I)
URL_LIKE = re.compile(r"https?://|www\.|\.s?html?\b", re.I)
CURRENT_HINT = re.compile(r"\b(?:current|active|cur|on|selected|thisclass|now)\b", re.I)
ELLIPSIS = ("…", "...", "..")
DIGIT = re.compile(r"\d")
TAG_LINK_HINT = re.compile(r"\btags?\b|label|category|cate\b", re.I)
TAG_CONTAINER_HINT = re.compile(r"\btags?\b|label|category", re.I)
MAIN_HINT = re.compile(r"main|content|list|feed|result|article", re.I)
HEADING_HINT = re.compile(r"title|head|tit\b", re.I)
#: a "read more" link at the end of an excerpt, and whatever action bar follows it
READ_MORE_TAIL = re.compile(r"\s*[\[【(（]?(?:阅读全文|查看全文|阅读更多)[\]】)）]?\s*(?:>>|»|→|›)?[^。！？]{0,40}$|"
                            r"\s*[\[【(（]?(?:全文|详情|更多)[\]】)）]?\s*(?:>>|»|→|›)?$")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LIST_TAGS = {"ul", "ol", "tbody", "dl", "table"}
NOT_SUMMARY_TAGS = LIST_SKIP_TAGS | {"a", "time", "img", "h1", "h2", "h3", "h4", "h5", "h6"}
MIN_SUMMARY = 12  # characters: shorter texts are labels (发布单位, 来源) rather than descriptions
WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]")
YEAR_MONTH = re.compile(r"(?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])")  # half of a split date badge
#: attributes that hold a machine-readable time (<time datetime>, <span data-time>), read in this order
TIME_ATTRIBUTES = ("datetime", "data-time", "data-date", "data-timestamp", "data-published", "data-pubdate")
#: the elements that may hold one: a <time>, or any element with one of TIME_ATTRIBUTES
TIME_SELECTOR = "time, " + ", ".join(f"[{name}]" for name in TIME_ATTRIBUTES)
LIST_INLINE_TAGS = {"strong", "b", "em", "i", "font", "span", "u", "mark"}
#: labels beside a date in its own element (发布时间：2024-09-25, 2024-09-25 发布)
DATE_LABEL = re.compile(r"发布时间|发布日期|发表时间|更新时间|时间|日期|发布于|发表于|发布|发表|更新|"
                        r"posted(?: on)?|published(?: on)?|updated|date|"
                        r"[年月日号时分秒]|[周星期][一二三四五六日天]", re.I)
#: second-level labels under which a site's own name is one label further (example.com.cn)
GENERIC_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "co"}
AD_HINT = re.compile(r"(?:^|[\s_-])(?:ad|ads|advert|sponsor|sponsored|promo|feedad)(?:$|[\s_-])|Ad(?:$|[\s_-])", re.I)
AD_LABEL = re.compile(r"广告|推广|赞助")
#: an undated list is a page's main list only when it outscores every other list by this factor
UNDATED_DOMINANCE = 1.5
#: an undated list wins over the best dated feed when it has this many times its items
UNDATED_MAJORITY = 1.5
#: an undated item's title is at least this long (menus and footers have shorter entries)
MIN_UNDATED_TITLE = 8
#: a block with this many titled links is a wrapper of items, not an item
CONTAINER_LINKS = 5
#: share of an element's text its date must cover for it to count as a date element
DATE_DOMINANCE = 0.3
#: a last-reply or update time beside an item's own date (class or title attribute)
REPLY_HINT = re.compile(r"last_?post|last_?reply|reply_?(?:date|time)|j_reply_data|lastreply|"
                        r"最后回复|回复时间|最后发表|更新时间|update", re.I)
#: relative or year-less dates that name a day (not 18分钟前): a title attribute may give that day
DAY_GRANULAR = re.compile(r"昨天|前天|\d+\s*(?:天|日|周|个?星期|个?月)前|^\s*\d{1,2}[-/月]\d{1,2}")
#: how many elements of a date element are searched for an absolute date in a title attribute
TITLED_DATE_DEPTH = 4
#: a title link in a heading sits at most this many levels below it (h3 > a, h3 > span > a, …)
TITLE_HEADING_DEPTH = 4
#: how many levels up an ancestor of a given tag is looked for when the caller sets no depth
ANCESTOR_LIMIT = 50
#: a title link's text, or its title attribute, is at least this long (shorter: an icon, a "更多")
LIST_TITLE_MIN_CHARS = 4
#: how many levels above a link a tag-list class (tags, label, category) makes it a tag link
TAG_LINK_LEVELS = 2
#: items without a wrapper element are runs of this many children (dt+dd, h3+span+p, h3+span+p+div)
RUN_PERIODS = (2, 3, 4)
#: at least 1/FEED_BLOCKS_PART of a group's blocks (rounded down) are feed blocks for it to be a feed
FEED_BLOCKS_PART = 2
#: an advertising label (广告, 推广) marks a block only within its first this many characters
AD_LABEL_CHARS = 12
#: a link at least this long may be an item's excerpt (an excerpt that links to the article)
LINKED_EXCERPT_MIN_CHARS = 20
#: how many ancestors of a timeline item are climbed to find the day heading above it
DAY_ABOVE_LEVELS = 4
#: how many ancestors of the current page number are searched for the link to the next number
PAGER_LEVELS = 3
