"""Examples for extract.exemptions: surface forms and the values they must give, against PUBLISHED."""
# expected = list of exemption records, in text order; [] when the text grants no relief.
# An example is (text, expected[, published[, title]]): the title when the cause is named only there.
# A record:
#   {"regions": sorted 6-digit codes the relief covers (as extract.regions),
#    "windows": [[start, end], ...] (as extract.windows),
#    "cause": "typhoon" | "earthquake" | "rainstorm" | "flood" | "epidemic" | "snow" | "holiday" | "logistics" | None,
#    "relief": sorted subset of ["complaint_exempt", "deadline_extended", "excluded_from_metrics",
#              "no_compensation", "no_penalty"],
#    "address": "receiver" | "sender" | "either" | None,
#    "time_basis": sorted subset of ["ordered", "paid", "ship_due"]}
# Mapping (docs/annotation.md#exemption-records; an exemption is relief for named regions and/or a bounded period):
#   扣分 waived → no_penalty; 理赔/赔付 waived or 理赔入口关闭 → no_compensation;
#   剔除考核 / 不计入考核 → excluded_from_metrics; 客诉免责 / 投诉不予处理 → complaint_exempt;
#   发货时间顺延 / 延长 / 从X恢复计算 → deadline_extended (a deadline moved: 包裹将顺延至年后发货 is a shop's
#   own delay, no relief); 暂停…考核 / 不计入…指标 → excluded_from_metrics; 免除…违约金 / 不予处罚 → no_penalty.
#   收货地址 → receiver; 发货地址 → sender; 收货地址或发货地址 / 收货地址/发货地址 → either.
#   付款时间 / 支付时间 / 买家付款的订单 → paid; 应发时间 → ship_due; 下单时间 / 下单的订单 → ordered.
# Not exemptions: no named region and no bounded period (a reporting tool for unnamed scenarios),
#   permanent agreement changes (不再提供晚发必赔补偿), explicit refusals (国庆期间不做特殊延长),
#   warnings that keep obligations unchanged.
PUBLISHED = "2023-07-20T10:00:00"   # the announcement's publication time the examples are read against

