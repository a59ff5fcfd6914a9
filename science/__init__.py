"""QGIS-free crop-mapping science: readers, time series, features, sampling,
classification, metrics and product writing. Nothing here imports QGIS."""
