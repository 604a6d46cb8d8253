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
