"""Each official-format parser on its synthetic sample (values, ISO codes, base units, periods),
and each malformed sample refused with an OfficialFileError that names the file and the problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from pipelines import model
from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers import comtrade, manual_csv, sdmx, spreadsheet, worldbank
from pipelines.official.periods import parse_label
from tests.helpers.corridor import SAMPLES

S = SAMPLES / "official"
OBS_COLS = [c for c in model.OBSERVATION]


def _get(df: pl.DataFrame, **key) -> dict:
    hit = df.filter(*[pl.col(k) == v for k, v in key.items()])
    assert hit.height == 1, (key, hit)
    return hit.row(0, named=True)


def _shape_ok(df: pl.DataFrame) -> None:
    assert df.columns == OBS_COLS
    assert df.schema == pl.Schema(model.OBSERVATION)
    assert df["release_id"].null_count() == df.height  # the loader fills ids
    for col in (
        "indicator",
        "reporter",
        "partner",
        "flow",
        "period_start",
        "period_end",
        "frequency",
        "value",
        "unit",
        "qualifier",
        "status",
    ):
        assert df[col].null_count() == 0, col


def test_comtrade_json_totals_only_m49_mapped_usd():
    df = comtrade.parse_json(S / "sample_comtrade_kgz_2023.json")
    _shape_ok(df)
    assert df.height == 5  # commodity, RX, C01, mode-of-transport and "areas nes" rows left out
    x = _get(df, flow="exports", partner="RUS")
    assert x["value"] == 1234567890.5 and x["indicator"] == "trade.exports" and x["reporter"] == "KGZ"
    assert (x["period_start"], x["period_end"], x["frequency"]) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "A")
    assert x["unit"] == "USD" and x["currency"] == "USD"
    assert _get(df, flow="imports", partner="WLD")["value"] == 12_100_000_000.0  # partnerCode 0
    usa = _get(df, flow="imports", partner="USA")  # Comtrade 842
    assert usa["status"] == "estimated"
    assert set(df["partner"]) == {"RUS", "WLD", "USA"}


def test_comtrade_bulk_csv_monthly_lazy():
    df = comtrade.parse_csv(S / "sample_comtrade_bulk_kaz_2024m.csv")
    _shape_ok(df)
    assert df.height == 8  # 2 months × (X RUS, M RUS, X WLD, X TWN); no-value China row skipped
    feb = _get(df, flow="exports", partner="RUS", period_start=dt.date(2024, 2, 1))
    assert feb["period_end"] == dt.date(2024, 2, 29) and feb["frequency"] == "M" and feb["value"] == 700_002_000.0
    assert "TWN" in set(df["partner"])  # 490 "Other Asia, nes"
    assert "CHN" not in set(df["partner"])  # null value is no figure, not zero


def test_sdmx_json_v1_unit_mult_and_status():
    df = sdmx.parse(S / "sample_imf_dots_kgz.json")
    _shape_ok(df)
    x22 = _get(df, flow="exports", partner="RUS", period_start=dt.date(2022, 1, 1))
    assert x22["value"] == pytest.approx(1234.56e6) and x22["reporter"] == "KGZ"
    assert _get(df, flow="exports", partner="RUS", period_start=dt.date(2023, 1, 1))["status"] == "provisional"
    assert _get(df, flow="exports", partner="WLD")["value"] == pytest.approx(3300.1e6)  # W00 → WLD
    assert df.filter(pl.col("flow") == "imports").height == 1  # the NaN observation is no figure


def test_sdmx_json_v2_quarters():
    df = sdmx.parse(S / "sample_imf_imts_kgz_sdmxjson2.json")
    q2 = _get(df, period_start=dt.date(2024, 4, 1))
    assert (q2["period_end"], q2["frequency"], q2["value"]) == (dt.date(2024, 6, 30), "Q", pytest.approx(295.75e6))
    assert (q2["reporter"], q2["partner"], q2["flow"]) == ("KGZ", "RUS", "exports")


def test_sdmx_ml_structure_specific():
    df = sdmx.parse(S / "sample_imf_imts_rus.xml")
    _shape_ok(df)
    assert df.height == 3
    m = _get(df, flow="imports")
    assert (m["reporter"], m["partner"], m["value"]) == ("RUS", "KGZ", pytest.approx(1234.5e6))
    assert _get(df, flow="exports", period_start=dt.date(2024, 4, 1))["status"] == "estimated"


def test_sdmx_ml_generic_and_csv():
    gen = sdmx.parse(S / "sample_imf_dots_kaz_generic.xml")
    jan = _get(gen, period_start=dt.date(2024, 1, 1))
    assert (jan["reporter"], jan["partner"], jan["frequency"], jan["value"]) == (
        "KAZ",
        "KGZ",
        "M",
        pytest.approx(45_678_900.0),
    )
    assert _get(gen, period_start=dt.date(2024, 2, 1))["status"] == "provisional"
    csv = sdmx.parse(S / "sample_imf_dots_uzb.csv")
    assert _get(csv, flow="imports")["value"] == pytest.approx(5.3e9)
    assert _get(csv, flow="imports")["status"] == "estimated"


def test_worldbank_passengers_scope_nulls_aggregates():
    df = worldbank.parse(S / "sample_worldbank_is_air_psgr.json")
    _shape_ok(df)
    assert set(df["reporter"]) == {"KGZ", "RUS"}  # ECS and WLD aggregates dropped
    assert df.filter(pl.col("reporter") == "KGZ").height == 1  # the null 2022 value skipped, not zero
    k = _get(df, reporter="KGZ")
    assert (k["indicator"], k["partner"], k["flow"], k["unit"], k["value"]) == (
        "transport.passengers",
        "WLD",
        "total",
        "passengers",
        1234567.0,
    )
    assert k["currency"] is None
    assert "domestic + international" in k["note"]


def test_spreadsheet_xlsx_merged_two_row_header():
    df = spreadsheet.parse(
        S / "sample_nsc_trade_by_country.xlsx", mapping=S / "sample_nsc_trade_by_country.mapping.yaml"
    )
    _shape_ok(df)
    assert set(df["reporter"]) == {"KGZ"}
    assert set(df["partner"]) == {"WLD", "RUS", "KAZ", "CHN", "USA"}  # group row skipped; names resolved
    r = _get(df, partner="RUS", flow="exports", period_start=dt.date(2023, 1, 1))
    assert r["value"] == pytest.approx(1_234_567_800.0)  # thousand USD → USD
    ytd = _get(df, partner="RUS", flow="imports", period_start=dt.date(2024, 1, 1))
    assert (ytd["period_end"], ytd["frequency"]) == (dt.date(2024, 9, 30), "YTD")
    assert ytd["value"] == pytest.approx(2_700_000_500.0)  # "2 700 000,5" as text
    assert (
        df.filter(
            (pl.col("partner") == "KAZ")
            & (pl.col("period_start") == dt.date(2023, 1, 1))
            & (pl.col("flow") == "imports")
        ).height
        == 0
    )  # "-" is no figure
    assert df.filter(pl.col("partner") == "USA").height == 3  # "…" is no figure


def test_spreadsheet_cp1251_csv():
    df = spreadsheet.parse(S / "sample_stat_trade_cp1251.csv", mapping=S / "sample_stat_trade_cp1251.mapping.yaml")
    _shape_ok(df)
    kgz = _get(df, partner="KGZ", flow="turnover", period_start=dt.date(2024, 1, 1))
    assert kgz["value"] == pytest.approx(4_100.7e6) and kgz["reporter"] == "RUS" and kgz["status"] == "provisional"
    h1 = _get(df, partner="KGZ", flow="exports", period_start=dt.date(2025, 1, 1))
    assert (h1["period_end"], h1["frequency"], h1["value"]) == (dt.date(2025, 6, 30), "YTD", pytest.approx(2_400e6))
    assert set(df["partner"]) == {"WLD", "KGZ", "BLR"}


def test_manual_csv_full_form_and_shared_form():
    df = manual_csv.parse(S / "sample_manual_figures.csv")
    _shape_ok(df)
    aero = _get(df, indicator="transport.passengers")
    assert (aero["entity"], aero["qualifier"], aero["value"], aero["unit"]) == (
        "Aeroflot Group",
        "more_than",
        573000.0,
        "passengers",
    )
    assert "published given as 2025-02" in aero["note"]
    assert _get(df, reporter="RUS", indicator="trade.turnover")["frequency"] == "Q"
    press = Path(__file__).resolve().parents[3] / "data" / "official" / "press"
    shared = manual_csv.read(press / "reported_official_figures.csv")
    assert shared.height == 4 and set(shared["status"]) == {"reported"} and shared["entity"].null_count() == 4
    undated = manual_csv.read(press / "unloaded" / "reported_undated_figures.csv")  # the old form, a bare year
    yr = _get(undated, reporter="KGZ", indicator="trade.turnover", period_start=dt.date(2024, 1, 1))
    assert yr["published_raw"] == "2025" and yr["published"] == dt.date(2025, 1, 1)
    assert yr["value"] == 3.2e9 and yr["qualifier"] == "about"


@pytest.mark.parametrize(
    "name, parse, problem",
    [
        ("malformed_comtrade_truncated.json", comtrade.parse_json, "not valid JSON"),
        ("malformed_comtrade_missing_columns.csv", comtrade.parse_csv, "missing column(s) primaryValue"),
        ("malformed_sdmx_non_numeric.xml", sdmx.parse, "non-numeric OBS_VALUE"),
        ("malformed_worldbank_unknown_country.json", worldbank.parse, "unknown country code"),
        ("malformed_manual_bad_period.csv", manual_csv.parse, "bad period"),
    ],
)
def test_malformed_files_raise_naming_file_and_problem(name, parse, problem):
    with pytest.raises(OfficialFileError) as err:
        parse(S / name)
    assert name in str(err.value) and problem in str(err.value)
    assert err.value.file.endswith(name)


def test_malformed_spreadsheet_bad_period_label():
    with pytest.raises(OfficialFileError, match=r"malformed_spreadsheet_bad_period\.csv.*bad period label '201X г\.'"):
        spreadsheet.parse(
            S / "malformed_spreadsheet_bad_period.csv", mapping=S / "malformed_spreadsheet_bad_period.mapping.yaml"
        )


def test_unknown_partner_name_is_named(tmp_path):
    import yaml

    m = yaml.safe_load((S / "sample_stat_trade_cp1251.mapping.yaml").read_text(encoding="utf-8"))
    m["partner_names"] = {}
    with pytest.raises(OfficialFileError, match="unknown country name.*Страны дальнего зарубежья"):
        spreadsheet.parse(S / "sample_stat_trade_cp1251.csv", mapping=m)


def test_unknown_m49_code_raises(tmp_path):
    text = (S / "sample_comtrade_bulk_kaz_2024m.csv").read_text(encoding="utf-8").replace(",643,RUS,", ",999,XXX,")
    p = tmp_path / "bad.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(OfficialFileError, match="unknown M49 code in partner_code.*'999'"):
        comtrade.parse_csv(p)


@pytest.mark.parametrize(
    "label, span",
    [
        ("2023", ("2023-01-01", "2023-12-31")),
        ("январь-сентябрь 2024", ("2024-01-01", "2024-09-30")),
        ("I квартал 2024", ("2024-01-01", "2024-03-31")),
        ("май 2024", ("2024-05-01", "2024-05-31")),
        ("Jan-Sep 2024", ("2024-01-01", "2024-09-30")),
        ("2024 г.", ("2024-01-01", "2024-12-31")),
        ("201X", None),
    ],
)
def test_period_labels(label, span):
    assert parse_label(label) == span


@pytest.mark.parametrize(
    "name, mult",
    [("sample_imf_dots_kgz.json", 1e6), ("sample_imf_dots_kaz_generic.xml", 1e3), ("sample_imf_imts_rus.xml", 1e6)],
)
def test_sdmx_samples_agree_with_sdmx1(name, mult):
    """The samples are real SDMX: the sdmx1 library reads the same values our reader does."""
    import warnings

    import sdmx as sdmx1

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sdmx1.to_pandas(sdmx1.read_sdmx(S / name).data[0]).dropna()
    ours = sdmx.parse(S / name)
    assert sorted(v * mult for v in theirs.tolist()) == pytest.approx(sorted(ours["value"].to_list()))


def test_sdmx_drop_areas(tmp_path):
    text = (S / "sample_imf_dots_uzb.csv").read_text(encoding="utf-8") + "IMF:DOT(1.0),A,U2,TXG_FOB_USD,RU,2023,9,6,\n"
    p = tmp_path / "with_group.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(OfficialFileError, match="unknown country code in REF_AREA.*'U2'"):
        sdmx.parse(p)
    assert sdmx.parse(p, drop_areas=["U2"]).height == 2


def test_sdmx_dimension_names_of_other_publishers(tmp_path):
    """REPORTER/PARTNER (WITS, OECD-style) read as REF_AREA/COUNTERPART_AREA; params.dimensions renames any other."""
    p = tmp_path / "wits.csv"
    p.write_text(
        "REPORTER,PARTNER,INDICATOR,FREQ,TIME_PERIOD,OBS_VALUE\nKG,RU,TXG_FOB_USD,A,2023,100\n", encoding="utf-8"
    )
    x = sdmx.parse(p).row(0, named=True)
    assert (x["reporter"], x["partner"], x["flow"], x["value"]) == ("KGZ", "RUS", "exports", 100.0)
    p.write_text("LOCATION,CPT,MEASURE,TIME,OBS_VALUE\nKAZ,RUS,TMG_CIF_USD,2022,7\n", encoding="utf-8")
    y = sdmx.parse(p, dimensions={"LOCATION": "REF_AREA", "CPT": "COUNTERPART_AREA", "MEASURE": "INDICATOR"})
    assert y.select("reporter", "partner", "flow", "value").row(0) == ("KAZ", "RUS", "imports", 7.0)
    with pytest.raises(OfficialFileError, match="not trade by partner: missing dimension"):
        sdmx.parse(p)
