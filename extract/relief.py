"""Relief: what a clause waives, postpones or leaves out, as a grammar of named parts.

A relief phrase is an **act** on an **obligation**, in either order, inside one clause (between two
commas): 不扣分, 免收通行费, 暂停…考核, 豁免物流体验分, 延长发货时效 (act first); 考核及赔付暂时予以免除,
发货时效延长7天, 违约金不需要支付 (obligation first). The obligation decides what kind of relief it is:

- no_penalty            penalties, points, contract penalties, penalty interest, late fees, liability,
                        a utility's cut-off (不扣分, 免予处罚, 不需要支付违约金, 不计罚息, 不作逾期处理,
                        予以免责, 可申诉的处罚, 视为如期申报, 欠费不停电);
- no_compensation       compensation to buyers (不理赔, 暂停赔付, 关闭理赔入口, 已赔付的申诉返还);
- excluded_from_metrics assessments, metrics and scores (剔除考核, 不纳入发货率, 豁免体验分, 不影响评分);
- complaint_exempt      complaints not held against the merchant (客诉免责, 投诉不予受理);
- deadline_extended     a deadline moved later (发货时效延长7天, 申报期限延长至…, 确认收货时间延长10天,
                        休息日不计入发货时间, 延期申报);
- fee_waived            a fee not charged (不收取退票手续费, 免收通行费, 免费办理退票, 免费补办).

An act that names no obligation (可暂时予以免除, 商家可以申诉, 将顺延至9月14日) takes the obligations
the clause before it names. Each clause is read on its own, so a clause that takes relief back
(不免除扣分, 不做特殊延长, 照常考核, 恢复收费) or turns to other cases (其他地区照常考核,
不适用于预售订单) grants nothing, and cancels nothing in the clauses beside it. What is not relief
although it has the words: 免费 for a service or a promotion (免费上门取件, 免运费, 免息), free
transport of relief goods, a disclaimer of the speaker's own liability (平台不承担责任), 以免被处罚.
Whether relief makes an exemption (a cause, regions, a period) is decided by ``extract.exemptions``.
The examples in ``extract/corpus/exemptions.py`` are the specification.
"""
from __future__ import annotations

import re

from . import vocabulary as v

#: within one clause: no comma, full stop, semicolon or line break in between
GAP = r"[^，,。；;！!？?\n]"

# --- obligations: what relief acts on -------------------------------------------------------------
#: (计分, 计点: the penalty points of Shopee's seller scheme)
PENALTY = (r"(?:扣分|处罚|判罚|罚款|罚金|违规(?:判定|处理)?|违约金|违约责任|滞纳金|罚息|复利|惩罚|扣除保证金|"
           r"扣保证金|扣款|虚假发货|延迟发货责任|责任|计分|计点|暂停账户|冻结账户|封店|封号)")
COMPENSATION = r"(?:理赔|赔付|赔偿|补偿|赔款)"
ASSESSMENT = r"(?:考核|考评|判定|监控)"
#: what a merchant is rated or assessed by (豁免体验分, 不影响评分, 考核…予以免除)
SCORE = (r"(?:体验分|评分|评级|等级|分数|服务分|店铺分|信用分|口碑分|星级|征信|信用记录|DSR|动态评分|权重|指标|"
         r"考核|考评)")
#: …and what is counted into it (不计入…统计, 不纳入48小时发货率)
METRIC = rf"(?:{SCORE}|计算|统计|表现|[\u4e00-\u9fff]{{1,5}}率)"  # 发货率, 迟出货率, 卖场表现
COMPLAINT = r"(?:客诉|投诉|纠纷)"
FEE = r"(?:手续费|通行费|退票费|改签费|退改费|退订费|工本费|保管费|补办费|退货费用?|退货运费|相关费用|租金|房租)"
#: what a shop's promotion waives (免收运费 is free shipping, not relief)
SHIPPING_FEE = r"(?:运费|邮费|配送费|快递费|包邮)"
#: what one does for a fee: 免费办理退票, 免费补办 (免费 alone is a service or a promotion)
FEE_ACTION = (r"(?:退票|改签|退改|变更|补办|补领|换领|换发|重办|挂失|退订|退费|换票|延期|续期|年检|验车|补证|"
              r"户籍|户口|证件|身份证|证照|执照)")
