"""Short realistic documents in the six official languages, for each template.

The texts are ours (not copied from UN documents). Fields are filled the way a user
would: the session and agenda item often left in the English of the help example or
typed as a number, dates as ISO dates, and the meeting paper's organizer lines, venue and
title footnote left at the English defaults the app stores when a file is created.
"""

from __future__ import annotations

from typing import Any

from app.core.document.model import Document, Section
from app.core.document.templates import default_fields, load_template

TEMPLATES = ("meeting-paper", "agency-input", "sg-report")
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "International migration and development",
        "entity": "Office of the High Commissioner for Human Rights",
        "meeting": "Eleventh Coordination Meeting on International Migration",
        "dates": "21-22 February 2013",
        "item_title": "Globalization and interdependence",
        "headings": ("Introduction", "Activities of the Office", "Policies", "Training",
                     "Regional workshops", "Online courses", "Conclusions"),
        "paragraphs": (
            "International migration is a driver of sustainable development: it links "
            "countries of origin, transit and destination. In 2013 there were 232 million "
            "international migrants, or 3.2 per cent of the world population.",
            "Which policies should come first? Member States stressed the need to "
            "\u201cprotect the rights of all migrants\u201d and to lower the cost of "
            "remittances, which still exceeds 9 per cent of the amount sent.",
        ),
        "summary": "The present report reviews the contributions of the United Nations "
                   "system to the High-level Dialogue.",
    },
    "fr": {
        "title": "Migrations internationales et développement",
        "entity": "Haut-Commissariat des Nations Unies aux droits de l’homme",
        "meeting": "Onzième Réunion de coordination sur les migrations internationales",
        "dates": "21-22 février 2013",
        "item_title": "Mondialisation et interdépendance",
        "headings": ("Introduction", "Activités du Haut-Commissariat", "Politiques",
                     "Formation", "Ateliers régionaux", "Cours en ligne", "Conclusions"),
        "paragraphs": (
            "Les migrations internationales sont un moteur du développement durable : elles "
            "relient les pays d’origine, de transit et de destination. En 2013, on comptait "
            "232 000 000 de migrants internationaux, soit 3,2 % de la population mondiale ; "
            "près de 48 % d’entre eux étaient des femmes.",
            "Quelles politiques faut-il privilégier? Les États Membres ont souligné la "
            "nécessité de «protéger les droits de tous les migrants» et de réduire le coût "
            "des envois de fonds, qui dépasse encore 9 % pour 1 000 dollars transférés ; "
            "ils ont aussi demandé : comment mesurer les progrès accomplis ?",
            "Le Haut-Commissariat a organisé 1 250 séances de formation : ateliers "
            "régionaux, cours en ligne et missions consultatives ; il a publié des "
            "directives sur les « frontières respectueuses des droits de l’homme » et sur "
            "la détention des enfants migrants, qui doit cesser!",
            "Les participants ont posé trois questions : quels droits ? quelles garanties ? "
            "quels recours ? Ils ont cité « le droit de circuler », « le droit au travail » "
            "et « le droit à la santé » ; ils ont relevé que 12 % des migrants, soit "
            "1 200 000 personnes, sont sans papiers ; une délégation a demandé : que faire ? "
            "Une autre a répondu : agir ! Les taux cités (3,1 % ; 4,5 % ; 7 %) montrent "
            "l’ampleur du défi ; « personne ne doit être laissé de côté » ; c’est l’objectif.",
        ),
        "summary": "Le présent rapport passe en revue les contributions du système des "
                   "Nations Unies au Dialogue de haut niveau : 14 entités y ont participé.",
    },
    "es": {
        "title": "Migración internacional y desarrollo",
        "entity": "Oficina del Alto Comisionado de las Naciones Unidas para los Derechos "
                  "Humanos",
        "meeting": "Undécima Reunión de Coordinación sobre la Migración Internacional",
        "dates": "21 y 22 de febrero de 2013",
        "item_title": "Globalización e interdependencia",
        "headings": ("Introducción", "Actividades de la Oficina", "Políticas",
                     "Capacitación", "Talleres regionales", "Cursos en línea",
                     "Conclusiones"),
        "paragraphs": (
            "La migración internacional es un motor del desarrollo sostenible: vincula a "
            "los países de origen, tránsito y destino. En 2013 había 232 000 000 de "
            "migrantes internacionales, el 3,2 % de la población mundial.",
            "¿Qué políticas deben priorizarse? Los Estados Miembros subrayaron la necesidad "
            "de «proteger los derechos de todos los migrantes» y de reducir el costo de las "
            "remesas, que aún supera el 9 % por cada 1 000 dólares enviados.",
        ),
        "summary": "En el presente informe se examinan las contribuciones del sistema de "
                   "las Naciones Unidas al Diálogo de Alto Nivel.",
    },
    "ru": {
        "title": "Международная миграция и развитие",
        "entity": "Управление Верховного комиссара Организации Объединенных Наций по "
                  "правам человека",
        "meeting": "Одиннадцатое координационное совещание по международной миграции",
        "dates": "21–22 февраля 2013 года",
        "item_title": "Глобализация и взаимозависимость",
        "headings": ("Введение", "Деятельность Управления", "Политика", "Подготовка кадров",
                     "Региональные семинары", "Онлайн-курсы", "Выводы"),
        "paragraphs": (
            "Международная миграция является движущей силой устойчивого развития: она "
            "связывает страны происхождения, транзита и назначения. В 2013 году в мире "
            "насчитывалось 232 миллиона международных мигрантов, или 3,2 процента "
            "населения мира.",
            "Государства-члены подчеркнули необходимость защиты прав всех мигрантов и "
            "снижения стоимости денежных переводов, которая все еще превышает 9 процентов.",
        ),
        "summary": "В настоящем докладе рассматривается вклад системы Организации "
                   "Объединенных Наций в диалог на высоком уровне.",
    },
    "ar": {
        "title": "الهجرة الدولية والتنمية",
        "entity": "مفوضية الأمم المتحدة السامية لحقوق الإنسان",
        "meeting": "الاجتماع التنسيقي الحادي عشر بشأن الهجرة الدولية",
        "dates": "21-22 شباط/فبراير 2013",
        "item_title": "العولمة والترابط",
        "headings": ("مقدمة", "أنشطة المفوضية", "السياسات", "التدريب",
                     "حلقات العمل الإقليمية", "الدورات الإلكترونية", "الاستنتاجات"),
        "paragraphs": (
            "تعد الهجرة الدولية محركا للتنمية المستدامة، فهي تربط بلدان المنشأ والعبور "
            "والمقصد. وفي عام 2013، بلغ عدد المهاجرين الدوليين 232 مليون شخص، أي 3.2 في "
            "المائة من سكان العالم.",
            "وأكدت الدول الأعضاء ضرورة حماية حقوق جميع المهاجرين وخفض تكاليف التحويلات "
            "المالية التي لا تزال تتجاوز 9 في المائة.",
        ),
        "summary": "يستعرض هذا التقرير مساهمات منظومة الأمم المتحدة في الحوار الرفيع "
                   "المستوى.",
    },
    "zh": {
        "title": "国际移徙与发展",
        "entity": "联合国人权事务高级专员办事处",
        "meeting": "第十一次国际移徙问题协调会议",
        "dates": "2013年2月21日至22日",
        "item_title": "全球化与相互依存",
        "headings": ("导言", "办事处的活动", "政策", "培训", "区域讲习班", "在线课程", "结论"),
        "paragraphs": (
            "国际移徙是可持续发展的推动力，它将原籍国、过境国和目的地国联系在一起。"
            "2013年，全世界有2.32亿国际移民，占世界人口的3.2%。",
            "会员国强调必须保护所有移民的权利，并降低仍超过9%的汇款费用。",
        ),
        "summary": "本报告审查联合国系统对高级别对话的贡献。",
    },
}
JOB_LETTER = {"en": "E", "fr": "F", "es": "S", "ru": "R", "ar": "A", "zh": "C"}


