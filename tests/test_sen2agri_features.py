"""FEATURES=sen2agri: each feature against values worked out by hand from Sen2-Agri's
CropMaskFeaturesSupervisedFunctor (window 2 on these short series, so every feature is exercised)."""
import numpy as np
import pytest

from cropmapper.science.series import sen2agri as s2a


def nd(values, days, window=2):
    x = np.asarray(values, dtype=np.float32)[:, None]
    return dict(zip(s2a.SUMMARY[:17], s2a.ndvi_features(x, days, window)[:, 0].tolist()))


def check(got, expected):
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=2e-6), name


def test_bell_shaped_season():
    f = nd([0.1, 0.3, 0.7, 0.9, 0.5, 0.2], [0, 10, 20, 30, 40, 50])
    # running means of 2 dates: 0.2 0.5 0.8 0.7 0.35; earlier minus later: -0.6 -0.2 0.45
    check(f, {"ndvi_max": 0.9, "ndvi_mean": 0.45, "ndvi_std": np.sqrt(0.475 / 6),
              "ndvi_maxdif": 0.45, "ndvi_mindif": -0.6, "ndvi_difdif": 1.05,
              # max mean 0.8 on dates 2-3; both ends (0.7, 0.9) are outside 0.8 +- 0.05 already
              "ndvi_maxmean": 0.8, "ndvi_maxmean_len": 10, "ndvi_maxmean_area": 8.0,
              # rise 0.1 -> 0.9 over 30 days, fall 0.9 -> 0.2 over 20 days
              "ndvi_pos_area": 0.8 * 30 / 2, "ndvi_pos_len": 30, "ndvi_pos_slope": 0.8 / 30,
              "ndvi_neg_area": 0.7 * 20 / 2, "ndvi_neg_len": 20, "ndvi_neg_slope": 0.7 / 20,
              # 0.1 -> 0.3 crosses up; 0.5 -> 0.2 ends exactly on the threshold: down
              "ndvi_soil_to_veg": 1, "ndvi_veg_to_soil": 1})


def test_flat_series():
    f = nd([0.5] * 6, [0, 10, 20, 30, 40, 50])
    # every date within 0.05 of the max mean: the walk reaches both ends, 50 days; no rise, no fall
    check(f, {"ndvi_max": 0.5, "ndvi_mean": 0.5, "ndvi_std": 0, "ndvi_maxdif": 0, "ndvi_mindif": 0,
              "ndvi_difdif": 0, "ndvi_maxmean": 0.5, "ndvi_maxmean_len": 50, "ndvi_maxmean_area": 25,
              "ndvi_pos_area": 0, "ndvi_pos_len": 0, "ndvi_pos_slope": 0, "ndvi_neg_area": 0,
              "ndvi_neg_len": 0, "ndvi_neg_slope": 0, "ndvi_soil_to_veg": 0, "ndvi_veg_to_soil": 0})


def test_double_season():
    f = nd([0.2, 0.8, 0.2, 0.8, 0.2], [0, 10, 20, 30, 40])
    # all running means 0.5; the first window holds the max, its dates 0.2 and 0.8 are both outside
    # equal rises and falls: the first of each is kept (a later one must be strictly larger)
    check(f, {"ndvi_max": 0.8, "ndvi_mean": 0.44, "ndvi_maxdif": 0, "ndvi_mindif": 0, "ndvi_difdif": 0,
              "ndvi_maxmean": 0.5, "ndvi_maxmean_len": 10, "ndvi_maxmean_area": 5,
              "ndvi_pos_area": 3, "ndvi_pos_len": 10, "ndvi_pos_slope": 0.06,
              "ndvi_neg_area": 3, "ndvi_neg_len": 10, "ndvi_neg_slope": 0.06,
              "ndvi_soil_to_veg": 1, "ndvi_veg_to_soil": 1})


def test_plateau_on_irregular_dates():
    f = nd([0.1, 0.62, 0.7, 0.68, 0.66, 0.3], [0, 5, 20, 21, 40, 70])
    # running means 0.36 0.66 0.69 0.67 0.48: max 0.69 on dates 2-3; walk left: 0.7 in, 0.62 out (stop
    # on day 5); right: 0.68, 0.66 in, 0.3 out (stop on day 70): 65 days
    check(f, {"ndvi_maxdif": 0.21, "ndvi_mindif": -0.33, "ndvi_difdif": 0.54,
              "ndvi_maxmean": 0.69, "ndvi_maxmean_len": 65, "ndvi_maxmean_area": 0.69 * 65,
              "ndvi_pos_area": 0.6 * 20 / 2, "ndvi_pos_len": 20, "ndvi_pos_slope": 0.03,
              "ndvi_neg_area": 0.4 * 50 / 2, "ndvi_neg_len": 50, "ndvi_neg_slope": 0.008,
              "ndvi_soil_to_veg": 1, "ndvi_veg_to_soil": 0})


