#!/usr/bin/env python3
"""Build the bundled static sample site under ``data/sample-site/``.

The real news site (a Chinese e-commerce news site with 1688 platform announcements) is not
reachable, so policyfeed ships a static imitation of it.  ``policyfeed demo`` and the tests serve
this folder with the project's own small HTTP server; every URL is a root-relative path that equals
a file path inside the folder (``/news/21034.html`` -> ``data/sample-site/news/21034.html``).

What it builds
--------------
* ``robots.txt``            -- ``User-agent: *`` / ``Disallow: /admin/`` (no Crawl-delay).
* ``index.html``            -- links to both feeds.
* Feed A (search-result layout, like seed 000): ``/search/1688/page/{1,2,3}.html``.
  Page 1 holds exactly the 20 announcements of seed 000 in seed (relevance) order; pages 2-3
  hold 18 + 7 invented older items (all older than 2021-03-30, strictly newest first).
  Keywords 1688/商家/发货/管理 are wrapped in ``<em class="hl">`` in titles and summaries.
* Feed B (ordered-list layout, like seed 002): ``/tag/1688/page/{1,2,3,4}.html``.
  Page 1 holds exactly the 20 announcements of seed 002 in seed order; pages 2-4 hold
  20 + 20 + 6 invented older items (older than 2021-05-12, strictly newest first).  Each page has
  site navigation, a "快速导航" list, a "热门文章" sidebar (links + dates: a trap for feed
  detection) and the site footer.
* ``/news/<5-digit id>.html`` -- one article page per distinct announcement.  Announcements with
  the same title AND the same publication time are one article linked from both feeds
  (s000-19 = s002-14, s000-12 = s002-15, and three invented older items); same title with a
  different time gives different articles.  The body is the list-page summary (exactly the gold
  ``text`` for seed items) plus one neutral sentence that adds no date, region, duration or number.
* Small placeholder pages for the navigation/footer links (``/channel/``, ``/category/``,
  ``/about/``) so that every internal link resolves; they contain no article links.
* ``MANIFEST.json`` -- every article: url, title, published, feeds, gold id(s), positions.

From what
---------
* Seed announcements: ``seed_gold.jsonl`` (ids s000-01..20 and s002-01..20 in page order) for exact
  titles, publication times and summaries.  Default path: ``<repo>/../shared/dev/seed_gold.jsonl``.
* Older announcements: the fixed table ``OLDER_ITEMS`` below (invented, 2019-2021, including six
  regional exemption notices).

Everything is deterministic: no randomness, no network, no clock.  Article ids are derived from the
publication order and an MD5 of (published, title).

How to rerun
------------
    python scripts/build_sample_site.py                      # defaults
    python scripts/build_sample_site.py --seeds-gold PATH --out DIR

The output folder's contents are deleted and rewritten each time (the script refuses to wipe a
non-empty folder that does not look like a previously generated sample site).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "dev" / "seed_gold.jsonl"
DEFAULT_OUT = REPO_ROOT / "data" / "sample-site"

SITE_NAME = "电商派"
HIGHLIGHT_WORDS = ("1688", "商家", "发货", "管理")
FEED_A_PREFIX = "/search/1688/page/"
FEED_B_PREFIX = "/tag/1688/page/"
FEED_A_OLDER_PAGES = (18, 7)          # items on pages 2 and 3
FEED_B_OLDER_PAGES = (20, 20, 6)      # items on pages 2, 3 and 4
FEED_A_OLDER_BEFORE = "2021-03-30T15:14:20"   # oldest item on feed A page 1 (s000-16)
FEED_B_OLDER_BEFORE = "2021-05-12T15:23:45"   # oldest item on feed B page 1 (s002-16)

# ---------------------------------------------------------------------------------------------
# Invented older announcements: (published, feeds, title, summary).
# feeds: "A" = search feed pages 2-3, "B" = tag feed pages 2-4, "AB" = both (one shared article).
# Kept in publication order (newest first) per feed; the script checks the ordering.
# Regional exemption notices: 武汉 2020-02 (AB), 利奇马/台州、温州 2019-08 (A), 石家庄、邢台 2021-01 (A),
# 九江、上饶、安庆 flood 2020-07 (A), 乌鲁木齐 2020-07 (B), 绥化 2021-01 (B).
# ---------------------------------------------------------------------------------------------
OLDER_ITEMS: list[tuple[str, str, str, str]] = [
    ("2021-05-10T16:42:18", "B", "1688发布《实力商家服务规范》 5月20日起施行",
     "5月10日消息,1688平台发布《实力商家服务规范》,对实力商家的发货、售后及咨询服务提出明确要求。该规范将于2021年5月20日生效,未达标商家将被取消实力商家标识。"),
    ("2021-04-28T10:15:32", "B", "1688官方物流公布五一劳动节期间揽收安排",
     "4月28日消息,1688官方物流公布2021年五一劳动节期间揽收安排,部分网点节假日期间揽收能力下降,商家可提前备货并关注物流动态。"),
    ("2021-04-19T14:36:07", "B", "1688上线“商家成长中心” 助力中小商家经营",
     "1688平台上线“商家成长中心”,为中小商家提供经营诊断、课程培训及数据分析等服务,帮助商家提升店铺运营能力。"),
    ("2021-04-07T11:20:45", "B", "1688调整超时发货赔付标准",
     "4月7日消息,1688发布公告称,为进一步保障买家权益,平台将调整超时发货的赔付标准,开通48小时发货服务的商家未在承诺时间内发货的,买家可申请违约赔付。调整后的规则将于2021年4月15日生效。"),
    ("2021-03-25T15:57:09", "B", "1688一件代发服务规则更新",
     "1688更新一件代发服务规则,代发商家应在约定时间内完成发货并上传真实物流信息,平台将加强对代发订单的履约监控。"),
    ("2021-03-18T15:02:41", "AB", "1688升级买家保障服务 新增“极速退款”权益",
     "3月18日消息,1688平台发布公告称,将对买家保障服务进行升级,开通买家保障服务的商家需同时支持极速退款。升级后的服务协议将于2021年4月1日生效。"),
    ("2021-03-09T16:27:13", "A", "1688商家工作台新增批量发货管理功能",
     "3月9日消息,1688商家工作台新增批量发货管理功能,商家可在订单管理页面一键导入物流单号,减少手工录入错误,提升发货效率。"),
    ("2021-03-02T10:40:52", "B", "1688发布《1688商品发布规范》修订公告",
     "3月2日消息,1688发布《1688商品发布规范》修订公告,新增对商品标题、主图及价格信息的规范要求。修订后的规范将于2021年3月12日生效。"),
    ("2021-02-22T10:05:39", "A", "1688春节后物流恢复 发货时效恢复正常考核",
     "2月22日消息,1688平台发布通知称,春节假期结束后各地物流网点已陆续恢复揽收,商家发货时效将恢复正常考核。平台将于2021年2月25日恢复48小时发货服务的违约赔付。"),
    ("2021-02-03T16:18:35", "B", "1688公布2021年春节期间交易规则调整",
     "2月3日消息,1688平台对2021年春节期间的在线交易相关规则进行调整,2021年2月5日00:00:00到2021年2月18日23:59:59期间买家付款的订单,从2021年2月19日0点开始计算发货时间,此期间订单不计入商家48小时发货服务的考核。"),
    ("2021-01-26T11:03:27", "B", "1688对黑龙江绥化地区订单延迟发货免责",
     "1月26日消息,1688平台发布公告称,受疫情防控影响,收货地址或发货地址在黑龙江省绥化市的订单,付款时间或应发时间在2021年1月18日00:00:00到2021年2月4日23:59:59的实物商品订单,平台将不进行延迟发货的扣分和理赔处理。"),
    ("2021-01-12T17:44:30", "A", "1688调整受疫情影响地区交易发货时间",
     "1月12日消息,1688平台发布公告称,受疫情防控影响,部分地区物流配送受阻,收货地址或发货地址在河北省石家庄市、邢台市的订单,付款时间或应发时间在2021年1月6日00:00:00到2021年1月25日23:59:59的实物商品订单,系统将自动从商家的发货履约考核指标中剔除,买家发起违背发货时间的投诉,平台将不进行扣分和理赔处理。"),
    ("2021-01-08T14:50:13", "B", "1688上线“采购直播”频道",
     "1688平台上线“采购直播”频道,商家可通过直播展示工厂生产和商品细节,帮助买家更直观地了解货源。"),
    ("2020-12-28T14:12:06", "A", "1688发布2021年元旦期间发货安排",
     "12月28日消息,1688平台发布2021年元旦期间发货安排,元旦期间商家需正常处理订单,发货时效考核不做特殊调整。如店铺放假,请商家提前设置店铺休假说明。"),
    ("2020-12-17T10:22:48", "B", "1688加强知识产权保护 发布侵权投诉处理规则",
     "12月17日消息,1688发布知识产权侵权投诉处理规则,权利人可通过平台投诉通道提交侵权投诉,平台将在核实后对涉嫌侵权商品进行处理。"),
    ("2020-12-03T11:29:48", "A", "1688将升级诚信通会员服务",
     "1688发布公告称,将对诚信通会员服务进行升级,升级后会员商家可享受更多流量扶持和营销工具,相关服务协议将于2021年1月1日生效。"),
    ("2020-11-25T15:34:06", "B", "1688调整“买家保障”服务费收费标准",
     "1688发布公告称,将调整“买家保障”服务费收费标准,服务费将按商家实际成交金额计算。新的收费标准将于2020年12月1日生效。"),
    ("2020-11-16T16:03:55", "A", "1688双11大促后迎发货高峰 平台提醒商家及时发货",
     "11月16日消息,1688平台提醒商家,双11大促后订单量集中,请商家合理安排库存与物流,按承诺时效及时发货,避免因延迟发货产生赔付。"),
    ("2020-11-03T09:58:41", "B", "1688双11期间“48小时发货”服务考核说明",
     "11月3日消息,1688平台发布双11期间服务考核说明,开通48小时发货服务的商家在大促期间仍须按时发货,平台不做特殊延长。"),
    ("2020-10-20T10:47:21", "A", "1688发布“48小时发货”服务规则修订公告",
     "10月20日消息,1688发布“48小时发货”服务规则修订公告,开通该服务的商家须在买家付款后48小时内发货,未按时发货的订单买家可申请赔付。修订后的规则将于2020年11月1日生效。"),
    ("2020-10-13T16:11:25", "B", "1688诚信通会员新增“深度验厂”服务",
     "1688诚信通会员新增“深度验厂”服务,由第三方机构对工厂的生产规模、设备及资质进行实地核验,核验结果将在店铺页面展示。"),
    ("2020-09-24T15:38:10", "A", "1688平台发布2020年国庆中秋期间发货安排",
     "9月24日消息,1688平台发布2020年国庆中秋期间发货安排,节日期间商家可设置店铺休假,但已承诺发货时效的订单仍需按时发货,平台不做特殊延长。"),
    ("2020-09-08T11:47:39", "B", "1688发布《交易纠纷处理规则》修订公告",
     "9月8日消息,1688发布《交易纠纷处理规则》修订公告,明确了退货、换货及发货争议的处理流程。修订后的规则将于2020年9月18日生效。"),
    ("2020-08-19T09:52:44", "A", "1688上线“跨境专供”频道",
     "1688平台上线“跨境专供”频道,面向跨境电商卖家提供源头好货,入驻商家需具备稳定供货及快速发货能力。"),
    ("2020-08-18T14:29:02", "B", "1688平台治理虚假发货行为",
     "1688平台近期发现部分商家存在上传无效物流单号的虚假发货行为,平台将对相关商家进行扣分并限制部分经营权限。"),
    ("2020-07-22T17:35:50", "B", "1688调整新疆乌鲁木齐地区交易发货时间",
     "7月22日消息,1688平台发布公告称,受疫情防控影响,新疆维吾尔自治区乌鲁木齐市部分物流网点暂停揽收。收货地址或发货地址在新疆维吾尔自治区乌鲁木齐市的订单,付款时间或应发时间在2020年7月15日00:00:00到2020年8月15日23:59:59的实物商品订单,平台将不进行延迟发货扣分和理赔处理。"),
    ("2020-07-14T17:16:29", "A", "1688调整受洪涝灾害影响地区交易发货时间",
     "7月14日消息,1688平台发布公告称,因近期持续强降雨引发洪涝灾害,部分地区物流配送受到严重影响。收货地址或发货地址在江西省九江市、上饶市,安徽省安庆市的订单,付款时间或应发时间在2020年7月8日00:00:00到2020年7月20日23:59:59的实物商品订单,买家发起违背发货时间的投诉,平台将不进行扣分和理赔处理。"),
    ("2020-07-01T10:36:14", "B", "1688上线“一件代发”专区",
     "1688上线“一件代发”专区,为网店店主提供免囤货的代发货源,代发商家需支持单件发货并及时同步物流信息。"),
    ("2020-06-16T15:08:57", "B", "1688发布年中大促期间发货安排",
     "6月16日消息,1688平台发布年中大促期间发货安排,提醒商家提前备货,大促期间发货时效考核与日常保持一致。"),
    ("2020-06-10T14:25:37", "A", "1688发布《商家违规处理管理规范》",
     "6月10日消息,1688发布《商家违规处理管理规范》,对虚假发货、延迟发货等行为明确处理措施。该规范将于2020年7月1日生效。"),
    ("2020-05-29T11:52:23", "B", "1688将上线商品评价新规则",
     "1688发布公告称,将对商品评价规则进行调整,买家可对商品质量、发货速度及服务态度分别评价。新规则将于2020年6月8日生效。"),
    ("2020-05-21T11:08:16", "A", "1688推出“源头工厂”扶持计划",
     "1688平台推出“源头工厂”扶持计划,将通过流量倾斜和专属运营服务帮助工厂型商家拓展线上分销渠道。"),
    ("2020-05-12T16:26:45", "B", "1688商家可申请“品质保障”标识",
     "1688上线“品质保障”标识申请,符合品质抽检要求的商家可申请该标识,获得标识的商品将在搜索结果中优先展示。"),
    ("2020-04-27T16:41:03", "A", "1688升级交期保障服务 商家可自主设置发货时效",
     "4月27日消息,1688升级交期保障服务,商家可根据自身备货情况自主设置发货时效,平台将按商家承诺的时效进行履约考核。"),
    ("2020-04-21T10:14:38", "B", "1688面向中小商家推出免费数字化工具包",
     "4月21日消息,1688面向中小商家推出免费数字化工具包,涵盖店铺装修、订单管理和客户管理等功能,帮助商家降低经营成本。"),
    ("2020-04-02T15:43:19", "B", "1688推出“复工复产”专项扶持",
     "1688平台推出“复工复产”专项扶持措施,为复工商家提供流量扶持和物流对接服务,帮助商家恢复正常经营。"),
    ("2020-03-16T10:33:58", "A", "1688将恢复订单发货时效考核",
     "3月16日消息,1688平台发布公告称,随着各地物流逐步恢复,平台将于2020年3月20日恢复订单的发货时效考核,商家需按承诺时效发货。"),
    ("2020-03-10T14:06:52", "B", "1688发布疫情期间商家经营支持措施",
     "3月10日消息,1688平台发布疫情期间商家经营支持措施,包括延长会员服务期、开放免费营销工具等,帮助受影响的商家渡过难关。"),
    ("2020-02-05T18:20:11", "AB", "1688调整受疫情影响地区交易发货时间",
     "2月5日消息,1688平台发布公告称,受新型冠状病毒肺炎疫情影响,部分地区物流运力严重不足,收货地址或发货地址在湖北省武汉市的订单,付款时间或应发时间在2020年1月20日00:00:00到2020年2月29日23:59:59的实物商品订单,买家发起违背发货时间的投诉,平台将不进行扣分和理赔处理。"),
    ("2020-01-21T15:49:27", "A", "1688发布2020年春节发货及服务调整",
     "1月21日消息,1688平台对2020年春节期间的在线交易规则进行调整,2020年1月18日00:00:00到2020年2月2日23:59:59期间买家付款的订单,将不计入商家48小时发货服务的考核计算。"),
    ("2020-01-14T11:31:07", "B", "1688提醒商家做好春节前发货准备",
     "1月14日消息,1688平台提醒商家,春节临近物流网点将陆续放假,请商家提前安排库存与发货,并及时设置店铺休假公告。"),
    ("2019-12-24T16:55:20", "B", "1688发布《商家服务费管理规范》",
     "12月24日消息,1688发布《商家服务费管理规范》,对各类增值服务的收费方式和退费规则进行了统一。该规范将于2020年1月1日生效。"),
    ("2019-12-11T14:17:40", "A", "1688服务市场上线“发货管理”工具",
     "1688服务市场上线“发货管理”工具,商家可批量打印电子面单并同步物流单号,减少发货环节的人工操作。"),
    ("2019-12-05T10:48:31", "B", "1688上线“找工厂”频道",
     "1688平台上线“找工厂”频道,为买家提供按生产能力筛选工厂的入口,入驻工厂需通过平台资质审核。"),
    ("2019-11-20T15:12:44", "B", "1688升级“48小时发货”服务标识展示",
     "1688升级“48小时发货”服务标识展示,开通该服务的商品将在搜索结果及商品详情页展示服务标识,买家可优先筛选。"),
    ("2019-11-08T10:26:33", "A", "1688发布2019年双11期间发货时效说明",
     "11月8日消息,1688平台发布2019年双11期间发货时效说明,大促期间订单量较大,商家需合理备货,开通48小时发货服务的商家仍须按承诺时效发货。"),
    ("2019-10-15T16:58:02", "AB", "1688将上线商家信用分体系",
     "10月15日消息,1688发布公告称,将上线商家信用分体系,综合商家的发货、售后及纠纷处理表现进行评分。该体系将于2019年11月1日生效。"),
    ("2019-09-26T11:23:08", "B", "1688公布2019年国庆期间发货安排",
     "9月26日消息,1688平台公布2019年国庆期间发货安排,节日期间订单发货时效考核不做调整,请商家合理安排值班人员。"),
    ("2019-09-10T14:39:57", "B", "1688上线“淘货源”分销服务",
     "1688上线“淘货源”分销服务,淘宝店主可一键铺货1688商品并由源头商家代发货,帮助供需双方高效对接。"),
    ("2019-09-04T11:44:19", "A", "1688“诚e赊”服务规则更新",
     "1688更新“诚e赊”服务规则,对买家赊账采购的还款流程进行了优化,商家可在后台查看回款进度。"),
    ("2019-08-22T10:57:16", "B", "1688发布《一件代发服务规范》",
     "8月22日消息,1688发布《一件代发服务规范》,代发商家须在承诺时效内发货并保证商品与描述一致。该规范将于2019年9月1日生效。"),
    ("2019-08-10T11:37:52", "A", "1688调整受台风“利奇马”影响地区交易发货时间",
     "8月10日消息,1688平台发布公告称,受台风“利奇马”影响,部分地区物流运输受阻。收货地址或发货地址在浙江省台州市、温州市的订单,付款时间在2019年8月9日00:00:00到2019年8月12日23:59:59的实物商品订单,买家发起违背发货时间的投诉,平台将不进行扣分和理赔处理。"),
    ("2019-08-06T16:30:45", "B", "1688商家工作台改版上线",
     "1688商家工作台完成改版,新版工作台整合了订单、物流、营销等常用功能,商家可在首页快速查看待处理事项。"),
    ("2019-07-18T11:15:22", "B", "1688推出“买家保障”服务",
     "1688推出“买家保障”服务,开通服务的商家须承诺按时发货、支持退货,若商家违约,平台将先行赔付买家。"),
    ("2019-07-03T15:48:09", "B", "1688开展商品信息质量专项治理",
     "7月3日消息,1688平台开展商品信息质量专项治理,对标题堆砌、价格虚假等违规商品进行下架处理。"),
    ("2019-07-02T15:21:46", "A", "1688发布《虚假发货管理规范》",
     "7月2日消息,1688发布《虚假发货管理规范》,商家上传的物流单号应真实有效,虚假发货行为一经查实将按规则扣分处理。该规范将于2019年7月15日生效。"),
    ("2019-06-19T10:26:54", "B", "1688发布48小时发货服务规则",
     "6月19日消息,1688发布48小时发货服务规则,商家开通该服务后须在买家付款后48小时内完成发货,超时未发货的订单将按规则向买家赔付。"),
    ("2019-06-04T14:03:37", "B", "1688官方物流公布端午节期间物流安排",
     "1688官方物流公布端午节期间物流安排,节日期间部分网点揽收时间调整,商家可提前联系网点确认揽收安排。"),
    ("2019-05-28T10:09:14", "A", "1688商家服务市场新增客服管理工具",
     "1688商家服务市场新增客服管理工具,帮助商家统一管理旺旺咨询并提升响应效率。"),
    ("2019-05-21T16:44:28", "B", "1688服务市场新增“库存管理”工具",
     "1688服务市场新增“库存管理”工具,支持多仓库存同步及缺货预警,帮助商家减少超卖情况。"),
    ("2019-05-07T11:09:50", "B", "1688发布《商家保证金管理规范》",
     "5月7日消息,1688发布《商家保证金管理规范》,明确了保证金的缴纳、冻结及退还流程。该规范将于2019年5月20日生效。"),
    ("2019-04-23T15:36:11", "B", "1688上线“采购商服务中心”",
     "1688上线“采购商服务中心”,为企业采购商提供询价、比价及合同管理等服务。"),
    ("2019-04-16T14:52:31", "A", "1688启动“实力商家”招募",
     "1688平台启动“实力商家”招募,具备生产能力和稳定发货能力的商家可申请加入,通过审核后可获得专属标识。"),
    ("2019-04-09T10:52:03", "B", "1688调整部分商品类目结构",
     "1688平台对部分商品类目结构进行调整,涉及服装、家居及五金等行业,商家需按新类目重新发布相关商品。"),
    ("2019-03-26T16:21:39", "B", "1688发布“超级工厂”计划",
     "3月26日消息,1688发布“超级工厂”计划,将为优质工厂型商家提供流量、营销及供应链金融等方面的支持。"),
    ("2019-03-12T14:47:26", "B", "1688优化退款流程 支持未发货订单快速退款",
     "1688优化退款流程,对于未发货订单买家申请仅退款的,商家同意后系统将自动完成退款。"),
    ("2019-02-26T11:38:15", "B", "1688发布春节后商家复工指引",
     "2月26日消息,1688平台发布春节后商家复工指引,提醒商家及时处理节前积压订单并恢复正常发货。"),
    ("2019-01-29T15:24:36", "B", "1688发布2019年春节期间交易规则调整",
     "1月29日消息,1688平台对2019年春节期间的在线交易相关规则进行调整,2019年2月1日00:00:00到2019年2月10日23:59:59期间买家付款的订单,不计入商家48小时发货服务的考核计算。"),
]

# Neutral closing sentences for article bodies: no dates, regions, durations or numbers other than
# the platform name 1688 (already in every text), and no trigger words (起/生效/上线/恢复/免责...).
SECOND_PARAGRAPHS = (
    "商家可登录1688商家工作台查看公告详情。",
    "平台提醒商家关注后续通知。",
    "具体规则以1688规则频道公示的内容为准。",
    "如有疑问,商家可通过平台客服渠道进行咨询。",
    "平台表示,将持续优化商家经营环境与买家采购体验。",
    "相关商家请及时了解规则内容,避免影响店铺正常经营。",
    "商家可在1688商家工作台的公告栏查看完整公告内容。",
    "平台方面表示,后续将根据实际执行情况不断完善相关服务。",
)

QUICK_NAV = (
    ("零售", "retail"), ("物流", "logistics"), ("人物", "people"), ("B2B", "b2b"),
    ("生活服务", "local-services"), ("跨境电商", "cross-border"), ("行业观察", "industry"),
)
FOOTER_LINKS = (
    (("投稿合作", "contribute"), ("平台简介", "intro")),
    (("联系我们", "contact"), ("版权声明", "copyright"), ("投稿推荐", "recommend"),
     ("商务合作", "business")),
)
CHANNELS = (("快讯", "kuaixun"), ("观察", "guancha"))
COPYRIGHT = ("Copyright © 电商派 All Rights Reserved粤ICP备15083824号| ICP许可证: "
             "粤B2-20201419404粤公网安备44030002005228")
# Seed items shown in the feed B "热门文章" sidebar (the links point at existing articles).
HOT_GOLD_IDS = ("s002-03", "s000-03", "s000-18", "s002-08", "s000-02")

CSS = """body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#fff}
a{color:#1a5fb4;text-decoration:none}.site-header{display:flex;gap:24px;align-items:center;padding:12px 24px;\
border-bottom:1px solid #ddd}
.brand a{font-size:22px;font-weight:bold;color:#c01c28}.main-nav a{margin-right:16px}\
.container{display:flex;gap:24px;padding:16px 24px}
.main{flex:1}.hot{width:280px}.hl{color:#c01c28;font-style:normal}.time,.result-time{color:#888;font-size:13px}
.pagination a,.pagination span,.pager li{display:inline-block;margin:0 4px}.pager{list-style:none;padding:0}
.disabled{color:#bbb}.current{font-weight:bold}\
.site-footer{border-top:1px solid #ddd;padding:16px 24px;color:#666;font-size:13px}"""


# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------
@dataclass
class Article:
    title: str
    published: str            # YYYY-MM-DDTHH:MM:SS
    summary: str
    gold_ids: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    id: int = 0
    second: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.title, self.published)

    @property
    def url(self) -> str:
        return f"/news/{self.id}.html"

    @property
    def shown_time(self) -> str:
        return self.published.replace("T", " ")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


_HL_RE = re.compile("|".join(re.escape(w) for w in HIGHLIGHT_WORDS))


def highlight(text: str) -> str:
    """HTML-escape, then wrap every keyword occurrence in <em class="hl">."""
    return _HL_RE.sub(lambda m: f'<em class="hl">{m.group(0)}</em>', esc(text))


def page_head(title: str, canonical: str | None = None, extra: str = "") -> str:
    canon = f'\n<link rel="canonical" href="{esc(canonical)}">' if canonical else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>{canon}{extra}\n<style>\n{CSS}\n</style>\n</head>\n"
    )


def nav_links() -> str:
    links = ['<a href="/index.html">首页</a>']
    links += [f'<a href="/channel/{slug}.html">{name}</a>' for name, slug in CHANNELS]
    return "".join(links)


def site_header(theme_toggle: bool = False) -> str:
    toggle = ('\n<button type="button" class="theme-toggle" aria-label="Toggle theme">Toggle theme</button>'
              if theme_toggle else "")
    return (
        f'<header class="site-header">\n<div class="brand"><a href="/index.html">{SITE_NAME}</a></div>\n'
        f'<nav class="main-nav">{nav_links()}</nav>{toggle}\n</header>\n'
    )


def site_footer() -> str:
    rows = []
    for row in FOOTER_LINKS:
        rows.append('<div class="footer-links">'
                    + "".join(f'<a href="/about/{slug}.html">{name}</a>' for name, slug in row)
                    + "</div>")
    return ('<footer class="site-footer">\n' + "\n".join(rows)
            + f'\n<p class="copyright">{esc(COPYRIGHT)}</p>\n</footer>\n')


# ---------------------------------------------------------------------------------------------
# Assembling the announcements
# ---------------------------------------------------------------------------------------------
def load_gold(path: Path) -> dict[str, dict]:
    records = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rec = json.loads(line)
                records[rec["id"]] = rec
    expected = [f"s000-{i:02d}" for i in range(1, 21)] + [f"s002-{i:02d}" for i in range(1, 21)]
    missing = [i for i in expected if i not in records]
    if missing:
        raise SystemExit(f"seed gold file {path} lacks ids: {', '.join(missing)}")
    return records


class Registry:
    """Distinct announcements keyed by (title, published)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Article] = {}

    def add(self, title: str, published: str, summary: str, feed: str, page: int, index: int,
            gold_id: str | None = None) -> Article:
        key = (title, published)
        art = self.by_key.get(key)
        if art is None:
            art = Article(title=title, published=published, summary=summary)
            self.by_key[key] = art
        elif art.summary != summary:
            raise SystemExit(f"same title and time but different summary: {title} {published}")
        if gold_id:
            art.gold_ids.append(gold_id)
        if feed not in art.feeds:
            art.feeds.append(feed)
        art.positions.append({"feed": feed, "page": page, "index": index})
        return art


def paginate(items: list, sizes: tuple[int, ...]) -> list[list]:
    if sum(sizes) != len(items):
        raise SystemExit(f"older items do not fill the pages: {len(items)} items for pages {sizes}")
    pages, start = [], 0
    for size in sizes:
        pages.append(items[start:start + size])
        start += size
    return pages


def check_older(items: list[tuple], before: str, feed: str) -> None:
    times = [it[0] for it in items]
    if not all(t < before for t in times):
        raise SystemExit(f"feed {feed}: older items must be before {before}")
    if any(a <= b for a, b in zip(times, times[1:], strict=False)):
        raise SystemExit(f"feed {feed}: older items are not strictly decreasing in time")
    for t in times:
        if not re.fullmatch(r"(2019|2020|2021)-\d\d-\d\dT\d\d:\d\d:\d\d", t):
            raise SystemExit(f"bad older time {t}")


def build_model(gold: dict[str, dict]):
    reg = Registry()
    feed_a: list[list[Article]] = [[]]
    feed_b: list[list[Article]] = [[]]
    for i in range(1, 21):
        rec = gold[f"s000-{i:02d}"]
        feed_a[0].append(reg.add(rec["title"], rec["published"], rec["text"], "A", 1, i, rec["id"]))
    for i in range(1, 21):
        rec = gold[f"s002-{i:02d}"]
        feed_b[0].append(reg.add(rec["title"], rec["published"], rec["text"], "B", 1, i, rec["id"]))

    older_a = [it for it in OLDER_ITEMS if "A" in it[1]]
    older_b = [it for it in OLDER_ITEMS if "B" in it[1]]
    check_older(older_a, FEED_A_OLDER_BEFORE, "A")
    check_older(older_b, FEED_B_OLDER_BEFORE, "B")
    for feed, older, sizes, pages in (("A", older_a, FEED_A_OLDER_PAGES, feed_a),
                                      ("B", older_b, FEED_B_OLDER_PAGES, feed_b)):
        for pno, chunk in enumerate(paginate(older, sizes), start=2):
            page = []
            for idx, (published, _feeds, title, summary) in enumerate(chunk, start=1):
                page.append(reg.add(title, published, summary, feed, pno, idx))
            pages.append(page)

    articles = sorted(reg.by_key.values(), key=lambda a: (a.published, a.title))
    # Ids grow with publication time, with deterministic gaps (other channels' articles).
    next_id = 21000
    for art in articles:
        digest = hashlib.md5(f"{art.published}|{art.title}".encode()).hexdigest()
        next_id += 7 + int(digest[:8], 16) % 41
        art.id = next_id
        art.second = SECOND_PARAGRAPHS[int(digest[8:16], 16) % len(SECOND_PARAGRAPHS)]
        if not 10000 <= art.id <= 99999:
            raise SystemExit("article id out of 5-digit range")
    return articles, feed_a, feed_b, reg


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------
def pager_links(prefix: str, current: int, last: int) -> list[tuple[str, str | None, str | None]]:
    """(label, href or None for disabled/current, css class) in display order."""
    url = lambda n: f"{prefix}{n}.html"  # noqa: E731
    out: list[tuple[str, str | None, str | None]] = []
    if current == 1:
        out += [("‹‹", None, "disabled"), ("‹", None, "disabled")]
    else:
        out += [("‹‹", url(1), "first"), ("‹", url(current - 1), "prev")]
    for n in range(1, last + 1):
        out.append((str(n), None, "current") if n == current else (str(n), url(n), None))
    if current == last:
        out += [("›", None, "disabled"), ("››", None, "disabled")]
    else:
        out += [("›", url(current + 1), "next"), ("››", url(last), "last")]
    return out


def render_link(label: str, href: str | None, cls: str | None) -> str:
    if href is None:
        return f'<span class="{cls}">{label}</span>'
    attr = f' class="{cls}"' if cls else ""
    rel = ' rel="next"' if cls == "next" else (' rel="prev"' if cls == "prev" else "")
    return f'<a href="{href}"{attr}{rel}>{label}</a>'


def render_feed_a(page: list[Article], pno: int, last: int) -> str:
    url = f"{FEED_A_PREFIX}{pno}.html"
    title = f"1688 - 搜索结果 - 第{pno}页 - {SITE_NAME}" if pno > 1 else f"1688 - 搜索结果 - {SITE_NAME}"
    out = [page_head(title, canonical=url), "<body>\n", site_header(theme_toggle=True)]
    out.append('<div class="search-box">\n<form action="/search/1688/page/1.html" method="get">'
               '<input type="text" name="q" value="1688" aria-label="搜索">'
               '<button type="submit">搜索</button></form>\n</div>\n')
    out.append('<main class="search-results">\n')
    for art in page:
        out.append(
            '<div class="result-item"><h3 class="result-title">'
            f'<a href="{art.url}" title="{esc(art.title)}" target="_blank">{highlight(art.title)}</a></h3>'
            f'<div class="result-meta"><span class="result-time">{art.shown_time}</span></div>'
            f'<p class="result-summary">{highlight(art.summary)}</p></div>\n'
        )
    out.append("</main>\n")
    out.append('<div class="pagination">'
               + "".join(render_link(*p) for p in pager_links(FEED_A_PREFIX, pno, last))
               + "</div>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def render_feed_b(page: list[Article], pno: int, last: int, hot: list[Article]) -> str:
    url = f"{FEED_B_PREFIX}{pno}.html"
    title = f"1688 - 第{pno}页 - {SITE_NAME}" if pno > 1 else f"1688 - {SITE_NAME}"
    out = [page_head(title, canonical=url), "<body>\n", site_header()]
    out.append('<ul class="quick-nav">\n<li class="label">快速导航</li>\n'
               + "".join(f'<li><a href="/category/{slug}.html">{name}</a></li>\n' for name, slug in QUICK_NAV)
               + "</ul>\n")
    out.append('<div class="container">\n<main class="main">\n<h2 class="tag-title">1688</h2>\n')
    start = "" if pno == 1 else f' start="{1 + 20 * (pno - 1)}"'
    out.append(f'<ol class="article-list"{start}>\n')
    for art in page:
        out.append(f'<li><a class="title" href="{art.url}">{esc(art.title)}</a>'
                   f'<span class="time">{art.shown_time}</span>'
                   f'<p class="desc">{esc(art.summary)}</p></li>\n')
    out.append("</ol>\n")
    out.append('<ul class="pager">'
               + "".join(f"<li>{render_link(*p)}</li>" for p in pager_links(FEED_B_PREFIX, pno, last))
               + "</ul>\n</main>\n")
    out.append('<aside class="hot">\n<h4>热门文章</h4>\n<ul>\n'
               + "".join(f'<li><a href="{a.url}">{esc(a.title)}</a><span>{a.published[:10]}</span></li>\n'
                         for a in hot)
               + "</ul>\n</aside>\n</div>\n")
    out.append(site_footer())
    out.append("</body>\n</html>\n")
    return "".join(out)


def related_for(idx: int, articles: list[Article]) -> list[Article]:
    picks = []
    for off in (1, -1, 2, -2, 3, -3):
        j = idx + off
        if 0 <= j < len(articles):
            picks.append(articles[j])
        if len(picks) == 3:
            break
    return picks


def render_article(art: Article, related: list[Article]) -> str:
    extra = (f'\n<meta property="og:title" content="{esc(art.title)}">'
             f'\n<meta property="article:published_time" content="{art.published}+08:00">')
    out = [page_head(f"{art.title} - {SITE_NAME}", canonical=art.url, extra=extra), "<body>\n",
           site_header()]
    out.append('<div class="container">\n<main class="main">\n')
    out.append('<div class="breadcrumb"><a href="/index.html">首页</a> &gt; '
               '<a href="/channel/kuaixun.html">快讯</a></div>\n')
    out.append(
        f'<article>\n<h1 class="article-title">{esc(art.title)}</h1>\n'
        f'<div class="article-meta"><span class="source">来源：{SITE_NAME}</span>'
        f'<time datetime="{art.published}+08:00">{art.shown_time}</time></div>\n'
        f'<div class="article-content">\n<p>{esc(art.summary)}</p>\n<p>{esc(art.second)}</p>\n</div>\n'
        "</article>\n"
    )
    out.append('<div class="share">分享到：<a href="#share-wechat">微信</a> <a href="#share-weibo">微博</a></div>\n')
    out.append('<div class="related">\n<h3>相关阅读</h3>\n<ul>\n'
               + "".join(f'<li><a href="{r.url}">{esc(r.title)}</a><span class="date">{r.published[:10]}</span></li>\n'
                         for r in related)
               + "</ul>\n</div>\n</main>\n</div>\n")
    out.append(site_footer())
    out.append("</body>\n</html>\n")
    return "".join(out)


def render_index(a_pages: int, b_pages: int) -> str:
    out = [page_head(f"{SITE_NAME} - 示例站点"), "<body>\n", site_header()]
    out.append('<main class="main" style="padding:16px 24px">\n<h1>电商派 示例站点</h1>\n<ul class="feeds">\n'
               f'<li><a href="{FEED_A_PREFIX}1.html">搜索：1688</a>（{a_pages}页）</li>\n'
               f'<li><a href="{FEED_B_PREFIX}1.html">标签：1688</a>（{b_pages}页）</li>\n'
               "</ul>\n</main>\n")
    out.append(site_footer())
    out.append("</body>\n</html>\n")
    return "".join(out)


def render_stub(name: str) -> str:
    out = [page_head(f"{name} - {SITE_NAME}"), "<body>\n", site_header()]
    out.append(f'<main class="main" style="padding:16px 24px">\n<h1>{esc(name)}</h1>\n'
               "<p>本页面为示例站点的占位页面。</p>\n</main>\n")
    out.append(site_footer())
    out.append("</body>\n</html>\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"{out} exists and is not a directory")
        contents = list(out.iterdir())
        if contents and not (out / "MANIFEST.json").is_file():
            raise SystemExit(f"refusing to wipe {out}: non-empty and has no MANIFEST.json")
        for child in contents:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def write(out: Path, rel: str, text: str) -> None:
    path = out / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Regenerate the static sample site (data/sample-site).")
    ap.add_argument("--seeds-gold", type=Path, default=DEFAULT_GOLD,
                    help=f"seed gold JSONL (default: {DEFAULT_GOLD})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    args = ap.parse_args(argv)

    gold = load_gold(args.seeds_gold)
    articles, feed_a, feed_b, reg = build_model(gold)
    by_gold = {g: a for a in articles for g in a.gold_ids}
    hot = [by_gold[g] for g in HOT_GOLD_IDS]

    out = args.out
    prepare_out(out)
    write(out, "robots.txt", "User-agent: *\nDisallow: /admin/\n")
    write(out, "index.html", render_index(len(feed_a), len(feed_b)))
    for pno, page in enumerate(feed_a, start=1):
        write(out, f"{FEED_A_PREFIX}{pno}.html", render_feed_a(page, pno, len(feed_a)))
    for pno, page in enumerate(feed_b, start=1):
        write(out, f"{FEED_B_PREFIX}{pno}.html", render_feed_b(page, pno, len(feed_b), hot))
    for idx, art in enumerate(articles):
        write(out, art.url, render_article(art, related_for(idx, articles)))
    for name, slug in CHANNELS:
        write(out, f"/channel/{slug}.html", render_stub(name))
    for name, slug in QUICK_NAV:
        write(out, f"/category/{slug}.html", render_stub(name))
    for row in FOOTER_LINKS:
        for name, slug in row:
            write(out, f"/about/{slug}.html", render_stub(name))

    manifest = {
        "description": "Generated by scripts/build_sample_site.py; every article the crawl must store.",
        "feeds": {
            "A": {"layout": "search-result", "pages": [f"{FEED_A_PREFIX}{n}.html" for n in range(1, len(feed_a) + 1)],
                  "items_per_page": [len(p) for p in feed_a]},
            "B": {"layout": "ordered-list", "pages": [f"{FEED_B_PREFIX}{n}.html" for n in range(1, len(feed_b) + 1)],
                  "items_per_page": [len(p) for p in feed_b]},
        },
        "articles": [
            {"url": a.url, "title": a.title, "published": a.published, "feeds": sorted(a.feeds),
             "gold_id": a.gold_ids[0] if a.gold_ids else None, "gold_ids": a.gold_ids,
             "positions": a.positions}
            for a in sorted(articles, key=lambda a: a.id)
        ],
    }
    write(out, "MANIFEST.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")

    n_files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"wrote {n_files} files to {out}: {len(articles)} articles, "
          f"feed A {[len(p) for p in feed_a]}, feed B {[len(p) for p in feed_b]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
