"""Numbers as journalists write them: decimal comma, grouped digits, scale words, number words.

Why its own module: the same parsing serves the figure grammar, the period grammar ("пять месяцев") and the
tests, and the precision of a stated number (the value of its last written digit) is what the bands of
exact figures are built from.
"""

from __future__ import annotations

import re

GROUP_SPACES = " \u00a0\u202f\u2009"
_SPACES_RE = re.compile(f"[{GROUP_SPACES}]")

SCALES = {
    "тыс": 1e3,
    "тысяча": 1e3,
    "тысячи": 1e3,
    "тысяч": 1e3,
    "тысячу": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
    "трлн": 1e12,
    "триллион": 1e12,
    "триллиона": 1e12,
    "триллионов": 1e12,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trln": 1e12,
}

# number words: value and the precision they state (полтора = 1.5 → tenths)
_RU_UNITS = {
    "ноль": 0,
    "один": 1,
    "одна": 1,
    "одно": 1,
    "одного": 1,
    "одной": 1,
    "одну": 1,
    "два": 2,
    "две": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "одиннадцать": 11,
    "одиннадцати": 11,
    "двенадцать": 12,
    "двенадцати": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "двадцати": 20,
    "тридцать": 30,
    "тридцати": 30,
    "сорок": 40,
    "сорока": 40,
    "пятьдесят": 50,
    "пятидесяти": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "ста": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
_RU_HALF = {"полтора": 1.5, "полторы": 1.5, "полутора": 1.5}
_EN_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
NUMBER_WORDS = {**_RU_UNITS, **_RU_HALF, **_EN_UNITS}
_WORD_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
# one or more number words ("двадцать пять", "twenty-five", "one and a half", "half a")
WORDS_PATTERN = (
    rf"(?:half\s+a|(?:{_WORD_ALT})(?:(?:\s+|-)(?:{_WORD_ALT}))*"
    r"(?:[\s-]+and[\s-]+a[\s-]+half|\s+с\s+половиной)?)"
)
_WORDS_RE = re.compile(rf"^{WORDS_PATTERN}$", re.I)


def parse_digits(s: str, lang: str = "ru") -> tuple[float, float]:
    """'4,1' → (4.1, 0.1); '1 254 300' → (1254300, 1); en '4,250' → (4250, 1). Returns (value, step of last digit)."""
    s = _SPACES_RE.sub("", s.strip())
    if lang == "en" and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    s = s.replace(",", ".")
    if s.count(".") > 1:  # 1.200.000: dots as group separators
        s = s.replace(".", "")
    if "." in s:
        decimals = len(s.split(".")[1])
        return float(s), 10.0**-decimals
    return float(s), 1.0


def parse_words(s: str) -> tuple[float, float] | None:
    """'полтора' → (1.5, 0.1); 'двадцать пять' → (25, 1); 'two' → (2, 1); 'half a' → (0.5, 0.1)."""
    t = " ".join(s.lower().replace("-", " ").split())
    if not _WORDS_RE.match(t):
        return None
    if t == "half a":
        return 0.5, 0.1
    half = t.endswith((" and a half", " с половиной"))
    if half:
        t = t.rsplit(" ", 3 if t.endswith(" and a half") else 2)[0]
    total, step = 0.0, 1.0
    for w in t.split():
        if w in _RU_HALF:
            total += _RU_HALF[w]
            step = 0.1
        elif w == "hundred":
            total = (total or 1) * 100
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
        else:
            return None
    if half:
        total += 0.5
        step = 0.1
    return total, step


def scale_of(word: str) -> float | None:
    return SCALES.get(word.lower().rstrip("."))
