"""In situ parcel preparation (Sen2-Agri conventions, DESIGN §2), with OGR geometry.

Parcels are ``Parcel(wkb, attributes)`` records in the layer's CRS (given as WKT).
Distances and areas are metres and square metres: layers whose CRS is geographic,
not in metres, or a Mercator projection are processed in the UTM zone of their
centre (WGS 84 / UTM) and written back in their own CRS.
"""
import math
from collections import OrderedDict
from dataclasses import dataclass, field

from osgeo import ogr, osr

from .errors import InputError
from .grid import srs_from
from .progress import Reporter

ogr.UseExceptions()
osr.UseExceptions()

PURPOSE_CROP_MASK = "cropmask"
PURPOSE_CROP_TYPE = "croptype"
MAX_DISTANCE = 500.0          # m: a wider inner buffer erases any real parcel
MAX_MIN_AREA = 10_000_000.0   # m² (1000 ha): larger thresholds are a unit mistake
OVERLAP_REPORT, OVERLAP_CUT, OVERLAP_DROP = "report", "cut", "drop"
# Buffer arcs are drawn as chords, which come closer to the boundary than the radius:
# widening the radius by 1/cos(half the chord angle) keeps every point at least DISTANCE away.
_QUADSEGS = 16
_ARC_FACTOR = 1.0 / math.cos(math.pi / (4 * _QUADSEGS))


@dataclass
class Parcel:
    wkb: bytes
    attributes: dict = field(default_factory=dict)

    def geometry(self):
        return ogr.CreateGeometryFromWkb(bytes(self.wkb))


def utm_epsg(lon, lat):
    """EPSG code of the WGS 84 / UTM zone holding (lon, lat)."""
    zone = min(max(int(math.floor((lon + 180.0) / 6.0)) + 1, 1), 60)
    return (32600 if lat >= 0 else 32700) + zone


def _is_metric(srs):
    if not srs.IsProjected() or abs(srs.GetLinearUnits() - 1.0) > 1e-9:
        return False
    projection = (srs.GetAttrValue("PROJECTION") or "").lower()
    # (Pseudo-)Mercator metres are not ground metres away from the equator; Transverse Mercator is fine.
    return "mercator" not in projection or "transverse" in projection


class MetricFrame:
    """Moves geometries into a CRS where a unit is a ground metre, and back."""

    def __init__(self, crs_wkt, parcels):
        if not crs_wkt:
            raise InputError("The in situ layer has no coordinate reference system: set its CRS first.")
        self.srs = srs_from(crs_wkt)
        self.forward = self.backward = None
        self.description = "the layer's own CRS"
        if _is_metric(self.srs):
            return
        envelope = _envelope(parcels)
        if envelope is None:
            return
        lonlat = srs_from("EPSG:4326")
        centre = ogr.Geometry(ogr.wkbPoint)
        centre.AddPoint_2D((envelope[0] + envelope[1]) / 2.0, (envelope[2] + envelope[3]) / 2.0)
        centre.Transform(osr.CoordinateTransformation(self.srs, lonlat))
        epsg = utm_epsg(centre.GetX(), centre.GetY())
        utm = srs_from("EPSG:%d" % epsg)
        self.forward = osr.CoordinateTransformation(self.srs, utm)
        self.backward = osr.CoordinateTransformation(utm, self.srs)
        self.description = "WGS 84 / UTM (EPSG:%d)" % epsg

    def to_metric(self, geom):
        if self.forward is not None:
            geom.Transform(self.forward)
        return geom

    def from_metric(self, geom):
        if self.backward is not None:
            geom.Transform(self.backward)
        return geom


def _envelope(parcels):
    env = None
    for p in parcels:
        g = p.geometry()
        if g is None or g.IsEmpty():
            continue
        e = g.GetEnvelope()
        env = e if env is None else (min(env[0], e[0]), max(env[1], e[1]), min(env[2], e[2]), max(env[3], e[3]))
    return env


def _polygonal(geom):
    """The polygon part of ``geom`` as a MultiPolygon (None when nothing is left)."""
    if geom is None or geom.IsEmpty():
        return None
    flat = ogr.GT_Flatten(geom.GetGeometryType())
    if flat == ogr.wkbPolygon:
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        multi.AddGeometry(geom)
        return multi
    if flat == ogr.wkbMultiPolygon:
        return geom
    if flat == ogr.wkbGeometryCollection:
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        for i in range(geom.GetGeometryCount()):
            part = _polygonal(geom.GetGeometryRef(i))
            if part is not None:
                for j in range(part.GetGeometryCount()):
                    multi.AddGeometry(part.GetGeometryRef(j))
        return multi if multi.GetGeometryCount() else None
    return None


