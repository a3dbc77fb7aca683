"""Units of the engine: numbers, periods, countries, qualifiers and bands, negatives."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract import extract_figures
from pipelines.extract.names import fold, load_names, tokenize
from pipelines.extract.numbers import parse_digits, parse_words
from pipelines.extract.periods import find_periods


# ------------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize(
    "s,lang,value,step",
    [
        ("4,1", "ru", 4.1, 0.1),
        ("13,6", "ru", 13.6, 0.1),
        ("573", "ru", 573, 1),
        ("1\u00a0254\u00a0300", "ru", 1254300, 1),
        ("2\u2009980,5", "ru", 2980.5, 0.1),
        ("1\u202f200", "ru", 1200, 1),
        ("4,250", "en", 4250, 1),
        ("1,254,300.5", "en", 1254300.5, 0.1),
        ("1.2", "en", 1.2, 0.1),
        ("0,25", "ru", 0.25, 0.01),
    ],
)
def test_parse_digits(s, lang, value, step):
    v, st = parse_digits(s, lang)
    assert v == pytest.approx(value) and st == pytest.approx(step)


@pytest.mark.parametrize(
    "s,value,step",
    [
        ("полтора", 1.5, 0.1),
        ("полутора", 1.5, 0.1),
        ("два", 2, 1),
        ("двадцать пять", 25, 1),
        ("two", 2, 1),
        ("twenty-five", 25, 1),
        ("half a", 0.5, 0.1),
        ("one and a half", 1.5, 0.1),
        ("три с половиной", 3.5, 0.1),
    ],
)
def test_parse_words(s, value, step):
    assert parse_words(s) == (pytest.approx(value), pytest.approx(step))


def test_parse_words_rejects_other_words():
    assert parse_words("соглашения") is None


def one(text, lang="ru", published=date(2025, 6, 1)):
    figs = extract_figures(text, lang, published)
    assert len(figs) == 1, [(text[f["start"] : f["end"]], f["indicator"]) for f in figs]
    return figs[0]


@pytest.mark.parametrize(
    "text,lang,value,low,high,unit",
    [
        ("Товарооборот России и Китая в 2024 году составил 4,1 млрд долларов.", "ru", 4.1e9, 4.05e9, 4.15e9, "USD"),
        ("Товарооборот России и Китая в 2024 году составил $4,1 млрд.", "ru", 4.1e9, 4.05e9, 4.15e9, "USD"),
        (
            "Экспорт России в Китай в 2024 году составил 2\u00a0980,5 млрд рублей.",
            "ru",
            2980.5e9,
            2980.45e9,
            2980.55e9,
            "RUB",
        ),
        ("Trade between China and India reached $1.2bn in 2024.", "en", 1.2e9, 1.15e9, 1.25e9, "USD"),
        ("Trade between China and India reached 1.2 bn dollars in 2024.", "en", 1.2e9, 1.15e9, 1.25e9, "USD"),
        ("Trade between China and India reached €2 trillion in 2024.", "en", 2e12, 1.5e12, 2.5e12, "EUR"),
        ("Между Россией и Киргизией перевезено 3–4 млн пассажиров.", "ru", 3.5e6, 3e6, 4e6, "passengers"),
        (
            "Между Россией и Киргизией перевезено полтора миллиона пассажиров.",
            "ru",
            1.5e6,
            1.45e6,
            1.55e6,
            "passengers",
        ),
        (
            "Airlines carried two million passengers between Russia and Turkey in 2024.",
            "en",
            2e6,
            1.5e6,
            2.5e6,
            "passengers",
        ),
        ("Грузоперевозки между Россией и Китаем составили 12,5 тыс. тонн.", "ru", 12500, 12450, 12550, "tonnes"),
    ],
)
def test_levels_and_bands(text, lang, value, low, high, unit):
    f = one(text, lang)
    assert (f["measure"], f["unit"]) == ("level", unit)
    assert f["value"] == pytest.approx(value) and f["value_low"] == pytest.approx(low)
    assert f["value_high"] == pytest.approx(high)


@pytest.mark.parametrize(
    "text,lang,qualifier,low,high",
    [
        ("Товарооборот России и Армении превысил 7 млрд долларов в 2024 году.", "ru", "more_than", 7e9, None),
        ("Товарооборот России и Армении составил более 7 млрд долларов.", "ru", "more_than", 7e9, None),
        ("Товарооборот России и Армении составил менее 7 млрд долларов.", "ru", "less_than", None, 7e9),
        ("Товарооборот России и Армении составил около 7 млрд долларов.", "ru", "about", 6.3e9, 7.7e9),
        ("Товарооборот России и Армении составил до 7 млрд долларов.", "ru", "up_to", None, 7e9),
        ("Trade between Russia and Armenia was about $7 billion.", "en", "about", 6.3e9, 7.7e9),
        ("Trade between Russia and Armenia was up to $7 billion.", "en", "up_to", None, 7e9),
        ("Trade between Russia and Armenia was less than $7 billion.", "en", "less_than", None, 7e9),
    ],
)
def test_qualifiers(text, lang, qualifier, low, high):
    f = one(text, lang)
    assert f["qualifier"] == qualifier and f["value"] == pytest.approx(7e9)
    assert f["value_low"] == (pytest.approx(low) if low else None)
    assert f["value_high"] == (pytest.approx(high) if high else None)


def test_change_down_is_negative_and_ratio():
    f = one("В 2024 году товарооборот России и Турции сократился на 8%.")
    assert (f["measure"], f["value"], f["value_low"], f["value_high"]) == ("change_pct", -8, -8.5, -7.5)
    f = one("В 2024 году товарооборот России и Турции вырос в 1,5 раза.")
    assert (f["measure"], f["unit"], f["value"]) == ("ratio", "ratio", 1.5)
    assert (f["value_low"], f["value_high"]) == (pytest.approx(1.45), pytest.approx(1.55))
    assert (f["base_period_start"], f["base_period_end"]) == ("2023-01-01", "2023-12-31")


def test_record_marks_only_its_figure():
    figs = extract_figures(
        "Товарооборот России и ОАЭ в 2024 году вырос на 5,6% и достиг рекордных 11,5 млрд долларов.",
        "ru",
        date(2025, 2, 1),
    )
    assert [(f["measure"], f["record"]) for f in figs] == [("change_pct", False), ("level", True)]


def test_decline_to_level_is_exact_not_up_to():
    figs = extract_figures("Импорт из Киргизии в Россию в 2024 году сократился на 8%, до 245 млн долларов.", "ru")
    assert [(f["measure"], f["qualifier"], f["value"]) for f in figs] == [
        ("change_pct", "exact", -8),
        ("level", "exact", 245e6),
    ]


# ------------------------------------------------------------------------------------------------ periods
def spans(sentence, lang, published=date(2025, 11, 26)):
    return [
        (p.kind, p.span and (p.span[0].isoformat(), p.span[1].isoformat()))
        for p in find_periods(sentence, lang, published)
    ]


@pytest.mark.parametrize(
    "sentence,lang,expected",
    [
        ("за 2024 год", "ru", [("period", ("2024-01-01", "2024-12-31"))]),
        ("за 10 месяцев 2025 года", "ru", [("period", ("2025-01-01", "2025-10-31"))]),
        ("за пять месяцев 2025 года", "ru", [("period", ("2025-01-01", "2025-05-31"))]),
        ("в первом полугодии 2025 года", "ru", [("period", ("2025-01-01", "2025-06-30"))]),
        ("во втором полугодии 2024 года", "ru", [("period", ("2024-07-01", "2024-12-31"))]),
        ("в III квартале 2024 года", "ru", [("period", ("2024-07-01", "2024-09-30"))]),
        ("в январе–марте 2025 года", "ru", [("period", ("2025-01-01", "2025-03-31"))]),
        ("в октябре 2025 года", "ru", [("period", ("2025-10-01", "2025-10-31"))]),
        ("в феврале", "ru", [("period", ("2025-02-01", "2025-02-28"))]),
        ("в декабре", "ru", [("period", ("2024-12-01", "2024-12-31"))]),  # after Nov 2025 publication: last year's
        ("в прошлом году", "ru", [("period", ("2024-01-01", "2024-12-31"))]),
        ("в позапрошлом году", "ru", [("period", ("2023-01-01", "2023-12-31"))]),
        ("с начала года", "ru", [("period", ("2025-01-01", "2025-12-31"))]),
        ("по сравнению с 2023 годом", "ru", [("base", ("2023-01-01", "2023-12-31"))]),
        ("превышает показатели предыдущего года", "ru", [("yoy", None)]),
        ("к предыдущему году", "ru", [("yoy", None)]),
        ("за тот же период", "ru", [("anaphor", None)]),
        ("26 ноября 2025 года", "ru", []),
        ("in the first half of 2025", "en", [("period", ("2025-01-01", "2025-06-30"))]),
        ("in Q3 2024", "en", [("period", ("2024-07-01", "2024-09-30"))]),
        ("in the first nine months of 2025", "en", [("period", ("2025-01-01", "2025-09-30"))]),
        ("in January-August 2025", "en", [("period", ("2025-01-01", "2025-08-31"))]),
        ("last year", "en", [("period", ("2024-01-01", "2024-12-31"))]),
        ("in October 2024", "en", [("period", ("2024-10-01", "2024-10-31"))]),
        ("compared with 2023", "en", [("base", ("2023-01-01", "2023-12-31"))]),
        ("year-on-year", "en", [("yoy", None)]),
        ("On March 7, 2025, the commission met", "en", []),
        ("exports may grow", "en", []),
    ],
)
def test_periods(sentence, lang, expected):
    assert spans(sentence, lang) == expected


# ------------------------------------------------------------------------------------------------ countries
def countries(text):
    names = load_names()
    toks = tokenize(text, fold(text))
    return [m.code for m in names.find_countries(text, toks, names.find_orgs(text, toks))]


@pytest.mark.parametrize(
    "text,codes",
    [
        ("между Россией и Киргизией", ["RUS", "KGZ"]),
        ("российско-киргизский товарооборот", ["RUS", "KGZ"]),
        ("с Кыргызстаном и Кыргызской Республикой", ["KGZ", "KGZ"]),
        ("the Kyrgyz Republic and Kyrgyzstan's Kyrgyz traders", ["KGZ", "KGZ", "KGZ"]),
        ("в Объединённых Арабских Эмиратах и ОАЭ", ["ARE", "ARE"]),
        ("из Соединенных Штатов Америки, США, the US and the United States", ["USA", "USA", "USA", "USA"]),
        (
            "Казахстан, Узбекистан, Таджикистан, Туркмения, Армения, Азербайджан, Белоруссия, Грузия",
            ["KAZ", "UZB", "TJK", "TKM", "ARM", "AZE", "BLR", "GEO"],
        ),
        ("Китай, Турция, Индия, Иран, Монголия, Германия", ["CHN", "TUR", "IND", "IRN", "MNG", "DEU"]),
        (
            "казахстанских, узбекских, таджикского, армянской, белорусскому, китайскими, турецкие, иранского, "
            "монгольскую, американских, немецкого",
            ["KAZ", "UZB", "TJK", "ARM", "BLR", "CHN", "TUR", "IRN", "MNG", "USA", "DEU"],
        ),
    ],
)
def test_country_resolution(text, codes):
    assert countries(text) == codes


def test_common_words_are_not_countries():
    # "того" (Togo), "us", "мире" (World), "чад": lower-case common words
    assert countries("после того как нам сказали, tell us, в мире") == []


def test_airline_names_are_not_countries():
    # the airline «Россия» and Russian Railways are organisations; Krasnoyarsk is a place in Russia (gazetteer)
    text = "рейсы «России» из Красноярска, Russian Railways"
    names = load_names()
    toks = tokenize(text, fold(text))
    found = names.find_countries(text, toks, names.find_orgs(text, toks))
    assert [(text[m.start : m.end], m.code, m.kind) for m in found] == [("Красноярска", "RUS", "place")]


def test_carried_countries_and_back_reference():
    text = (
        "Товарооборот между Россией и Киргизией в 2024 году составил $4,1 млрд. "
        "В 2025 году этот показатель прибавил еще 17%."
    )
    figs = extract_figures(text, "ru", date(2025, 11, 26))
    assert [(f["indicator"], f["measure"], f["countries"]) for f in figs] == [
        ("trade.turnover", "level", ["KGZ", "RUS"]),
        ("trade.turnover", "change_pct", ["KGZ", "RUS"]),
    ]


# ------------------------------------------------------------------------------------------------ negatives
@pytest.mark.parametrize(
    "text,lang",
    [
        ("9 мая 2025 года прошли торжества по случаю 80-летия Победы.", "ru"),
        ("За 10 месяцев 2025 года комиссия провела 12 заседаний и подписала 7 соглашений.", "ru"),
        ("Телефон горячей линии: +7 (495) 123-45-67, подробнее на стр. 12.", "ru"),
        ("Делегация из 45 человек посетила Бишкек. Министру 63 года.", "ru"),
        ("Доля России во внешней торговле Киргизии составляет 25%.", "ru"),
        ("Средняя стоимость билета составляет 25 тыс. рублей.", "ru"),
        (
            "Call +1 (202) 555-0142 or see page 7; 1,500 participants from 40 countries marked the 30th anniversary.",
            "en",
        ),
        ("The company, founded in 1998, employs 1,200 people.", "en"),
    ],
)
def test_negatives(text, lang):
    assert extract_figures(text, lang, date(2025, 6, 1)) == []


def test_empty_and_whitespace():
    assert extract_figures("", "ru") == [] and extract_figures("   \n", None) == []


def test_language_guessed_when_not_given():
    f = one("Trade between China and India reached $1.2bn in 2024.", None)
    assert f["unit"] == "USD"