#: a deadline that binds the reader (a merchant's shipping time, a filing deadline), not a courier's
#: own delivery time (派送时效, 到货时间 延长 is the courier's delay, no relief)
COURIER_OWN = (r"(?<!配送)(?<!派送)(?<!运输)(?<!到货)(?<!送达)(?<!物流)(?<!快递)(?<!快件)"
               r"(?<!寄递)(?<!投递)(?<!派件)(?<!在途)")
DEADLINE = (rf"(?:{COURIER_OWN}(?:时效|时间)|期限|时限|截止(?:时间|日期)|有效期|申报期|纳税期|缴款期|缴费期|还款期|"
            r"办理期|确认收货(?:时间|期限|期)?|收货(?:时间|期)|宽限期|发货时长|限期|"
            r"(?:申报|缴纳|缴款|缴费|缴税|还款|办理)期间)")
#: filing, paying or shipping put off as a whole: 延期申报, 延期缴纳, 延期还款
POSTPONABLE = r"(?:申报|缴纳|缴税|缴款|缴费|还款|办理|年检|换证)"

# --- acts ---------------------------------------------------------------------------------------------
#: waive (免 not as in 避免, 以免, 难免, 未免)
WAIVE = (r"(?:免除|免收|免予|免于|免去|减免|豁免|免征|(?<![避以难未不幸])免(?!费|息|邮|运)|不再收取|不予收取|"
         r"不收取|不收|无需支付|无须支付|不需要?支付|不用支付|不需要?缴纳|无需缴纳|无需承担|无须承担|不需要?承担|"
         r"不用承担|不予追究|不追究)")
#: an obligation waived without naming it again: …考核及赔付，可暂时予以免除 / 违约金全免
WAIVED_AFTER = (r"(?:予以免除|予以豁免|予以减免|可免除|可豁免|暂免|全免|免除|豁免|免收|不予收取|不收取|"
                r"不需要?支付|无需支付|减半(?:收取)?)")
#: do not do: 不扣分, 不进行扣分, 不予处罚, 不对…进行考核 (不 only with the verb it negates)
NOT_DO = rf"(?:不(?:进行|做|作|予|予以|会|再|加收|收取|计收|对{GAP}{{0,10}}?进行)[^，,。；;！!？?\n不]{{0,10}}?|不)"
NOT_DO_TIGHT = r"(?:不(?:进行|做|作|予|予以|会|再)?被?)"
NOT_COUNT = r"(?:不计入|不纳入|剔除|不参与|不统计|不计算|不列入|不算入|不作为|不占用|不计|不会用于|不用于)"
SUSPEND = r"(?:暂停|停止|暂缓|暂不|中止|免于|免除|豁免|免予)"
EXTEND = r"(?:延长|顺延|延期|推迟|延后|放宽|宽限|推延|展延|延展)"
NOT_AFFECT = rf"(?:不(?:会)?影响|不(?:会)?对{GAP}{{0,10}}?(?:产生|造成)(?:任何)?影响|不受影响)"
NOT_OVERDUE = (rf"(?:不(?:视为|按|算|认定为?|计为|记为|作为|会被?(?:视为|认定为?|判定为?|记为))"
               rf"{GAP}{{0,4}}?(?:逾期|违规|违约|延迟发货|超时|虚假发货)|不(?:作|做)(?:逾期|违约|违规))")
APPEAL = r"(?:申诉)"
RETURNED = r"(?:返还|退还|退回|撤销|撤回|取消|恢复|免责|豁免)"