def test_sharp_fall():
    f = nd([0.8, 0.8, 0.8, 0.1, 0.1, 0.1], [0, 10, 20, 30, 40, 50])
    # equal steps are non-decreasing: the fall is the one step 0.8 -> 0.1 (10 days)
    check(f, {"ndvi_maxdif": 0.7, "ndvi_mindif": 0.35, "ndvi_difdif": 0.35,
              "ndvi_maxmean": 0.8, "ndvi_maxmean_len": 30, "ndvi_maxmean_area": 24,
              "ndvi_pos_area": 0, "ndvi_pos_len": 0, "ndvi_pos_slope": 0,
              "ndvi_neg_area": 3.5, "ndvi_neg_len": 10, "ndvi_neg_slope": 0.07,
              "ndvi_soil_to_veg": 0, "ndvi_veg_to_soil": 1})


def test_transitions_at_exactly_0_2_and_short_series():
    up = nd([0.1, 0.2, 0.3], [0, 10, 20])
    assert (up["ndvi_soil_to_veg"], up["ndvi_veg_to_soil"]) == (1, 0)
    # fewer than 2 windows of dates: no window differences
    assert (up["ndvi_maxdif"], up["ndvi_mindif"], up["ndvi_difdif"]) == (0, 0, 0)
    down = nd([0.3, 0.2, 0.1], [0, 10, 20])
    assert (down["ndvi_soil_to_veg"], down["ndvi_veg_to_soil"]) == (0, 1)
    # a step 0.2 -> 0.2 meets both conditions and counts as soil-to-vegetation only (Sen2-Agri's else-if)
    both = nd([0.2, 0.2], [0, 10])
    assert (both["ndvi_soil_to_veg"], both["ndvi_veg_to_soil"]) == (1, 0)


def test_no_positive_mean_gives_no_plateau():
    f = nd([-0.2, -0.1, -0.3, -0.1], [0, 10, 20, 30])
    assert (f["ndvi_maxmean"], f["ndvi_maxmean_len"], f["ndvi_maxmean_area"]) == (0, 0, 0)


def test_window_larger_than_the_series():
    f = nd([0.1, 0.5, 0.3], [0, 10, 20], window=6)
    assert all(f[k] == 0 for k in ("ndvi_maxdif", "ndvi_difdif", "ndvi_maxmean", "ndvi_maxmean_len"))


def test_summary_features_order_indices_and_numerics():
    days = [0, 10, 20, 30]
    one = np.ones((4, 3), np.float32)
    green, red, nir, swir = 0.1 * one, 0.1 * one, 0.3 * one, 0.2 * one
    red[:, 1] = nir[:, 1] = swir[:, 1] = 0         # zero denominators: NDVI and NDWI 0, not NaN
    red[:, 2], nir[:, 2] = -0.02, 0.01            # below 0 after the offset: clipped before the index
    nir[2, 0] = np.nan                            # a pixel without data: NaN in every feature (column 0)
    f = s2a.summary_features(green, red, nir, swir, days, window=2)
    assert f.shape == (27, 3) and len(s2a.SUMMARY) == 27
    assert np.isnan(f[:, 0]).all()
    g = dict(zip(s2a.SUMMARY, f[:, 1]))
    assert g["ndvi_max"] == 0 and g["ndwi_max"] == 0 and g["brightness_max"] == pytest.approx(0.1)
    h = dict(zip(s2a.SUMMARY, f[:, 2]))
    assert h["ndvi_max"] == pytest.approx(1.0)    # NIR 0.01, red clipped to 0 (not -3)
    green2, red2, nir2, swir2 = 0.1 * one, 0.1 * one, 0.3 * one, 0.2 * one
    k = dict(zip(s2a.SUMMARY, s2a.summary_features(green2, red2, nir2, swir2, days, 2)[:, 0]))
    for stat in ("max", "min", "mean", "median"):
        assert k["ndwi_" + stat] == pytest.approx(-0.2)
        assert k["brightness_" + stat] == pytest.approx(np.sqrt(0.15))
    assert k["ndwi_std"] == pytest.approx(0, abs=1e-6) and k["ndvi_mean"] == pytest.approx(0.5)


def test_median_of_an_even_number_of_dates():
    swir = np.array([[0.1], [0.3], [0.2], [0.6]], np.float32)
    nir = np.full((4, 1), 0.2, np.float32)
    f = dict(zip(s2a.SUMMARY, s2a.summary_features(nir * 0.5, nir * 0.5, nir, swir, [0, 10, 20, 30], 2)[:, 0]))
    ndwi = sorted([(0.1 - 0.2) / 0.3, 0.0, (0.3 - 0.2) / 0.5, (0.6 - 0.2) / 0.8])
    assert f["ndwi_median"] == pytest.approx((ndwi[1] + ndwi[2]) / 2, abs=1e-6)
    assert f["ndwi_min"] == pytest.approx(ndwi[0], abs=1e-6) and f["ndwi_max"] == pytest.approx(0.5, abs=1e-6)


def test_rededge_features_per_date():
    b = [np.full((2, 1), v, np.float32) for v in (0.05, 0.1, 0.15, 0.25, 0.3, 0.35)]
    f = s2a.rededge_features(*b)
    assert f.shape == (8, 1)
    assert f[:4, 0] == pytest.approx([0.1 / 0.6, 0.15 / 0.35, 0.05 / 0.15, 722.5], abs=1e-4)
    assert f[4:, 0] == pytest.approx(f[:4, 0])
    zero = [np.zeros((1, 1), np.float32)] * 6
    assert s2a.rededge_features(*zero)[:, 0].tolist() == [0, 0, 0, 0]