EXAMPLES = [
    # 1. seed s000-02: typhoon, 江浙沪 cities
    ("7月26日消息,1688平台今日发布公告称,因台风等不可抗力因素,导致部分省市的商家发货能力受到不同程度的影响,无法进行"
     "正常物流配送,为了给买卖双方提供更好的交易体验,收货地址或发货地址在上海市,浙江省杭州市、宁波市、舟山市、台州市、绍兴市"
     "、嘉兴市,江苏省苏州市、南通市、常州市的订单,付款时间或应发时间在2021年7月25日00:00:00到2021年7月2"
     "8号23:59:59的实物商品订单,买家发起违背发货时间的投诉,平台将不进行扣分和理赔处理。",
     [{"regions": ["310000", "320400", "320500", "320600", "330100", "330200", "330400", "330600", "330900", "331000"],
       "windows": [["2021-07-25T00:00:00", "2021-07-28T23:59:59"]],
       "cause": "typhoon",
       "relief": ["no_compensation", "no_penalty"],   # the complaint is still received; only 扣分/理赔 are waived
       "address": "either",
       "time_basis": ["paid", "ship_due"]}],
     "2021-07-26T17:32:11"),

    # 2. seed s000-05: earthquake, county level
    ("9月7日消息,日前,1688发布关于因受地震灾害影响地区的交易发货时间调整通知。收货地址/发货地址在四川省甘孜藏族自治州"
     "泸定县、四川省雅安市石棉县的订单,付款时间或应发时间在2022年9月4日00:00:00到2022年9月15号23:59"
     ":59的实物商品订单,系统将自动从商家的发货履约考核指标中剔除、关闭理赔入口、客诉订单免责处理。",
     [{"regions": ["511824", "513322"],
       "windows": [["2022-09-04T00:00:00", "2022-09-15T23:59:59"]],
       "cause": "earthquake",
       "relief": ["complaint_exempt", "excluded_from_metrics", "no_compensation"],
       "address": "either",
       "time_basis": ["paid", "ship_due"]}],
     "2022-09-07T17:08:39"),

    # 3. seed s000-15: epidemic, nationwide, open-ended window
    ("12月27日消息,1688平台今日发布1688针对疫情期间商家的理赔及处罚调整公告 。公告称,随着全国疫情陆续放开,带来"
     "物流运力问题加剧。商家找不到物流发货,发货后物流停滞无法正常送达等问题陡增。平台为了更好的协助商家做好经营,将进行如下调"
     "整。公告显示,支付时间在2022年12月28日00:00:00后的订单,平台将暂停逾期发货的理赔申请。届时理赔入口将做关"
     "闭。",
     [{"regions": [],                                  # 全国 is not a region code
       "windows": [["2022-12-28T00:00:00", None]],
       "cause": "epidemic",
       "relief": ["no_compensation"],
       "address": None,
       "time_basis": ["paid"]}],
     "2022-12-27T15:01:44"),

    # 4. seed s000-18: Spring Festival holiday with dates
    ("1月8日消息,考虑到春节期间假期及物流等特殊影响因素,为保护买家购物体验及1688市场交易秩序,1688平台对2025年"
     "春节期间的在线交易相关规则进行调整。如2025年1月21日0点-2025年2月6日23:59:59期间买家付款的订单,从"
     "2025年2月7日0点恢复保障服务的发货时间计算,除买卖双方另有约定。此期间产生的订单将不计入商家新灯塔物流体验分考核、"
     "24小时/48小时发货服务标的考核计算。未按要求发货的,按照平台相关规则处理,不免除扣分/扣分等处罚。",
     [{"regions": [],
       "windows": [["2025-01-21T00:00:00", "2025-02-06T23:59:59"]],
       "cause": "holiday",
       "relief": ["deadline_extended", "excluded_from_metrics"],  # 不免除扣分: no no_penalty
       "address": None,
       "time_basis": ["paid"]}],
     "2025-01-08T15:30:20"),

    # 5. new: rainstorm in 河南省郑州市
    ("7月21日消息，淘宝发布公告称，受持续暴雨天气影响，部分地区物流配送中断。收货地址或发货地址在河南省郑州市、新乡市、鹤壁市的订单，"
     "付款时间在2021年7月17日00:00:00至2021年7月31日23:59:59的，发货时间顺延，平台将不进行延迟发货扣分处理，"
     "相关订单不计入商家物流考核。",
     [{"regions": ["410100", "410600", "410700"],
       "windows": [["2021-07-17T00:00:00", "2021-07-31T23:59:59"]],
       "cause": "rainstorm",
       "relief": ["deadline_extended", "excluded_from_metrics", "no_penalty"],
       "address": "either",
       "time_basis": ["paid"]}],
     "2021-07-21T18:00:00"),

    # 6. new: epidemic in 上海市, sender side only
    ("4月1日消息，京东发布公告称，因疫情防控需要，部分区域快递揽收和派送受限。发货地址在上海市的商家，"
     "应发时间在2022年3月28日00:00:00至2022年4月10日23:59:59的订单，如发生延迟发货，平台将不进行扣分，"
     "买家发起的延迟发货投诉不予处理。",
     [{"regions": ["310000"],
       "windows": [["2022-03-28T00:00:00", "2022-04-10T23:59:59"]],
       "cause": "epidemic",
       "relief": ["complaint_exempt", "no_penalty"],
       "address": "sender",
       "time_basis": ["ship_due"]}],
     "2022-04-01T10:00:00"),

    # 7. new: Spring Festival with dates, order time
    ("抖音电商发布2024年春节假期发货规则调整公告。2024年2月4日00:00:00至2024年2月17日23:59:59期间下单的订单，"
     "发货时效统一延长至2024年2月19日24点前，延迟发货不计入商家店铺体验分考核。春节期间请商家合理安排客服值守。",
     [{"regions": [],
       "windows": [["2024-02-04T00:00:00", "2024-02-17T23:59:59"]],   # 延长至2月19日24点前 is a deadline, not a window
       "cause": "holiday",
       "relief": ["deadline_extended", "excluded_from_metrics"],
       "address": None,
       "time_basis": ["ordered"]}],
     "2024-01-25T10:00:00"),

    # 8. new: typhoon, receiver address only
    ("受台风“杜苏芮”影响，东南沿海部分地区物流停运。收货地址在福建省福州市、莆田市、泉州市、厦门市的订单，"
     "支付时间在2023年7月27日至2023年7月30日的，发货时间顺延3天，平台不做延迟发货赔付，相关订单不计入发货时效考核。",
     [{"regions": ["350100", "350200", "350300", "350500"],
       "windows": [["2023-07-27T00:00:00", "2023-07-30T23:59:59"]],
       "cause": "typhoon",
       "relief": ["deadline_extended", "excluded_from_metrics", "no_compensation"],
       "address": "receiver",
       "time_basis": ["paid"]}],
     "2023-07-27T16:00:00"),

    # 9. new: typhoon, two regions with two windows → two records
    ("受台风“摩羯”影响，华南部分地区快递暂停揽派。收货地址在海南省海口市、三亚市的订单，付款时间在2024年9月5日0点至9月8日24点的；"
     "收货地址在广东省湛江市的订单，付款时间在2024年9月6日0点至9月9日24点的，上述订单平台不进行延迟发货扣分。",
     [{"regions": ["460100", "460200"],
       "windows": [["2024-09-05T00:00:00", "2024-09-08T23:59:59"]],
       "cause": "typhoon",
       "relief": ["no_penalty"],
       "address": "receiver",
       "time_basis": ["paid"]},
      {"regions": ["440800"],
       "windows": [["2024-09-06T00:00:00", "2024-09-09T23:59:59"]],
       "cause": "typhoon",
       "relief": ["no_penalty"],                         # 上述订单 applies the relief to both groups
       "address": "receiver",
       "time_basis": ["paid"]}],
     "2024-09-05T11:00:00"),

    # 10. new: snow in 东三省 capitals
    ("受强降雪天气影响，多地高速公路封闭。收货地址为黑龙江省哈尔滨市、吉林省长春市、辽宁省沈阳市的订单，"
     "付款时间在2023年11月6日0点至11月9日24点的，平台将延长其发货时效48小时，期间产生的延迟发货不扣分。",
     [{"regions": ["210100", "220100", "230100"],
       "windows": [["2023-11-06T00:00:00", "2023-11-09T23:59:59"]],
       "cause": "snow",
       "relief": ["deadline_extended", "no_penalty"],
       "address": "receiver",
       "time_basis": ["paid"]}],
     "2023-11-06T15:00:00"),

    # 11. new: flood, districts of 北京市 and a county-level city of 河北省
    ("受洪涝灾害影响，部分地区道路中断、快递网点停业。收货地址/发货地址在北京市门头沟区、房山区，河北省保定市涿州市的订单，"
     "付款时间或应发时间在2023年7月29日00:00:00到2023年8月10日23:59:59的，将从商家的发货履约考核中剔除，并关闭理赔入口。",
     [{"regions": ["110109", "110111", "130681"],
       "windows": [["2023-07-29T00:00:00", "2023-08-10T23:59:59"]],
       "cause": "flood",
       "relief": ["excluded_from_metrics", "no_compensation"],
       "address": "either",
       "time_basis": ["paid", "ship_due"]}],
     "2023-08-02T10:00:00"),

    # 12. new: logistics disruption, sender side
    ("因部分快递企业网点临时停运，物流揽收能力不足。发货地址在浙江省金华市义乌市的订单，应发时间在2022年8月3日至2022年8月7日的，"
     "平台将延长发货时效，相关订单不计入商家延迟发货考核。",
     [{"regions": ["330782"],
       "windows": [["2022-08-03T00:00:00", "2022-08-07T23:59:59"]],
       "cause": "logistics",
       "relief": ["deadline_extended", "excluded_from_metrics"],
       "address": "sender",
       "time_basis": ["ship_due"]}],
     "2022-08-03T12:00:00"),

    # 17. relief as real notices word it: 暂停…考核, 免除…违约金, 不予处罚, 不计入…指标
    ("因暴雨影响，平台暂停对北京市、河北省涿州市商家的发货时效考核。",
     [{"regions": ["110000", "130681"], "windows": [], "cause": "rainstorm",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2023-08-01T10:00:00"),
    ("受台风影响，浙江省温州市、台州市的商家免除延迟发货违约金。",
     [{"regions": ["330300", "331000"], "windows": [], "cause": "typhoon",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2023-08-01T10:00:00"),
    ("因地震导致四川省甘孜州泸定县的订单延迟发货，平台不予处罚。",
     [{"regions": ["513322"], "windows": [], "cause": "earthquake",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2022-09-06T10:00:00"),
    ("受台风影响，广东省湛江市的订单发货时效自动延长3天。",
     [{"regions": ["440800"], "windows": [], "cause": "typhoon",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2023-09-01T10:00:00"),
    ("受寒潮影响，发往黑龙江省、吉林省的订单延迟揽收将不予考核。",
     [{"regions": ["220000", "230000"], "windows": [], "cause": "snow",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2023-12-15T10:00:00"),
    ("受疫情影响，吉林省长春市的延迟发货订单不影响店铺体验分。",
     [{"regions": ["220100"], "windows": [], "cause": "epidemic",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2022-03-15T10:00:00"),
    # 18. traditional script: the same record as its simplified form, evidence on the original text
    ("受廣州、佛山疫情影響，2022年4月1日至4月15日期間，收貨地址為上述地區的訂單不納入發貨及時率考核。",
     [{"regions": ["440100", "440600"], "windows": [["2022-04-01T00:00:00", "2022-04-15T23:59:59"]],
       "cause": "epidemic", "relief": ["excluded_from_metrics"], "address": "receiver", "time_basis": []}],
     "2022-04-01T10:00:00"),

    # --- the relief grammar (extract/relief.py): acts on obligations, each part in sentences of our own ---
    # act: waive, temporarily (暂时予以免除) — the obligations named in the clause before or in the same one
    ("受暴雪影响，收货地址在吉林省长春市的订单，延迟发货考核及赔付可暂时予以免除。",
     [{"regions": ["220100"], "windows": [], "cause": "snow",
       "relief": ["excluded_from_metrics", "no_compensation"], "address": "receiver", "time_basis": []}],
     "2024-02-02T10:00:00"),
    # act: waive (免予处罚) + a contrast clause that keeps other areas as usual: the relief stays
    ("受洪涝影响，湖南省岳阳市商家的延迟发货免予处罚，其他地区照常考核。",
     [{"regions": ["430600"], "windows": [], "cause": "flood",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2024-07-10T10:00:00"),
    # contrast: a clause that turns to other orders (不适用于预售订单) leaves the relief beside it
    ("受台风影响，收货地址在广东省汕尾市的订单暂不考核发货时效，不适用于预售订单。",
     [{"regions": ["441500"], "windows": [], "cause": "typhoon",
       "relief": ["excluded_from_metrics"], "address": "receiver", "time_basis": []}],
     "2024-09-06T10:00:00"),
    # act: exempt (豁免) an order from a score; report (报备) approved
    ("因台风影响，广东省阳江市的商家报备审核通过后，平台将豁免相关订单的物流体验分。",
     [{"regions": ["441700"], "windows": [], "cause": "typhoon",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2024-09-06T10:00:00"),
    # act: not count (不纳入) a metric; an open window of orders paid from a date on (X起支付)
    ("因疫情影响，2022年11月20日起支付的、收货地址为重庆市的订单不纳入24小时发货率统计。",
     [{"regions": ["500000"], "windows": [["2022-11-20T00:00:00", None]], "cause": "epidemic",
       "relief": ["excluded_from_metrics"], "address": "receiver", "time_basis": ["paid"]}],
     "2022-11-21T10:00:00"),
    # act: not affect (不影响) a rating
    ("受寒潮影响，发往新疆维吾尔自治区的订单出现揽收超时的，不影响店铺评分。",
     [{"regions": ["650000"], "windows": [], "cause": "snow",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2023-12-18T10:00:00"),
    # act: extend a deadline, with its length; the system does it by itself
    ("受地震影响，甘肃省临夏回族自治州积石山县的订单，系统将自动延长发货时效7天。",
     [{"regions": ["622927"], "windows": [], "cause": "earthquake",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2023-12-19T10:00:00"),
    # act: extend the confirmation period (自动确认收货时间)
    ("因疫情导致物流停滞，收货地址在新疆维吾尔自治区伊犁哈萨克自治州的订单，自动确认收货时间延长10天。",
     [{"regions": ["654000"], "windows": [], "cause": "epidemic",
       "relief": ["deadline_extended"], "address": "receiver", "time_basis": []}],
     "2022-09-10T10:00:00"),
    # act: holiday rest days not counted in the shipping time (a deadline moved)
    ("春节期间，2025年1月27日至2月4日的休息日不计入发货时间。",
     [{"regions": [], "windows": [["2025-01-27T00:00:00", "2025-02-04T23:59:59"]], "cause": "holiday",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2025-01-20T10:00:00"),
    # act: a new latest ship-by time, compensation already paid returned on appeal (申诉返还)
    ("受暴雨影响，付款时间在2024年6月16日至6月20日、发货地址在福建省龙岩市的订单，最晚发货时间调整为6月25日，"
     "已产生的延迟发货赔付可申诉返还。",
     [{"regions": ["350800"], "windows": [["2024-06-16T00:00:00", "2024-06-20T23:59:59"]], "cause": "rainstorm",
       "relief": ["deadline_extended", "no_compensation"], "address": "sender", "time_basis": ["paid"]}],
     "2024-06-17T10:00:00"),
    # act: a penalty that can be appealed (可申诉), the obligation first
    ("因暴雨导致的超时发货处罚，江西省九江市商家可发起申诉。",
     [{"regions": ["360400"], "windows": [], "cause": "rainstorm",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2024-06-25T10:00:00"),
    # scope: a cause alone (no region, no period) makes relief an exemption; a fee not charged
    ("受台风影响，旅客因列车停运退票的，铁路部门不收取退票手续费。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2024-09-05T10:00:00"),
    # scope: a period alone; tolls waived (免收通行费), a closed window
    ("2024年10月1日0时至10月7日24时，全国收费公路免收小型客车通行费。",
     [{"regions": [], "windows": [["2024-10-01T00:00:00", "2024-10-07T23:59:59"]], "cause": None,
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2024-09-25T10:00:00"),
    # obligation: penalty interest (不计罚息) and overdue status (不作逾期处理), for a cause and regions
    ("受地震影响，四川省雅安市芦山县的借款人在2013年4月20日至6月30日期间未能按时还款的，不计罚息，不作逾期处理。",
     [{"regions": ["511826"], "windows": [["2013-04-20T00:00:00", "2013-06-30T23:59:59"]], "cause": "earthquake",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2013-04-22T10:00:00"),
    # obligation: a contract penalty (不需要支付违约金)
    ("因疫情取消行程的，旅游者和旅行社均不需要支付违约金。",
     [{"regions": [], "windows": [], "cause": "epidemic",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2020-01-28T10:00:00"),
    # obligation: a filing deadline; an extension clause whose deadline the clause before names
    ("因台风停止上班的县市，纳税人的申报及缴纳期间，顺延至恢复上班之日。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2024-10-02T10:00:00"),
    # obligation: a document re-issued free (免费补办) for those hit by a flood
    ("因洪灾遗失身份证件的受灾群众，可到户籍地派出所免费补办。",
     [{"regions": [], "windows": [], "cause": "flood",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2023-08-05T10:00:00"),
    # traditional script, outside the mainland: relief, no region code
    ("受颱風影響，高雄市的旅客退票免收手續費。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2024-10-02T10:00:00"),

    # relief that points ahead (下述区域) reaches the scope after it, across a semicolon; a start date
    # with its end still open (截止日期待定)
    ("平台对下述地区执行以下保障：延迟发货赔付免责，买家发货类投诉免责；物流体验考核剔除。"
     "云南省德宏傣族景颇族自治州瑞丽市开始日期2023年5月8日，截止日期待定。",
     [{"regions": ["533102"], "windows": [["2023-05-08T00:00:00", None]], "cause": None,
       "relief": ["complaint_exempt", "excluded_from_metrics", "no_compensation"], "address": None,
       "time_basis": []}],
     "2023-05-09T10:00:00"),
    # a repost with pinyin glosses after each character, outside the mainland: relief, no region code
    ("受颱(tái)風(fēng)影響(xiǎng)，宿霧的賣家將不會(huì)被收取退貨費(fèi)用。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2021-12-20T10:00:00"),
    # a charge suspended for a day (暂停收费), the cause in the title only
    ("明天停止上班的县市，高速公路收费站全天暂停收费。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2024-10-01T10:00:00", "受颱風影響 收費站明日暫停收費"),
    # rent halved, then waived (减半收取, 全免), for named cities
    ("受疫情影响，承租江苏省无锡市、常州市国有房屋的小微企业，3月份租金减半收取，4月份租金全免。",
     [{"regions": ["320200", "320400"], "windows": [], "cause": "epidemic",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2022-03-10T10:00:00"),
    # payment put off, no late fee (可延期至…缴费，期间不加收滞纳金)
    ("受疫情影响无法按时缴费的单位，可延期至疫情解除后两个月内缴费，期间不加收滞纳金。",
     [{"regions": [], "windows": [], "cause": "epidemic",
       "relief": ["deadline_extended", "no_penalty"], "address": None, "time_basis": []}],
     "2020-02-10T10:00:00"),
    # a timeliness requirement waived for a holiday period (豁免物流时效)
    ("国庆节放假期间，平台豁免物流时效：2024年10月1日至10月7日期间生成的订单不计算迟发货。",
     [{"regions": [], "windows": [["2024-10-01T00:00:00", "2024-10-07T23:59:59"]], "cause": "holiday",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2024-09-25T10:00:00"),
    # relief for the numbered points that follow it (以下条件), its note in a bracket a comma cut off
    ("满足以下条件的订单，延迟发货暂不赔付（恢复时间另行通知，请关注公告）：\n"
     "（1）承诺发货时间2022年4月2日00:00:00起，且收件地为吉林省四平市；\n"
     "（2）承诺发货时间2022年4月3日00:00:00起，且收件地为辽宁省营口市。",
     [{"regions": ["220300"], "windows": [["2022-04-02T00:00:00", None]], "cause": None,
       "relief": ["no_compensation"], "address": None, "time_basis": []},
      {"regions": ["210800"], "windows": [["2022-04-03T00:00:00", None]], "cause": None,
       "relief": ["no_compensation"], "address": None, "time_basis": []}],
     "2022-04-03T10:00:00"),
    # a new ship-by date after the period (须在…前完成发货): the deadline moved, so relief
    ("春节期间（2024年2月8日-2月17日）付款的订单，卖家须在2024年2月22日23:59:59前完成发货。",
     [{"regions": [], "windows": [["2024-02-08T00:00:00", "2024-02-17T23:59:59"]], "cause": "holiday",
       "relief": ["deadline_extended"], "address": None, "time_basis": ["paid"]}],
     "2024-02-01T10:00:00"),
    # a filing deadline moved for a system outage; charges waived in a disaster area (免收…费)
    ("因税务系统网络异常，本月纳税申报期限延长至3月18日。",
     [{"regions": [], "windows": [], "cause": "outage",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2024-03-15T10:00:00"),
    ("对地震受灾地区的建筑企业，全部免收工程质量监督费。",
     [{"regions": [], "windows": [], "cause": "earthquake",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2024-03-15T10:00:00"),
    # Shopee's wording in traditional script: penalty points (計分) and rates (遲出貨率), for named cities
    ("受颱風影響，台南、嘉義地區賣家之延遲出貨不列入賣場表現，亦不會產生計分。",
     [{"regions": [], "windows": [], "cause": "typhoon",
       "relief": ["excluded_from_metrics", "no_penalty"], "address": None, "time_basis": []}],
     "2024-10-02T10:00:00"),
    ("受疫情影響，平臺將暫停計算延遲出貨率至另行通知。",
     [{"regions": [], "windows": [], "cause": "epidemic",
       "relief": ["excluded_from_metrics"], "address": None, "time_basis": []}],
     "2022-05-02T10:00:00"),
    # relief stated first, then a table of places and dates that points to it (按照下表执行)
    ("受疫情影响，平台将交易超时时间延长72小时。订单收货地址在下述区域内的，按照下表执行：\n"
     "西宁市开始日期2022年4月16日，截止日期2022年4月29日。",
     [{"regions": ["630100"], "windows": [["2022-04-16T00:00:00", "2022-04-29T23:59:59"]], "cause": "epidemic",
       "relief": ["deadline_extended"], "address": "receiver", "time_basis": []}],
     "2022-04-28T10:00:00"),
    # a utility's cut-off for arrears suspended (欠费不停电, 暂停执行欠费停电)
    ("疫情防控期间，对辽宁省丹东市受疫情影响的居民客户实行欠费不停电。",
     [{"regions": ["210600"], "windows": [], "cause": "epidemic",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2022-05-14T10:00:00"),
    ("汛情期间，供电公司暂停执行欠费停电。",
     [{"regions": [], "windows": [], "cause": "flood",
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2021-07-22T10:00:00"),
    # a Taiwanese deadline put off (展延), its period in the ROC calendar, no region code
    ("豪雨災區納稅義務人，繳納期間為112年8月16日至112年8月25日者，展延繳納期限至112年9月30日。",
     [{"regions": [], "windows": [["2023-08-16T00:00:00", "2023-08-25T23:59:59"]], "cause": "rainstorm",
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2023-08-27T10:00:00"),
    ("遭遇洪灾的吉林省敦化市将为受灾群众免费办理户籍业务。",
     [{"regions": ["222403"], "windows": [], "cause": "flood",
       "relief": ["fee_waived"], "address": None, "time_basis": []}],
     "2010-08-09T10:00:00"),
    # a holiday ship-by date with lunar glosses before the clocks
    ("2024年2月3日(腊月二十四)00:00:00-2024年2月18日(正月初九)23:59:59期间成交的订单，"
     "商家需在2024年2月20日(正月十一)23:59:59前完成发货。",
     [{"regions": [], "windows": [["2024-02-03T00:00:00", "2024-02-18T23:59:59"]], "cause": None,
       "relief": ["deadline_extended"], "address": None, "time_basis": []}],
     "2024-01-20T10:00:00"),
    # temporary relief that lasts until a date, no cause named (临时停止…持续至5月31日)
    ("平台临时停止因订单绩效问题暂停账户的措施，将持续至5月31日。",
     [{"regions": [], "windows": [], "cause": None,
       "relief": ["no_penalty"], "address": None, "time_basis": []}],
     "2020-05-18T10:00:00"),
    # --- look-alikes the relief grammar must leave alone ---
    # 免费 as a service or a promotion
    ("国庆期间，新用户下单可享免费上门取件服务。", [], "2024-09-28T10:00:00"),
    ("2024年10月1日至10月7日，全场免收运费。", [], "2024-09-28T10:00:00"),
    # free transport of relief goods
    ("受台风影响，多家快递企业开通绿色通道，免费运输发往海南省的救灾物资。", [], "2024-09-08T10:00:00"),
    # relief for force majeure in general, with examples of it: a standing clause
    ("平台对因暴雨、冰雪等不可抗力因素造成的延迟发货不进行处罚，但客户投诉会正常处理。", [], "2024-03-05T10:00:00"),
    # a ship-by date before the holiday is a stricter deadline, not relief
    ("春节期间（2024年2月8日-2月17日）平台照常考核，2月7日前付款的订单须在2月7日前完成发货。", [], "2024-02-01T10:00:00"),
    # a standing force-majeure clause: the causes are examples of what might happen
    ("如遇台风、暴雨等不可抗力导致延迟发货的，商家可申请免责。", [], "2024-03-05T10:00:00"),
    # a courier's own delay notice: the courier's delivery time, not an obligation of the reader
    ("因颱風影響，宅配延遲送達，敬請見諒。", [], "2024-10-02T10:00:00"),
    ("受台风影响，发往福建省厦门市的快件派送时效将有所延长，敬请谅解。", [], "2024-09-05T10:00:00"),
    # relief taken back in the clause it stands in
    ("受暴雨影响，广东省梅州市的订单可协商延迟发货，但平台不因天气原因免除延迟发货处罚。", [], "2024-06-17T10:00:00"),
    # a guide that cites a relief notice by its title and says what happens if an address is in it
    ("报备仅当商家因疫情、自然灾害、大型会议等不可抗力无法发货时适用。若收货地址在《疫情期间发货规则说明》的区域内，"
     "系统将自动延长发货时效，商家无需报备。", [], "2023-08-23T10:00:00"),
    # relief that ends: the waiver runs out, the normal charges come back
    ("国庆期间免收小型客车通行费到今晚24时结束，明日0时起恢复正常收费。", [], "2024-10-07T10:00:00"),
    # relief that ends: the normal rules are restored
    ("随着疫情好转，自2023年1月8日起，上海市的订单恢复正常考核。", [], "2023-01-06T10:00:00"),

    # --- not exemptions ---
    # 13. seed s002-20: permanent agreement change
    ("2月23日消息,1688发布《现货“安心购”商家服务协议》修改公告,对《现货“安心购”商家服务协议》部分条款的内容、表述"
     "、形式进行了修订和优化,主要包括增加活动参与支持,增设快速退款服务保障及相应补偿机制,调整退货包运费机制且不再提供晚发必"
     "赔补偿等。修改后的《现货“安心购”商家服务协议》将于2024年3月1日生效。",
     [], "2024-02-23T17:29:30"),

    # 14. seed s000-17: holiday, explicitly no extension
    ("9月29日消息,1688平台今日发布关于2022年国庆期间发货时间及交易流程的通知 。如涉及店铺休假,请商家自行做好商品"
     "发货时效的调整以及店铺休假说明。订单签收及退款超时逻辑包含极速退保持跟日常一致,国庆期间不做特殊延长。如店铺放假休假,请"
     "商家安排好店铺售后处理人员,及时响应处理退款。",
     [], "2022-09-29T16:04:14"),

    # 15. seed s000-01: reporting tool for unnamed scenarios (no region, no bounded period)
    ("1688商家在实际经营过程中,部分特殊场景下商家无法按约定时间发货,为降低该场景下商家被赔付的资损风险,商家可以使用报备"
     "工具进行延迟发货的报备。",
     [], "2023-02-14T11:51:48"),

    # 19. a shop putting its own parcels off is no relief (顺延至年后发货)
    ("2月7日起停止收发。您未能发货的包裹将顺延至年后发货，敬请谅解。", [], "2018-02-05T10:00:00"),

    # 16. new: typhoon warning that keeps obligations unchanged
    ("台风“梅花”预计将于9月14日在浙江沿海登陆，请相关地区商家提前做好备货和发货安排。"
     "台风期间平台发货时效要求保持不变，延迟发货仍将按规则处理。",
     [], "2022-09-13T10:00:00"),
    # relief ended, not granted: a restoration (extract/corpus/restorations.py)
    ("2023年8月5日起停止执行地震灾区的临时免考核措施，按原规则考核。", []),
    ("平台决定自2023年8月1日起取消疫情期间延迟发货免责的临时调整。", []),
]