# --- what takes relief back, or turns to other cases: the clause grants nothing -------------------
TAKEN_BACK = re.compile(
    r"不(?:予|再|会|能|可|得)?(?:免除|豁免|减免|免责|延长|顺延|延期|剔除|适用)|不做特殊|不作特殊|"
    rf"不(?:会|得|能)?因{GAP}{{0,10}}?(?:免除|豁免|减免|免责|延长|顺延|剔除)|"
    rf"不再(?:提供|豁免|免除)|无法(?:享受|豁免|免除)|不(?:再)?{GAP}{{0,4}}?享受|取消{GAP}{{0,8}}(?:豁免|免责|免除|延长)|"
    rf"(?:延长|豁免|免除|免责|减免)(?:政策|规则|措施|安排)?{GAP}{{0,6}}?取消|"
    rf"(?:停止|终止|解除|撤销|废止)(?:执行|实施)?{GAP}{{0,16}}?(?:豁免|免考核|免责|免除|临时)|(?:不设|未设|没有|无)免责|"
    rf"(?:到|至){GAP}{{0,12}}?结束(?![后前之])|"  # 免收通行费到明天24时结束: relief that ends
    r"恢复(?:正常)?(?:考核|收费|收取|计费|判罚|处罚|赔付|理赔)|照常|正常考核|按原|(?:仍|依然|依旧)(?:将|需|须|然)?"
    r"(?:按|需|须|正常|要|会|有)|保持不变|不变|一致|(?<!予)以免(?![除责收于予])|避免|除外|另行约定|另有约定")
#: not relief although the words are there: relief goods carried free, the speaker's own liability
NOT_RELIEF = re.compile(r"物资|捐赠|捐助|援助|公益|平台不承担|本(?:公司|平台|店)不承担|"
                        r"免费(?:领取|试用|咨询|上门|寄|送|提供)|"
                        r"活动|优惠|满减|促销|新用户|首单|红包|领券|补贴|福利|积分|"
                        r"(?:有所|可能|或将|或有|预计)(?:延长|延迟|延误|推迟)")


def _rule(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives))


