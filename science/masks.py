"""Per-date pixel status codes from L2A cloud masks (Sen2Cor SCL, MAJA/THEIA MG2/CLM/EDG/SAT).

Water and snow are usable observations counted apart; CLOUD and NODATA are invalid.
"""
import numpy as np

VALID = 0
WATER = 1
SNOW = 2
CLOUD = 3
NODATA = 4

STATUS_NAMES = {VALID: "valid", WATER: "water", SNOW: "snow", CLOUD: "cloud", NODATA: "nodata"}

# Sen2Cor scene classification -> status (DESIGN §3). Unknown codes (12..255) are NODATA.
SCL_TO_STATUS = {
    0: NODATA,   # no data
    1: NODATA,   # saturated or defective: no usable measurement, so NODATA (not a cloud)
    2: CLOUD,    # dark area / topographic shadow (cloud-like in Sen2-Agri)
    3: CLOUD,    # cloud shadow
    4: VALID,    # vegetation
    5: VALID,    # not vegetated
    6: WATER,
    7: CLOUD,    # unclassified (cloud-like in Sen2-Agri)
    8: CLOUD,    # cloud medium probability
    9: CLOUD,    # cloud high probability
    10: CLOUD,   # thin cirrus
    11: SNOW,
}
SCL_LUT = np.full(256, NODATA, dtype=np.uint8)
for _code, _status in SCL_TO_STATUS.items():
    SCL_LUT[_code] = _status

# MAJA/THEIA MG2 (geophysical mask) bits used, as Sen2-Agri does. Higher bits (0x10 topographic
# shadow, 0x20 hidden by relief, 0x40 sun too low, 0x80 tangent sun) are terrain-persistent: masking
# them would leave mountain pixels with no observation at all, so they are ignored.
MG2_WATER = 0x01
MG2_CLOUD = 0x02
MG2_SNOW = 0x04
MG2_SHADOW = 0x08


def scl_status(scl, nodata=None):
    """Status codes (uint8) from a Sen2Cor SCL array; ``nodata`` (bool array) forces NODATA."""
    scl = np.asarray(scl)
    status = SCL_LUT[np.clip(scl, 0, 255).astype(np.uint8)] if scl.dtype != np.uint8 else SCL_LUT[scl]
    if nodata is not None:
        status = np.where(nodata, np.uint8(NODATA), status).astype(np.uint8)
    return status


def maja_status(mg2, edg, sat, clm=None):
    """Status codes (uint8) from MAJA masks. Priority: EDG != 0 -> NODATA; SAT != 0 -> NODATA
    (saturated: no usable measurement, as Sen2Cor SCL 1); cloud or cloud shadow (MG2 0x02/0x08, or
    CLM != 0 when given) -> CLOUD; snow 0x04 -> SNOW; water 0x01 -> WATER; else VALID.
    ``mg2`` may be None when only CLM exists (no water/snow information then)."""
    ref = next(a for a in (mg2, clm, edg, sat) if a is not None)
    shape = np.shape(ref)
    status = np.full(shape, VALID, dtype=np.uint8)
    if mg2 is not None:
        mg2 = np.asarray(mg2).astype(np.int64)
        status[(mg2 & MG2_WATER) != 0] = WATER
        status[(mg2 & MG2_SNOW) != 0] = SNOW
        status[(mg2 & (MG2_CLOUD | MG2_SHADOW)) != 0] = CLOUD
    if clm is not None:
        status[np.asarray(clm) != 0] = CLOUD
    if sat is not None:
        status[np.asarray(sat) != 0] = NODATA
    if edg is not None:
        status[np.asarray(edg) != 0] = NODATA
    return status


def nan_to_nodata(status, reflectance):
    """Set NODATA where any band of ``reflectance`` (nb, rows, cols) is NaN; returns ``status``."""
    bad = np.isnan(reflectance).any(axis=0)
    status[bad] = NODATA
    return status


def is_usable(status):
    """Observations a time series may use: valid, water or snow."""
    return status <= SNOW
