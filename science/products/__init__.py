"""Sen2-Agri style L4A (crop mask) / L4B (crop type) products: writer and reader.

Layout (the Sen2-Agri common structure, DESIGN section 4); L4A shown, L4B uses CT / MCTFLG::

    S2AGRI_L4A_PRD_S{site}_{created YYYYMMDDThhmmss}_V{start}_{end}/
      S2AGRI_L4A_MTD_V{start}_{end}.xml       metadata: inputs, footprint, CRS, nodata, parameters
      AUX_DATA/S2AGRI_L4A_IPP_V{start}_{end}.xml   every processing parameter (name/value)
      AUX_DATA/S2AGRI_L4A_QLT_V{start}_{end}.xml   confusion matrix + quality metrics
      AUX_DATA/S2AGRI_L4A_CMX_V{start}_{end}.csv   confusion matrix CSV (our name: CMX = confusion
                                                   matrix; two '#' lines name the row / column labels)
      AUX_DATA/S2AGRI_L4A_LUT_V{start}_{end}.txt   colour table: 'value R G B label' lines
      AUX_DATA/S2AGRI_L4A_ISD_V{start}_{end}.zip   in situ polygons (GeoPackage, field SPLIT =
                                                   'training' / 'validation')
      TILES/S2AGRI_L4A_V{start}_{end}_T{tile}/
        IMG_DATA/S2AGRI_L4A_CM_V{start}_{end}_T{tile}.TIF      mask (1 crop / 0 non-crop)
        IMG_DATA/S2AGRI_L4A_RAW_V{start}_{end}_T{tile}.TIF     raw (unsegmented / unmasked) map
        QI_DATA/S2AGRI_L4A_MCMFLG_V{start}_{end}_T{tile}.TIF   flags: 4 bands, counts of valid /
                                                               water / snow / cloud-or-nodata dates
        QI_DATA/S2AGRI_L4A_CNF_V{start}_{end}_T{tile}.TIF      confidence 0-100 (our addition: the
                                                               share of trees voting for the class)
Dates are YYYYMMDD. Rasters are int16 GeoTIFF, DEFLATE, nodata -10000; crop type = CODE values,
0 = not crop. Each raster gets a ``.qml`` sidecar (same name).

API
---
``ProductWriter(level, out_folder, site, start, end, tile=None, created=None, overwrite=False)``
    Context manager; works in a unique temporary folder ``out_folder/.{name}_XXXXXXXX_tmp`` (locked by a
    ``.lock`` file beside it: only crashed runs' folders are removed) and renames it into
    ``out_folder/{name}`` on success, deletes it on any exception (Cancelled included): nothing
    half-written. Refuses (InputError, at construction, so before any work) when ``out_folder`` already
    holds a product of the same level, site and period (any creation time) unless ``overwrite``; with
    ``overwrite`` the old product(s) are removed only once the new one is complete. ``site``: letters,
    digits, '-'; ``start``/``end``: dates or 'YYYY-MM-DD'; ``tile`` None -> 'XXXXX' (unknown).
    ``raster_path(kind, tile=None)``: kind "CM"/"CT" (or "MAP"), "RAW", "FLG", "CNF".
    ``create_raster(kind, grid, bands=None, tile=None)`` -> GDAL dataset (int16, DEFLATE, nodata -10000,
    on ``grid``: a science.grid.Grid, a raster path or a dataset; FLG has 4 bands: valid, water, snow,
    cloud counts). Drop it (``ds = None``) before the context closes.
    ``add_raster(kind, src_path, tile=None, memory_mb=256, reporter=None)``: copy any raster into the
    product format by row blocks (its nodata and NaN -> -10000), e.g. the uint16 flags of
    features.write_feature_raster.
    ``write_metadata(inputs=(), parameters=None, grid=None, extra=None)``: inputs are Acquisitions,
    (date, path) pairs, dicts or paths; parameters {name: value}; MTD and IPP are written at close.
    ``write_quality(quality)`` (a metrics.Quality, or ``(cm, labels, not_validated)``): QLT xml + CMX csv.
    ``write_insitu(training, validation=None, crs_wkt=None)``: ISD zip (paths, ogr.Layer or Parcel lists).
    ``write_styles(legend=None, codes=None)``: LUT + .qml sidecars (done at close if not called);
    ``legend`` is {code: name} or a 'code,name' CSV path.
    After a successful close: ``path`` (final folder) and ``product`` (the Product read back).
``read_product(path)`` -> ``Product``: ``level``, ``site``, ``created``, ``start``, ``end``, ``tile``
    (first tile), ``tiles``, ``path``, ``mtd_path``, ``rasters`` {code: path} of the first tile (map under
    CM/CT and "MAP", flags under MCMFLG/MCTFLG and "FLG", "RAW", "CNF"), ``tile_rasters`` {tile: {...}},
    ``map_path``/``raw_path``/``flags_path``/``confidence_path``, ``aux`` {QLT, IPP, LUT, ISD, CMX: path},
    ``quality`` (dict: labels, column_labels, confusion_matrix, precision, recall, fscore, support
    ({label: float}), kappa, accuracy, not_validated; None when absent), ``parameters`` {name: text},
    ``inputs`` [{date, source, ...}]. ``path`` may be the product folder, its MTD xml or any file
    inside. Loads Sen2-Agri's own products (CNF, QLT, IPP optional; extra files ignored).
``resolve_crop_mask(path)``: the mask raster to apply, from an L4A product (folder / MTD) or a raster.
``read_legend(path)`` -> {code: name} from a ``code,name`` CSV (header and extra columns allowed).
``code_names(pairs, field, reporter)`` -> {code: name} from (code, name) pairs (the parcels' name field).
``read_lut(path)`` -> [(value, name or None, (r, g, b))] from a LUT file.
``find_products(out_folder, level, site, start, end)`` -> product folders of that level/site/period.
"""
from .names import (NODATA, LEVELS, KINDS, FLAG_BANDS, CREATION_OPTIONS, DEFAULT_TILE, SPLIT_FIELD, COLOURS,
                    product_name, find_products, read_legend, read_lut, code_names, footprint)
from ..styling import code_colour
from .writer import ProductWriter, raster_values, flags_qml, export_map
from .quality import write_confusion_csv, write_quality_xml, read_quality_xml, read_confusion_csv
from .reader import Product, product_root, read_product, resolve_crop_mask

__all__ = ["NODATA", "LEVELS", "KINDS", "FLAG_BANDS", "CREATION_OPTIONS", "DEFAULT_TILE", "SPLIT_FIELD", "COLOURS", "product_name", "find_products", "read_legend", "read_lut", "code_names", "code_colour", "footprint", "ProductWriter", "raster_values", "flags_qml", "export_map", "write_confusion_csv", "write_quality_xml", "read_quality_xml", "read_confusion_csv", "Product", "product_root", "read_product", "resolve_crop_mask"]
