"""The maps on the real Flanders patch stay exactly what the engine produced before the tile-scale
rewrite (hashes of the pixel values recorded with the row-strip engine of commit 73b9f97), whatever the
memory budget, so that speed work never changes a product. A deliberate change of the science updates them,
saying why: L4A re-recorded when the split started rounding half up (10 crop polygons at 0.25 now give 3
validation polygons, not 2) and zero denominators gave 0 instead of NaN; L4B did not change."""
import hashlib
import os

import numpy as np
import pytest
from osgeo import gdal

from conftest import FLANDERS, FLANDERS_SAFE, needs
from cropmapper.science import products, workflow

START, END = "2018-03-01", "2018-10-31"
# SHA-256 of the int16 pixel values (C order) of each raster, default parameters, seed 0
REFERENCE = {
    "L4A": {"MAP": "5fd3d56bf3343b8d1471ba5c0f1656d8bfdf0d82800fad822f25d2a50f272f9a",
            "RAW": "779cf3b231dcbd416190ac8ffa7e206b73430fb1449d8dc4e3dbbeb1fa132fff",
            "CNF": "a254b5a7968b1163c8bc0c586031e1e78ea98185d29c114632f2f644b271804a",
            "FLG": "0ed65ac5753f2e9ffa6f99e8a57eb5780a00d5e88e2f2eb8dff29b95821ebaf8"},
    "L4B": {"MAP": "810009eab93563a6b58a394d9f15500ea11bd61ddfa17f621389e2e68823bd1d",
            "RAW": "810009eab93563a6b58a394d9f15500ea11bd61ddfa17f621389e2e68823bd1d",
            "CNF": "32b864f62772bb75e1f8b80346a2c91191ba15a80385b2ae39a0369d27ba3319",
            "FLG": "0ed65ac5753f2e9ffa6f99e8a57eb5780a00d5e88e2f2eb8dff29b95821ebaf8"},
}


def pixel_hashes(product_path):
    product = products.read_product(product_path)
    out = {}
    for key, path in (("MAP", product.map_path), ("RAW", product.raw_path), ("CNF", product.confidence_path),
                      ("FLG", product.flags_path)):
        data = gdal.Open(path).ReadAsArray().astype(np.int16)
        out[key] = hashlib.sha256(np.ascontiguousarray(data).tobytes()).hexdigest()
    return out


def run(level, out, memory_mb):
    labels = os.path.join(FLANDERS, "labels.gpkg")
    if level == "L4A":
        result = workflow.run_crop_mask([FLANDERS_SAFE], START, END, labels, "is_crop", site="FLANDERS",
                                        memory_mb=memory_mb, out_folder=out)
    else:
        result = workflow.run_crop_type([FLANDERS_SAFE], START, END, labels, "ct", site="FLANDERS",
                                        memory_mb=memory_mb, out_folder=out)
    return pixel_hashes(result["product"])


@needs(FLANDERS_SAFE)
@pytest.mark.parametrize("level", ["L4A", "L4B"])
@pytest.mark.parametrize("memory_mb", [16, 512])
def test_flanders_maps_identical_to_reference(level, memory_mb, tmp_path):
    assert run(level, str(tmp_path), memory_mb) == REFERENCE[level]
