"""A deterministic synthetic corpus for the benchmarks, built from the trilingual vocabulary.

Half the institutions are Chinese, half Russian, of mixed types; each has about three capabilities
(1–5, mean exactly 3 when a capability total is asked for). A capability text is written in Chinese
(CN) or Russian (RU), sometimes English, from 3–8 vocabulary terms of one or two fields joined by
filler phrases of that language ("本项目围绕…开展研究", "Разработка технологии … для …"), so the engine
and FTS see texts that look like real profiles: concept terms, filler words shared by every profile,
and Latin abbreviations. Kinds, TRL, IP status and cooperation modes follow a plausible mix.

Names are synthetic but varied (city × discipline × type patterns, brand names, RAS institute names,
initials as abbreviations), so some collide by chance as real names do; `near_duplicates_of` makes a
share of the institutions spelling variants of institutions of another corpus (same website half the
time), which gives duplicate detection real work.

    from synthetic import generate_institutions, generate_for_capabilities, write_document
    corpus = generate_for_capabilities(10_000, seed=1)         # exactly 10,000 capabilities
    write_document(corpus, "/tmp/corpus.json")                 # a qiaomost/v1 file

Run it to write a file and print a sample:  python benchmarks/synthetic.py 100 -o /tmp/x.json --show 3
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from matching.types import (  # noqa: E402
    COOPERATION_MODES,
    IP_STATUSES,
    Capability,
    Contact,
    Institution,
    InstitutionName,
)
from matching.vocabulary import Vocabulary, load_vocabulary  # noqa: E402

# ---- name material ------------------------------------------------------------------------------

# (zh, en, ru) of Chinese cities, ru in the nominative
CN_CITIES = [
    ("北京", "Beijing", "Пекин"), ("上海", "Shanghai", "Шанхай"), ("天津", "Tianjin", "Тяньцзинь"),
    ("重庆", "Chongqing", "Чунцин"), ("哈尔滨", "Harbin", "Харбин"), ("长春", "Changchun", "Чанчунь"),
    ("沈阳", "Shenyang", "Шэньян"), ("大连", "Dalian", "Далянь"), ("西安", "Xi'an", "Сиань"),
    ("成都", "Chengdu", "Чэнду"), ("武汉", "Wuhan", "Ухань"), ("南京", "Nanjing", "Нанкин"),
    ("杭州", "Hangzhou", "Ханчжоу"), ("合肥", "Hefei", "Хэфэй"), ("广州", "Guangzhou", "Гуанчжоу"),
    ("深圳", "Shenzhen", "Шэньчжэнь"), ("青岛", "Qingdao", "Циндао"), ("济南", "Jinan", "Цзинань"),
    ("郑州", "Zhengzhou", "Чжэнчжоу"), ("长沙", "Changsha", "Чанша"), ("昆明", "Kunming", "Куньмин"),
    ("兰州", "Lanzhou", "Ланьчжоу"), ("乌鲁木齐", "Urumqi", "Урумчи"), ("呼和浩特", "Hohhot", "Хух-Хото"),
    ("太原", "Taiyuan", "Тайюань"), ("石家庄", "Shijiazhuang", "Шицзячжуан"), ("福州", "Fuzhou", "Фучжоу"),
    ("厦门", "Xiamen", "Сямэнь"), ("南昌", "Nanchang", "Наньчан"), ("贵阳", "Guiyang", "Гуйян"),
    ("南宁", "Nanning", "Наньнин"), ("苏州", "Suzhou", "Сучжоу"), ("无锡", "Wuxi", "Уси"),
    ("宁波", "Ningbo", "Нинбо"), ("绵阳", "Mianyang", "Мяньян"), ("洛阳", "Luoyang", "Лоян"),
    ("大庆", "Daqing", "Дацин"), ("齐齐哈尔", "Qiqihar", "Цицикар"), ("佳木斯", "Jiamusi", "Цзямусы"),
    ("牡丹江", "Mudanjiang", "Муданьцзян"), ("吉林", "Jilin", "Цзилинь"), ("鞍山", "Anshan", "Аньшань"),
    ("包头", "Baotou", "Баотоу"), ("西宁", "Xining", "Синин"), ("银川", "Yinchuan", "Иньчуань"),
    ("海口", "Haikou", "Хайкоу"), ("珠海", "Zhuhai", "Чжухай"), ("佛山", "Foshan", "Фошань"),
    ("东莞", "Dongguan", "Дунгуань"), ("常州", "Changzhou", "Чанчжоу"), ("烟台", "Yantai", "Яньтай"),
    ("潍坊", "Weifang", "Вэйфан"), ("黑河", "Heihe", "Хэйхэ"), ("绥芬河", "Suifenhe", "Суйфэньхэ"),
]
# (zh, en, ru genitive) disciplines for Chinese names
CN_DISCIPLINES = [
    ("材料", "Materials", "материалов"), ("能源", "Energy", "энергетики"), ("航空航天", "Aerospace", "авиации и космонавтики"),
    ("生物医药", "Biomedicine", "биомедицины"), ("农业", "Agriculture", "сельского хозяйства"),
    ("海洋", "Marine Science", "морских наук"), ("信息", "Information Technology", "информационных технологий"),
    ("电子", "Electronics", "электроники"), ("光电", "Optoelectronics", "оптоэлектроники"),
    ("机械", "Mechanical Engineering", "машиностроения"), ("化工", "Chemical Engineering", "химической технологии"),
    ("冶金", "Metallurgy", "металлургии"), ("激光", "Laser Technology", "лазерной техники"),
    ("环境", "Environmental Science", "экологии"), ("地质", "Geology", "геологии"), ("石油", "Petroleum", "нефти"),
    ("核技术", "Nuclear Technology", "ядерных технологий"), ("纳米", "Nanotechnology", "нанотехнологий"),
    ("自动化", "Automation", "автоматизации"), ("精密仪器", "Precision Instruments", "точного приборостроения"),
    ("新能源", "New Energy", "новой энергетики"), ("生物技术", "Biotechnology", "биотехнологий"),
    ("医学", "Medicine", "медицины"), ("通信", "Communications", "связи"), ("半导体", "Semiconductors", "полупроводников"),
    ("复合材料", "Composites", "композитов"), ("电力", "Electric Power", "электроэнергетики"),
    ("水利", "Water Resources", "водных ресурсов"), ("林业", "Forestry", "лесного хозяйства"),
    ("稀土", "Rare Earths", "редкоземельных металлов"), ("煤炭", "Coal", "угля"), ("交通", "Transport", "транспорта"),
    ("食品", "Food Science", "пищевых технологий"), ("纺织", "Textiles", "текстиля"), ("船舶", "Shipbuilding", "судостроения"),
    ("智能制造", "Smart Manufacturing", "интеллектуального производства"), ("测绘", "Surveying", "геодезии"),
    ("畜牧", "Animal Husbandry", "животноводства"), ("中医药", "Traditional Chinese Medicine", "китайской медицины"),
]
CN_BRAND_CHARS = "瑞鑫华泰科创博源达恒中天宏远腾飞金德盛新立信安康润嘉隆昌宇航锐光明智诚汇联凯晶峰海"
CN_QUALIFIERS = [("", ""), ("", ""), ("工程技术", "Engineering Technology "), ("应用技术", "Applied Technology "),
                 ("产业技术", "Industrial Technology "), ("检测技术", "Testing Technology "), ("先进技术", "Advanced Technology "),
                 ("高新技术", "High Technology "), ("前沿技术", "Frontier Technology "), ("工业技术", "Industrial Technology "),
                 ("现代", "Modern "), ("创新", "Innovation ")]
CN_COLLEGES = [("", ""), ("职业技术", "Vocational and Technical "), ("科技", "Science and Technology "), ("工程", "Engineering "),
               ("应用技术", "Applied Technology "), ("师范", "Normal ")]
CN_DISTRICTS = [("高新", "High-Tech"), ("经开", "Economic Development"), ("南岗", "Nangang"), ("道里", "Daoli"),
                ("浦东", "Pudong"), ("滨海", "Binhai"), ("新城", "Xincheng"), ("城东", "Chengdong"), ("城西", "Chengxi"),
                ("江北", "Jiangbei"), ("江南", "Jiangnan"), ("铁西", "Tiexi"), ("和平", "Heping"), ("长安", "Chang'an"),
                ("金水", "Jinshui"), ("天河", "Tianhe"), ("海淀", "Haidian"), ("雁塔", "Yanta")]
CN_BUREAUS = [("科学技术局", "Science and Technology Bureau"), ("工业和信息化局", "Bureau of Industry and Information Technology"),
              ("商务局", "Commerce Bureau"), ("发展和改革委员会", "Development and Reform Commission")]
CN_PROVINCES = [("黑龙江", "Heilongjiang"), ("吉林", "Jilin"), ("辽宁", "Liaoning"), ("山东", "Shandong"),
                ("江苏", "Jiangsu"), ("浙江", "Zhejiang"), ("广东", "Guangdong"), ("四川", "Sichuan"),
                ("湖北", "Hubei"), ("陕西", "Shaanxi"), ("河南", "Henan"), ("湖南", "Hunan"), ("安徽", "Anhui"),
                ("甘肃", "Gansu"), ("云南", "Yunnan"), ("内蒙古", "Inner Mongolia"), ("新疆", "Xinjiang")]

# (ru, en, zh, ru adjective masculine) of Russian cities
RU_CITIES = [
    ("Москва", "Moscow", "莫斯科", "Московский"), ("Санкт-Петербург", "Saint Petersburg", "圣彼得堡", "Санкт-Петербургский"),
    ("Новосибирск", "Novosibirsk", "新西伯利亚", "Новосибирский"), ("Томск", "Tomsk", "托木斯克", "Томский"),
    ("Екатеринбург", "Yekaterinburg", "叶卡捷琳堡", "Уральский"), ("Казань", "Kazan", "喀山", "Казанский"),
    ("Нижний Новгород", "Nizhny Novgorod", "下诺夫哥罗德", "Нижегородский"), ("Самара", "Samara", "萨马拉", "Самарский"),
    ("Владивосток", "Vladivostok", "符拉迪沃斯托克", "Дальневосточный"), ("Хабаровск", "Khabarovsk", "哈巴罗夫斯克", "Хабаровский"),
    ("Иркутск", "Irkutsk", "伊尔库茨克", "Иркутский"), ("Красноярск", "Krasnoyarsk", "克拉斯诺亚尔斯克", "Красноярский"),
    ("Омск", "Omsk", "鄂木斯克", "Омский"), ("Пермь", "Perm", "彼尔姆", "Пермский"), ("Уфа", "Ufa", "乌法", "Уфимский"),
    ("Челябинск", "Chelyabinsk", "车里雅宾斯克", "Южно-Уральский"), ("Воронеж", "Voronezh", "沃罗涅日", "Воронежский"),
    ("Ростов-на-Дону", "Rostov-on-Don", "顿河畔罗斯托夫", "Донской"), ("Саратов", "Saratov", "萨拉托夫", "Саратовский"),
    ("Тюмень", "Tyumen", "秋明", "Тюменский"), ("Барнаул", "Barnaul", "巴尔瑙尔", "Алтайский"),
    ("Благовещенск", "Blagoveshchensk", "布拉戈维申斯克", "Амурский"), ("Якутск", "Yakutsk", "雅库茨克", "Северо-Восточный"),
    ("Мурманск", "Murmansk", "摩尔曼斯克", "Мурманский"), ("Архангельск", "Arkhangelsk", "阿尔汉格尔斯克", "Северный"),
    ("Калининград", "Kaliningrad", "加里宁格勒", "Балтийский"), ("Обнинск", "Obninsk", "奥布宁斯克", "Обнинский"),
    ("Дубна", "Dubna", "杜布纳", "Дубнинский"), ("Зеленоград", "Zelenograd", "泽列诺格勒", "Зеленоградский"),
    ("Белгород", "Belgorod", "别尔哥罗德", "Белгородский"), ("Ульяновск", "Ulyanovsk", "乌里扬诺夫斯克", "Ульяновский"),
    ("Ижевск", "Izhevsk", "伊热夫斯克", "Ижевский"), ("Чита", "Chita", "赤塔", "Забайкальский"),
    ("Курск", "Kursk", "库尔斯克", "Курский"), ("Волгоград", "Volgograd", "伏尔加格勒", "Волгоградский"),
    ("Краснодар", "Krasnodar", "克拉斯诺达尔", "Кубанский"), ("Ярославль", "Yaroslavl", "雅罗斯拉夫尔", "Ярославский"),
    ("Оренбург", "Orenburg", "奥伦堡", "Оренбургский"), ("Пенза", "Penza", "奔萨", "Пензенский"),
    ("Липецк", "Lipetsk", "利佩茨克", "Липецкий"), ("Тверь", "Tver", "特维尔", "Тверской"), ("Киров", "Kirov", "基洛夫", "Вятский"),
    ("Сургут", "Surgut", "苏尔古特", "Сургутский"), ("Норильск", "Norilsk", "诺里尔斯克", "Норильский"),
    ("Петрозаводск", "Petrozavodsk", "彼得罗扎沃茨克", "Петрозаводский"), ("Улан-Удэ", "Ulan-Ude", "乌兰乌德", "Бурятский"),
    ("Южно-Сахалинск", "Yuzhno-Sakhalinsk", "南萨哈林斯克", "Сахалинский"), ("Комсомольск-на-Амуре", "Komsomolsk-on-Amur", "阿穆尔河畔共青城", "Комсомольский"), ("Тула", "Tula", "图拉", "Тульский"), ("Уссурийск", "Ussuriysk", "乌苏里斯克", "Приморский"),
]
# (ru adjective masculine, en, zh) university profiles
RU_UNI_PROFILES = [
    ("технический", "Technical", "技术"), ("политехнический", "Polytechnic", "理工"), ("аэрокосмический", "Aerospace", "航空航天"),
    ("медицинский", "Medical", "医科"), ("аграрный", "Agrarian", "农业"), ("морской", "Maritime", "海事"),
    ("химико-технологический", "Chemical Technology", "化工"), ("горный", "Mining", "矿业"), ("нефтяной", "Oil", "石油"),
    ("лесотехнический", "Forest Engineering", "林业技术"), ("радиотехнический", "Radio Engineering", "无线电技术"),
    ("энергетический", "Power Engineering", "动力"), ("электротехнический", "Electrotechnical", "电工"),
    ("авиационный", "Aviation", "航空"), ("технологический", "Technological", "工艺"), ("исследовательский", "Research", "研究型"),
    ("строительный", "Civil Engineering", "建筑"), ("транспортный", "Transport", "交通"), ("педагогический", "Pedagogical", "师范"),
    ("экономический", "Economics", "经济"), ("", "", ""),
]
# (ru genitive, en, zh) research topics for RAS-style institute names
RU_TOPICS = [
    ("физики металлов", "Metal Physics", "金属物理"), ("химии твёрдого тела", "Solid State Chemistry", "固体化学"),
    ("катализа", "Catalysis", "催化"), ("лазерной физики", "Laser Physics", "激光物理"),
    ("прикладной механики", "Applied Mechanics", "应用力学"), ("теплофизики", "Thermophysics", "热物理"),
    ("ядерной физики", "Nuclear Physics", "核物理"), ("космических исследований", "Space Research", "空间研究"),
    ("нефтегазовой геологии", "Petroleum Geology", "油气地质"), ("биоорганической химии", "Bioorganic Chemistry", "生物有机化学"),
    ("цитологии и генетики", "Cytology and Genetics", "细胞学与遗传学"), ("физиологии растений", "Plant Physiology", "植物生理"),
    ("океанологии", "Oceanology", "海洋学"), ("мерзлотоведения", "Permafrost Science", "冻土学"),
    ("вычислительных технологий", "Computational Technologies", "计算技术"), ("автоматики и электрометрии", "Automation and Electrometry", "自动化与电测"),
    ("сильноточной электроники", "High Current Electronics", "强流电子学"), ("оптики атмосферы", "Atmospheric Optics", "大气光学"),
    ("геохимии", "Geochemistry", "地球化学"), ("неорганической химии", "Inorganic Chemistry", "无机化学"),
    ("физики полупроводников", "Semiconductor Physics", "半导体物理"), ("кристаллографии", "Crystallography", "晶体学"),
    ("структурной макрокинетики", "Structural Macrokinetics", "结构宏观动力学"), ("проблем механики", "Problems in Mechanics", "力学问题"),
    ("машиноведения", "Machine Science", "机械学"), ("электрофизики", "Electrophysics", "电物理"),
    ("высоких температур", "High Temperatures", "高温"), ("почвоведения", "Soil Science", "土壤学"),
    ("биофизики", "Biophysics", "生物物理"), ("теоретической физики", "Theoretical Physics", "理论物理"),
    ("проблем нефти и газа", "Oil and Gas Problems", "油气问题"), ("морских технологий", "Marine Technologies", "海洋技术"),
    ("биологии моря", "Marine Biology", "海洋生物学"), ("водных проблем", "Water Problems", "水问题"),
    ("органического синтеза", "Organic Synthesis", "有机合成"), ("полимерных материалов", "Polymer Materials", "高分子材料"),
]
RU_EPONYMS = [("М. В. Ломоносова", "Lomonosov"), ("И. М. Губкина", "Gubkin"), ("Д. И. Менделеева", "Mendeleev"),
              ("Н. Э. Баумана", "Bauman"), ("С. П. Королёва", "Korolev"), ("И. В. Курчатова", "Kurchatov"),
              ("А. Н. Туполева", "Tupolev"), ("И. И. Ползунова", "Polzunov"), ("К. Э. Циолковского", "Tsiolkovsky"),
              ("А. С. Попова", "Popov"), ("Н. И. Вавилова", "Vavilov"), ("И. П. Павлова", "Pavlov"),
              ("Б. Н. Ельцина", "Yeltsin"), ("В. И. Вернадского", "Vernadsky"), ("А. Ф. Иоффе", "Ioffe")]
# compositional topics: feminine genitive adjective + feminine genitive noun ("прикладной физики")
_RU_TOPIC_ADJ = [("прикладной", "Applied", "应用"), ("теоретической", "Theoretical", "理论"), ("вычислительной", "Computational", "计算"),
                 ("экспериментальной", "Experimental", "实验"), ("технической", "Technical", "技术"), ("морской", "Marine", "海洋"),
                 ("полярной", "Polar", "极地"), ("космической", "Space", "空间"), ("ядерной", "Nuclear", "核"),
                 ("квантовой", "Quantum", "量子"), ("молекулярной", "Molecular", "分子"), ("медицинской", "Medical", "医学"),
                 ("радиационной", "Radiation", "辐射"), ("промышленной", "Industrial", "工业"), ("структурной", "Structural", "结构")]
_RU_TOPIC_NOUN = [("физики", "Physics", "物理"), ("химии", "Chemistry", "化学"), ("механики", "Mechanics", "力学"),
                  ("биологии", "Biology", "生物学"), ("геологии", "Geology", "地质"), ("экологии", "Ecology", "生态"),
                  ("энергетики", "Energy", "能源"), ("электроники", "Electronics", "电子学"), ("оптики", "Optics", "光学"),
                  ("математики", "Mathematics", "数学"), ("информатики", "Informatics", "信息学")]
RU_TOPICS += [(f"{a} {n}", f"{ae} {ne}", f"{az}{nz}") for a, ae, az in _RU_TOPIC_ADJ for n, ne, nz in _RU_TOPIC_NOUN]
RU_GOV_BODIES = [("Министерство", "Ministry"), ("Департамент", "Department"), ("Комитет", "Committee"), ("Агентство", "Agency")]
RU_GOV_AREAS = [("промышленности и торговли", "Industry and Trade"), ("экономического развития", "Economic Development"),
                ("образования и науки", "Education and Science"), ("цифрового развития", "Digital Development"),
                ("сельского хозяйства", "Agriculture"), ("природных ресурсов", "Natural Resources"),
                ("инвестиций и науки", "Investment and Science"), ("инновационного развития", "Innovation"),
                ("энергетики", "Energy"), ("международного сотрудничества", "International Cooperation")]
RU_BRANCHES = ["РАН", "СО РАН", "УрО РАН", "ДВО РАН", "ФИЦ КНЦ СО РАН", "НИЦ «Курчатовский институт»"]
RU_BRAND_A = ["Техно", "Нано", "Гео", "Спектр", "Поли", "Крио", "Аэро", "Био", "Электро", "Термо", "Гидро", "Микро",
              "Опто", "Сибир", "Урал", "Волга", "Север", "Арктик", "Энерго", "Хим", "Мед", "Агро", "Лазер", "Радио",
              "Квант", "Фото", "Магн", "Вектор", "Инно", "Ресурс", "Тайга", "Байкал", "Амур", "Нева", "Кедр"]
RU_BRAND_B = ["", "про", "мет", "тек", "ком", "пласт", "кон"]
RU_BRAND_C = ["сфера", "лаб", "прибор", "систем", "тех", "пром", "маш", "синтез", "строй", "сервис", "комплекс",
              "ресурс", "ника", "тест", "модуль", "лайн", "трон", "гран", "снаб", "атом", "композит"]
RU_BRAND_TAIL = ["", "", "", "", "-М", "-Урал", "-Сибирь", "-Центр", "-Восток", "-Инжиниринг", "-Плюс", " Групп", "-2000"]
RU_LEGAL = [("ООО", "LLC"), ("АО", "JSC"), ("ПАО", "PJSC"), ("АО «НПО", "NPO"), ("АО «НПП", "NPP")]
RU_LEGAL_LONG = {"ООО": "Общество с ограниченной ответственностью", "АО": "Акционерное общество",
                 "ПАО": "Публичное акционерное общество"}

# ---- capability text material -------------------------------------------------------------------

ZH_TITLES = ["{a}与{b}技术", "基于{a}的{b}研发", "{a}关键技术及{b}", "{a}在{b}中的应用", "高性能{a}制备技术",
             "{a}与{b}一体化解决方案", "新型{a}及其产业化", "{a}技术"]
ZH_COMMON = ["本项目围绕{a}开展研究，重点突破{b}和{c}等关键技术。", "团队在{a}领域具有多年积累，已形成与{b}相关的自主知识产权。",
             "该技术可用于{a}、{b}等领域，具有良好的产业化前景。", "拟与俄方合作开展{a}的联合研发与中试验证。",
             "已建成{a}中试线，主要性能指标达到国际先进水平。", "相关成果在{a}和{b}方面已获得示范应用。"]
ZH_BY_KIND = {
    "need": ["寻求在{a}方面具有成熟技术的合作伙伴，共同解决{b}中的工程难题。", "急需引进{a}技术，用于{b}。",
             "希望与俄罗斯科研机构合作，提升{a}水平。"],
    "offer": ["可提供{a}技术转让、许可或技术服务。", "本单位拥有{a}的专利技术，可开展成果转化合作。",
              "可为{a}提供成套设备和工艺包。"],
    "research": ["实验室拥有{a}研究平台，欢迎开展{b}方面的联合研究和人才交流。", "在{a}基础研究方面承担多项国家重点研发计划项目。",
                 "拟共建{a}联合实验室。"],
}
RU_TITLES = ["Технология: {a} и {b}", "{A} для задач: {b}", "Разработка и внедрение — {a}", "{A}, {b}",
             "{A}: новые решения", "Комплексные решения в области: {a}"]
RU_COMMON = ["Разработка технологии в области «{a}» для применения в направлениях: {b}, {c}.",
             "Коллектив имеет многолетний опыт работ по теме «{a}»; получены патенты по направлению «{b}».",
             "Технология может использоваться для: {a}, {b}.",
             "Создан опытный участок; основные характеристики соответствуют мировому уровню ({a}).",
             "Результаты внедрены на предприятиях отрасли: {a}, {b}."]
RU_BY_KIND = {
    "need": ["Ищем партнёров, обладающих компетенциями в области «{a}», для совместного решения задач: {b}.",
             "Требуется технология: {a}.", "Нужны поставщики оборудования и технологий по направлению «{a}»."],
    "offer": ["Предлагаем лицензирование и передачу технологии «{a}», а также инжиниринговые услуги.",
              "Готовы к созданию совместного предприятия с китайскими партнёрами: {a}."],
    "research": ["Лаборатория располагает уникальным оборудованием для исследований: {a}; открыта для совместных проектов по теме «{b}».",
                 "Ведутся фундаментальные исследования по направлениям: {a}, {b}."],
}
EN_TITLES = ["{A} and {b}", "{A} for {b}", "Development of {a}", "{A}: design, testing and scale-up"]
EN_COMMON = ["The team develops {a} and {b} for industrial applications.",
             "Our group has long experience in {a}; patents cover {b} and {c}.",
             "The technology can be used for {a} and {b}.", "A pilot line for {a} is in operation."]
EN_BY_KIND = {
    "need": ["We are looking for partners with proven {a} technology to solve problems in {b}.", "We need {a}."],
    "offer": ["We offer licensing and transfer of {a} technology and engineering services."],
    "research": ["The laboratory runs a {a} research platform and welcomes joint research on {b}."],
}

INSTITUTION_TYPE_MIX = {"university": 30, "research_institute": 25, "enterprise": 30, "tech_park": 5,
                        "intermediary": 5, "government": 5}
KIND_MIX_BY_TYPE = {  # (offer, need, research)
    "university": (40, 10, 50), "research_institute": (40, 10, 50), "enterprise": (40, 50, 10),
    "tech_park": (40, 50, 10), "intermediary": (50, 40, 10), "government": (30, 60, 10),
}
TRL_WEIGHTS = [2, 4, 7, 10, 12, 12, 9, 6, 4]  # TRL 1..9
TRL_MISSING = 0.3
EN_SHARE = 0.12
SECOND_FIELD_SHARE = 0.35


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return load_vocabulary(sorted((ROOT / "resources" / "vocabulary").glob("*.txt")))


class _TermPool:
    """Concept ids grouped by field, with each field's weight (its number of concepts)."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        by_field: dict[str, list[str]] = defaultdict(list)
        for cid in sorted(vocab.concepts):
            for f in vocab.concepts[cid].fields:
                by_field[f].append(cid)
        self.fields = sorted(by_field)
        self.by_field = {f: by_field[f] for f in self.fields}
        self.weights = [len(by_field[f]) for f in self.fields]

    def term(self, rng: random.Random, cid: str, lang: str) -> str:
        terms = self.vocab.concepts[cid].terms.get(lang) or [cid]
        return terms[0] if rng.random() < 0.5 else rng.choice(terms)


