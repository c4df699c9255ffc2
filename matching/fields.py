"""The field taxonomy (the priority fields of China–Russia cooperation), with labels in zh/ru/en."""

from __future__ import annotations

FIELDS: dict[str, dict[str, str]] = {
    "biomed": {"en": "Biotechnology & biomedicine", "zh": "生物技术与生物医药", "ru": "Биотехнологии и биомедицина"},
    "agri": {"en": "Modern agriculture", "zh": "现代农业", "ru": "Современное сельское хозяйство"},
    "materials": {"en": "New materials", "zh": "新材料", "ru": "Новые материалы"},
    "energy": {"en": "Energy", "zh": "能源", "ru": "Энергетика"},
    "aerospace": {"en": "Aerospace & aviation", "zh": "航空航天", "ru": "Авиация и космос"},
    "marine_polar": {"en": "Marine & polar engineering", "zh": "海洋与极地工程", "ru": "Морская и полярная техника"},
    "ict": {"en": "Information technology", "zh": "信息技术", "ru": "Информационные технологии"},
    "equipment": {"en": "Intelligent equipment & lasers", "zh": "智能装备与激光", "ru": "Интеллектуальное оборудование и лазеры"},
    "environment": {"en": "Climate, ecology & resources", "zh": "气候、生态与资源", "ru": "Климат, экология и ресурсы"},
    "services": {"en": "Technology services", "zh": "科技服务", "ru": "Технологические услуги"},
    "basic": {"en": "Fundamental science", "zh": "基础科学", "ru": "Фундаментальная наука"},
}

_ALIASES = {label.lower(): code for code, labels in FIELDS.items() for label in labels.values()}
_ALIASES.update({code: code for code in FIELDS})


def normalize_field(value: str) -> str:
    """A field code for a code or any label; unknown fields are kept as written."""
    v = value.strip()
    return _ALIASES.get(v.lower(), v)


def field_label(code: str, lang: str = "en") -> str:
    return FIELDS.get(code, {}).get(lang) or FIELDS.get(code, {}).get("en") or code