def _sections(words: dict[str, Any]) -> list[Section]:
    """Return two chapters; the first has A. > 1. > (a), (b) under it, one footnote."""
    heads = words["headings"]
    first, second, *more = words["paragraphs"]
    note = f'<span class="footnote">{words["item_title"]}.</span>'
    body = f"<p>{first}{note}</p><p>{second}</p>" + "".join(f"<p>{p}</p>" for p in more)
    return [
        Section(id="c1", heading=heads[0], body=body),
        Section(id="c2", heading=heads[1], body=f"<p>{second}</p>", children=[
            Section(id="a", heading=heads[2], body=f"<p>{first}</p>", children=[
                Section(id="a1", heading=heads[3], body=f"<p>{second}</p>", children=[
                    Section(id="x", heading=heads[4], body=f"<p>{first}</p>"),
                    Section(id="y", heading=heads[5], body=f"<p>{second}</p>"),
                ]),
            ]),
            Section(id="b", heading=heads[6], body=f"<p>{first} {second}</p>"),
        ]),
    ]


def _fields(template: str, language: str, words: dict[str, Any]) -> dict[str, Any]:
    """Return the fields a user of that language would have, starting from the defaults."""
    fields = default_fields(load_template(template))  # what a new file stores: English
    if template == "meeting-paper":
        fields.update(meeting=words["meeting"], dates=words["dates"], author=words["entity"],
                      symbol="UN/POP/MIG-11CM/2013/3")
    elif template == "agency-input":
        fields.update(entity=words["entity"], report_title=words["title"],
                      mandate="A/RES/67/219", symbol="A/68/190", session="68",
                      agenda_item="21 (e)", date="2013-07-25")
    else:
        fields.update(symbol="A/68/190", date="2013-07-25", session="Sixty-eighth session",
                      agenda_item="Item 21 (e) of the provisional agenda",
                      agenda_symbol="A/68/150", item_title=words["item_title"],
                      summary=words["summary"],
                      job_number=f"13-40848 ({JOB_LETTER[language]})")
    return fields


def sample(template: str, language: str) -> Document:
    """Return the sample document of a template in a language."""
    words = TEXT[language]
    return Document(id=f"{template}-{language}", title=words["title"], template=template,
                    language=language, fields=_fields(template, language, words),
                    sections=_sections(words))
