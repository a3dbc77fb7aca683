"""Manifests, stable hashes and the loader: provenance, refusals, idempotence."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines import model
from pipelines.official import OfficialFileError, list_providers, load_all, load_provider, stable_sha256
from pipelines.official.manifest import check_sha, read_manifest, write_manifest
from tests.helpers.corridor import SAMPLES as SAMPLE_DIR

PROJECT = Path(__file__).resolve().parents[3]
OFFICIAL = PROJECT / "data" / "official"
S = SAMPLE_DIR / "official"

# sample file → (provider, format, mapping)
SAMPLES = {
    "sample_comtrade_kgz_2023.json": ("comtrade", "comtrade_json", None),
    "sample_comtrade_bulk_kaz_2024m.csv": ("comtrade", "comtrade_csv", None),
    "sample_imf_dots_kgz.json": ("imf", "sdmx_json", None),
    "sample_imf_imts_rus.xml": ("imf", "sdmx_ml", None),
    "sample_imf_dots_uzb.csv": ("imf", "sdmx_csv", None),
    "sample_worldbank_is_air_psgr.json": ("worldbank", "worldbank_json", None),
    "sample_nsc_trade_by_country.xlsx": ("nsc", "spreadsheet", "sample_nsc_trade_by_country.mapping.yaml"),
    "sample_stat_trade_cp1251.csv": ("nsc", "spreadsheet", "sample_stat_trade_cp1251.mapping.yaml"),
    "sample_manual_figures.csv": ("press", "manual_csv", None),
}


def _stage(root: Path, name: str, provider: str, fmt: str, mapping: str | None, *, src: Path = S) -> Path:
    folder = root / provider
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / name, folder / name)
    if mapping:
        shutil.copyfile(src / mapping, folder / mapping)
    write_manifest(
        folder / name,
        provider=provider,
        dataset=Path(name).stem,
        title=f"SYNTHETIC {name}",
        publisher="Synthetic publisher",
        fmt=fmt,
        url=f"https://example.org/{name}",
        licence="test only",
        published="2025-03-01",
        retrieved="2025-03-02",
        mapping=mapping,
        language="en",
    )
    return folder / name


@pytest.fixture()
def sample_root(tmp_path) -> Path:
    root = tmp_path / "official"
    for name, (provider, fmt, mapping) in SAMPLES.items():
        _stage(root, name, provider, fmt, mapping)
    return root


def _check_provenance(b) -> None:
    assert b.sources.schema == pl.Schema(model.SOURCE)
    assert b.releases.schema == pl.Schema(model.RELEASE)
    assert b.observations.schema == pl.Schema(model.OBSERVATION)
    assert b.refused.schema == pl.Schema(model.QUARANTINE)
    assert b.observations.height > 0
    assert set(b.observations["release_id"]) <= set(b.releases["release_id"])
    assert set(b.releases["source_id"]) <= set(b.sources["source_id"])
    # every observation → its release → a source with URL, dates and sha256
    chain = b.observations.join(
        b.releases.select("release_id", pl.col("source_id").alias("rel_source")), on="release_id"
    ).join(b.sources, left_on="rel_source", right_on="source_id")
    assert chain.height == b.observations.height
    assert (chain["source_id"] == chain["rel_source"]).all()
    for col in ("url", "retrieved_date", "sha256", "published_date", "path"):
        assert chain[col].null_count() == 0, col
    assert b.sources["source_id"].str.contains(r"^official:[a-z][a-z_]*:[0-9a-f]{16}$").all()
    assert b.sources["kind"].eq("official").all()
    cov = b.observations.group_by("release_id").agg(
        pl.col("period_start").min().alias("s"), pl.col("period_end").max().alias("e")
    )
    joined = b.releases.join(cov, on="release_id")
    assert (joined["coverage_start"] == joined["s"]).all() and (joined["coverage_end"] == joined["e"]).all()


def test_shared_figures_load_with_full_provenance():
    assert "press" in list_providers(OFFICIAL)
    b = load_all(OFFICIAL)
    assert b.refused.height == 0, b.refused.to_dicts()
    _check_provenance(b)
    reported = b.sources.filter(pl.col("path") == "official/press/reported_official_figures.csv")["source_id"]
    assert reported.len() == 3  # one source per URL of the file (two rows share one)
    press = b.observations.filter(pl.col("source_id").is_in(reported.implode()))
    assert press.height == 4  # the shared file's five rows less the undated one (audit of issue 15)
    gap = press.filter((pl.col("indicator") == "trade.turnover") & (pl.col("period_start") == pl.date(2024, 1, 1)))
    assert dict(zip(gap["reporter"], gap["value"], strict=True)) == {
        "RUS": 4.1e9
    }  # the Kyrgyz $3.2 bn is undated: not loaded
    src = b.sources.filter(pl.col("url") == "https://1prime.ru/20251124/ushakov-864885374.html").row(0, named=True)
    assert str(src["published_date"]) == "2025-11-24" and str(src["retrieved_date"]) == "2026-11-24"
    assert src["path"] == "official/press/reported_official_figures.csv"
    raw = (OFFICIAL / "press" / "reported_official_figures.csv").read_bytes()
    shared = Path("/work/shared/data/official/reported_official_figures.csv")
    if shared.exists():  # the shared file less its first row, byte for byte
        lines = shared.read_bytes().splitlines(keepends=True)
        assert raw == lines[0] + b"".join(lines[2:])
    assert set(b.sources["sha256"]) >= {stable_sha256("manual_csv", raw)}
    assert not b.sources["url"].str.contains("wap.vch.ru").any()


def test_audited_rows_are_fixed():
    """Issue 15's audit: the figures as their pages state them (office, date, period, qualifier, status)."""
    b = load_all(OFFICIAL)
    obs = b.observations
    aero = obs.filter((pl.col("indicator") == "transport.passengers") & (pl.col("value") == 60.7e6))
    src = b.sources.filter(pl.col("source_id") == aero["source_id"][0]).row(0, named=True)
    assert src["provider"] == "gathered" and "Aeroflot Group" in src["publisher"].split("; ")
    rows = pl.read_csv(OFFICIAL / "gathered" / "gathered_official_figures.csv", infer_schema=False)
    assert rows.filter(pl.col("value") == "60700000")["official_source"].to_list() == ["Aeroflot Group"]
    ytd = obs.filter(pl.col("entity").str.starts_with("Uzbekistan Airports JSC (route"))
    assert ytd.height == 3
    assert ytd["period_end"].cast(pl.String).unique().to_list() == ["2025-12-30"]
    assert set(ytd["qualifier"]) == {"about"} and set(ytd["status"]) == {"provisional"}
    assert set(ytd["frequency"]) != {"A"}
    undated = (OFFICIAL / "press" / "unloaded" / "reported_undated_figures.csv").read_text(encoding="utf-8")
    assert "Kyrgyz side (office not named on the page)" in undated and "National Statistical" not in undated