def _fill(rng: random.Random, template: str, terms: list[str], lang: str) -> str:
    """Fill {a} {b} {c} ({A}: capitalised) with the next terms; Chinese lists use 、."""
    need = sum(template.count(k) for k in ("{a}", "{b}", "{c}", "{A}"))
    start = rng.randrange(len(terms))
    picked = [terms[(start + i) % len(terms)] for i in range(max(need, 1))]
    a = picked[0]
    b = picked[1] if len(picked) > 1 else picked[0]
    c = picked[2] if len(picked) > 2 else b
    return template.format(a=a, b=b, c=c, A=a[:1].upper() + a[1:])


def _capability(rng: random.Random, pool: _TermPool, ref: str, inst_ref: str, lang: str, kind: str) -> Capability:
    field1 = rng.choices(pool.fields, pool.weights)[0]
    fields = [field1]
    if rng.random() < SECOND_FIELD_SHARE:
        field2 = rng.choices(pool.fields, pool.weights)[0]
        if field2 != field1:
            fields.append(field2)
    n_terms = rng.randint(3, 8)
    first = n_terms if len(fields) == 1 else rng.randint(2, n_terms - 1)
    cids = rng.sample(pool.by_field[fields[0]], min(first, len(pool.by_field[fields[0]])))
    if len(fields) > 1:
        cids += rng.sample(pool.by_field[fields[1]], min(n_terms - first, len(pool.by_field[fields[1]])))
    terms = list(dict.fromkeys(pool.term(rng, cid, lang) for cid in cids))
    titles, common, by_kind = {"zh": (ZH_TITLES, ZH_COMMON, ZH_BY_KIND), "ru": (RU_TITLES, RU_COMMON, RU_BY_KIND),
                               "en": (EN_TITLES, EN_COMMON, EN_BY_KIND)}[lang]
    title = _fill(rng, rng.choice(titles), terms[:2], lang)
    n_common = rng.randint(2, 4) if lang == "zh" else rng.randint(1, 3)  # Chinese sentences are shorter
    sentences = [_fill(rng, t, terms, lang) for t in rng.sample(common, n_common)]
    sentences.insert(rng.randint(0, len(sentences)), _fill(rng, rng.choice(by_kind[kind]), terms, lang))
    sep = "" if lang == "zh" else " "
    description = sep.join(sentences)
    keywords = rng.sample(terms, min(len(terms), rng.randint(2, 5)))
    trl = None if rng.random() < TRL_MISSING else rng.choices(range(1, 10), TRL_WEIGHTS)[0]
    return Capability(
        ref=ref, kind=kind, title=title, lang=lang, description=description, keywords=keywords,
        fields=fields if rng.random() < 0.7 else [], trl=trl,
        ip_status=rng.choice(IP_STATUSES) if rng.random() < 0.6 else None,
        cooperation=rng.sample(COOPERATION_MODES, rng.randint(1, 3)), institution_ref=inst_ref,
    )


