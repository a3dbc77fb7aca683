"""The bad-input corpus: generated cases, each with the outcome it must have.

Article cases go into ``data/articles/``; official cases into the provider folder ``faults`` of
``data/official/``, each file beside a manifest (made with the real manifest writer, so only the
case that is about a wrong sha256 has one). Outcomes:
- ``refused``: a quarantine row for the input (dataset article/official_file) whose reason says why;
- ``quarantined``: the input loads, but named rows of it are in quarantine with their reason;
- ``accepted``: the input loads whole (odd but valid input read correctly).
"""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.official.manifest import write_manifest

PROVIDER = "faults"
# Figures of the fault suite (integration/test_faults.py, integration/test_crash.py), printed at the end of the run.
FAULT_STATS = {"tried": 0, "refused_with_reason": 0, "crashes_survived": 0, "rows_lost": 0}
RU = "Товарооборот между Россией и Таджикистаном в 2024 году составил 1,6 млрд долларов."
INJECTION = "'); drop table claim; --"


@dataclass
class Case:
    name: str
    kind: str  # article | official
    expect: str  # refused | quarantined | accepted
    reason: str = ""  # a word the refusal or quarantine reason must contain
    make: Callable[[Path], str] = None  # writes the input under the data folder, returns its input name
    good_rows: int = 0  # official: observations that must load from it
    claims_min: int = 0  # article: figures that must be extracted from it
    extra: dict = field(default_factory=dict)


def _article(name: str, data: bytes | str, sidecar: dict | None = None, sidecar_raw: str | None = None):
    def make(root: Path) -> str:
        path = root / "articles" / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if sidecar is not None:
            path.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
        if sidecar_raw is not None:
            path.with_suffix(".json").write_text(sidecar_raw, encoding="utf-8")
        return name

    return make


MANUAL_HEADER = (
    "indicator,reporter,partner,flow,period_start,period_end,value,unit,qualifier,status,entity,"
    "official_source,reported_by,url,page,published,retrieved,note"
)


def manual_row(
    value="1600000000",
    reporter="TJK",
    partner="RUS",
    period=("2024-01-01", "2024-12-31"),
    indicator="trade.turnover",
    flow="turnover",
    note="fault corpus",
    url="https://example.org/faults",
    published="2025-02-01",
):
    return (
        f"{indicator},{reporter},{partner},{flow},{period[0]},{period[1]},{value},USD,exact,reported,,"
        f'Synthetic statistics office,fault corpus,{url},p. 1,{published},2026-11-24,"{note}"'
    )


def _official(
    name: str,
    fmt: str,
    data: bytes | str,
    *,
    manifest: bool = True,
    corrupt_sha: bool = False,
    manifest_raw: str | None = None,
    published: str = "2025-02-01",
    **manifest_extra,
):
    def make(root: Path) -> str:
        folder = root / "official" / PROVIDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if manifest_raw is not None:
            path.with_name(path.name + ".manifest.yaml").write_text(manifest_raw, encoding="utf-8")
        elif manifest:
            mpath = write_manifest(
                path,
                provider=PROVIDER,
                dataset=Path(name).stem,
                title=f"fault case {name}",
                publisher="Synthetic statistics office (fault corpus)",
                fmt=fmt,
                url="https://example.org/faults",
                licence="synthetic test data",
                published=published,
                retrieved="2026-11-24",
                **manifest_extra,
            )
            if corrupt_sha:
                doc = mpath.read_text(encoding="utf-8")
                mpath.write_text(re.sub(r"sha256: \w+", "sha256: " + "ab" * 32, doc), encoding="utf-8")
        return f"{PROVIDER}/{name}"

    return make