def polygon_area(geom):
    """Area of the polygon part of ``geom`` (0 for none, lines and points: no OGR warning)."""
    poly = _polygonal(geom)
    return poly.GetArea() if poly is not None else 0.0


# --- parameter and attribute checks ----------------------------------------------------------
def check_distance(distance):
    if distance is None or not math.isfinite(distance) or distance < 0 or distance > MAX_DISTANCE:
        raise InputError(
            "The inner buffer distance must be between 0 and %g m (got %s): it is how far inside its "
            "boundary a parcel is kept, 15 m in the Sen2-Agri training.", MAX_DISTANCE, distance)


def check_min_area(min_area):
    if min_area is None or not math.isfinite(min_area) or min_area < 0 or min_area > MAX_MIN_AREA:
        raise InputError(
            "The minimum area must be between 0 and %g m² (got %s): it is in square metres, "
            "5000 m² (0.5 ha) in the Sen2-Agri training.", MAX_MIN_AREA, min_area)


BAD_LABEL = "bad"


def label_value(value):
    """An in situ label as an integer: None when empty, BAD_LABEL when it is not an integer. The one rule of
    every algorithm (prepareinsitu, innerbuffer's callers, cropmask, croptype): numbers and text holding an
    integer ('1200', ' 1 ', '1200.0') are taken, since layers converted from CSV and many shapefile exports
    store codes as text and such a value is unambiguous (refusing it only forces a recoding step); anything
    else is refused: other text ('maize'), fractions (12.5), booleans, NaN and infinities."""
    if value is None or isinstance(value, bool):
        return None if value is None else BAD_LABEL
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return BAD_LABEL
    if not math.isfinite(number) or number != int(number):
        return BAD_LABEL
    return int(number)


def check_attributes(parcels, field_names, purpose, crop_field="CROP", code_field="CODE"):
    """Raise InputError unless the field the purpose needs exists and holds valid labels."""
    name = crop_field if purpose == PURPOSE_CROP_MASK else code_field
    if name not in field_names and purpose == PURPOSE_CROP_MASK:  # one template each: translated whole
        raise InputError("The in situ layer has no field '%s' (fields: %s). Choose the field that holds the "
                         "crop (1) / non-crop (0) label.", name, ", ".join(field_names) or "none")
    if name not in field_names:
        raise InputError("The in situ layer has no field '%s' (fields: %s). Choose the field that holds the "
                         "integer crop code.", name, ", ".join(field_names) or "none")
    values = [label_value(p.attributes.get(name)) for p in parcels]
    missing = values.count(None)
    if missing:
        raise InputError("%d parcel(s) have no value in field '%s': fill or remove them.", missing, name)
    raws = [p.attributes[name] for p in parcels]
    text = sorted({repr(r) for r, v in zip(raws, values) if v == BAD_LABEL and _not_a_number(r)})
    if text:
        raise InputError("Field '%s' must be numeric, but it holds %s. Use a numeric field (integer) or integers "
                         "written as text.", name, ", ".join(text[:5]))
    if purpose == PURPOSE_CROP_MASK:
        other = sorted({str(r) for r, v in zip(raws, values) if v not in (0, 1)})
        if other:
            raise InputError("Field '%s' must hold 1 (crop) or 0 (non-crop) only, but it also holds %s.",
                             name, ", ".join(other[:10]))
    else:
        fractional = sorted({str(r) for r, v in zip(raws, values) if v == BAD_LABEL})
        if fractional:
            raise InputError("Field '%s' must hold integer crop codes, but it holds %s.",
                             name, ", ".join(fractional[:10]))


def _not_a_number(value):
    if isinstance(value, bool):
        return True
    try:
        float(value)
        return False
    except (TypeError, ValueError):
        return True


# --- geometry steps -----------------------------------------------------------------------------
def repair_geometries(parcels, reporter=None):
    """Repair invalid geometries and drop empty or non-polygonal ones; returns the kept parcels."""
    reporter = reporter or Reporter()
    kept, repaired, dropped = [], 0, 0
    for p in parcels:
        geom = p.geometry() if p.wkb else None
        if geom is not None and not geom.IsEmpty() and not geom.IsValid():
            geom = geom.MakeValid()
            repaired += 1
        geom = _polygonal(geom)
        if geom is None or geom.IsEmpty() or geom.GetArea() <= 0:
            dropped += 1
            continue
        kept.append(Parcel(geom.ExportToIsoWkb(), dict(p.attributes)))
    if repaired == 1:  # two templates: a translation cannot take an English plural ending
        reporter.info("Repaired 1 invalid geometry.")
    elif repaired:
        reporter.info("Repaired %d invalid geometries.", repaired)
    if dropped:
        reporter.info("Dropped %d parcel(s) with an empty or non-polygonal geometry.", dropped)
    return kept


