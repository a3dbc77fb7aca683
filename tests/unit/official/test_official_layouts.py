"""Table layouts as configuration (pipelines.official.parsers.spreadsheet), each on a small SYNTHETIC table
built here with xlsxwriter (or as CSV text), and the legacy .xls on a real table of ../shared (skipped
where absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers import spreadsheet
from pipelines.official.periods import parse_label
from pipelines.tools.national_tables import shared_dir

_SHARED = shared_dir()


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None:
                    ws.write(i, j, v)
    wb.close()
    return path


def _one(df: pl.DataFrame, **key) -> dict:
    hit = df.filter(*[pl.col(k) == v for k, v in key.items()])
    assert hit.height == 1, (key, hit)
    return hit.row(0, named=True)


YEARS = [
    ["Таблица 1. Экспорт (тыс. долларов США)"],
    [None, "Наименование", 2021, 2022, "2023 1", "Примечание"],
    ["Бардыгы", "Всего 2", 300, 330, 360.5, None],
    ["КМШ", "СНГ", 100, 110, 120, None],
    [None, "Россия", 50, 55, 60, None],
    [None, "Китaй", 20, "-", 25, None],  # a Latin "a" inside the Cyrillic name
]
YEARS_MAP = {
    "reader": "xlsx",
    "header_rows": [2],
    "partner_column": "B",
    "reporter": "KGZ",
    "unit": "USD",
    "multiplier": 1000,
    "flow": "exports",
    "footnotes": {"1": "provisional"},
    "value_columns": {"period_level": 0},
}


def test_years_as_columns_by_rule_footnote_is_a_status_never_a_month(tmp_path):
    df = spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"T": YEARS}), mapping=YEARS_MAP)
    assert set(df["frequency"]) == {"A"}  # "2023 1" is 2023 (footnote 1), not January 2023
    assert df.filter(pl.col("period_start") == dt.date(2023, 1, 1))["period_end"].unique().to_list() == [
        dt.date(2023, 12, 31)
    ]
    assert set(df.filter(pl.col("period_start").dt.year() == 2023)["status"]) == {"provisional"}
    assert set(df.filter(pl.col("period_start").dt.year() < 2023)["status"]) == {"reported"}
    total = _one(df, partner="WLD", period_start=dt.date(2023, 1, 1))  # "Всего 2": the total, footnote 2
    assert total["value"] == pytest.approx(360_500.0)
    assert set(df["partner"]) == {"WLD", "RUS", "CHN"}  # "СНГ" is a group (area_groups.csv): left out
    assert df.filter(pl.col("partner") == "CHN").height == 2  # "-" is no figure
    assert df["flow"].unique().to_list() == ["exports"] and df["indicator"].unique().to_list() == ["trade.exports"]


def test_a_footnote_the_mapping_does_not_explain_is_refused(tmp_path):
    m = {**YEARS_MAP, "footnotes": {}}
    with pytest.raises(OfficialFileError, match=r"header '2023 1' carries footnote '1'.*footnotes"):
        spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"T": YEARS}), mapping=m)


def test_status_per_column(tmp_path):
    m = {**YEARS_MAP, "column_status": {"2022": "estimated"}}
    df = spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"T": YEARS}), mapping=m)
    by_year = dict(df.group_by(pl.col("period_start").dt.year()).agg(pl.col("status").unique().first()).iter_rows())
    assert by_year == {2021: "reported", 2022: "estimated", 2023: "provisional"}


@pytest.mark.parametrize(
    "label, span",
    [
        ("2023 1", None),
        ("2024-01", ("2024-01-01", "2024-01-31")),
        ("2024Q2", ("2024-04-01", "2024-06-30")),
        ("за январь-декабрь 2019", ("2019-01-01", "2019-12-31")),
    ],
)
def test_period_label_footnote_digit_is_not_a_month(label, span):
    got = parse_label(label.removeprefix("за "))
    assert got == span
    assert spreadsheet.split_footnote("2023 1") == ("2023", "1")
    assert spreadsheet.split_footnote("2023¹") == ("2023", "1")
    assert spreadsheet.split_footnote("2024-01") == ("2024-01", None)


def test_all_unknown_names_in_one_refusal(tmp_path):
    rows = YEARS[:2] + [[None, f"Страна-{i}", 1, 2, 3, None] for i in range(7)]
    with pytest.raises(OfficialFileError) as err:
        spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"T": rows}), mapping=YEARS_MAP)
    msg = str(err.value)
    assert "7 unknown country name(s)" in msg and all(f"Страна-{i}" in msg for i in range(7))
    assert "row 3" in msg and "row 9" in msg and "\n" not in msg


def test_flows_in_row_blocks_each_block_row_is_its_total(tmp_path):
    rows = [
        ["Основные показатели"],
        [None, 2021],
        ["Экспорт ", 500],
        [" со странами СНГ", 60],
        ["Казахстан", 18],
        ["Киргизия", 2.1],
        ["Импорт", 300],
        [" со странами СНГ", 30],
        ["Казахстан", 7],
        ["Киргизия", 0.3],
    ]
    m = {
        "reader": "xlsx",
        "sheets": ["2021"],
        "header_rows": [2],
        "partner_column": "A",
        "reporter": "RUS",
        "unit": "USD",
        "multiplier": 1e6,
        "flow_blocks": {"^экспорт": "exports", "^импорт": "imports"},
        "skip_rows": ["^со странами"],
        "value_columns": {"period_level": 0},
    }
    df = spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"2021": rows}), mapping=m)
    assert df.height == 6  # the same partners twice, once per block: no "states one figure twice"
    assert _one(df, partner="KGZ", flow="exports")["value"] == pytest.approx(2.1e6)
    assert _one(df, partner="KGZ", flow="imports")["value"] == pytest.approx(0.3e6)
    assert _one(df, partner="WLD", flow="imports")["value"] == pytest.approx(300e6)


def test_partners_as_columns_months_as_rows(tmp_path):
    def sheet(k):
        return [
            ["Экспорт в основные страны"],
            [None, "Китaй", "Казахстан", "Узбекистан"],
            [2023, None, None, None],
            ["  январь", 1 * k, 2 * k, 3 * k],
            ["  февраль", 4 * k, 5 * k, None],
            [2024, None, None, None],
            ["  январь", 7 * k, 8 * k, 9 * k],
        ]

    m = {
        "layout": "partners_as_columns",
        "reader": "xlsx",
        "sheets": {"Экспорт": "exports", "Импорт": "imports"},
        "partner_row": 2,
        "period_column": "A",
        "reporter": "RUS",
        "unit": "USD",
        "multiplier": 1e6,
    }
    df = spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"Экспорт": sheet(1), "Импорт": sheet(10)}), mapping=m)
    assert df.height == 16 and set(df["frequency"]) == {"M"}
    feb = _one(df, partner="KAZ", flow="exports", period_start=dt.date(2023, 2, 1))
    assert feb["period_end"] == dt.date(2023, 2, 28) and feb["value"] == pytest.approx(5e6)
    assert _one(df, partner="UZB", flow="imports", period_start=dt.date(2024, 1, 1))["value"] == pytest.approx(90e6)
    assert set(df["partner"]) == {"CHN", "KAZ", "UZB"}


def test_growth_rate_and_share_columns_are_ignored_not_refused(tmp_path):
    rows = [
        ["По группам стран"],
        [None, "Экспорт", "Экспорт", "Экспорт"],
        [None, "январь-апрель 2023", "январь-апрель 2024", "темп роста, %"],
        ["Весь мир", 135.5, 135.1, 99.7],
        ["в том числе:", 0, 0, None],
        ["ЕВРОПА", 30.1, 20.2, 67.1],
    ]
    m = {
        "reader": "xlsx",
        "header_rows": [2, 3],
        "partner_column": "A",
        "reporter": "RUS",
        "unit": "USD",
        "multiplier": 1e9,
        "partner_names": {"Весь мир": "WLD"},
        "skip_rows": ["^в том числе"],
        "value_columns": {"flow_level": 0, "period_level": 1, "flows": {"экспорт": "exports"}},
    }
    df = spreadsheet.parse(_xlsx(tmp_path / "t.xlsx", {"1": rows}), mapping=m)
    assert df.height == 2 and set(df["partner"]) == {"WLD"} and set(df["frequency"]) == {"YTD"}


def test_country_code_column_is_the_partner_key(tmp_path):
    text = (
        "\ufeffCode,Klassifikator_ru,2022,2023\n643,Российская Федерация (как в файле),10.5,11\n"
        "008,Албания,0.1,0.0\n0,Другие страны,5,6\n398,Казахстан,1,2\n"
    )
    p = tmp_path / "uz.csv"
    p.write_text(text, encoding="utf-8")
    m = {
        "reader": "csv",
        "separator": ",",
        "header_rows": [1],
        "partner_column": "Klassifikator_ru",
        "partner_code_column": "Code",
        "partner_code": "m49",
        "reporter": "UZB",
        "unit": "USD",
        "multiplier": 1000,
        "flow": "exports",
        "value_columns": {"period_level": 0},
    }
    df = spreadsheet.parse(p, mapping=m)
    assert set(df["partner"]) == {"RUS", "ALB", "KAZ"}  # by code: the name need not be known; "Другие страны" a group
    assert _one(df, partner="RUS", period_start=dt.date(2022, 1, 1))["value"] == pytest.approx(10_500.0)
    p.write_text(text + "999,Нигде,1,1\n998,Тоже нигде,1,1\n", encoding="utf-8")
    with pytest.raises(OfficialFileError, match=r"2 unknown country code\(s\): '999 Нигде.*'998 Тоже нигде"):
        spreadsheet.parse(p, mapping=m)


@pytest.mark.skipif(
    _SHARED is None or not (_SHARED / "data" / "national" / "kazakhstan").is_dir(),
    reason="../shared/data/national/kazakhstan is absent (real tables are not shipped)",
)
def test_legacy_xls_reads_with_its_merged_header():
    from pipelines.official.refdata import MAPPINGS_DIR

    path = _SHARED / "data" / "national" / "kazakhstan" / "osnovnye_pokazateli_vneshnei_torgovli_po_stranam_2023.xls"
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # BIFF (OLE), not a zip
    df = spreadsheet.parse(path, mapping=MAPPINGS_DIR / "national" / "kz_bns_trade_by_country_2023.mapping.yaml")
    assert set(df["flow"]) == {"exports", "imports", "turnover"}  # the share (%) columns left out
    x = _one(df, partner="WLD", flow="exports", period_start=dt.date(2023, 1, 1))
    assert x["value"] == pytest.approx(79_138_754.67736 * 1000)
    assert set(df["period_start"].dt.year()) == {2022, 2023}  # both year sheets, period from the sheet name


def test_long_layout_year_total_covers_the_months_on_file(tmp_path):
    text = (
        "country,export,import_consigment,import_origin,timeperiod,year\n"
        "Russian Federation,10,99,9,1,2022\nRussian Federation,20,99,8,2,2022\n"
        "Russian Federation,30,99,17,Year,2022\n\nGeorgia,-,99,1.5,1,2022\n"
        "Russian Federation,5,99,4,1,2023\nRussian Federation,5,99,4,Year,2023\n"
    )
    p = tmp_path / "am.csv"
    p.write_text(text, encoding="utf-8")
    m = {
        "layout": "long",
        "reader": "csv",
        "separator": ",",
        "header_rows": [1],
        "partner_column": "country",
        "year_column": "year",
        "period_column": "timeperiod",
        "year_total_label": "Year",
        "flow_columns": {"export": "exports", "import_origin": "imports"},
        "reporter": "ARM",
        "unit": "USD",
        "multiplier": 1000,
    }
    df = spreadsheet.parse(p, mapping=m)
    total = _one(df, partner="RUS", flow="exports", period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 2, 28))
    assert total["value"] == pytest.approx(30_000.0) and total["frequency"] == "YTD"  # "Year" of Jan-Feb only
    jan23 = df.filter((pl.col("period_start") == dt.date(2023, 1, 1)) & (pl.col("flow") == "exports"))
    assert jan23["period_end"].to_list() == [dt.date(2023, 1, 31)]  # the 2023 "Year" row is January again: once
    assert df.filter(pl.col("partner") == "GEO")["flow"].to_list() == ["imports"]  # "-" is no figure
    assert 99_000.0 not in df["value"].to_list()  # imports by consignment are not read
