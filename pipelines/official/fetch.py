"""Live downloads of official data into snapshots + manifests. Off unless CORRIDOR_FETCH=1.

Nothing here runs in the pipeline: fetching is a deliberate, manual step whose output (bytes as
published, plus a manifest with the stable sha256) is reviewed and committed like any input.

* urllib from the standard library; retries with exponential backoff on 5xx and network errors;
  HTTP 429 waits for Retry-After (seconds or an HTTP date) before retrying;
* every failure raises FetchError naming the provider and the HTTP status;
* never a silent empty result: a 200 whose payload has no data rows raises too.

The base URLs are parameters so tests can point them at a local server with recorded bodies.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from pipelines.model import CorridorError
from pipelines.official.manifest import write_manifest

COMTRADE_URL = "https://comtradeapi.un.org/data/v1/get"
COMTRADE_PUBLIC_URL = "https://comtradeapi.un.org/public/v1/preview"
IMF_URL = "https://api.imf.org/external/sdmx/2.1/data"
WORLDBANK_URL = "https://api.worldbank.org/v2"
USER_AGENT = "corridor-official-fetch/1 (+https://github.com/; open-source data warehouse)"


class FetchError(CorridorError, RuntimeError):
    def __init__(self, provider: str, status: int | None, message: str):
        self.provider, self.status = provider, status
        super().__init__(f"{provider}: HTTP {status if status is not None else '-'}: {message}")


class FetchDisabled(CorridorError, RuntimeError):
    """Fetching is switched off (CORRIDOR_FETCH is not 1)."""


def fetch_enabled() -> bool:
    return os.environ.get("CORRIDOR_FETCH") == "1"


def _require_enabled(provider: str) -> None:
    if not fetch_enabled():
        raise FetchDisabled(f"{provider}: live fetching is off; set CORRIDOR_FETCH=1 to download")


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed is None:
            return default
        return max(0.0, (parsed - dt.datetime.now(dt.UTC)).total_seconds())


def http_get(
    url: str,
    provider: str,
    *,
    headers: dict | None = None,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 60.0,
    opener: Callable | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_wait: float = 300.0,
) -> tuple[bytes, dict]:
    """GET ``url`` → (body, response headers); FetchError after ``retries`` failed attempts."""
    open_ = opener or urllib.request.build_opener().open
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    last: FetchError | None = None
    for attempt in range(retries + 1):
        try:
            with open_(req, timeout=timeout) as resp:
                return resp.read(), dict(resp.headers.items())
        except urllib.error.HTTPError as exc:
            body = exc.read()[:300].decode("utf-8", "replace") if exc.fp else ""
            last = FetchError(provider, exc.code, f"{exc.reason} for {url} {body}".strip())
            if exc.code == 429:
                wait = min(
                    max_wait,
                    _retry_after(exc.headers.get("Retry-After") if exc.headers else None, backoff * 2**attempt),
                )
            elif exc.code >= 500:
                wait = backoff * 2**attempt
            else:
                raise last from exc  # 4xx other than 429: asking again will not help
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last = FetchError(provider, None, f"network error for {url}: {exc}")
            wait = backoff * 2**attempt
        if attempt < retries:
            sleep(wait)
    assert last is not None
    raise last


def _save(
    out_dir: Path,
    provider: str,
    name: str,
    body: bytes,
    *,
    fmt: str,
    dataset: str,
    title: str,
    publisher: str,
    url: str,
    licence: str,
    published,
    today: dt.date | None,
    **extra,
) -> Path:
    folder = Path(out_dir) / provider
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(body)
    write_manifest(
        path,
        provider=provider,
        dataset=dataset,
        title=title,
        publisher=publisher,
        fmt=fmt,
        url=url,
        licence=licence,
        published=published,
        retrieved=today or dt.date.today(),
        **extra,
    )
    return path


def fetch_comtrade(
    reporter_m49: int,
    period: str,
    out_dir: Path,
    *,
    partner: str | None = None,
    freq: str = "A",
    flows: str = "X,M",
    api_key: str | None = None,
    base_url: str | None = None,
    today: dt.date | None = None,
    published: dt.date | None = None,
    **http,
) -> Path:
    """UN Comtrade API v1 total trade of one reporter and period (all partners unless ``partner``)."""
    _require_enabled("comtrade")
    key = api_key or os.environ.get("COMTRADE_API_KEY")
    base = base_url or (COMTRADE_URL if key else COMTRADE_PUBLIC_URL)
    query = {
        "reporterCode": reporter_m49,
        "period": period,
        "cmdCode": "TOTAL",
        "flowCode": flows,
        "customsCode": "C00",
        "motCode": 0,
        "partner2Code": 0,
        "includeDesc": "true",
    }
    if partner is not None:
        query["partnerCode"] = partner
    url = f"{base}/C/{freq}/HS?{urllib.parse.urlencode(query)}"
    body, _ = http_get(url, "comtrade", headers={"Ocp-Apim-Subscription-Key": key} if key else None, **http)
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as exc:
        raise FetchError("comtrade", 200, f"response is not JSON: {exc}") from exc
    if doc.get("error"):
        raise FetchError("comtrade", 200, f"API error: {doc['error']}")
    if not doc.get("data"):
        raise FetchError("comtrade", 200, f"empty data for reporter {reporter_m49} period {period}")
    public_url = url.split("?")[0] + "?" + urllib.parse.urlencode(query)  # never the key
    return _save(
        out_dir,
        "comtrade",
        f"comtrade_{reporter_m49}_{freq}_{period}.json",
        body,
        fmt="comtrade_json",
        dataset=f"{reporter_m49}-{freq}-{period}",
        title=f"UN Comtrade total trade, reporter {reporter_m49}, {period}",
        publisher="United Nations Statistics Division (UN Comtrade)",
        url=public_url,
        licence="UN Comtrade terms of use",
        published=published or today or dt.date.today(),
        today=today,
    )


def fetch_imf(
    key: str,
    out_dir: Path,
    *,
    flow_ref: str = "IMF.STA,IMTS",
    start: str | None = None,
    end: str | None = None,
    base_url: str | None = None,
    today: dt.date | None = None,
    published: dt.date | None = None,
    **http,
) -> Path:
    """IMF SDMX 2.1 data query (structure-specific SDMX-ML), e.g. key 'KGZ.XG_FOB_USD.RUS.A'."""
    _require_enabled("imf")
    query = {k: v for k, v in (("startPeriod", start), ("endPeriod", end)) if v}
    url = f"{base_url or IMF_URL}/{flow_ref}/{key}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    body, _ = http_get(
        url, "imf", headers={"Accept": "application/vnd.sdmx.structurespecificdata+xml;version=2.1"}, **http
    )
    if b"<Obs" not in body and b":Obs" not in body:
        raise FetchError("imf", 200, f"no observations for {key}")
    return _save(
        out_dir,
        "imf",
        f"imf_{flow_ref.replace(',', '_')}_{key}.xml",
        body,
        fmt="sdmx_ml",
        dataset=f"{flow_ref}:{key}",
        title=f"IMF {flow_ref} {key}",
        publisher="International Monetary Fund",
        url=url,
        licence="IMF terms of use (https://www.imf.org/external/terms.htm)",
        published=published or today or dt.date.today(),
        today=today,
    )


def fetch_worldbank(
    indicator: str,
    countries: str,
    out_dir: Path,
    *,
    date: str | None = None,
    base_url: str | None = None,
    today: dt.date | None = None,
    **http,
) -> Path:
    """World Bank API v2 JSON, one page holding every row (per_page 20000); published = lastupdated."""
    _require_enabled("worldbank")
    query = {"format": "json", "per_page": 20000}
    if date:
        query["date"] = date
    url = f"{base_url or WORLDBANK_URL}/country/{countries}/indicator/{indicator}?{urllib.parse.urlencode(query)}"
    body, _ = http_get(url, "worldbank", **http)
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as exc:
        raise FetchError("worldbank", 200, f"response is not JSON: {exc}") from exc
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "message" in doc[0]:
        raise FetchError("worldbank", 200, f"API error: {json.dumps(doc[0]['message'])[:300]}")
    if not (isinstance(doc, list) and len(doc) == 2 and doc[1]):
        raise FetchError("worldbank", 200, f"empty data for {indicator} {countries}")
    if int(doc[0].get("pages") or 1) > 1:
        raise FetchError("worldbank", 200, f"{doc[0]['pages']} pages: raise per_page above {doc[0].get('total')}")
    published = doc[0].get("lastupdated")
    safe = countries.replace(";", "-")
    return _save(
        out_dir,
        "worldbank",
        f"wb_{indicator}_{safe}.json",
        body,
        fmt="worldbank_json",
        dataset=indicator,
        title=f"World Bank WDI {indicator} ({countries})",
        publisher="World Bank",
        url=url,
        licence="CC BY 4.0",
        published=published or today or dt.date.today(),
        today=today,
    )
