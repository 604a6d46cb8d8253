"""Examples for extract.restorations: surface forms and the restorations they must give, against PUBLISHED."""
# expected = list of restorations, in text order; [] when the text restores nothing.
# An example is (text, expected[, published[, title]]).
# A restoration: {"start": when the normal rules apply again (ISO date-time), "cause": the occasion whose
#   relief ends (as extract.exemptions' causes) or None, "regions": sorted 6-digit codes, [] for everywhere}.
# What a restoration is (docs/annotation.md#restorations): an announcement that the normal rules apply
#   again (恢复正常考核, 恢复…赔付, 取消…临时调整, 临时措施结束, 不再豁免): it ends earlier temporary relief
#   for its cause and regions from its moment on. The moment: a date in its sentence before the act
#   (自X起, X起, 于X, X后; the day after X when the measure ends on X: 政策于X结束), else the announcement's first effective date, else its publication.
# Not restorations: relief given or its own end stated inside it (从X恢复…计算 in a relief sentence,
#   到期后恢复正常考核), a merchant asked to resume (提醒商家恢复正常发货), a restoration not yet made or
#   hypothetical (暂不恢复, 恢复时间另行通知, 如…恢复), other places kept as they are (其他地区照常考核),
#   a courier's service coming back (网点恢复揽收: no rule of the platform's).
PUBLISHED = "2023-07-20T10:00:00"   # the announcement's publication time the examples are read against

EXAMPLES = [
    # --- restore the normal rules, with a date before the act ---
    ("平台将于2023年7月25日起恢复订单的发货时效考核，请商家按承诺时效发货。",
     [{"start": "2023-07-25T00:00:00", "cause": None, "regions": []}]),
    ("鉴于疫情形势好转，自2023年8月1日起，上海市的订单恢复正常考核。",
     [{"start": "2023-08-01T00:00:00", "cause": "epidemic", "regions": ["310000"]}]),
    ("台风过境后物流已通畅，浙江省温州市、台州市的订单于7月24日0时起恢复原有的发货规则。",
     [{"start": "2023-07-24T00:00:00", "cause": "typhoon", "regions": ["330300", "331000"]}]),
    ("平台将于2021年2月25日恢复48小时发货服务的违约赔付。",
     [{"start": "2021-02-25T00:00:00", "cause": None, "regions": []}], "2021-02-22T10:05:39"),
    ("8月1日后，湖北省武汉市的订单恢复正常发货考核。",
     [{"start": "2023-08-01T00:00:00", "cause": None, "regions": ["420100"]}]),
    # --- no date in the sentence: the announcement's effective date, else its publication ---
    ("春节假期结束，商家发货时效将恢复正常考核。",
     [{"start": "2023-07-20T10:00:00", "cause": "holiday", "regions": []}]),
    ("各地物流已基本恢复，即日起恢复正常考核。",                                         # 即日: the day
     [{"start": "2023-07-20T00:00:00", "cause": None, "regions": []}]),
    ("随着疫情缓解，发货时效恢复正常考核，具体以2023年7月24日起生效的新规为准。",
     [{"start": "2023-07-24T00:00:00", "cause": "epidemic", "regions": []}]),
    # --- a news date is no moment; an undated restoration takes the notice's dated one ---
    ("7月18日消息，平台发布通知称，发货时效将恢复正常考核。平台将于2023年7月25日恢复违约赔付。",
     [{"start": "2023-07-25T00:00:00", "cause": None, "regions": []}]),
    # --- the cause in the title, the place in the title ---
    ("自2023年7月28日起，相关地区订单恢复正常考核。",
     [{"start": "2023-07-28T00:00:00", "cause": "flood", "regions": ["360400"]}], PUBLISHED,
     "关于江西九江洪涝影响地区恢复正常考核的通知"),
    # --- cancel or end the temporary measure ---
    ("平台决定自2023年8月1日起取消疫情期间的发货时效临时调整。",
     [{"start": "2023-08-01T00:00:00", "cause": "epidemic", "regions": []}]),
    ("受暴雨影响地区的特殊保障政策将于2023年7月31日结束，届时恢复正常。",            # ends with that day
     [{"start": "2023-08-01T00:00:00", "cause": "rainstorm", "regions": []}]),
    ("自2023年9月1日起，对广东省的订单不再豁免延迟发货处罚。",
     [{"start": "2023-09-01T00:00:00", "cause": None, "regions": ["440000"]}]),
    ("自2023年8月1日起解除疫情期间的临时豁免措施。",                                         # 解除 is no 除…外
     [{"start": "2023-08-01T00:00:00", "cause": "epidemic", "regions": []}]),
    ("2023年8月5日起停止执行地震灾区的临时免考核措施，按原规则考核。",
     [{"start": "2023-08-05T00:00:00", "cause": "earthquake", "regions": []}]),
    ("春节免费通行于2月6日24时结束，2月7日0时起恢复高速公路的正常收费。",                    # a fee again
     [{"start": "2023-02-07T00:00:00", "cause": "holiday", "regions": []}], "2023-02-01T10:00:00"),
    # --- places pointed back to: the sentence before names them ---
    ("此前对四川省甘孜州泸定县订单实行延迟发货免责。随着物流恢复，自9月20日起取消该地区的豁免政策。",
     [{"start": "2023-09-20T00:00:00", "cause": None, "regions": ["513322"]}]),
    ("市人社局发布《关于阶段性减免企业社会保险费政策到期的通知》，明确企业自2024年1月起应缴的社会保险费将全额征收。",
     [{"start": "2024-01-01T00:00:00", "cause": None, "regions": []}]),            # relief only in a cited title
    ("本次停车费减免活动结束，自2023年2月1日起我馆将恢复收取逾期费。",
     [{"start": "2023-02-01T00:00:00", "cause": None, "regions": []}]),
    # --- look-alikes ---
    ("当某地区满足以下条件时，平台将取消该地区的豁免政策：连续7日无新增病例。", []),  # a condition, not an act
    ("付款时间在2023年7月25日至7月28日的订单，从2023年7月29日0点恢复发货时间计算，此期间不计入考核。", []),
    ("上述地区的订单暂停考核，到期后恢复正常考核。", []),
    ("平台提醒商家及时处理积压订单并恢复正常发货。", []),
    ("受台风影响，上海市的订单暂不恢复考核，恢复时间另行通知。", []),
    ("如疫情好转，平台将视情况恢复正常考核。", []),
    ("收货地址为河北省石家庄市的订单不纳入考核，其他地区的订单照常考核。", []),
    ("春节后各地快递网点陆续恢复揽收。", []),
    ("商家恢复发货后，请及时更新物流单号。", []),
    ("1688平台推出专项扶持措施，帮助商家恢复正常经营。", []),
    ("春节期间本店只接单不发货，2月24日恢复正常发货。", []),                              # a shop's own schedule
    ("在快递揽收恢复之前的发货合规率考核将相应调整。", []),                               # 恢复之前: a time
]
