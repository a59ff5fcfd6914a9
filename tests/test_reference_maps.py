"""The maps on the real Flanders patch stay exactly what the engine produced before the tile-scale
rewrite (hashes of the pixel values recorded with the row-strip engine of commit 73b9f97), whatever the
memory budget, so that speed work never changes a product. A deliberate change of the science updates them,
saying why: L4A re-recorded when the split started rounding half up (10 crop polygons at 0.25 now give 3
validation polygons, not 2) and zero denominators gave 0 instead of NaN; L4B did not change then. Both
re-recorded when the defaults became Sen2-Agri's (issue 9): crop-mask features FEATURES=sen2agri and no
post-processing (it lowered the measured accuracy), crop-type features per date in Sen2-Agri's order."""
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
    "L4A": {"MAP": "aea1c8a1176dbfbe5d68b521c1e004072d5b10a7c8316d0f0c8aa4ced6400d80",
            "RAW": "aea1c8a1176dbfbe5d68b521c1e004072d5b10a7c8316d0f0c8aa4ced6400d80",
            "CNF": "93fb7d72090b6ded63751d18de617114706e1bfcb2f96de1efb94969d4da1aca",
            "FLG": "0ed65ac5753f2e9ffa6f99e8a57eb5780a00d5e88e2f2eb8dff29b95821ebaf8"},
    "L4B": {"MAP": "a9af825acfb03d65c0c717949db2ba1c7f25d24748a9d1d9d34baf7bd41ded0e",
            "RAW": "a9af825acfb03d65c0c717949db2ba1c7f25d24748a9d1d9d34baf7bd41ded0e",
            "CNF": "71c187ab8e283d980e4de408995e0a74146f3d95c3a84f64eb97ea1f9b1e6728",
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
