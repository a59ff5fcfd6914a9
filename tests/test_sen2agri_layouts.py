"""read_product on products laid out as Sen2-Agri writes them (tests/sen2agri_fixtures.py), and on ours."""
import os

import pytest

import sen2agri_fixtures as fx
from cropmapper.science.products import read_product, resolve_crop_mask


@pytest.mark.parametrize("level", ["L4A", "L4B"])
@pytest.mark.parametrize("qlt_in", ["AUX_DATA", "QI_DATA"])
def test_genuine_layouts_are_read(tmp_path, level, qlt_in):
    root = fx.make_genuine_product(str(tmp_path), level, qlt_in)
    for given in (root, os.path.join(root, "S2AGRI_%s_MTD_%s.xml" % (level, fx.PERIOD)),
                  os.path.join(root, "TILES")):
        p = read_product(given)
        assert p.path == root and p.level == level and p.site == "4" and p.tile == fx.TILE
        assert str(p.start) == "2018-03-02" and str(p.end) == "2018-10-27"
        assert p.map_path.endswith("S2AGRI_%s_%s_%s_T%s.TIF" % (level, "CM" if level == "L4A" else "CT",
                                                               fx.PERIOD, fx.TILE))
        assert p.raw_path and p.flags_path and p.confidence_path is None
        assert p.mtd_path == os.path.join(root, "S2AGRI_%s_MTD_%s.xml" % (level, fx.PERIOD))
        assert p.quality["labels"] == fx.LABELS[level] and p.quality["confusion_matrix"] == fx.CM[level]
        assert (qlt_in in p.aux["QLT"].split(os.sep))
        # the input products are listed only in the IPP
        assert [i["source"] for i in p.inputs] == fx.INPUTS and {i["tile"] for i in p.inputs} == {fx.TILE}
        assert p.parameters["NbTrees"] == "100"


def test_a_raster_inside_a_tile_finds_the_product_not_the_tile(tmp_path):
    root = fx.make_genuine_product(str(tmp_path), "L4A")
    p = read_product(os.path.join(root, "TILES", "S2AGRI_L4A_%s_T%s" % (fx.PERIOD, fx.TILE), "IMG_DATA"))
    assert p.path == root
    assert resolve_crop_mask(root) == p.map_path
