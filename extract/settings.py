"""The extractors' look-around windows, in one place: how many characters before or after a match a
rule reads to decide what the match is.

Every number here was set on the examples of ``extract/corpus/`` and the gold sets (tests/data/,
``../shared/realtext/``); change one and run tests/test_corpus.py and ``policyfeed eval`` on both.
A window only bounds the text a pattern is tried on, so it must hold the longest wording its pattern
accepts (the patterns' own {0,n} bounds) and no more: a longer one would reach into the next clause.
"""
from __future__ import annotations

# --- dates (dates.py) ----------------------------------------------------------------------------

#: after a dotted date alone (2.6, 1.4), the text that may say it is a date: a gloss in brackets and
#: a schedule word (2.6号之后, 1.4（周二）恢复发货) or the other end of a range (-2.5)
DOTTED_CONTEXT_REACH = 16
#: a moment may end a range whose start ended at most this far before it: 7月25日（周二）0点起至28日
RANGE_START_REACH = 16
#: a day with no month right after a date (at most this many characters between) takes its month and
#: year from that date, as a range's end does
ADJACENT_DATE_GAP = 3

# --- windows (windows.py) ------------------------------------------------------------------------

#: before a range's end, the words that start it on the publication day: 自本公告发布之日起至 (12)
FROM_TODAY_REACH = 12
#: before a range, the words that make it a consultation period: 公示期为, 征求意见时间：
CONSULTATION_BEFORE_REACH = 10
#: after a range, the words that make it a consultation period or a count's period (…新增确诊病例)
CONSULTATION_AFTER_REACH = 32
#: after a date, the words that leave it open at one end: 起, 之后, (含)前, 至另行通知, 至今
OPEN_BOUND_REACH = 12
#: after a date then 起, the stop of service it starts: 2月7日起，全国所有网点停止收发
SUSPENSION_REACH = 40
#: before a date, the label that makes it a start with a labelled end: 开始日期为：
START_LABEL_REACH = 10
#: after a labelled start, an end still to be set: ，截止日期：待定
END_UNDECIDED_REACH = 24
#: before an open bound, the word that says it bounds orders: 付款时间是在 (X后)
ORDER_BASIS_REACH = 10
#: how far after an open bound the orders it bounds may be named (…前付款的框画、海报、台历订单)
ORDERS_REACH = 48

# --- effective dates (effective.py) --------------------------------------------------------------

#: before a date, the words that say it is an effective date or not: 自, 将于, 截至到
EFFECT_BEFORE_REACH = 6
#: how far after 将于<date> the sentence may name the change (将于3月29日新增…)
CHANGE_REACH = 60

# --- durations (durations.py) --------------------------------------------------------------------

#: before a duration, the words that make it a commitment (最迟, 付款后) or a look-back (近, 过去)
DURATION_BEFORE_REACH = 6
#: after a duration, the words that make it a commitment (内发货, 无理由退货) or an offset (后生效)
DURATION_AFTER_REACH = 8
#: before a duration, the lower bound of its range: 3-5天, 2.5 ~ 3小时
RANGE_LOWER_REACH = 8

# --- regions (regions.py) ------------------------------------------------------------------------

#: after a chain of region names, the street and number that make it an address: 山西路8号 (ADDRESS_AFTER
#: reads up to 10 characters before the street word)
ADDRESS_REACH = 16
#: before a region, the words that make it an aside: 注册地址为, 总部设在
ASIDE_REACH = 8
#: after a region, the word that makes it part of a street, station or institution name: 市场监督管理局
INSTITUTION_REACH = 10
#: after a region, the rest of a company's name (COMPANY_AFTER reads up to 14 characters before 有限公司)
COMPANY_REACH = 20
#: jieba segments this many characters either side of the candidate names, not the whole text
SEGMENTATION_MARGIN = 8

# --- restorations (restorations.py) --------------------------------------------------------------

#: after a date, the words that make it a news date (2月22日消息, with spaces between): not a restoration's moment
REPORTED_REACH = 8