def inner_buffer(parcels, distance, crs_wkt, reporter=None):
    """Shrink each parcel by ``distance`` metres; parcels that vanish are dropped and counted."""
    reporter = reporter or Reporter()
    check_distance(distance)
    frame = MetricFrame(crs_wkt, parcels)
    reporter.info("Inner buffer of %g m computed in %s.", distance, frame.description)
    kept, vanished = [], 0
    n = max(len(parcels), 1)
    for i, p in enumerate(parcels):
        if i % 200 == 0:
            reporter.check()
            reporter.progress(i / n)
        geom = frame.to_metric(p.geometry())
        if distance > 0:
            geom = geom.Buffer(-float(distance) * _ARC_FACTOR, _QUADSEGS)
        geom = _polygonal(geom)
        if geom is None or geom.GetArea() <= 0:
            vanished += 1
            continue
        kept.append(Parcel(frame.from_metric(geom).ExportToIsoWkb(), dict(p.attributes)))
    reporter.progress(1.0)
    reporter.info("Inner buffer: %d parcel(s) kept, %d vanished (narrower than %g m).",
                  len(kept), vanished, 2 * distance)
    return kept, vanished


def areas_m2(parcels, crs_wkt):
    """Planar area of each parcel in square metres, in the metric frame (see module doc)."""
    frame = MetricFrame(crs_wkt, parcels)
    return [frame.to_metric(p.geometry()).GetArea() for p in parcels]


def area_filter(parcels, crs_wkt, min_area, area_field="AREA", reporter=None):
    """Write ``area_field`` (m²) and keep parcels with area > ``min_area``."""
    reporter = reporter or Reporter()
    check_min_area(min_area)
    if not area_field or not area_field.strip():
        raise InputError("The area field name is empty: give a name such as AREA.")
    kept = []
    for p, area in zip(parcels, areas_m2(parcels, crs_wkt)):
        if area > min_area:
            attributes = dict(p.attributes)
            attributes[area_field] = round(area, 2)
            kept.append(Parcel(p.wkb, attributes))
    reporter.info("Area filter: %d of %d parcel(s) larger than %g m² kept.", len(kept), len(parcels), min_area)
    return kept


def find_overlaps(parcels, label_field):
    """Pairs (i, j) of parcels with different labels whose interiors overlap (sweep on x)."""
    geoms = [p.geometry() for p in parcels]
    envs = [g.GetEnvelope() for g in geoms]
    order = sorted(range(len(parcels)), key=lambda k: envs[k][0])
    active, pairs = [], []
    for i in order:
        minx, maxx, miny, maxy = envs[i]
        active = [j for j in active if envs[j][1] >= minx]
        for j in active:
            if parcels[i].attributes.get(label_field) == parcels[j].attributes.get(label_field):
                continue
            if envs[j][2] > maxy or envs[j][3] < miny:
                continue
            # parcels that only touch meet in lines or points: OGR warns when asked their area
            if polygon_area(geoms[i].Intersection(geoms[j])) > 0:
                pairs.append((min(i, j), max(i, j)))
        active.append(i)
    return sorted(pairs)


def resolve_overlaps(parcels, label_field, mode=OVERLAP_REPORT, reporter=None):
    """Report overlaps between parcels of different labels; ``cut`` removes the shared area from
    both (it belongs to neither class), ``drop`` removes both parcels."""
    reporter = reporter or Reporter()
    pairs = find_overlaps(parcels, label_field)
    if not pairs:
        reporter.info("No overlapping parcels with different '%s' values.", label_field)
        return parcels
    shown = ", ".join("%d/%d" % pair for pair in pairs[:10])
    reporter.warn("%d overlap(s) between parcels with different '%s' values (feature indexes %s%s).",
                  len(pairs), label_field, shown, "..." if len(pairs) > 10 else "")
    if mode == OVERLAP_REPORT:
        return parcels
    involved = sorted({k for pair in pairs for k in pair})
    if mode == OVERLAP_DROP:
        reporter.info("Dropped %d overlapping parcel(s).", len(involved))
        return [p for k, p in enumerate(parcels) if k not in set(involved)]
    geoms = {k: parcels[k].geometry() for k in involved}
    originals = {k: parcels[k].geometry() for k in involved}
    for i, j in pairs:
        shared = originals[i].Intersection(originals[j])
        geoms[i] = geoms[i].Difference(shared)
        geoms[j] = geoms[j].Difference(shared)
    out = []
    for k, p in enumerate(parcels):
        if k in geoms:
            geom = _polygonal(geoms[k])
            if geom is None or geom.GetArea() <= 0:
                continue
            p = Parcel(geom.ExportToIsoWkb(), dict(p.attributes))
        out.append(p)
    reporter.info("Removed the shared area from %d overlapping parcel(s); %d parcel(s) remain.",
                  len(involved), len(out))
    return out