# ---- names ----------------------------------------------------------------------------------------

def _initials_upper(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).upper()


def _cn_identity(rng: random.Random, itype: str) -> tuple[list[InstitutionName], str, str, str]:
    """(names, display name, city, region) of a Chinese institution."""
    czh, cen, cru = rng.choice(CN_CITIES)
    dzh, den, dru = rng.choice(CN_DISCIPLINES)
    brand = "".join(rng.sample(CN_BRAND_CHARS, 2))
    names: list[InstitutionName] = []
    region = czh
    if itype == "university":
        form = rng.randrange(3)
        col, col_en = rng.choice(CN_COLLEGES)
        qual, qual_en = rng.choice(CN_QUALIFIERS)
        zh = [f"{czh}{dzh}大学", f"{czh}{dzh}{qual}大学", f"{czh}{dzh}{col}学院"][form]
        en = [f"{cen} University of {den}", f"{cen} University of {den} {qual_en}".rstrip(),
              f"{cen} {col_en}Institute of {den}"][form]
        ru = f"Университет {dru} (г. {cru})"
        names.append(InstitutionName(f"{czh[0]}{dzh[0]}大", "zh", "short"))
    elif itype == "research_institute":
        form = rng.randrange(3)
        qual, qual_en = rng.choice(CN_QUALIFIERS)
        prov, prov_en = rng.choice(CN_PROVINCES)
        zh = [f"中国科学院{czh}{dzh}研究所", f"{czh}{dzh}{qual}研究院", f"{prov}省{dzh}{qual}科学院"][form]
        en = [f"{cen} Institute of {den}, CAS", f"{cen} Research Institute of {qual_en}{den}",
              f"{prov_en} Academy of {qual_en}{den}"][form]
        ru = f"Институт {dru} (г. {cru})"
        if form == 0:
            names.append(InstitutionName(zh.replace("中国科学院", "中科院"), "zh", "short"))
    elif itype == "enterprise":
        form = rng.randrange(3)
        zh = [f"{czh}{brand}{dzh}科技有限公司", f"{brand}{dzh}股份有限公司", f"{czh}{brand}集团有限公司"][form]
        py = _pinyin(brand)
        en = [f"{cen} {py} {den} Technology Co., Ltd.", f"{py} {den} Co., Ltd.", f"{cen} {py} Group Co., Ltd."][form]
        ru = f"Компания «{py}» (г. {cru})"
        names.append(InstitutionName(f"{brand}{'科技' if form == 0 else '集团' if form == 2 else '股份'}", "zh", "short"))
    elif itype == "tech_park":
        dist = rng.choice(CN_DISTRICTS)[0]
        zh = rng.choice([f"{czh}{dist}{dzh}产业园", f"{czh}{dist}高新技术产业开发区", f"{czh}{brand}科技园", f"中俄{dzh}科技园（{czh}{dist}）"])
        en = f"{cen} {den} Technology Park" if "产业园" in zh or "科技园" in zh else f"{cen} High-Tech Zone"
        ru = f"Технопарк {dru} (г. {cru})"
    elif itype == "intermediary":
        dist = rng.choice(CN_DISTRICTS)[0]
        zh = rng.choice([f"{czh}{dist}技术转移中心", f"{czh}{brand}科技服务有限公司", f"中俄{dzh}技术转移中心（{czh}）",
                         f"{czh}{dzh}技术交易所"])
        en = f"{cen} Technology Transfer Centre" if "转移" in zh else f"{cen} {_pinyin(brand)} Technology Services"
        ru = f"Центр трансфера технологий (г. {cru})"
    else:
        prov, prov_en = rng.choice(CN_PROVINCES)
        bureau, bureau_en = rng.choice(CN_BUREAUS)
        dist, dist_en = rng.choice(CN_DISTRICTS)
        form = rng.choices((0, 1, 2), (60, 25, 15))[0]
        if form == 0:
            zh, en = f"{czh}市{dist}区{bureau}", f"{cen} {dist_en} District {bureau_en}"
        elif form == 1:
            zh, en = f"{czh}市{bureau}", f"{cen} Municipal {bureau_en}"
        else:
            zh, en = f"{prov}省科学技术厅", f"{prov_en} Department of Science and Technology"
            region = prov
        ru = f"Управление науки и технологий (г. {cru})"
    names = [InstitutionName(zh, "zh"), InstitutionName(en, "en")] + ([InstitutionName(ru, "ru")] if rng.random() < 0.5 else []) + names
    return names, en if rng.random() < 0.3 else zh, czh, region


