"""Examples for extract.regions: surface forms and the values they must give, against PUBLISHED."""
# expected = sorted list of 6-digit GB/T 2260 codes the text names as places a rule applies to,
#   at the most specific level named.
# Rules pinned by these examples (docs/annotation.md#regions):
# - A province or prefecture followed by its members is only their container (浙江省杭州市、宁波市 → the cities).
# - Shared-prefix lists carry the container across 、 (四川省雅安市石棉县、…) and across provinces (…，江苏省苏州市).
# - Municipalities (北京 上海 天津 重庆) use the province-level code xx0000 when named alone.
# - Short names (杭州, 浙江, 新疆) count; group names expand: 江浙沪, 京津冀, 东三省;
#   长三角 / 珠三角 / 偏远地区 only through the members the text lists.
# - Not regions: names inside other words (新灯塔, 东方甄选, 京东, 大同小异, 北京时间), streets (山西路),
#   companies and insurers, product names, 跨境 / 港澳台 / 海外, and asides (company seat or address).
PUBLISHED = "2023-07-20T10:00:00"   # the announcement's publication time the examples are read against

EXAMPLES = [
    # --- short forms ---
    ("浙江省杭州市、宁波市", ["330100", "330200"]),
    ("上海市", ["310000"]),
    ("湖北省", ["420000"]),
    ("四川省甘孜藏族自治州泸定县", ["513322"]),
    ("四川省甘孜藏族自治州泸定县、四川省雅安市石棉县", ["511824", "513322"]),
    ("北京市朝阳区", ["110105"]),                                  # not 长春市朝阳区 (220104)
    ("辽宁省朝阳市", ["211300"]),                                  # not 北京市朝阳区
    ("吉林省吉林市", ["220200"]),                                  # city named like its province
    ("上海市浦东新区、闵行区", ["310112", "310115"]),
    ("天津市滨海新区", ["120116"]),
    ("重庆市渝中区", ["500103"]),
    ("湖北省武汉市", ["420100"]),
    ("江浙沪", ["310000", "320000", "330000"]),
    ("京津冀", ["110000", "120000", "130000"]),
    ("东三省", ["210000", "220000", "230000"]),
    ("杭州、宁波", ["330100", "330200"]),
    ("浙江、江苏", ["320000", "330000"]),
    ("北京、天津", ["110000", "120000"]),

    # --- full sentences ---
    ("收货地址或发货地址在上海市，浙江省杭州市、宁波市、舟山市、台州市、绍兴市、嘉兴市，江苏省苏州市、南通市、常州市的订单，平台将不进行扣分和理赔处理。",
     ["310000", "320400", "320500", "320600", "330100", "330200", "330400", "330600", "330900", "331000"],
     "2021-07-26T17:32:11"),
    ("收货地址/发货地址在四川省甘孜藏族自治州泸定县、四川省雅安市石棉县的订单，系统将自动从商家的发货履约考核指标中剔除。",
     ["511824", "513322"], "2022-09-07T17:08:39"),
    ("收货地址在河南省郑州市、新乡市、鹤壁市的订单，发货时间顺延。", ["410100", "410600", "410700"]),
    ("受台风影响，收货地址在广东省湛江市、茂名市的订单暂停揽收。", ["440800", "440900"]),
    ("发货地址在福建省福州市、厦门市、泉州市，浙江省温州市的订单，不计入发货时效考核。",
     ["330300", "350100", "350200", "350500"]),
    ("收货地址在甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县的订单，关闭理赔入口。", ["622927"]),
    ("收货地址在西藏自治区日喀则市定日县的订单，客诉订单免责处理。", ["540223"]),
    ("新疆、西藏、青海、甘肃、宁夏、内蒙古等偏远地区的订单，发货时限延长至72小时。",
     ["150000", "540000", "620000", "630000", "640000", "650000"]),           # 偏远地区 with its members listed
    ("长三角地区（上海、江苏、浙江、安徽）的订单支持次日达。", ["310000", "320000", "330000", "340000"]),
    ("发货地址在浙江省金华市义乌市的商家，应发时间顺延3天。", ["330782"]),
    ("海南省全境的订单暂停揽收。", ["460000"]),

    # --- negatives ---
    ("此期间产生的订单将不计入商家新灯塔物流体验分考核。", []),                  # 新灯塔 is not 灯塔市
    ("商家可将退货寄往山西路88号仓库。", []),                                  # a street, not 山西省
    ("1688有权选择向阳光财产保险股份有限公司在内的第三方保险公司投保。", []),       # a company
    ("印错包赔保障由中国人保财险、阳光保险公司提供保险服务。", []),
    # --- regions as notices name them ---
    ("本省及江、浙、沪、皖地区次日达。", ["310000", "320000", "330000", "340000"]),   # one-character abbreviations in a list
    ("发往甘、青、新、藏的包裹暂停揽收。", ["540000", "620000", "630000", "650000"]),
    ("新疆地区暂停发货。", ["650000"]),
    ("广东地区只收省内件。", ["440000"]),
    ("余杭地区的订单延迟配送。", ["330110"]),                                      # a county named without its city
    ("杭州市辖区内当日达。", ["330100"]),
    ("宁波特产网的年货订单正常发货。", []),                                          # a shop's name
    ("由于北京会议原因，部分线路暂停。", []),                                          # an event, not a place covered
    ("萌购上海仓普通快递发货时间调整。", []),                                          # a warehouse's name
    ("新、老客户均可参加。", []),                                                    # not 新疆
    ("杭州市、宁波市、", ["330100", "330200"]),                                    # a list that ends the text

    ("帮助买卖家更好地解决跨境交易履约过程中的纠纷。", []),
    ("长三角地区的订单支持次日达。", []),                                      # group without members: nothing required
    ("珠三角地区部分网点暂停揽收。", []),
    ("发往港澳台地区及海外的订单不适用本规则。", []),                            # outside mainland China
    ("该公司注册地位于杭州市，主要经营跨境电商业务。", []),                       # aside: the company's seat
    ("阿里巴巴（中国）有限公司，地址：浙江省杭州市余杭区文一西路969号。", []),      # aside: the platform's address
    ("东方甄选直播间将于本周上架新品。", []),                                   # not 东方市
    ("京东物流将为商家提供上门揽收服务。", []),                                 # 京 here is part of 京东
    ("各平台的发货规则大同小异。", []),                                        # not 大同市
    ("北京时间2023年7月28日20:00活动正式开始。", []),                           # 北京时间 is a time zone
    ("金华火腿、宣威火腿等类目商品须提供检测报告。", []),                         # product names, not places covered
    # a weather forecast names where the rain falls, not where a rule applies
    ("预计，9月15日08时至16日08时，江苏南部、浙江中西部、福建西部等地部分地区有大到暴雨。", []),
    ("北京商报讯 税务总局延长申报纳税期限，湖北省延至3月6日。", ["420000"]),       # a newspaper's name
    # a province that only holds the cities listed after it, with a colon, a bracket or 内的 between
    ("停发地区：浙江省：杭州市、宁波市；江苏省：苏州市。", ["320500", "330100", "330200"]),
    ("受影响地区为浙江省（杭州市、宁波市）的订单暂停考核。", ["330100", "330200"]),
    ("广东省内的广州、深圳两市暂停揽收。", ["440100", "440300"]),
    ("受武汉肺炎疫情影响，平台客服时间调整。", []),                             # a disease's name
    ("芦山地震后，多家快递公司开通绿色通道。", []),                              # where an earthquake struck
    ("一辆满载捐赠物资的货车从开封出发，驰援武汉。", []),                        # where donated goods travel
    ("除湖北省外，纳税申报期限进一步延至2月28日。", []),                          # named to be left out
    ("浙江泰隆商业银行对受疫情影响的客户免收罚息。", []),                           # a bank's name
    ("海南航空表示将为旅客免费办理退票。", []),                                     # an airline's name
    ("广东中西部沿海平均风力仍有10级，粤西市县仍有暴雨到大暴雨。", []),              # weather news
    ("消防救援总队调动广州、佛山等支队进行前置增援。", []),                         # a rescue deployment
    ("四川省国税局、地税局近日联合下发通知，延长申报期限。", []),                    # an agency's name
]