#: the rules, named by what they grant; each alternative is an act and an obligation in one clause
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (v.NO_PENALTY, _rule(
        rf"{NOT_DO}{PENALTY}",                                 # 不扣分, 不进行扣分, 不予处罚
        rf"{WAIVE}{GAP}{{0,12}}?{PENALTY}",                     # 免除延迟发货违约金, 不需要支付违约金
        r"(?<![避以])免(?:罚|扣分)",                                # 免罚, 免扣分
        rf"{PENALTY}{GAP}{{0,10}}?{WAIVED_AFTER}",              # 违约金予以免除
        rf"{SUSPEND}{GAP}{{0,12}}?{PENALTY}",                   # 暂停处罚
        rf"{NOT_OVERDUE}",                                    # 不视为延迟发货, 不作逾期处理
        rf"不计入{GAP}{{0,10}}?违规",
        r"欠费不停(?:电|水|气|机|网)|(?:暂停|停止|暂缓)(?:执行)?欠费停(?:电|水|气|机|网)|免停机",  # a utility's cut-off
        r"视[为同](?:如期|按期|按时|准时|正常)",                 # 仍视为如期申报
        r"不计(?:收)?(?:罚息|复利|滞纳金|违约金)",                # 不计罚息
        rf"{PENALTY}{GAP}{{0,12}}?{APPEAL}",                    # 超时处罚可申诉
        rf"{APPEAL}{GAP}{{0,12}}?{PENALTY}{GAP}{{0,6}}?{RETURNED}",
        r"(?:予以|给予|作|做|直接|可|均|全部)免责",          # 订单直接免责
    )),
    (v.NO_COMPENSATION, _rule(
        rf"{NOT_DO}{COMPENSATION}",                           # 不理赔, 不做延迟发货赔付
        rf"(?:{WAIVE}|{SUSPEND}|关闭){GAP}{{0,20}}?{COMPENSATION}",  # 暂停逾期发货的理赔申请
        rf"{COMPENSATION}(?:入口)?{GAP}{{0,10}}?(?:{WAIVED_AFTER}|关闭|免责)",  # 自动赔付免责
        rf"{COMPENSATION}{GAP}{{0,20}}?{APPEAL}{GAP}{{0,6}}?{RETURNED}",        # 已赔付的订单申诉返还
        rf"{APPEAL}{GAP}{{0,12}}?{RETURNED}{GAP}{{0,6}}?{COMPENSATION}",
    )),
    (v.EXCLUDED_FROM_METRICS, _rule(
        r"剔除",                                               # 从考核指标中剔除
        rf"{NOT_COUNT}{GAP}{{0,20}}?{METRIC}",                   # 不计入物流体验分, 不纳入48小时发货率
        rf"{NOT_AFFECT}{GAP}{{0,20}}?{SCORE}",                   # 不影响店铺评分
        rf"{SUSPEND}{GAP}{{0,24}}?{ASSESSMENT}",                 # 暂停发货时效考核, 豁免…考核
        rf"{SUSPEND}{GAP}{{0,12}}?{METRIC}",                     # 暂停计算延迟出货率
        rf"{WAIVE}{GAP}{{0,12}}?{SCORE}",                       # 豁免该订单的物流体验分
        rf"{WAIVE}{GAP}{{0,6}}?(?:时效|时限)",                     # 放假期间豁免物流时效
        rf"(?:时效|时限){GAP}{{0,4}}?{WAIVED_AFTER}",              # 物流时效豁免
        rf"{SCORE}{GAP}{{0,8}}?{WAIVED_AFTER}",                  # 考核暂时予以免除
        rf"{NOT_DO_TIGHT}{ASSESSMENT}|免考核",                  # 不予考核, 免考核
    )),
    (v.COMPLAINT_EXEMPT, _rule(
        rf"{COMPLAINT}{GAP}{{0,6}}?免责|免责处理",
        rf"{COMPLAINT}{GAP}{{0,12}}?不(?:予|做|进行)?(?:处理|受理|支持)",
    )),
    (v.DEADLINE_EXTENDED, _rule(
        # a deadline moved, not a shop putting its own parcels off (包裹将顺延至年后发货)
        rf"(?:{DEADLINE}|考核|承诺){GAP}{{0,6}}?{EXTEND}",        # 发货时效延长7天
        rf"{EXTEND}{GAP}{{0,8}}?{DEADLINE}",                     # 自动延长发货时间
        r"顺延\s*\d+\s*(?:个?工作日|天|日|小时)",
        rf"{EXTEND}{GAP}{{0,2}}?{POSTPONABLE}",                  # 延期申报, 延期还款
        rf"{EXTEND}至{GAP}{{0,16}}?{POSTPONABLE}",               # 可延期至疫情解除后三个月内缴费
        rf"(?:休息日|节假日|假期|放假|停运|封控){GAP}{{0,12}}?(?:不计入|不计算|不占用|不算入){GAP}{{0,8}}?(?:时间|{DEADLINE})",
        rf"恢复{GAP}{{0,12}}?发货时间计算",                       # 从2月7日0点恢复发货时间计算
        r"最晚发货时间(?:调整|延长|顺延|延至)",
        r"最晚发货(?:时间|日期)[:：]?\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]",  # a ship-by date
        r"延迟发货不",
    )),
    (v.FEE_WAIVED, _rule(
        rf"(?:{WAIVE}|{NOT_DO_TIGHT}收取?){GAP}{{0,12}}?{FEE}",    # 不收取退票手续费, 免收通行费
        rf"{FEE}{GAP}{{0,8}}?{WAIVED_AFTER}",                    # 手续费全免
        rf"(?:免收|免征|免交|免缴|减免)(?!{GAP}{{0,24}}?{SHIPPING_FEE})"  # 免收…工程定额测定费
        rf"{GAP}{{0,24}}?(?:费|收费)",
        rf"免费{GAP}{{0,4}}?{FEE_ACTION}",                        # 免费办理退票, 免费补办
        r"(?:暂停|停止|暂不|免予|免于)收费",                          # 收费站暂停收费一天
    )),
)
CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")
#: a character every act above contains (不扣分, 免收, 剔除, 暂停, 延长, 申诉…): a clause without one
#: grants nothing, and is not searched rule by rule
ACT_CHARACTER = re.compile(r"[不免减豁无剔暂停缓申延顺推放宽恢视展]|关闭|最晚|中止")
#: the obligations a clause names, by the relief an act in the next clause makes of them
NAMED = ((v.NO_PENALTY, re.compile(PENALTY)), (v.NO_COMPENSATION, re.compile(COMPENSATION)),
         (v.EXCLUDED_FROM_METRICS, re.compile(SCORE)), (v.FEE_WAIVED, re.compile(FEE)),
         (v.DEADLINE_EXTENDED, re.compile(DEADLINE)))
