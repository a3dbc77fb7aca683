"""Writes the SYNTHETIC sample snapshots of this folder (numbers made up; shapes as the real formats).

Run from the project root: ``.venv/bin/python tests/data/samples/official/make_samples.py``. The output
is deterministic (the xlsx too), so rerunning leaves the committed files unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def comtrade_record(**over) -> dict:
    """A UN Comtrade API v1 record with every field the API returns (includeDesc=true)."""
    rec = {
        "typeCode": "C",
        "freqCode": "A",
        "refPeriodId": 20230101,
        "refYear": 2023,
        "refMonth": 52,
        "period": "2023",
        "reporterCode": 417,
        "reporterISO": "KGZ",
        "reporterDesc": "Kyrgyzstan",
        "flowCode": "X",
        "flowDesc": "Export",
        "partnerCode": 643,
        "partnerISO": "RUS",
        "partnerDesc": "Russian Federation",
        "partner2Code": 0,
        "partner2ISO": "W00",
        "partner2Desc": "World",
        "classificationCode": "H6",
        "classificationSearchCode": "HS",
        "isOriginalClassification": True,
        "cmdCode": "TOTAL",
        "cmdDesc": "All Commodities",
        "aggrLevel": 0,
        "isLeaf": False,
        "customsCode": "C00",
        "customsDesc": "TOTAL CPC",
        "mosCode": "0",
        "motCode": 0,
        "motDesc": "TOTAL MOT",
        "qtyUnitCode": -1,
        "qtyUnitAbbr": "N/A",
        "qty": 0,
        "isQtyEstimated": False,
        "altQtyUnitCode": -1,
        "altQtyUnitAbbr": "N/A",
        "altQty": 0,
        "isAltQtyEstimated": False,
        "netWgt": 0,
        "isNetWgtEstimated": False,
        "grossWgt": 0,
        "isGrossWgtEstimated": False,
        "cifvalue": None,
        "fobvalue": None,
        "primaryValue": 0.0,
        "legacyEstimationFlag": 0,
        "isReported": True,
        "isAggregate": False,
    }
    rec.update(over)
    return rec


def comtrade_json() -> None:
    rows = [
        comtrade_record(
            flowCode="X", partnerCode=643, partnerISO="RUS", primaryValue=1234567890.5, fobvalue=1234567890.5
        ),
        comtrade_record(
            flowCode="M",
            flowDesc="Import",
            partnerCode=643,
            partnerISO="RUS",
            primaryValue=3456789012.0,
            cifvalue=3456789012.0,
        ),
        comtrade_record(flowCode="X", partnerCode=0, partnerISO="W00", partnerDesc="World", primaryValue=3300000000.0),
        comtrade_record(
            flowCode="M",
            flowDesc="Import",
            partnerCode=0,
            partnerISO="W00",
            partnerDesc="World",
            primaryValue=12100000000.0,
        ),
        # USA is 842 in Comtrade (ISO numeric 840); an estimated figure.
        comtrade_record(
            flowCode="M",
            flowDesc="Import",
            partnerCode=842,
            partnerISO="USA",
            partnerDesc="USA",
            primaryValue=98765432.0,
            isReported=False,
        ),
        # Rows the parser must leave out: a commodity, a re-export, a customs-procedure breakdown,
        # a transport-mode breakdown, and an area that is not a country.
        comtrade_record(cmdCode="27", cmdDesc="Mineral fuels", aggrLevel=2, primaryValue=111.0),
        comtrade_record(flowCode="RX", flowDesc="Re-export", primaryValue=222.0),
        comtrade_record(customsCode="C01", customsDesc="Free circulation", primaryValue=333.0),
        comtrade_record(motCode=2100, motDesc="Air", primaryValue=444.0),
        comtrade_record(partnerCode=899, partnerISO="_X", partnerDesc="Areas, nes", primaryValue=555.0),
    ]
    doc = {"elapsedTime": "0.31 secs", "count": len(rows), "data": rows, "error": ""}
    (HERE / "sample_comtrade_kgz_2023.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    # The same response downloaded again a second later: only elapsedTime differs.
    doc2 = dict(doc, elapsedTime="0.07 secs")
    (HERE / "sample_comtrade_kgz_2023_redownload.json").write_text(json.dumps(doc2) + "\n", encoding="utf-8")
    bad = json.dumps(doc, indent=1)
    (HERE / "malformed_comtrade_truncated.json").write_text(bad[: len(bad) // 2], encoding="utf-8")


def comtrade_csv() -> None:
    cols = [
        "typeCode",
        "freqCode",
        "refPeriodId",
        "refYear",
        "refMonth",
        "period",
        "reporterCode",
        "reporterISO",
        "reporterDesc",
        "flowCode",
        "flowDesc",
        "partnerCode",
        "partnerISO",
        "partnerDesc",
        "partner2Code",
        "classificationCode",
        "cmdCode",
        "cmdDesc",
        "aggrLevel",
        "customsCode",
        "motCode",
        "netWgt",
        "cifvalue",
        "fobvalue",
        "primaryValue",
        "isReported",
        "isAggregate",
    ]
    rows = []

    def add(month, flow, partner, iso, desc, value, cmd="TOTAL", reported="True"):
        rows.append(
            [
                "C",
                "M",
                f"2024{month:02d}01",
                "2024",
                str(month),
                f"2024{month:02d}",
                "398",
                "KAZ",
                "Kazakhstan",
                flow,
                {"X": "Export", "M": "Import", "RM": "Re-import"}[flow],
                str(partner),
                iso,
                desc,
                "0",
                "H6",
                cmd,
                "All Commodities" if cmd == "TOTAL" else "Commodity",
                "0" if cmd == "TOTAL" else "2",
                "C00",
                "0",
                "",
                "",
                "",
                value,
                reported,
                "False",
            ]
        )

    for month in (1, 2):
        add(month, "X", 643, "RUS", "Russian Federation", f"{700000000 + month * 1000:.1f}")
        add(month, "M", 643, "RUS", "Russian Federation", f"{1500000000 + month * 1000:.1f}")
        add(month, "X", 0, "W00", "World", f"{5000000000 + month:.1f}")
        add(month, "X", 490, "S19", "Other Asia, nes", "1000000.0")  # Taiwan in Comtrade's codes
        add(month, "X", 643, "RUS", "Russian Federation", "123.0", cmd="2709")  # a commodity row
        add(month, "RM", 643, "RUS", "Russian Federation", "456.0")  # re-imports: dropped
    add(2, "M", 156, "CHN", "China", "", reported="True")  # no value: no figure, not zero
    text = ",".join(cols) + "\n" + "\n".join(",".join(f'"{v}"' if "," in v else v for v in r) for r in rows) + "\n"
    (HERE / "sample_comtrade_bulk_kaz_2024m.csv").write_text(text, encoding="utf-8")
    bad_cols = [c for c in cols if c != "primaryValue"]
    keep = [i for i, c in enumerate(cols) if c != "primaryValue"]
    bad = ",".join(bad_cols) + "\n" + "\n".join(",".join(r[i] for i in keep) for r in rows[:3]) + "\n"
    (HERE / "malformed_comtrade_missing_columns.csv").write_text(bad, encoding="utf-8")


def sdmx_json() -> None:
    """SDMX-JSON 1.0 data message as the IMF's DOTS/IMTS service returns it (series + observation dims)."""
    doc = {
        "header": {
            "id": "IREF-8f2c1d",
            "test": False,
            "prepared": "2025-03-01T10:11:12Z",
            "sender": {"id": "IMF", "name": "International Monetary Fund"},
        },
        "dataSets": [
            {
                "action": "Information",
                "series": {
                    "0:0:0:0": {"attributes": [0], "observations": {"0": ["1234.56", 0], "1": ["1400.5", 1]}},
                    "0:0:1:0": {"attributes": [0], "observations": {"0": ["2345.67", 0], "1": ["NaN", 0]}},
                    "0:0:0:1": {"attributes": [0], "observations": {"1": ["3300.1", 0]}},
                },
            }
        ],
        "structure": {
            "name": "Direction of Trade Statistics (DOTS)",
            "dimensions": {
                "series": [
                    {"id": "FREQ", "name": "Frequency", "keyPosition": 0, "values": [{"id": "A", "name": "Annual"}]},
                    {
                        "id": "REF_AREA",
                        "name": "Reference Area",
                        "keyPosition": 1,
                        "values": [{"id": "KG", "name": "Kyrgyz Republic"}],
                    },
                    {
                        "id": "INDICATOR",
                        "name": "Indicator",
                        "keyPosition": 2,
                        "values": [
                            {"id": "TXG_FOB_USD", "name": "Goods, Value of Exports, FOB, US Dollars"},
                            {"id": "TMG_CIF_USD", "name": "Goods, Value of Imports, CIF, US Dollars"},
                        ],
                    },
                    {
                        "id": "COUNTERPART_AREA",
                        "name": "Counterpart Reference Area",
                        "keyPosition": 3,
                        "values": [{"id": "RU", "name": "Russian Federation"}, {"id": "W00", "name": "All Countries"}],
                    },
                ],
                "observation": [
                    {
                        "id": "TIME_PERIOD",
                        "name": "Time period",
                        "role": "time",
                        "values": [{"id": "2022", "name": "2022"}, {"id": "2023", "name": "2023"}],
                    }
                ],
            },
            "attributes": {
                "dataSet": [],
                "series": [{"id": "UNIT_MULT", "name": "Unit Multiplier", "values": [{"id": "6", "name": "Millions"}]}],
                "observation": [
                    {
                        "id": "OBS_STATUS",
                        "name": "Observation Status",
                        "values": [{"id": "A", "name": "Normal"}, {"id": "P", "name": "Provisional"}],
                    }
                ],
            },
        },
    }
    (HERE / "sample_imf_dots_kgz.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    doc2 = json.loads(json.dumps(doc))
    doc2["header"].update(id="IREF-0000aa", prepared="2025-03-02T08:00:00Z")
    (HERE / "sample_imf_dots_kgz_redownload.json").write_text(json.dumps(doc2) + "\n", encoding="utf-8")
    # SDMX-JSON 2.0: {"meta", "data": {"dataSets", "structures"}}, same content in quarters.
    v2 = {
        "meta": {
            "schema": "https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json",
            "id": "IDREF1234",
            "prepared": "2025-03-01T10:11:12Z",
            "test": False,
            "contentLanguages": ["en"],
            "sender": {"id": "IMF.STA"},
        },
        "data": {
            "dataSets": [
                {
                    "structure": 0,
                    "action": "Information",
                    "series": {"0:0:0:0": {"attributes": [0], "observations": {"0": [310.2], "1": [295.75]}}},
                }
            ],
            "structures": [
                {
                    "dimensions": {
                        "series": [
                            {"id": "COUNTRY", "keyPosition": 0, "values": [{"id": "KGZ"}]},
                            {"id": "INDICATOR", "keyPosition": 1, "values": [{"id": "XG_FOB_USD"}]},
                            {"id": "COUNTERPART_COUNTRY", "keyPosition": 2, "values": [{"id": "RUS"}]},
                            {"id": "FREQUENCY", "keyPosition": 3, "values": [{"id": "Q"}]},
                        ],
                        "observation": [{"id": "TIME_PERIOD", "values": [{"id": "2024-Q1"}, {"id": "2024-Q2"}]}],
                    },
                    "attributes": {"series": [{"id": "UNIT_MULT", "values": [{"id": "6"}]}], "observation": []},
                }
            ],
        },
    }
    (HERE / "sample_imf_imts_kgz_sdmxjson2.json").write_text(json.dumps(v2, indent=1) + "\n", encoding="utf-8")


SS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" xmlns:footer="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message/footer" xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IMF.STA:DSD_IMTS(1.0.0):ObsLevelDim:TIME_PERIOD" xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns:xml="http://www.w3.org/XML/1998/namespace" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <message:Header>
    <message:ID>IDREF{id}</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>{prepared}</message:Prepared>
    <message:Sender id="IMF.STA"/>
    <message:Structure structureID="IMF_STA_DSD_IMTS_1_0_0" namespace="urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IMF.STA:DSD_IMTS(1.0.0)" dimensionAtObservation="TIME_PERIOD">
      <common:Structure>
        <Ref agencyID="IMF.STA" id="DSD_IMTS" version="1.0.0"/>
      </common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="IMF_STA_DSD_IMTS_1_0_0">
    <Series FREQ="Q" REF_AREA="RU" INDICATOR="TXG_FOB_USD" COUNTERPART_AREA="KG" UNIT_MULT="6">
      <Obs TIME_PERIOD="2024-Q1" OBS_VALUE="812.5"/>
      <Obs TIME_PERIOD="2024-Q2" OBS_VALUE="901.25" OBS_STATUS="E"/>
    </Series>
    <Series FREQ="Q" REF_AREA="RU" INDICATOR="TMG_CIF_USD" COUNTERPART_AREA="KG" UNIT_MULT="6">
      <Obs TIME_PERIOD="2024-Q1" OBS_VALUE="{value}"/>
      <Obs TIME_PERIOD="2024-Q2" OBS_VALUE="NaN"/>
    </Series>
  </message:DataSet>
</message:StructureSpecificData>
"""

GENERIC_XML = """<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <message:Header>
    <message:ID>IREF000042</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>2025-04-01T09:00:00</message:Prepared>
    <message:Sender id="IMF"/>
    <message:Structure structureID="IMF_DOT_1_0" dimensionAtObservation="TIME_PERIOD">
      <common:Structure><Ref agencyID="IMF" id="DOT" version="1.0"/></common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet structureRef="IMF_DOT_1_0">
    <generic:Series>
      <generic:SeriesKey>
        <generic:Value id="FREQ" value="M"/>
        <generic:Value id="REF_AREA" value="KZ"/>
        <generic:Value id="INDICATOR" value="TXG_FOB_USD"/>
        <generic:Value id="COUNTERPART_AREA" value="KG"/>
      </generic:SeriesKey>
      <generic:Attributes>
        <generic:Value id="UNIT_MULT" value="3"/>
      </generic:Attributes>
      <generic:Obs>
        <generic:ObsDimension value="2024-01"/>
        <generic:ObsValue value="45678.9"/>
      </generic:Obs>
      <generic:Obs>
        <generic:ObsDimension value="2024-02"/>
        <generic:ObsValue value="51234"/>
        <generic:Attributes><generic:Value id="OBS_STATUS" value="P"/></generic:Attributes>
      </generic:Obs>
    </generic:Series>
  </message:DataSet>
</message:GenericData>
"""


def sdmx_ml() -> None:
    (HERE / "sample_imf_imts_rus.xml").write_text(
        SS_XML.format(id="8f2c1d", prepared="2025-03-01T10:11:12", value="1,234.5".replace(",", "")), encoding="utf-8"
    )
    (HERE / "sample_imf_imts_rus_redownload.xml").write_text(
        SS_XML.format(id="00aa11", prepared="2025-03-09T23:59:59", value="1234.5"), encoding="utf-8"
    )
    (HERE / "malformed_sdmx_non_numeric.xml").write_text(
        SS_XML.format(id="1", prepared="2025-03-01T10:11:12", value="n/a (confidential)"), encoding="utf-8"
    )
    (HERE / "sample_imf_dots_kaz_generic.xml").write_text(GENERIC_XML, encoding="utf-8")
    csv_text = (
        "DATAFLOW,FREQ,REF_AREA,INDICATOR,COUNTERPART_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT,OBS_STATUS\n"
        "IMF:DOT(1.0),A,UZ,TXG_FOB_USD,RU,2023,2100.5,6,\n"
        "IMF:DOT(1.0),A,UZ,TMG_CIF_USD,RU,2023,5300,6,E\n"
    )
    (HERE / "sample_imf_dots_uzb.csv").write_text(csv_text, encoding="utf-8")


def worldbank() -> None:
    meta = {"page": 1, "pages": 1, "per_page": 1000, "total": 6, "sourceid": "2", "lastupdated": "2025-07-01"}

    def rec(iso2, iso3, name, year, value):
        return {
            "indicator": {"id": "IS.AIR.PSGR", "value": "Air transport, passengers carried"},
            "country": {"id": iso2, "value": name},
            "countryiso3code": iso3,
            "date": str(year),
            "value": value,
            "unit": "",
            "obs_status": "",
            "decimal": 0,
        }

    rows = [
        rec("KG", "KGZ", "Kyrgyz Republic", 2023, 1234567),
        rec("KG", "KGZ", "Kyrgyz Republic", 2022, None),
        rec("RU", "RUS", "Russian Federation", 2023, 105000000.0),
        rec("RU", "RUS", "Russian Federation", 2022, 95000000),
        rec("Z7", "ECS", "Europe & Central Asia", 2023, 999999999),
        rec("1W", "WLD", "World", 2023, 4000000000),
    ]
    (HERE / "sample_worldbank_is_air_psgr.json").write_text(json.dumps([meta, rows]), encoding="utf-8")
    bad = [meta, [rec("KG", "KGZ", "Kyrgyz Republic", 2023, 1234567), rec("XX", "XXZ", "Atlantis", 2023, 5)]]
    (HERE / "malformed_worldbank_unknown_country.json").write_text(json.dumps(bad), encoding="utf-8")


def spreadsheet_xlsx() -> None:
    import xlsxwriter

    path = HERE / "sample_nsc_trade_by_country.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": dt.datetime(2025, 3, 1, 0, 0, 0), "author": "synthetic sample"})
    ws = wb.add_worksheet("Таблица 1")
    bold = wb.add_format({"bold": True})
    ws.write(0, 0, "Внешняя торговля Кыргызской Республики по странам (тыс. долларов США)", bold)
    ws.write(1, 0, "СИНТЕТИЧЕСКИЕ ДАННЫЕ — тестовый образец")
    ws.merge_range(2, 0, 3, 0, "Страна", bold)  # merged vertically over both header rows
    ws.merge_range(2, 1, 2, 2, "2023", bold)
    ws.merge_range(2, 3, 2, 4, "январь-сентябрь 2024", bold)
    ws.write(2, 5, "Доля, %", bold)
    for j, label in enumerate(["экспорт", "импорт", "экспорт", "импорт"]):
        ws.write(3, 1 + j, label, bold)
    ws.write(3, 5, "2024", bold)
    data = [
        ("Всего", 3300123.4, 12100456.7, 2500000, 9000000.5, 100),
        ("Страны ЕАЭС", 1500000, 5000000, 1200000, 4000000, 44),
        ("в том числе:", None, None, None, None, None),
        ("Российская Федерация", 1234567.8, 3456789, 950000.25, "2 700 000,5", 30),
        ("Казахстан", 400000, "-", 310000, 880000, 10),
        ("Китай", 90000.5, 4500000, 70000, 3100000, 35),
        ("Соединённые штаты", 12000, 98765.4, "…", 70000, 1),
        (None, None, None, None, None, None),
        ("Примечание: данные предварительные", None, None, None, None, None),
    ]
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            if v is not None:
                ws.write(4 + i, j, v)
    wb.close()


CSV_MAPPING = """# Mapping for sample_stat_trade_cp1251.csv (SYNTHETIC sample).
reader: csv
encoding: cp1251
separator: ";"
header_rows: [2, 3]
partner_column: Страна
reporter: RUS
unit: USD
multiplier: 1000000          # млн долларов США
decimal_comma: true
status: provisional
partner_names:
  "Страны дальнего зарубежья": skip
  "Страны СНГ": skip
skip_rows: ["^из них"]
note: "synthetic sample table"
value_columns:
  period_level: 0
  flow_level: 1
  flows: {Экспорт: exports, Импорт: imports, Оборот: turnover}
"""


def spreadsheet_csv() -> None:
    text = (
        "Внешняя торговля по странам, млн долларов США (СИНТЕТИЧЕСКИЕ ДАННЫЕ);;;;;;\n"
        "Страна;{p};;;{q};;\n"
        ";Оборот;Экспорт;Импорт;Оборот;Экспорт;Импорт\n"
        "Всего;1 234,5;800,25;434,25;950,0;600,0;350,0\n"
        "Страны СНГ;300,0;200,0;100,0;250,0;160,0;90,0\n"
        "из них:;;;;;;\n"
        "Киргизия;4 100,7;3 500,2;600,5;2 900,1;2 400,0;500,1\n"
        "Беларусь;50,5;30,5;20,0;40,0;25,0;15,0\n"
        "Страны дальнего зарубежья;934,5;600,25;334,25;700,0;440,0;260,0\n"
    )
    (HERE / "sample_stat_trade_cp1251.csv").write_bytes(text.format(p="2024 г.", q="январь-июнь 2025").encode("cp1251"))
    (HERE / "sample_stat_trade_cp1251.mapping.yaml").write_text(CSV_MAPPING, encoding="utf-8")
    (HERE / "malformed_spreadsheet_bad_period.csv").write_bytes(
        text.format(p="201X г.", q="январь-июнь 2025").encode("cp1251")
    )
    (HERE / "malformed_spreadsheet_bad_period.mapping.yaml").write_text(
        CSV_MAPPING.replace("sample_stat_trade_cp1251.csv", "malformed_spreadsheet_bad_period.csv"), encoding="utf-8"
    )


MANUAL = """indicator,reporter,partner,flow,period_start,period_end,value,unit,qualifier,status,entity,official_source,reported_by,url,page,published,retrieved,note
trade.turnover,KGZ,RUS,turnover,2024-01-01,2024-06-30,1500000000,USD,about,provisional,,Synthetic Statistics Office,Synthetic press service,https://example.org/press/2024-08-01.pdf,3,2024-08-01,2026-11-20,SYNTHETIC sample row
trade.exports,KGZ,RUS,exports,2024-01-01,2024-06-30,400000000,USD,exact,provisional,,Synthetic Statistics Office,Synthetic press service,https://example.org/press/2024-08-01.pdf,4,2024-08-01,2026-11-20,SYNTHETIC sample row
transport.passengers,RUS,KGZ,total,2024-01-01,2024-12-31,573000,passengers,more_than,reported,Aeroflot Group,Synthetic airline group,Synthetic airline press office,https://example.org/airline/2025-02.html,,2025-02,2026-11-21,SYNTHETIC sample row
trade.turnover,RUS,KGZ,turnover,2025-01-01,2025-03-31,1000000000,USD,up_to,estimated,,Synthetic Ministry,Synthetic minister,https://example.org/news/2025,,2025,,SYNTHETIC sample row
"""


def manual() -> None:
    (HERE / "sample_manual_figures.csv").write_text(MANUAL, encoding="utf-8")
    bad = MANUAL.replace("2024-01-01,2024-06-30,400000000", "2024-01-01,2024-13-40,400000000")
    (HERE / "malformed_manual_bad_period.csv").write_text(bad, encoding="utf-8")


if __name__ == "__main__":
    comtrade_json()
    comtrade_csv()
    sdmx_json()
    sdmx_ml()
    worldbank()
    spreadsheet_xlsx()
    spreadsheet_csv()
    manual()
    print("samples written to", HERE)