def test_more_reported_figures_load_those_that_pass_the_check():
    b = load_all(OFFICIAL)
    more = b.sources.filter(pl.col("path") == "official/press/more_reported_figures.csv")["source_id"]
    rows = b.observations.filter(pl.col("source_id").is_in(more.implode()))
    assert rows.height == 40  # 43 less 3 whose note fails the check (kept in press/unloaded/)
    unchecked = pl.read_csv(OFFICIAL / "press" / "unloaded" / "more_reported_unchecked.csv")
    assert unchecked.height == 3 and unchecked["reason"].null_count() == 0
    japarov = rows.filter((pl.col("reporter") == "KGZ") & (pl.col("period_end") == pl.date(2022, 6, 30)))
    assert japarov["qualifier"].to_list() == ["more_than"]  # "(more than; ...)" in the publisher note


def test_loading_twice_gives_identical_frames(sample_root):
    a, b = load_all(sample_root), load_all(sample_root)
    for name in ("sources", "releases", "observations", "refused"):
        assert getattr(a, name).equals(getattr(b, name)), name
    c, d = load_all(OFFICIAL), load_all(OFFICIAL)
    assert c.observations.equals(d.observations) and c.releases.equals(d.releases)


def test_every_sample_format_loads_with_provenance(sample_root):
    b = load_all(sample_root)
    assert b.refused.height == 0, b.refused.to_dicts()
    _check_provenance(b)
    assert list_providers(sample_root) == ["comtrade", "imf", "nsc", "press", "worldbank"]
    assert b.releases.height == len(SAMPLES) - 1 + 3  # the manual file: one release per URL (3 URLs)
    rid = b.releases.filter(pl.col("provider") == "comtrade")["release_id"].to_list()
    assert all(r.startswith("comtrade:sample_comtrade_") and ":2025-03-01:" in r for r in rid)