def csv_text(*rows: str, header: str = MANUAL_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _comtrade_json(records: list[dict]) -> str:
    return json.dumps({"elapsedTime": "0.1 secs", "count": len(records), "data": records, "error": ""})


def _comtrade_record(**over) -> dict:
    rec = {
        "typeCode": "C",
        "freqCode": "A",
        "refPeriodId": 20230101,
        "refYear": 2023,
        "refMonth": 52,
        "period": "2023",
        "reporterCode": 417,
        "reporterISO": "KGZ",
        "flowCode": "M",
        "flowDesc": "Import",
        "partnerCode": 643,
        "partnerISO": "RUS",
        "partner2Code": 0,
        "cmdCode": "TOTAL",
        "customsCode": "C00",
        "motCode": 0,
        "primaryValue": 2500000000.0,
        "isReported": True,
        "isAggregate": True,
    }
    rec.update(over)
    return rec


def _xlsx_merged_header() -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("trade")
    ws.merge_range(0, 1, 0, 2, "2023")
    ws.merge_range(0, 3, 0, 4, "2024")
    ws.write_row(1, 0, ["Страна", "Экспорт", "Импорт", "Экспорт", "Импорт"])
    ws.write_row(2, 0, ["Россия", 400100.5, 2500200.7, 450300.2, 2700400.9])
    ws.write_row(3, 0, ["Казахстан", 300000.0, 800000.0, 310000.0, 820000.0])
    wb.close()
    return buf.getvalue()


XLSX_MAPPING = """\
reader: xlsx
sheet: trade
header_rows: [1, 2]
data_start_row: 3
partner_column: A
reporter: KGZ
unit: USD
multiplier: 1000
value_columns:
  period_level: 0
  flow_level: 1
  flows: {экспорт: exports, импорт: imports}
"""


def _spreadsheet(name: str, data: bytes, mapping: str, **kw):
    inner = _official(name, "spreadsheet", data, mapping=name + ".mapping.yaml", **kw)

    def make(root: Path) -> str:
        folder = root / "official" / PROVIDER
        folder.mkdir(parents=True, exist_ok=True)
        (folder / (name + ".mapping.yaml")).write_text(mapping, encoding="utf-8")
        return inner(root)

    return make


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


BIG = ("Абзац без цифр о переговорах. " * 40 + "\n") * 1500  # ~ 2.6 MB of text with no figures

ARTICLE_CASES = [
    Case("empty article", "article", "refused", "empty file", _article("f_empty.txt", b"")),
    Case(
        "binary article", "article", "refused", "binary", _article("f_binary.txt", b"\x00\x01" + _random_bytes(4000, 1))
    ),
    Case(
        "50 MB article",
        "article",
        "refused",
        "limit",
        _article("f_huge.txt", ("Товарооборот вырос. " * 2_700_000).encode("utf-8")[: 50 * 1024 * 1024]),
    ),
    Case("cp1251 article", "article", "accepted", make=_article("f_cp1251.txt", RU.encode("cp1251")), claims_min=1),
    Case("UTF-16 article", "article", "accepted", make=_article("f_utf16.txt", RU.encode("utf-16")), claims_min=1),
    Case("UTF-8 with BOM", "article", "accepted", make=_article("f_bom.txt", RU.encode("utf-8-sig")), claims_min=1),
    Case(
        "HTML with scripts",
        "article",
        "accepted",
        make=_article(
            "f_script.html",
            "<html><head><title>Т</title><script>var s='Товарооборот между Россией и "
            "Китаем составил 999 млрд долларов';</script></head><body><p>" + RU + "</p></body></html>",
        ),
        claims_min=1,
        extra={"not_value": 999e9},
    ),
    Case(
        "mojibake (cp1251)",
        "article",
        "accepted",
        make=_article("f_mojibake.txt", RU.encode("utf-8").decode("cp1251").encode("utf-8")),
        claims_min=1,
    ),
    Case(
        "mojibake beyond repair",
        "article",
        "refused",
        "mojibake",
        _article("f_mojibake_bad.txt", (RU.encode("utf-8").decode("cp1251") + " Р" * 40).encode("utf-8")),
    ),
    Case(
        "no figures",
        "article",
        "accepted",
        make=_article("f_nofigures.txt", "Президенты обсудили культурное сотрудничество и образование."),
        extra={"claims_exactly": 0},
    ),
    Case(
        "figures only in a table",
        "article",
        "accepted",
        make=_article(
            "f_table.html",
            "<html><body><table><tr><th>Показатель</th><th>2024</th></tr>"
            "<tr><td>Товарооборот России и Таджикистана, млрд долларов</td>"
            "<td>1,6</td></tr></table></body></html>",
        ),
    ),
    Case("file name with ../", "article", "refused", "outside the articles folder", lambda root: _link_out(root)),
    Case("duplicate content under two names", "article", "refused", "same content", lambda root: _duplicate(root)),
    Case("only markup", "article", "refused", "no text", _article("f_markup.html", "<html><script>1</script></html>")),
    Case("only white space", "article", "refused", "no text", _article("f_space.txt", " \n\t \n")),
    Case(
        "broken front matter",
        "article",
        "refused",
        "front matter",
        _article("f_frontmatter.md", "---\ntitle: [unclosed\n---\n" + RU),
    ),
    Case(
        "sidecar not JSON", "article", "refused", "sidecar", _article("f_sidecar.txt", RU + " Ещё.", sidecar_raw="{no")
    ),
    Case(
        "sidecar with a bad date",
        "article",
        "refused",
        "not an ISO date",
        _article("f_baddate.txt", RU + " И ещё.", sidecar={"published": "26.11.2025"}),
    ),
    Case("unsupported file type", "article", "refused", "unsupported file type", _article("f_doc.pdf", b"%PDF-1.4\n")),
    Case(
        "SQL in an article",
        "article",
        "accepted",
        make=_article("f_sql.txt", f"Заявление {INJECTION}. " + RU),
        claims_min=1,
    ),
    Case(
        "phone and page numbers",
        "article",
        "accepted",
        make=_article("f_phone.txt", "Справки по телефону +7 (495) 123-45-67, см. стр. 12 отчёта за 2024 год."),
        extra={"claims_exactly": 0},
    ),
    Case(
        "a long article without figures",
        "article",
        "accepted",
        make=_article("f_long.txt", BIG),
        extra={"claims_exactly": 0},
    ),
]


def _link_out(root: Path) -> str:
    outside = root / "outside_secret.txt"  # in data/, beside articles/: not an article
    outside.write_text(RU, encoding="utf-8")
    (root / "articles" / "f_escape.txt").symlink_to(Path("..") / outside.name)  # data/articles/../outside
    return "f_escape.txt"


def _duplicate(root: Path) -> str:
    text = "Экспорт России в Армению в 2024 году вырос на 12%. Уникальный абзац для проверки дубликатов."
    (root / "articles" / "f_dup_a.txt").write_text(text, encoding="utf-8")
    (root / "articles" / "f_dup_b.txt").write_text(text, encoding="utf-8")
    return "f_dup_b.txt"


OFFICIAL_CASES = [
    Case(
        "truncated Comtrade JSON",
        "official",
        "refused",
        "JSON",
        _official("truncated.json", "comtrade_json", _comtrade_json([_comtrade_record()])[:-40]),
    ),
    Case(
        "Comtrade JSON without data",
        "official",
        "refused",
        "",
        _official("nodata.json", "comtrade_json", json.dumps({"elapsedTime": "1", "count": 0})),
    ),
    Case(
        "Comtrade CSV with wrong columns",
        "official",
        "refused",
        "column",
        _official("wrongcols.csv", "comtrade_csv", "reporter,partner,value\nKGZ,RUS,1\n"),
    ),
    Case(
        "Comtrade unknown M49 code",
        "official",
        "refused",
        "999",
        _official("unknown_m49.json", "comtrade_json", _comtrade_json([_comtrade_record(partnerCode=999)])),
    ),
    Case(
        "Comtrade valid file",
        "official",
        "accepted",
        make=_official(
            "good_comtrade.json",
            "comtrade_json",
            _comtrade_json([_comtrade_record(), _comtrade_record(flowCode="X", primaryValue=4.0e8)]),
        ),
        good_rows=2,
    ),
    Case(
        "manual CSV missing a column",
        "official",
        "refused",
        "missing column",
        _official("missing_col.csv", "manual_csv", "indicator,reporter,partner\ntrade.turnover,TJK,RUS\n"),
    ),
    Case(
        "manual CSV non-numeric value",
        "official",
        "refused",
        "value",
        _official("nonnumeric.csv", "manual_csv", csv_text(manual_row(value='"около 1,6 млрд"'))),
    ),
    Case(
        "manual CSV negative value",
        "official",
        "quarantined",
        "negative",
        _official(
            "negative.csv", "manual_csv", csv_text(manual_row(value="-5"), manual_row(reporter="RUS", partner="TJK"))
        ),
        good_rows=1,
    ),
    Case(
        "manual CSV thousands separators",
        "official",
        "accepted",
        make=_official("thousands.csv", "manual_csv", csv_text(manual_row(value="1 600 000 000"))),
        good_rows=1,
        extra={"value": 1.6e9},
    ),
    Case(
        "manual CSV wrong period format",
        "official",
        "refused",
        "period",
        _official("badperiod.csv", "manual_csv", csv_text(manual_row(period=("2024", "2024")))),
    ),
    Case(
        "manual CSV unknown country code",
        "official",
        "refused",
        "XXX",
        _official(
            "unknowncode.csv",
            "manual_csv",
            csv_text(manual_row(reporter="XXX"), manual_row(reporter="UZB", note="good row")),
        ),
    ),
    Case(
        "manual CSV duplicate keys",
        "official",
        "refused",
        "share a key",
        _official("dupkeys.csv", "manual_csv", csv_text(manual_row(), manual_row(value="1700000000"))),
    ),
    Case(
        "manual CSV with SQL in a cell",
        "official",
        "accepted",
        make=_official("sqlcell.csv", "manual_csv", csv_text(manual_row(reporter="KAZ", note=INJECTION))),
        good_rows=1,
        extra={"note": INJECTION},
    ),
    Case("empty official file", "official", "refused", "", _official("empty.csv", "manual_csv", b"")),
    Case(
        "spreadsheet with merged header cells",
        "official",
        "accepted",
        make=_spreadsheet("merged.xlsx", _xlsx_merged_header(), XLSX_MAPPING),
        good_rows=8,
    ),
    Case(
        "spreadsheet that is not a spreadsheet",
        "official",
        "refused",
        "",
        _spreadsheet("notxlsx.xlsx", b"this is not a zip file", XLSX_MAPPING),
    ),
    Case(
        "manifest sha256 does not match",
        "official",
        "refused",
        "sha256",
        _official("shamismatch.csv", "manual_csv", csv_text(manual_row(reporter="ARM")), corrupt_sha=True),
    ),
    Case(
        "file without a manifest",
        "official",
        "refused",
        "no manifest",
        _official("nomanifest.csv", "manual_csv", csv_text(manual_row(reporter="AZE")), manifest=False),
    ),
    Case(
        "manifest not YAML",
        "official",
        "refused",
        "YAML",
        _official("badmanifest.csv", "manual_csv", csv_text(manual_row(reporter="GEO")), manifest_raw="a: [b"),
    ),
    Case(
        "manifest pointing outside its folder",
        "official",
        "refused",
        "plain file name",
        _official(
            "escape.csv",
            "manual_csv",
            csv_text(manual_row(reporter="BLR")),
            manifest_raw="provider: faults\ndataset: x\ntitle: x\npublisher: x\nformat: manual_csv\n"
            "file: ../../reference/countries.csv\nurl: https://example.org\nlicence: x\n"
            "retrieved: 2026-11-24\nsha256: " + "ab" * 32 + "\n",
        ),
    ),
    Case(
        "World Bank error response",
        "official",
        "refused",
        "",
        _official(
            "wb_error.json",
            "worldbank_json",
            json.dumps(
                [
                    {
                        "message": [
                            {"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}
                        ]
                    }
                ]
            ),
        ),
    ),
    Case(
        "SDMX-ML truncated",
        "official",
        "refused",
        "",
        _official(
            "sdmx_trunc.xml",
            "sdmx_ml",
            '<?xml version="1.0"?><message:StructureSpecificData '
            'xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/'
            'message"><message:Header><message:ID>x</message:ID>',
        ),
    ),
]

CASES = ARTICLE_CASES + OFFICIAL_CASES


def write_cases(data: Path) -> dict[str, str]:
    """Write every case under the data folder; returns case name → input name."""
    (data / "articles").mkdir(parents=True, exist_ok=True)
    return {case.name: case.make(data) for case in CASES}
