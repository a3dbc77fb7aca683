"""Bounded inputs: no file can hang a run, exhaust memory, or stop the files after it.

Each test here failed on the code before hardening (a hang, a bare exception, or a value let in).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import polars as pl
import pytest

from pipelines import safe_yaml
from pipelines.articles.budget import BudgetExceeded, time_budget
from pipelines.articles.corpus import claims_of, read_corpus
from pipelines.articles.inbox import ingest_inbox
from pipelines.official import limits, list_providers, load_provider
from pipelines.official.bulk_files import list_bulk_files
from pipelines.official.manifest import write_manifest
from pipelines.official.read import misnamed_providers
from tests.helpers.corridor import PROJECT  # noqa: E402

RU = "Товарооборот между Россией и Таджикистаном в 2024 году составил 1,6 млрд долларов."
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
MANUAL = (
    "indicator,reporter,partner,flow,period_start,period_end,value,unit,qualifier,status,entity,"
    "official_source,reported_by,url,page,published,retrieved,note\n"
    "trade.turnover,TJK,RUS,turnover,2024-01-01,2024-12-31,{value},USD,exact,reported,,Office,test,"
    'https://example.org/x,p. 1,2025-02-01,2026-11-24,"test"\n'
)


# ------------------------------------------------------------------------------------------------- YAML
def test_a_yaml_alias_bomb_is_refused_at_once():
    t = time.perf_counter()
    with pytest.raises(safe_yaml.YAMLRefused, match="aliases"):
        safe_yaml.load(BOMB)
    assert time.perf_counter() - t < 1.0


def test_yaml_dates_stay_text_and_deep_nesting_is_refused():
    assert safe_yaml.load("published: 2025-13-45\nat: 2025-06-01 10:00:00") == {
        "published": "2025-13-45",
        "at": "2025-06-01 10:00:00",
    }
    with pytest.raises(safe_yaml.YAMLRefused, match="deeply"):
        safe_yaml.load("[" * 20000 + "]" * 20000)
    with pytest.raises(safe_yaml.YAMLRefused, match="limit"):
        safe_yaml.load("a: b\n" * 100_000)


# --------------------------------------------------------------------------------------------- articles
def _write(folder: Path, name: str | bytes, data: bytes | str) -> None:
    target = os.fsencode(str(folder)) + b"/" + (name if isinstance(name, bytes) else name.encode())
    with open(target, "wb") as fh:
        fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))


MALFORMED = {
    "utf16_truncated.txt": (RU.encode("utf-16")[:-1], "UTF-16"),
    "lone_surrogate.txt": (
        b"\xff\xfe" + "\ud800".encode("utf-16-le", "surrogatepass") + RU.encode("utf-16-le"),
        "UTF-16",
    ),
    "bom_then_bad.txt": (b"\xef\xbb\xbf" + RU.encode() + b"\xff\xfe\xfa", "byte-order mark"),
    "yaml_timestamp.md": ("---\npublished: 2025-13-45 10:00:00\n---\n" + RU, "not an ISO date"),
    "mapping_title.md": ("---\ntitle: {a: 1}\n---\n" + RU + " 1", "title is a dict"),
    "list_language.md": ("---\nlanguage: [ru, en]\n---\n" + RU + " 2", "language is a list"),
    "alias_bomb.md": ("---\n" + BOMB + "---\n" + RU + " 3", "aliases"),
}


def test_nine_kinds_of_malformed_article_are_refused_by_name_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (data, _) in MALFORMED.items():
        _write(folder, name, data)
    _write(folder, b"bad_name_\xff.txt", RU + " 4")
    (folder / "loop.txt").symlink_to("loop.txt")
    _write(folder, "surrogate_sidecar.txt", RU + " 5")
    _write(folder, "surrogate_sidecar.json", '{"title": "\\ud800"}')
    _write(folder, "good.txt", RU)
    corpus = read_corpus(folder)
    reasons = dict(zip(corpus.refused["input_name"], corpus.refused["reason"], strict=True))
    for name, (_, why) in MALFORMED.items():
        assert why in reasons.get(name, ""), (name, reasons.get(name))
    assert "not valid UTF-8" in reasons["bad_name_\\xff.txt"]
    assert "not readable" in reasons["loop.txt"]
    assert "lone surrogate" in reasons["surrogate_sidecar.txt"]
    assert corpus.articles["path"].to_list() == ["articles/good.txt"]


def test_an_unreadable_article_is_refused_by_name(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, "locked.txt", RU)
    _write(folder, "good.txt", RU + " ok")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":  # chmod 000 does not stop root: fail the read itself
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = read_corpus(folder)
    assert corpus.refused.select("input_name", "reason").rows() == [("locked.txt", "not readable (Permission denied)")]
    assert corpus.articles.height == 1


def test_an_oversized_article_is_refused_before_it_is_read(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(6 * 1024 * 1024)  # sparse: 6 MB that costs nothing
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    corpus = read_corpus(folder)
    assert "over the" in corpus.refused["reason"][0]


def test_an_article_over_its_time_budget_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("CORRIDOR_ARTICLE_SECONDS", "0.2")

    def slow(text, **_):
        if "slow" in text:
            while True:
                time.sleep(0.01)
        return []

    articles = pl.DataFrame(
        {
            "source_id": ["article:1", "article:2"],
            "path": ["articles/slow.txt", "articles/ok.txt"],
            "text": ["slow text", "quick text"],
            "language": ["ru", "ru"],
            "published_date": [None, None],
        },
        schema_overrides={"published_date": pl.Date},
    )
    t = time.perf_counter()
    claims, refused = claims_of(articles, slow, "v")
    assert time.perf_counter() - t < 5
    assert refused.select("input_name", "check_name").rows() == [("articles/slow.txt", "extract.budget")]
    assert "time budget" in refused["reason"][0] and "0.2-second" in refused["reason"][0]


def test_the_time_budget_leaves_quick_work_alone():
    with time_budget(5, "quick"):
        x = sum(range(1000))
    assert x == 499500
    with pytest.raises(BudgetExceeded, match="spin took over its 0.1-second budget"):
        with time_budget(0.1, "spin"):
            while True:
                pass


def test_an_inbox_link_is_refused_unread(tmp_path):
    inbox, articles, quarantine = tmp_path / "inbox", tmp_path / "articles", tmp_path / "quarantine"
    inbox.mkdir()
    articles.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text(RU, encoding="utf-8")
    (inbox / "link.txt").symlink_to(outside)
    (inbox / "real.txt").write_text(RU + " real", encoding="utf-8")
    out = {o.name: o for o in ingest_inbox(inbox, articles, quarantine, set())}
    assert not out["link.txt"].accepted and "link" in out["link.txt"].reason
    assert out["real.txt"].accepted
    assert not (articles / "link.txt").exists() and outside.read_text(encoding="utf-8") == RU


# --------------------------------------------------------------------------------------------- official
def _official(root: Path, name: str, data: bytes | str, fmt: str = "manual_csv", **extra) -> Path:
    folder = root / "p1"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    write_manifest(
        path,
        provider="p1",
        dataset=Path(name).stem,
        title="t",
        publisher="SYNTHETIC office",
        fmt=fmt,
        url="https://example.org/x",
        licence="test",
        published="2025-02-01",
        retrieved="2026-11-24",
        **extra,
    )
    return path


def _refusals(batch) -> dict[str, str]:
    return dict(zip(batch.refused["input_name"], batch.refused["reason"], strict=True))


def test_a_bad_manifest_date_refuses_that_file_only(tmp_path):
    _official(tmp_path, "good.csv", MANUAL.format(value="1600000000"))
    bad = _official(tmp_path, "bad.csv", MANUAL.format(value="1700000000").replace("TJK", "UZB"))
    m = bad.with_name(bad.name + ".manifest.yaml")
    m.write_text(
        m.read_text(encoding="utf-8").replace("retrieved: '2026-11-24'", "retrieved: 2025-13-45"), encoding="utf-8"
    )
    batch = load_provider(tmp_path, "p1")
    assert "2025-13-45" in _refusals(batch)["p1/bad.csv.manifest.yaml"]
    assert batch.observations.height == 1


@pytest.mark.parametrize(
    "params, word",
    [({"no_such_option": 1}, "no_such_option"), ({"ref": "x"}, "'ref'"), ({"path": "/etc/passwd"}, "'path'")],
)
def test_an_unknown_params_entry_refuses_that_file_only(tmp_path, params, word):
    _official(tmp_path, "good.csv", MANUAL.format(value="1600000000"))
    _official(tmp_path, "odd.csv", MANUAL.format(value="1").replace("TJK", "UZB"), params=params)
    batch = load_provider(tmp_path, "p1")
    reason = _refusals(batch)["p1/odd.csv"]
    assert "unknown params" in reason and word in reason
    assert batch.observations.height == 1


def _xlsx_bomb(n_bytes: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(n_bytes >> 20):
                fh.write(block)
    return buf.getvalue()


def test_an_xlsx_zip_bomb_is_refused_by_its_declared_sizes_before_hashing(tmp_path, monkeypatch):
    data = _xlsx_bomb(8 << 20)
    assert len(data) < 100_000
    path = _official(tmp_path, "bomb.xlsx", MANUAL.format(value="1"), fmt="manual_csv")
    path.write_bytes(data)  # the manifest's sha256 is of other bytes: the bomb must not get to be hashed
    m = path.with_name(path.name + ".manifest.yaml")
    m.write_text(
        m.read_text(encoding="utf-8").replace("format: manual_csv", "format: spreadsheet\nmapping: x.yaml"),
        encoding="utf-8",
    )
    (tmp_path / "p1" / "x.yaml").write_text(
        "header_rows: [1]\npartner_column: A\nreporter: KGZ\nunit: USD\nvalue_columns: {}\n", encoding="utf-8"
    )
    from pipelines.official import manifest

    monkeypatch.setattr(manifest, "stable_sha256", lambda *a: pytest.fail("the zip bomb was hashed"))
    reason = _refusals(load_provider(tmp_path, "p1"))["p1/bomb.xlsx"]
    assert "zip bomb" in reason
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 10**9)
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 4 << 20)
    reason = _refusals(load_provider(tmp_path, "p1"))["p1/bomb.xlsx"]
    assert "uncompressed" in reason and "limit" in reason


def test_a_corrupted_xlsx_refuses_that_file_only(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<not xml")
        zf.writestr("xl/workbook.xml", "\x00\x01garbage")
    path = _official(tmp_path, "broken.xlsx", buf.getvalue(), fmt="spreadsheet", mapping="broken.mapping.yaml")
    (path.parent / "broken.mapping.yaml").write_text(
        "header_rows: [1]\npartner_column: A\nreporter: KGZ\nunit: USD\nvalue_columns: {}\n", encoding="utf-8"
    )
    _official(tmp_path, "good.csv", MANUAL.format(value="1600000000"))
    batch = load_provider(tmp_path, "p1")
    assert "p1/broken.xlsx" in _refusals(batch)
    assert batch.observations.height == 1


def test_official_files_through_links_are_refused(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(MANUAL.format(value="5"), encoding="utf-8")
    root = tmp_path / "official"
    path = _official(root, "linked.csv", MANUAL.format(value="5"))
    path.unlink()
    path.symlink_to(outside)  # the manifest's hash matches the file the link points to
    mlink = _official(root, "good.csv", MANUAL.format(value="1600000000").replace("TJK", "UZB"))
    real_manifest = tmp_path / "elsewhere.manifest.yaml"
    mpath = mlink.with_name("other.csv.manifest.yaml")
    real_manifest.write_text(mlink.with_name("good.csv.manifest.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    mpath.symlink_to(real_manifest)
    batch = load_provider(root, "p1")
    refusals = _refusals(batch)
    assert "link" in refusals["p1/linked.csv"]
    assert any("link" in r for k, r in refusals.items() if "other.csv" in k or "elsewhere" in k)
    assert batch.observations.height == 1


def test_a_non_finite_value_is_refused_by_the_parsers(tmp_path):
    sdmx = (
        "DATAFLOW,FREQ,REF_AREA,INDICATOR,COUNTERPART_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT,OBS_STATUS\n"
        "IMF:DOT(1.0),A,UZ,TXG_FOB_USD,RU,2023,2100.5,400,\n"
    )
    _official(tmp_path, "mult.csv", sdmx, fmt="sdmx_csv")
    _official(tmp_path, "digits.csv", MANUAL.format(value="9" * 401))
    _official(tmp_path, "good.csv", MANUAL.format(value="1600000000").replace("TJK", "KAZ"))
    batch = load_provider(tmp_path, "p1")
    refusals = _refusals(batch)
    assert "non-finite" in refusals["p1/mult.csv"]
    assert "p1/digits.csv" in refusals
    assert batch.observations["value"].is_finite().all() and batch.observations.height == 1


def test_the_suites_refuse_non_finite_values():
    from pipelines.quality.suites import CLAIM_CHECKS, OBSERVATION_CHECKS

    assert "claim_values_finite" in {c.name for c in CLAIM_CHECKS}
    assert "observation_value_finite" in {c.name for c in OBSERVATION_CHECKS}


def test_bulk_files_through_links_or_with_glob_names_are_refused(tmp_path):
    folder = tmp_path / "bulk" / "comtrade"
    folder.mkdir(parents=True)
    header = "typeCode,freqCode,refPeriodId\nC,A,20230101\n"
    for name in ("g*.csv", "g1.csv"):
        (folder / name).write_text(header, encoding="utf-8")
    write_manifest(
        folder / "g*.csv",
        provider="comtrade",
        dataset="d",
        title="t",
        publisher="p",
        fmt="comtrade_bulk_csv",
        url="https://example.org",
        licence="l",
        published="2025-01-01",
        retrieved="2025-01-02",
    )
    outside = tmp_path / "outside.csv"
    outside.write_text(header, encoding="utf-8")
    (folder / "linked.csv").symlink_to(outside)
    write_manifest(
        folder / "linked.csv",
        provider="comtrade",
        dataset="d2",
        title="t",
        publisher="p",
        fmt="comtrade_bulk_csv",
        url="https://example.org",
        licence="l",
        published="2025-01-01",
        retrieved="2025-01-02",
    )
    manifests, unusable = list_bulk_files(tmp_path / "bulk")
    assert manifests == []
    why = {o.name: o.reason for o in unusable}
    assert "glob" in why["bulk/comtrade/g*.csv"]
    assert "link" in why["bulk/comtrade/linked.csv"]
    assert "no g1.csv.manifest.yaml" in why["bulk/comtrade/g1.csv"]


def test_a_provider_folder_with_a_space_or_unknown_is_refused_and_the_run_starts(tmp_path):
    root = tmp_path / "data" / "official"
    _official(root, "good.csv", MANUAL.format(value="1600000000"))
    (root / "p1").rename(root / "my provider")
    _official(root, "good.csv", MANUAL.format(value="1600000000"))
    (root / "p1").rename(root / "press")  # a provider of the shipped providers.csv
    _official(root, "good.csv", MANUAL.format(value="1600000000"))  # p1: no provider of providers.csv
    assert list_providers(root) == ["p1", "press"]
    refused = misnamed_providers(root, known=["press", "comtrade"])
    why = dict(zip(refused["input_name"], refused["reason"], strict=True))
    assert "not a provider code" in why["my provider"]
    assert "not a provider of data/reference/providers.csv" in why["p1"]
    assert "press" not in why
    for part in ("reference", "articles"):
        os.symlink(PROJECT / "data" / part, tmp_path / "data" / part)
    env = {**os.environ, "CORRIDOR_DATA": str(tmp_path / "data")}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pipelines.definitions as d; print(len(list(d.defs.resolve_all_asset_keys())) > 5)",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "True"


def test_a_linked_folder_in_the_corpus_is_refused_not_skipped(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(RU, encoding="utf-8")
    (folder / "sub").symlink_to(outside)
    corpus = read_corpus(folder)
    assert corpus.articles.height == 0
    assert corpus.refused.select("input_name", "reason").rows() == [
        ("sub", "resolves outside the articles folder (link or '..'): not read")
    ]
