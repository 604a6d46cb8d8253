"""Examples for extract.numbers: surface forms and the values they must give, against PUBLISHED."""
# expected = the normalised text.
# Rules pinned by these examples:
# - Full-width digits, Latin letters and the colon become ASCII; Chinese punctuation (，。、“”（）) is kept.
# - A Chinese numeral becomes Arabic only when a date/time/duration unit follows it:
#   年 月 日 号 时 点 分 秒 小时 天 周 个月 个工作日.  Everything else is left alone
#   (counts such as 三家店铺, words such as 统一 / 一定 / 一键 / 第一 / 十分 "very").
# - Year digits are read one by one (二〇二三 / 二零二三 → 2023); other numerals by value (二十四 → 24).
# - 两 counts as 2 before a unit; 半 (半小时, 八点半, 半天) is left as it is.
PUBLISHED = "2023-07-20T10:00:00"   # the announcement's publication time the examples are read against

EXAMPLES = [
    # --- full-width → ASCII ---
    ("２０２３年７月２８日", "2023年7月28日"),
    ("１０：００", "10:00"),
    ("２３：５９：５９", "23:59:59"),
    ("１６８８平台", "1688平台"),
    ("ＡＰＰ端", "APP端"),
    ("付款时间在２０２１年７月２５日００：００：００到２０２１年７月２８日２３：５９：５９的订单，平台将不进行扣分。",
     "付款时间在2021年7月25日00:00:00到2021年7月28日23:59:59的订单，平台将不进行扣分。"),  # ，。 stay full-width
    ("买家１６：００前付款的，承诺当日２４：００前发货。", "买家16:00前付款的，承诺当日24:00前发货。"),

    # --- Chinese numerals in dates and clock times ---
    ("二〇二三年七月二十八日", "2023年7月28日"),
    ("二零二三年七月二十八日", "2023年7月28日"),        # 零 used as the year digit 0
    ("七月二十八日", "7月28日"),
    ("十二月三十一日", "12月31日"),
    ("十一月十一日", "11月11日"),
    ("二十八号", "28号"),
    ("二十四时", "24时"),
    ("零时", "0时"),
    ("八点半", "8点半"),                                # 半 kept; the clock value is converted
    ("晚八点", "晚8点"),
    ("下午三点", "下午3点"),
    ("二十三点五十九分五十九秒", "23点59分59秒"),
    ("八点十分", "8点10分"),                            # 十分 after 点 is 10 minutes (contrast 十分重要)
    ("平台将于二〇二三年八月一日零时起执行新的发货时效标准。", "平台将于2023年8月1日0时起执行新的发货时效标准。"),
    ("二〇二五年一月二十一日零点至二月六日二十四点期间买家付款的订单", "2025年1月21日0点至2月6日24点期间买家付款的订单"),

    # --- Chinese numerals in durations ---
    ("四十八小时", "48小时"),
    ("七十二小时内发货", "72小时内发货"),
    ("七天", "7天"),
    ("两小时", "2小时"),
    ("半小时", "半小时"),                              # 半 is not a numeral to convert
    ("三十分钟内响应", "30分钟内响应"),                  # 分 is a listed unit (分钟)
    ("三个工作日内", "3个工作日内"),
    ("两个月", "2个月"),
    ("一周内", "1周内"),
    ("十五天", "15天"),
    ("商家须在四十八小时内完成发货，超时将按平台规则处理。", "商家须在48小时内完成发货，超时将按平台规则处理。"),
    ("支持七天无理由退货的商品，买家签收后十五天内可申请售后。", "支持7天无理由退货的商品，买家签收后15天内可申请售后。"),

    # --- words that merely contain numerals: unchanged ---
    ("一定时间内", "一定时间内"),
    ("统一开通", "统一开通"),
    ("一键设置放假公告", "一键设置放假公告"),
    ("1688将在淘宝开设三家店铺", "1688将在淘宝开设三家店铺"),  # a count: no unit follows
    ("此次调整对商家十分重要，请及时关注。", "此次调整对商家十分重要，请及时关注。"),  # 十分 = "very", not 10 minutes
    ("平台将第一时间处理买家投诉。", "平台将第一时间处理买家投诉。"),  # 第一时间 = "at once": 一时 here is not a clock time
    ("统一时间发货", "统一时间发货"),                    # 统一 + 时间, not 一时
    ("每周一至周五处理售后", "每周一至周五处理售后"),        # weekday names: the numeral follows 周, no unit after it
    ("履约率不低于百分之九十五", "履约率不低于百分之九十五"),  # percentage, no unit
    ("双十一大促期间", "双十一大促期间"),                  # festival name, no unit
    # pinyin glosses some reposting sites put after each character are left out (spans still map back)
    ("延(yán)長(cháng)三(sān)天", "延長3天"),
    ("f(x)与(a)不是注音", "f(x)与(a)不是注音"),
]