def _ru_identity(rng: random.Random, itype: str) -> tuple[list[InstitutionName], str, str, str]:
    cru, cen, czh, cadj = rng.choice(RU_CITIES)
    names: list[InstitutionName] = []
    if itype == "university":
        padj, pen, pzh = rng.choice(RU_UNI_PROFILES)
        status, status_en = rng.choices([("государственный", "State"), ("федеральный", "Federal"),
                                         ("национальный исследовательский", "National Research"),
                                         ("государственный аграрный", "State Agrarian")], (60, 15, 15, 10))[0]
        ru = f"{cadj} {status} {padj + ' ' if padj else ''}университет"
        en = f"{cen} {status_en} {pen + ' ' if pen else ''}University"
        if rng.random() < 0.35:  # "… имени И. М. Губкина": initials stop before "имени"
            sru, sen = rng.choice(RU_EPONYMS)
            ru, en = f"{ru} имени {sru}", f"{sen} {en}"
        zh = f"{czh}国立{pzh}大学"
        names.append(InstitutionName(_initials_upper(ru.replace("-", " ").split()), "ru", "abbreviation"))
    elif itype == "research_institute":
        tru, ten, tzh = rng.choice(RU_TOPICS)
        branch = rng.choice(RU_BRANCHES)
        form = rng.randrange(3)
        ru = [f"Институт {tru} {branch}", f"{cadj} научно-исследовательский институт {tru}",
              f"{cadj} научный центр {tru}"][form]
        if form == 0 and rng.random() < 0.5:
            ru = f"Институт {tru} имени {rng.choice(RU_EPONYMS)[0]} {branch}"
        en = [f"Institute of {ten}, {cen}", f"Research Institute of {ten}", f"{cen} Research Centre of {ten}"][form]
        zh = f"{czh}{tzh}研究所"
        if form == 1:
            names.append(InstitutionName(f"{cadj} НИИ {tru}", "ru", "short"))
    elif itype == "enterprise":
        brand = rng.choice(RU_BRAND_A) + rng.choice(RU_BRAND_B) + rng.choice(RU_BRAND_C) + rng.choice(RU_BRAND_TAIL)
        legal, legal_en = rng.choice(RU_LEGAL)
        ru = f"{legal} {brand}»" if "«" in legal else f"{legal} «{brand}»"
        from anyascii import anyascii  # romanised like the app does for Latin keys

        en = f"{legal_en} {anyascii(brand)}" if legal_en in ("NPO", "NPP") else f"{anyascii(brand)} {legal_en}"
        zh = ""
        names.append(InstitutionName(brand, "ru", "short"))
    elif itype == "tech_park":
        brand = rng.choice(RU_BRAND_A) + rng.choice(RU_BRAND_B) + rng.choice(RU_BRAND_C)
        ru = rng.choice([f"Технопарк «{brand}»", f"{cadj} технопарк «{rng.choice(RU_BRAND_A)}{rng.choice(RU_BRAND_C)}»",
                         f"Технополис «{brand}»", f"Особая экономическая зона «{brand}» ({cru})"])
        en, zh = f"{cen} Technopark", f"{czh}科技园"
    elif itype == "intermediary":
        brand = rng.choice(RU_BRAND_A) + rng.choice(RU_BRAND_B) + rng.choice(RU_BRAND_C)
        area = rng.choice(RU_GOV_AREAS)[0]
        ru = rng.choice([f"Центр трансфера технологий {area} ({cru})", f"{cadj} инновационный центр «{brand}»",
                         f"Фонд развития инноваций «{brand}»"])
        en, zh = f"{cen} Innovation Centre", f"{czh}创新中心"
    else:
        body, body_en = rng.choice(RU_GOV_BODIES)
        area, area_en = rng.choice(RU_GOV_AREAS)
        zh_body = {"Ministry": "部", "Department": "厅", "Committee": "委员会", "Agency": "署"}[body_en]
        ru, en, zh = f"{body} {area} ({cru})", f"{cen} {body_en} of {area_en}", f"{czh}政府{zh_body}"
    names = [InstitutionName(ru, "ru"), InstitutionName(en, "en")] + ([InstitutionName(zh, "zh")] if zh and rng.random() < 0.6 else []) + names
    return names, en if rng.random() < 0.2 else ru, cru, cru


