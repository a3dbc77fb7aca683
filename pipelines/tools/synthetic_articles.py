"""Synthetic news articles (Russian and English) on trade and transport between countries, for benchmarks.

Why: throughput must be measured on article-sized texts with a realistic density of numbers, dates, names
and figures, and the corpus must be reproducible; a seeded generator gives N articles of 3–5 KB without
shipping data. The texts are labelled synthetic in their first line and are not evaluation data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

RU_COUNTRIES = [
    ("Россия", "России", "Россией"),
    ("Киргизия", "Киргизии", "Киргизией"),
    ("Казахстан", "Казахстана", "Казахстаном"),
    ("Узбекистан", "Узбекистана", "Узбекистаном"),
    ("Таджикистан", "Таджикистана", "Таджикистаном"),
    ("Армения", "Армении", "Арменией"),
    ("Белоруссия", "Белоруссии", "Белоруссией"),
    ("Китай", "Китая", "Китаем"),
    ("Турция", "Турции", "Турцией"),
    ("Монголия", "Монголии", "Монголией"),
]
EN_COUNTRIES = [
    "Russia",
    "Kyrgyzstan",
    "Kazakhstan",
    "Uzbekistan",
    "Tajikistan",
    "Armenia",
    "Belarus",
    "China",
    "Turkey",
    "Mongolia",
    "India",
    "Iran",
]
RU_MONTHS_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
RU_FILLER = [
    "Стороны обсудили вопросы гуманитарного сотрудничества и развития образовательных программ.",
    "Эксперты отмечают, что логистические цепочки в регионе продолжают перестраиваться.",
    "Переговоры прошли в конструктивной атмосфере, сообщили в пресс-службе правительства.",
    "По словам министра, в ближайшие годы планируется открыть новые пункты пропуска на границе.",
    "Делегация из {n} человек посетила индустриальный парк и встретилась с представителями бизнеса.",
    "{d} {m} {y} года в столице прошло очередное заседание межправительственной комиссии.",
    "В мероприятии приняли участие представители {n} компаний, подписано {k} соглашений.",
    "Телефон для справок: +7 (495) {a}-{b}-{c}. Подробности — на стр. {k}.",
    "Отдельно участники обсудили празднование {k}0-летия установления дипломатических отношений.",
    "Аналитики ожидают, что спрос на перевозки сохранится, несмотря на колебания курсов валют.",
]
EN_FILLER = [
    "The sides discussed cooperation in education, culture and tourism.",
    "Analysts say logistics chains in the region continue to be rebuilt.",
    "The talks were held in a constructive atmosphere, the government press office said.",
    "A delegation of {n} people visited the industrial park and met local businesses.",
    "On {m} {d}, {y}, the intergovernmental commission held its {k}th meeting.",
    "Representatives of {n} companies took part in the event and signed {k} agreements.",
    "For details call +1 (202) 555-0{a} or see page {k} of the report.",
    "The officials also marked the {k}0th anniversary of diplomatic relations.",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class SyntheticArticle:
    name: str
    lang: str
    published: date
    text: str


def _ru_num(r: random.Random, lo: float, hi: float, decimals: int = 1) -> str:
    return f"{r.uniform(lo, hi):.{decimals}f}".replace(".", ",")


def _ru_figure(r: random.Random, a, b, year: int) -> str:
    k = r.randrange(8)
    if k == 0:
        return (
            f"Товарооборот между {a[2]} и {b[2]} по итогам {year} года составил {_ru_num(r, 1, 40)} млрд "
            f"долларов, увеличившись на {_ru_num(r, 1, 30)}% к предыдущему году."
        )
    if k == 1:
        return (
            f"За {r.randint(2, 11)} месяцев {year + 1} года экспорт из {a[1]} в {b[0]} вырос на "
            f"{_ru_num(r, 1, 25)}% и достиг ${_ru_num(r, 0.2, 9)} млрд."
        )
    if k == 2:
        return (
            f"В первом полугодии {year + 1} года авиакомпании перевезли между {a[2]} и {b[2]} более "
            f"{r.randint(100, 990)} тыс. пассажиров, что на {r.randint(3, 40)}% больше, чем годом ранее."
        )
    if k == 3:
        return (
            f"Грузоперевозки между странами в {year} году сократились на {_ru_num(r, 1, 15)}% и составили "
            f"около {_ru_num(r, 1, 30)} млн тонн."
        )
    if k == 4:
        return (
            f"Импорт {a[1]} из {b[1]} в третьем квартале {year + 1} года составил {r.randint(100, 999)} млн долларов."
        )
    if k == 5:
        return f"Объем накопленных инвестиций {a[1]} в экономику {b[1]} превышает {_ru_num(r, 1, 9)} млрд долларов."
    if k == 6:
        return f"В {year} году число рейсов между странами выросло в {_ru_num(r, 1.1, 3)} раза."
    return f"В октябре {year + 1} года этот показатель прибавил еще {r.randint(2, 20)}%."


def _en_figure(r: random.Random, a: str, b: str, year: int) -> str:
    k = r.randrange(7)
    if k == 0:
        return (
            f"Trade between {a} and {b} reached ${r.uniform(1, 40):.1f} billion in {year}, up "
            f"{r.uniform(1, 30):.1f}% from a year earlier."
        )
    if k == 1:
        return (
            f"{a}'s exports to {b} rose {r.uniform(1, 25):.1f}% to ${r.uniform(0.2, 9):.1f}bn in the first "
            f"half of {year + 1}."
        )
    if k == 2:
        return f"Airlines carried more than {r.randint(100, 990):,} thousand passengers between {a} and {b} last year."
    if k == 3:
        return (
            f"Rail freight between the two countries fell {r.uniform(1, 15):.1f}% year-on-year to "
            f"{r.uniform(1, 30):.1f} million tonnes in {year}."
        )
    if k == 4:
        return f"Imports from {b} totalled about ${r.randint(100, 999)} million in the third quarter of {year + 1}."
    if k == 5:
        return f"The number of flights between {a} and {b} grew {r.uniform(1.1, 3):.1f} times in {year}."
    return f"Investment from {b} into {a} exceeded ${r.uniform(1, 9):.1f} billion."


def generate(n: int, seed: int = 20251126, min_bytes: int = 3000, max_bytes: int = 5000) -> list[SyntheticArticle]:
    """``n`` articles, alternating Russian and English, each between ``min_bytes`` and ``max_bytes`` of UTF-8."""
    r = random.Random(seed)
    out = []
    for i in range(n):
        lang = "ru" if i % 2 == 0 else "en"
        published = date(2025, 1, 1) + timedelta(days=r.randrange(365))
        year = published.year - 1
        target = r.randint(min_bytes, max_bytes)
        parts = ["Синтетическая статья для замера скорости." if lang == "ru" else "Synthetic article for benchmarking."]
        size = len(parts[0].encode())
        while True:
            if lang == "ru":
                a, b = r.sample(RU_COUNTRIES, 2)
                s = (
                    _ru_figure(r, a, b, year)
                    if r.random() < 0.45
                    else r.choice(RU_FILLER).format(
                        n=r.randint(5, 90),
                        d=r.randint(1, 28),
                        m=r.choice(RU_MONTHS_GEN),
                        y=published.year,
                        k=r.randint(2, 9),
                        a=r.randint(100, 999),
                        b=r.randint(10, 99),
                        c=r.randint(10, 99),
                    )
                )
            else:
                a, b = r.sample(EN_COUNTRIES, 2)
                s = (
                    _en_figure(r, a, b, year)
                    if r.random() < 0.45
                    else r.choice(EN_FILLER).format(
                        n=r.randint(5, 90),
                        d=r.randint(1, 28),
                        m=r.choice(EN_MONTHS),
                        y=published.year,
                        k=r.randint(2, 9),
                        a=r.randint(100, 199),
                    )
                )
            add = len(s.encode()) + 1  # at least a space; paragraph breaks add one more byte per 3 sentences
            if size + add > max_bytes - 40:
                if size >= min_bytes:
                    break
                continue  # too long to fit: draw another sentence
            parts.append(s)
            size += add
            if size >= target:
                break
        # paragraphs of three sentences
        paras = [" ".join(parts[j : j + 3]) for j in range(0, len(parts), 3)]
        out.append(SyntheticArticle(f"synthetic_{i:05d}_{lang}", lang, published, "\n\n".join(paras)))
    return out
