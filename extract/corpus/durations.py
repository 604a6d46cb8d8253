"""Examples for extract.durations: surface forms and the values they must give, against PUBLISHED."""
# expected = service-commitment / deadline durations in hours: distinct values in order of first mention;
#   int when whole (48, not 48.0), float otherwise (0.5, 1.5).
# Rules pinned by these examples (docs/annotation.md#hours):
# - 小时 as is; 分钟 / 60; 天 and 日 × 24; 半小时 = 0.5.
# - 个工作日 × 24 (judgement: a working day is counted as a calendar day; weekends are not added).
# - Not durations: look-backs (近30天), offsets that only locate a date (自发布之日起7日生效), clock times and
#   cut-offs (次日10点前, 24:00前, 9点至18点), counts (每日最多5次), amounts (300元), N小时 (no number),
#   service names without a number (当日发, 极速退款).
PUBLISHED = "2023-07-20T10:00:00"   # the announcement's publication time the examples are read against

EXAMPLES = [
    # --- short forms ---
    ("48小时发货", [48]),
    ("24小时/48小时", [24, 48]),
    ("2小时内响应", [2]),
    ("7天无理由退货", [168]),
    ("半小时", [0.5]),
    ("72小时内发货", [72]),
    ("1.5小时", [1.5]),
    ("3个工作日内", [72]),                          # judgement: 1 working day = 24 h
    ("15天内", [360]),
    ("四十八小时内发货", [48]),                      # Chinese numeral
    ("两小时内响应", [2]),
    ("30分钟内响应", [0.5]),
    ("15分钟", [0.25]),
    ("7日内", [168]),

    # --- full sentences ---
    ("5月12日消息，日前，“1688淘特批发团”48小时发货服务规则发布。", [48], "2022-05-12T16:18:34"),
    ("规则显示，商家应当遵守“48小时发货服务”、“退货保障服务”和“极速退款服务”要求。", [48], "2022-10-21T15:47:35"),
    ("“当日发”的含义是：买家16:00前付款的，承诺当日24:00前发货；买家16:00后付款的，承诺24小时内发货。",
     [24], "2022-08-24T17:48:52"),                                            # 16:00 / 24:00 are clock cut-offs
    ("此期间产生的订单将不计入商家新灯塔物流体验分考核、24小时/48小时发货服务标的考核计算。",
     [24, 48], "2025-01-08T15:30:20"),
    ("买家在9点至18点发起的闪电退款流程，商家需2小时内响应处理；买家在18点后至次日9点前发起的闪电退款流程，商家需在次日10点前响应处理。",
     [2], "2021-03-30T15:14:20"),
    ("预售商品须在付款后15天内发货，超时未发货的订单买家可申请退款。", [360]),
    ("收货地址在新疆、西藏的订单，发货时限延长至72小时。", [72]),
    ("受台风影响地区的订单，发货时间顺延3天。", [72]),                              # an extension sets a deadline
    ("商家需在买家申请退款后3个工作日内处理，逾期系统将自动退款。", [72]),           # judgement: working day = 24 h
    ("支持7天无理由退货的商品，买家签收后15天内可申请售后。", [168, 360]),
    ("开通48小时发货服务的商品，付款后48小时内未发货的，商家须向买家支付违约金。", [48]),  # repeated value listed once
    ("商家需在30分钟内响应买家咨询，平均响应时长不超过1.5小时。", [0.5, 1.5]),

    # --- negatives ---
    ("普通快递3-5天送达。", [72, 120]),                                           # a range gives both bounds
    ("偏远地区三至五天送达。", [72, 120]),
    ("受暴雪影响，发货时间顺延2天。", [48]),
    ("订单将于3月2-3日发出。", []),                                                # days of March, not 72 hours
    ("预计会推迟至2-15日发货。", []),                                               # February 15th

    ("近30天履约率≥95%，正常透标；近30天履约率<95%，则去标。", []),                 # look-back period
    ("此次公告自发布之日起7日生效。", [], "2023-03-10T15:38:06"),                    # offset locating a date
    ("商家需在次日10点前响应处理。", []),
    ("每个用户每日最多享受5次极速退。", []),                                          # a count
    ("待发货状态下且订单金额在300元以内，提交退款申请则立即退款。", []),              # an amount
    ("阿里巴巴中国站发布关于N小时发货服务履约标准升级的通知。", []),                   # no number
    ("针对已经开通买家保障的商家将增加提供“当日发”服务功能。", []),                   # service name, no number
    ("订单签收及退款超时逻辑包含极速退保持跟日常一致，国庆期间不做特殊延长。", []),
    ("2023年7月28日24:00前付款的订单仍按原规则处理。", []),                          # a date-time, not a duration
    ("春节期间，等待商家确认的超时统一调整至15天。", [360]),
    ("大促期间，履约时效统一延长一个工作日。", [24]),
    ("海外仓订单的总履约时效为7个日历日。", [168]),                   # calendar days
    ("出货天数将从原先的2天调整为1天。", [48, 24]),
    ("备货单自下单起，14天未发货将自动作废。", [336]),                 # a deadline: not shipped within
]