@lru_cache(maxsize=4096)
def _pinyin(han: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(han)).capitalize()


def _near_duplicate(rng: random.Random, src: Institution) -> tuple[list[InstitutionName], str, str]:
    """A spelling variant of `src`'s names: (names, display name, website)."""
    def vary(n: InstitutionName) -> str:
        s = n.name
        if n.lang == "zh":
            for a, b in (("有限公司", "公司"), ("中国科学院", "中科院"), ("股份有限公司", "股份公司"), ("大学", "大学（本部）")):
                if a in s:
                    return s.replace(a, b, 1)
            return s + "（筹）" if rng.random() < 0.3 else s
        if n.lang == "ru":
            for a, b in RU_LEGAL_LONG.items():
                if s.startswith(a + " «"):
                    return b + s[len(a):]
            return rng.choice([s.replace("«", "\"").replace("»", "\""), s.upper(), s.replace("государственный ", "гос. ")])
        return rng.choice([s.replace("Co., Ltd.", "Company Limited"), s + " (branch)", s.replace(" of ", " for "), s.upper()])

    names = [InstitutionName(vary(n) if n.kind == "official" and rng.random() < 0.8 else n.name, n.lang, n.kind)
             for n in src.names]
    website = src.website if rng.random() < 0.5 else ""
    return names, vary(InstitutionName(src.name, src.names[0].lang if src.names else "en")), website


