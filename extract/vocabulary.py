"""The codes of exemption records and their words: the one definition.

An exemption record (``extract.exemptions``) carries coded values: its cause, the relief it grants,
whose address counts and which time of the order counts. Each code is named here once, with its
words in English and in Chinese (docs/annotation.md#exemption-records). Everything else takes them
from here: the extractor names its codes with these constants (``extract.exemptions``,
``extract.relief``: what each code is found by stays there); ``policyfeed check`` and its
``--basis`` option take the bases an order's time can be given in; the database's ``terms`` table
is brought up to this definition whenever the Store opens a file for writing (no migration for a new
code); Datasette's pages read the words (``scraper.browse``).

A new code: its constant and its words in ``TERMS`` here, then the pattern that finds it.
"""
from __future__ import annotations

from typing import Final

# --- causes: the occasion of the relief ------------------------------------------------------------
TYPHOON: Final = "typhoon"
EARTHQUAKE: Final = "earthquake"
RAINSTORM: Final = "rainstorm"
FLOOD: Final = "flood"
SNOW: Final = "snow"
EPIDEMIC: Final = "epidemic"
HOLIDAY: Final = "holiday"
DISASTER: Final = "disaster"
WEATHER: Final = "weather"
OUTAGE: Final = "outage"
LOGISTICS: Final = "logistics"

# --- relief: what is granted -----------------------------------------------------------------------
NO_PENALTY: Final = "no_penalty"
NO_COMPENSATION: Final = "no_compensation"
EXCLUDED_FROM_METRICS: Final = "excluded_from_metrics"
COMPLAINT_EXEMPT: Final = "complaint_exempt"
DEADLINE_EXTENDED: Final = "deadline_extended"
FEE_WAIVED: Final = "fee_waived"

# --- address: whose address counts -----------------------------------------------------------------
RECEIVER: Final = "receiver"
SENDER: Final = "sender"
EITHER: Final = "either"

# --- time basis: which time of the order counts ----------------------------------------------------
PAID: Final = "paid"
SHIP_DUE: Final = "ship_due"
ORDERED: Final = "ordered"

#: the fields of an exemption record that hold codes
CAUSE: Final = "cause"
RELIEF: Final = "relief"
ADDRESS: Final = "address"
TIME_BASIS: Final = "time_basis"

#: words for the values of exemption records: field -> value -> (English, Chinese)
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    CAUSE: {
        TYPHOON: ("typhoon", "台风"),
        EARTHQUAKE: ("earthquake", "地震"),
        RAINSTORM: ("rainstorm", "暴雨"),
        FLOOD: ("flood", "洪涝"),
        SNOW: ("snow and ice", "暴雪冰冻"),
        EPIDEMIC: ("epidemic", "疫情"),
        HOLIDAY: ("holiday", "节假日"),
        DISASTER: ("disaster", "灾害"),
        WEATHER: ("severe weather", "恶劣天气"),
        OUTAGE: ("system outage", "系统故障"),
        LOGISTICS: ("logistics stoppage", "物流停运"),
    },
    RELIEF: {
        NO_PENALTY: ("no penalty points", "不扣分"),
        NO_COMPENSATION: ("no compensation claims", "不理赔"),
        EXCLUDED_FROM_METRICS: ("left out of shipping metrics", "不计入考核"),
        COMPLAINT_EXEMPT: ("complaints not held against the merchant", "投诉免责"),
        DEADLINE_EXTENDED: ("deadline extended", "期限延长"),
        FEE_WAIVED: ("fee waived", "免收费用"),
    },
    ADDRESS: {
        RECEIVER: ("receiver's address", "收货地址"),
        SENDER: ("sender's address", "发货地址"),
        EITHER: ("receiver's or sender's address", "收货或发货地址"),
    },
    TIME_BASIS: {
        PAID: ("payment time", "付款时间"),
        SHIP_DUE: ("shipping due time", "应发时间"),
        ORDERED: ("order time", "下单时间"),
    },
}

#: the times an order's moment can be given as to ``policyfeed check --basis`` (and the canned query
#: exemptions_covering's ``basis``), and the basis that matches whatever an exemption counts
ORDER_BASES: Final = (PAID, SHIP_DUE)
ANY_BASIS: Final = "any"


def term_rows() -> list[dict[str, str]]:
    """The ``terms`` table's rows: field, value, words (English), chinese."""
    return [{"field": field, "value": value, "words": en, "chinese": zh}
            for field, values in TERMS.items() for value, (en, zh) in values.items()]