def test_sha_mismatch_is_refused_and_the_rest_loads(sample_root):
    target = sample_root / "imf" / "sample_imf_dots_kgz.json"
    target.write_bytes(target.read_bytes().replace(b"1234.56", b"9234.56"))
    b = load_provider(sample_root, "imf")
    assert b.refused.height == 1
    row = b.refused.row(0, named=True)
    assert row["input_name"] == "imf/sample_imf_dots_kgz.json" and row["check_name"] == "manifest.sha256"
    assert row["dataset"] == "official_file" and "sha256 mismatch" in row["reason"]
    man = read_manifest(target.with_name(target.name + ".manifest.yaml"))
    assert man.sha256 in row["reason"] and stable_sha256("sdmx_json", target.read_bytes()) in row["reason"]
    assert set(b.releases["dataset"]) == {"sample_imf_imts_rus", "sample_imf_dots_uzb"}  # others still load
    with pytest.raises(OfficialFileError, match="sample_imf_dots_kgz.json.*sha256 mismatch"):
        check_sha(man)


def test_broken_files_are_refused_one_row_each(sample_root):
    _stage(sample_root, "malformed_comtrade_truncated.json", "comtrade", "comtrade_json", None)
    _stage(
        sample_root,
        "malformed_spreadsheet_bad_period.csv",
        "nsc",
        "spreadsheet",
        "malformed_spreadsheet_bad_period.mapping.yaml",
    )
    (sample_root / "comtrade" / "orphan.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    bad_manifest = sample_root / "worldbank" / "x.json.manifest.yaml"
    bad_manifest.write_text("provider: worldbank\nformat: nonsense\n", encoding="utf-8")
    b = load_all(sample_root)
    got = {(r["input_name"], r["check_name"]) for r in b.refused.iter_rows(named=True)}
    assert got == {
        ("comtrade/malformed_comtrade_truncated.json", "parse"),
        ("nsc/malformed_spreadsheet_bad_period.csv", "parse"),
        ("comtrade/orphan.csv", "manifest.missing"),
        ("worldbank/x.json.manifest.yaml", "manifest.read"),
    }
    reasons = dict(zip(b.refused["input_name"], b.refused["reason"], strict=True))
    assert "not valid JSON" in reasons["comtrade/malformed_comtrade_truncated.json"]
    assert "bad period label" in reasons["nsc/malformed_spreadsheet_bad_period.csv"]
    assert b.refused["quarantine_id"].n_unique() == b.refused.height
    assert b.releases.height == len(SAMPLES) - 1 + 3  # everything good still loads
    _check_provenance(b)


def test_stable_sha256_ignores_volatile_bytes():
    a = (S / "sample_comtrade_kgz_2023.json").read_bytes()
    b = (S / "sample_comtrade_kgz_2023_redownload.json").read_bytes()
    assert a != b and stable_sha256("comtrade_json", a) == stable_sha256("comtrade_json", b)
    assert stable_sha256("comtrade_json", a) != stable_sha256(
        "comtrade_json", a.replace(b"1234567890.5", b"1234567891.5")
    )
    j1, j2 = (S / "sample_imf_dots_kgz.json").read_bytes(), (S / "sample_imf_dots_kgz_redownload.json").read_bytes()
    assert stable_sha256("sdmx_json", j1) == stable_sha256("sdmx_json", j2)
    x1, x2 = (S / "sample_imf_imts_rus.xml").read_bytes(), (S / "sample_imf_imts_rus_redownload.xml").read_bytes()
    assert x1 != x2 and stable_sha256("sdmx_ml", x1) == stable_sha256("sdmx_ml", x2)
    assert stable_sha256("sdmx_ml", x1) != stable_sha256(
        "sdmx_ml", x1.replace(b'OBS_VALUE="812.5"', b'OBS_VALUE="812.6"')
    )
    # World Bank: lastupdated is content (a new vintage), a request id is not
    import json

    wb = json.loads((S / "sample_worldbank_is_air_psgr.json").read_bytes())
    with_id = json.loads(json.dumps(wb))
    with_id[0]["requestId"] = "abc-123"
    newer = json.loads(json.dumps(wb))
    newer[0]["lastupdated"] = "2025-12-19"
    h = lambda d: stable_sha256("worldbank_json", json.dumps(d).encode())  # noqa: E731
    assert h(wb) == h(with_id) and h(wb) != h(newer)
    # plain CSV: every byte counts
    c = (S / "sample_manual_figures.csv").read_bytes()
    assert stable_sha256("manual_csv", c) != stable_sha256("manual_csv", c + b"\n")


def test_xlsx_hash_ignores_save_metadata(tmp_path):
    import io
    import zipfile

    raw = (S / "sample_nsc_trade_by_country.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"2025-03-01", b"2026-01-01")
            zout.writestr(info.filename, data)  # new member dates too
    assert out.getvalue() != raw
    assert stable_sha256("spreadsheet", out.getvalue()) == stable_sha256("spreadsheet", raw)


def test_manifest_requires_fields_and_known_format(tmp_path):
    p = tmp_path / "a.csv.manifest.yaml"
    p.write_text(yaml.safe_dump({"provider": "press", "format": "manual_csv"}), encoding="utf-8")
    with pytest.raises(OfficialFileError, match="manifest lacks dataset, title"):
        read_manifest(p)
    doc = yaml.safe_load(
        (OFFICIAL / "press" / "reported_official_figures.csv.manifest.yaml").read_text(encoding="utf-8")
    )
    assert doc["format"] == "manual_csv" and doc["retrieved"] == "2026-11-24" and len(doc["url"]) == 3
    m = read_manifest(OFFICIAL / "press" / "reported_official_figures.csv.manifest.yaml")
    assert check_sha(m)  # the committed snapshot matches its manifest


def test_manual_same_figure_from_two_urls_is_two_releases(tmp_path):
    root = tmp_path / "official"
    src = tmp_path / "src"
    src.mkdir()
    lines = (S / "sample_manual_figures.csv").read_text(encoding="utf-8").splitlines()
    again = lines[1].replace("https://example.org/press/2024-08-01.pdf", "https://example.org/mirror.html")
    (src / "two.csv").write_text("\n".join([*lines, again]) + "\n", encoding="utf-8")
    (src / "dup.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    _stage(root, "two.csv", "press", "manual_csv", None, src=src)
    _stage(root, "dup.csv", "press", "manual_csv", None, src=src)
    b = load_provider(root, "press")
    assert b.refused.select("input_name", "check_name").rows() == [("press/dup.csv", "parse")]
    assert "states one figure twice" in b.refused["reason"][0]
    same = b.observations.filter((pl.col("indicator") == "trade.turnover") & (pl.col("reporter") == "KGZ"))
    assert same.height == 2 and same["release_id"].n_unique() == 2
    _check_provenance(b)