# ---- corpus -------------------------------------------------------------------------------------

def _capability_counts(rng: random.Random, n: int, total: int | None) -> list[int]:
    """About three per institution; with `total`, exactly `total` (each between 1 and 5)."""
    if total is None:
        return [rng.choices((1, 2, 3, 4, 5), (5, 20, 45, 20, 10))[0] for _ in range(n)]
    if not n <= total <= 5 * n:
        raise ValueError(f"cannot spread {total} capabilities over {n} institutions (1–5 each)")
    base, extra = divmod(total, n)
    counts = [base + (1 if i < extra else 0) for i in range(n)]
    for _ in range(n):  # move capabilities between random pairs: same total, realistic spread
        i, j = rng.randrange(n), rng.randrange(n)
        if counts[i] > 1 and counts[j] < 5:
            counts[i] -= 1
            counts[j] += 1
    rng.shuffle(counts)
    return counts


def generate_institutions(n_institutions: int, *, seed: int = 0, ref_prefix: str = "syn",
                          total_capabilities: int | None = None, vocabulary: Vocabulary | None = None,
                          near_duplicates_of: list[Institution] | None = None,
                          near_duplicate_share: float = 0.03, en_share: float = EN_SHARE) -> list[Institution]:
    """`n_institutions` synthetic institutions (even indexes CN, odd RU), deterministic for a seed."""
    rng = random.Random(seed)
    pool = _TermPool(vocabulary or default_vocabulary())
    counts = _capability_counts(rng, n_institutions, total_capabilities)
    types = list(INSTITUTION_TYPE_MIX)
    type_weights = list(INSTITUTION_TYPE_MIX.values())
    sources = {c: [i for i in (near_duplicates_of or []) if i.country == c] for c in ("CN", "RU")}
    out = []
    for i in range(n_institutions):
        country = "CN" if i % 2 == 0 else "RU"
        ref = f"{ref_prefix}-{country.lower()}-{i:06d}"
        src = rng.choice(sources[country]) if sources[country] and rng.random() < near_duplicate_share else None
        if src is not None:
            itype = src.type
            names, name, website = _near_duplicate(rng, src)
            city, region = src.city, src.region
        else:
            itype = rng.choices(types, type_weights)[0]
            names, name, city, region = (_cn_identity if country == "CN" else _ru_identity)(rng, itype)
            tld = rng.choice((".edu.cn", ".cn", ".com.cn", ".ac.cn")) if country == "CN" else rng.choice((".ru", ".рф", ".su"))
            website = f"https://www.{ref_prefix}{i:06d}{tld}" if rng.random() < 0.8 else ""
        home = "zh" if country == "CN" else "ru"
        kind_weights = KIND_MIX_BY_TYPE[itype]
        caps = []
        for k in range(counts[i]):
            lang = "en" if rng.random() < en_share else home
            kind = rng.choices(("offer", "need", "research"), kind_weights)[0]
            caps.append(_capability(rng, pool, f"{ref}-{k + 1}", ref, lang, kind))
        contacts = [Contact(f"Contact {i}", "Head of technology transfer", f"tt{i}@example.org", "",
                            [home, "en"])] if rng.random() < 0.5 else []
        # "_"-keys are ignored by the importer: the benchmark uses this one to score duplicate detection
        extra = {"_synthetic_duplicate_of": src.ref} if src is not None else {}
        out.append(Institution(ref=ref, name=name, country=country, type=itype, names=names, region=region,
                               city=city, website=website, capabilities=caps, contacts=contacts, extra=extra))
    return out


