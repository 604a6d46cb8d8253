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
#: a block inside the body with this much text, this share of it in links, is a link list, not body
LINK_LIST_MIN_CHARS = 8
LINK_LIST_DENSITY = 0.5
#: a line between the headline and the body this long is its subtitle or lede, unless it is a byline
LEDE_MIN_CHARS = 12
BYLINE_WORDS = re.compile(r"来源|作者|编辑|记者|责编|字号|分享|阅读|浏览|点击|评论|打印|关闭|收藏|订阅|扫码|"
                          r"[:：]|\bby\b|source", re.I)
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
TITLE_CLASS_WEIGHT = 0.7
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
#: how much inline script text is searched for publish-time variables
SCRIPT_SCAN_CHARS = 300_000
#: how far before and after a date its label is looked for
LABEL_REACH = 12
LABEL_REACH_AFTER = 8
PUBLISHED_LABEL = re.compile(r"(?:(?:发布|发表|发稿|发文|刊发|刊登|出版|上传|张贴|登载|发帖|发贴)(?:时间|日期|于)?|时间|日期|"
                             r"posted(?: on| at)?|published(?: on| at)?|date)\s*[:：]?\s*$|@\s*$", re.I)
PUBLISHED_LABEL_AFTER = re.compile(r"^(?:发布|发表|发帖|发贴|张贴|在)")
UPDATED_LABEL = re.compile(r"(?:更新|修改|修订|编辑|最后编辑|updated?|modified|last edited)(?:时间|日期|于)?\s*[:：]?\s*$|"
                           r"^(?:更新|修改)", re.I)
OTHER_DATE_LABEL = re.compile(r"(?:成文|印发|截止|截至|有效期|生效|施行|实施|开始|结束|报名|活动|举办|开幕|出生|生于|"
                              r"访问|检索|引用|整理|收集|搜集|转载|转贴)(?:时间|日期|于|至)?\s*[:：]?\s*$")
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
#: the body's last lines count as its footer when they are short
BODY_TAIL_LINES = 2
#: class words of a post's own footer (its time stands there), as opposed to the site's
POST_FOOTER_WORDS = frozenset({"foot", "footer", "postfoot", "diaryfoot", "post-footer", "entry-footer"})
#: a visible date below the first score is never taken; below the second it loses to the evidence
MIN_BYLINE_SCORE = 1.5
STRONG_BYLINE_SCORE = 2.5