#: acts that name no obligation, each with the relief it can make of what the clause before names
BARE_ACTS = (
    # …延迟发货考核及赔付，可暂时予以免除
    (re.compile(rf"^{GAP}{{0,8}}?{WAIVED_AFTER}{GAP}{{0,4}}$"),
     {v.NO_PENALTY, v.NO_COMPENSATION, v.EXCLUDED_FROM_METRICS, v.FEE_WAIVED}),
    # …超时发货处罚，商家可以在后续进行申诉
    (re.compile(rf"^{GAP}{{0,10}}?可(?:以)?{GAP}{{0,6}}?{APPEAL}{GAP}{{0,6}}$"), {v.NO_PENALTY, v.NO_COMPENSATION}),
    # …事宜的限期，将顺延至9月14日
    (re.compile(rf"^{GAP}{{0,6}}?{EXTEND}至"), {v.DEADLINE_EXTENDED}),
)


#: a note in brackets (不适用于…自动交税服务) qualifies the clause; it does not take its relief back
ASIDE = re.compile(r"[（(][^（）()]*(?:[)）]|$)")  # a bracket the clause's comma cut off runs to its end


def _guarded(clause: str) -> bool:
    """Whether a clause takes relief back or is no relief (its notes in brackets left out)."""
    plain = ASIDE.sub("", clause)
    return bool(TAKEN_BACK.search(plain) or NOT_RELIEF.search(plain))


def clause_relief(clause: str) -> set[str]:
    """What one clause grants (empty when it takes relief back or is not relief)."""
    if _guarded(clause):
        return set()
    return {name for name, rule in RULES if rule.search(clause)}


def _bare_act(clause: str, previous: str) -> set[str]:
    """What an act that names no obligation (予以免除, 可申诉, 顺延至…) grants: relief from the
    obligations the clause before it names."""
    for act, makes in BARE_ACTS:
        if act.match(clause):
            return {name for name, named in NAMED if name in makes and named.search(previous)}
    return set()


def find_relief(sentence: str) -> list[str]:
    """What a sentence grants, clause by clause, sorted."""
    if not ACT_CHARACTER.search(sentence):
        return []  # most sentences of a notice: no act of relief can start anywhere in them
    found: set[str] = set()
    previous = ""
    for clause in CLAUSE.findall(sentence):
        if ACT_CHARACTER.search(clause):  # the guards are asked only of a clause that would grant
            here = {name for name, rule in RULES if rule.search(clause)}
            if here:
                found |= set() if _guarded(clause) else here
            else:
                bare = _bare_act(clause, previous)
                found |= set() if not bare or _guarded(clause) or _guarded(previous) else bare
        previous = clause
    return sorted(found)