def class_summary(parcels, label_field, crs_wkt):
    """{label: (parcel count, area m²)} sorted by label."""
    summary = {}
    for p, area in zip(parcels, areas_m2(parcels, crs_wkt)):
        count, total = summary.get(p.attributes.get(label_field), (0, 0.0))
        summary[p.attributes.get(label_field)] = (count + 1, total + area)
    return OrderedDict(sorted(summary.items(), key=lambda kv: (kv[0] is None, kv[0])))


def log_summary(reporter, summary):
    """The rows under a heading the caller logs (one template per heading, so it is translated whole)."""
    for label, (count, area) in summary.items():
        reporter.info("  %s: %d parcel(s), %.2f ha", label, count, area / 10000.0)
    total_n = sum(c for c, _ in summary.values())
    total_a = sum(a for _, a in summary.values())
    reporter.info("  total: %d parcel(s), %.2f ha", total_n, total_a / 10000.0)


def prepare(parcels, field_names, crs_wkt, purpose, crop_field="CROP", code_field="CODE",
            distance=15.0, min_area=5000.0, area_field="AREA", overlaps=OVERLAP_REPORT, crop_only=False,
            reporter=None):
    """The whole in situ preparation: checks, repair, overlaps, inner buffer, area filter.

    ``crop_only`` (crop type): keep only parcels whose ``crop_field`` is 1, since a crop-type map is
    validated inside the crop mask. Returns the kept parcels (with ``area_field``) and the per-class
    summaries before/after."""
    reporter = reporter or Reporter()
    if purpose not in (PURPOSE_CROP_MASK, PURPOSE_CROP_TYPE):
        raise InputError("Unknown purpose '%s': use crop mask or crop type.", purpose)
    check_distance(distance)
    check_min_area(min_area)
    if not parcels:
        raise InputError("The in situ layer has no features.")
    check_attributes(parcels, field_names, purpose, crop_field, code_field)
    if purpose == PURPOSE_CROP_TYPE and crop_only:
        check_attributes(parcels, field_names, PURPOSE_CROP_MASK, crop_field, code_field)
        total = len(parcels)
        parcels = [p for p in parcels if label_value(p.attributes[crop_field]) == 1]
        reporter.info("Crop parcels only: %d of %d parcel(s) have %s = 1.", len(parcels), total, crop_field)
        if not parcels:
            raise InputError("No parcel has %s = 1: there is no crop parcel to prepare.", crop_field)
    label = crop_field if purpose == PURPOSE_CROP_MASK else code_field
    if purpose == PURPOSE_CROP_TYPE:
        for p in parcels:  # integer codes, also when the field is real
            p.attributes[label] = label_value(p.attributes[label])
    reporter.check()
    parcels = repair_geometries(parcels, reporter)
    if not parcels:
        raise InputError("No parcel has a usable polygon geometry.")
    before = class_summary(parcels, label, crs_wkt)
    reporter.info("Before preparation (per %s value): parcels, area", label)
    log_summary(reporter, before)
    parcels = resolve_overlaps(parcels, label, overlaps, reporter)
    reporter.progress(0.1)
    reporter.check()
    parcels, _ = inner_buffer(parcels, distance, crs_wkt, reporter.sub(0.1, 0.8))
    parcels = area_filter(parcels, crs_wkt, min_area, area_field, reporter)
    reporter.progress(0.9)
    after = class_summary(parcels, label, crs_wkt)
    reporter.info("After preparation (per %s value): parcels, area", label)
    log_summary(reporter, after)
    lost = [str(k) for k in before if k not in after]
    if lost:
        reporter.warn("No parcel left for %s value(s) %s after the buffer and area filter.",
                      label, ", ".join(lost))
    if not parcels:
        raise InputError("No parcel is left after a %g m inner buffer and the %g m² area filter: "
                         "lower the buffer distance or the minimum area.", distance, min_area)
    return parcels, before, after