def generate_for_capabilities(n_capabilities: int, *, seed: int = 0, ref_prefix: str = "syn",
                              vocabulary: Vocabulary | None = None) -> list[Institution]:
    """A corpus with exactly `n_capabilities` capabilities, three per institution on average."""
    n_inst = max(1, round(n_capabilities / 3))
    return generate_institutions(n_inst, seed=seed, ref_prefix=ref_prefix, total_capabilities=n_capabilities,
                                 vocabulary=vocabulary)


def capability_text(cap: Capability) -> str:
    """Title + description + keywords: what the engine and the app's search index see."""
    return cap.text


def to_document(institutions: list[Institution]) -> dict:
    from app.services.interchange import FORMAT, institution_to_json

    return {"format": FORMAT, "institutions": [institution_to_json(i) for i in institutions]}


def write_document(institutions: list[Institution], path: str | Path) -> Path:
    """Write a qiaomost/v1 file formatted like the app's own export (indent 1, UTF-8)."""
    path = Path(path)
    path.write_text(json.dumps(to_document(institutions), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def main() -> int:
    p = argparse.ArgumentParser(description="write a synthetic qiaomost/v1 corpus")
    p.add_argument("institutions", type=int)
    p.add_argument("--capabilities", type=int, help="exact capability total (default: about 3 per institution)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--prefix", default="syn")
    p.add_argument("-o", "--output")
    p.add_argument("--show", type=int, default=0, help="print this many institutions")
    args = p.parse_args()
    corpus = generate_institutions(args.institutions, seed=args.seed, ref_prefix=args.prefix,
                                   total_capabilities=args.capabilities)
    if args.output:
        write_document(corpus, args.output)
        print(f"wrote {args.output}: {len(corpus)} institutions, {sum(len(i.capabilities) for i in corpus)} capabilities")
    for inst in corpus[: args.show]:
        print(f"\n{inst.ref} [{inst.country}, {inst.type}] {inst.name}  ({'; '.join(n.name for n in inst.names)})")
        for c in inst.capabilities:
            print(f"  - {c.ref} {c.kind} {c.lang} TRL {c.trl}: {c.title}\n    {c.description}\n    keywords: {c.keywords}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
