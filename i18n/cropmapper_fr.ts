<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
  <context>
    <name>CropMapper</name>
    <message>
      <source>Crop Mapper (Sentinel-2 crop mask and crop type)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>scikit-learn is not installed in the Python that QGIS uses. Install it, then restart QGIS:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Debian/Ubuntu: 'sudo apt install python3-sklearn'; Windows: open the OSGeo4W Shell and run 'python -m pip install scikit-learn'; macOS: run '/Applications/QGIS.app/Contents/MacOS/bin/pip3 install scikit-learn'.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sentinel-2 L2A images (files or folders)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sentinel-2 L2A images: Sen2Cor .SAFE folders or .zip files, MAJA/THEIA products, per-date GeoTIFFs (date in the file name, optional per-date SCL mask), multi-date stacks (with their SCL stack), or folders holding them. On the command line repeat the key: INPUT=a INPUT=b.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Folder of Sentinel-2 L2A images</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A folder holding the images (scanned like an INPUT folder), e.g. the folder of .SAFE products. Give INPUT, INPUT_FOLDER or both.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start date (YYYY-MM-DD)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First date of the period (YYYY-MM-DD); optional, default the first image date. Features are resampled every 10 days from it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>End date (YYYY-MM-DD)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last date of the period (YYYY-MM-DD); optional, default the last image date.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ polygons</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ polygons (any CRS, reprojected to the images' CRS). A pixel is used when its centre lies inside a polygon. Prepare them first (inner buffer, minimum area).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop / non-crop field (1 / 0)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ field with 1 (crop) / 0 (non-crop). Default CROP. Empty values are ignored; other values are refused.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Site name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Site name, part of the product name (letters, digits and '-').</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tile (e.g. 31UES)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional Sentinel-2 tile (e.g. 31UES): keeps only its images, and names the product. Default: the tile of the images.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Training samples per class</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>At most this many training pixels per class, drawn at random (default 40000, as Sen2-Agri).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Validation ratio (by polygon)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Share of the polygons of each class kept for validation (default 0.25), drawn at random by whole polygon. A class with a single polygon is trained but not validated.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of trees</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of trees of the random forest (default 100).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Maximum tree depth</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Maximum depth of the trees (default 25).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Minimum samples per node</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Minimum number of samples in a node for it to be split (default 25, Sen2-Agri's 'min samples per node'; scikit-learn min_samples_split).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Random seed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Seed of every random step (split, sample draw, forest): the same seed gives the same product.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Validation</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>split (default, Sen2-Agri): VALIDATION_RATIO of each class's polygons are held out. kfold: the polygons are dealt into FOLDS folds (by polygon, stratified by class, seeded); each fold is predicted by a forest trained on the others, the figures pool those out-of-fold predictions of the drawn pixels (the post-processing and the map are not cross-validated), and the product's model is trained on every polygon. Costs FOLDS extra trainings; steadier figures on small in situ sets.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Folds (k-fold validation)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of folds of the k-fold validation (default 5, 2-20).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Features</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features (ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below 2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as -10000). Default. extended: per-date B03, B04, B08, B11, NDVI, NDWI, brightness and the temporal statistics of timeseriesfeatures.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Temporal window (dates, Sen2-Agri features)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of dates in the temporal windows of Sen2-Agri's features (FEATURES=sen2agri: window differences and running means; default 6, as Sen2-Agri trains; 1-30). Used alike at training and prediction (Sen2-Agri classifies with 2).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Post-process (segmentation and majority vote)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Segment the NDVI series and take the majority of the raw mask in each segment (default off: it lowered the measured accuracy, see above). The raw mask is written in any case; with kfold the figures are the raw mask's out-of-fold ones.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Post-processing segmentation</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The post-processing's segmentation. merging (default): region merging of the NDVI profiles (RMS difference under 0.04), small segments joined to a similar neighbour, ties keep the raw mask. meanshift (Sen2-Agri): whitened PCA of the NDVI series (6 components), mean-shift smoothing (spatial radius 10 px, range radius 0.65, 20 iterations), neighbours within both radii joined, segments under 10 px merged into the closest neighbour; a tied vote is crop in segments of 20 px or more.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory budget (MB)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory budget in MB for the whole run (default 512): GDAL's cache, the decoded images when they fit in half of what is left (else they go to a temporary file next to the product, read back block by block: about 7 bytes per pixel and date for a crop mask, 9 for crop type, e.g. 29 GB for a full tile and 36 dates), the training samples, the forest and the blocks of rows being computed. The process needs about 310-360 MB beyond it for QGIS, Python and the libraries (measured: qgis_process 307 MB; QGIS with the plugin, scikit-learn and numba loaded 330-356 MB).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overwrite an existing product</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Replace a product of the same site and period already in the output folder (refused otherwise).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output folder</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Folder where the product folder S2AGRI_..._PRD_... is written.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Copy of the map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional copy of the final map (GeoTIFF, with its style as a .qml beside it), e.g. as a model's final output. The product keeps its own map in any case.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Product folder</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kappa</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy, 95 % interval low</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy, 95 % interval high</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy of the majority-class map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy of the raw map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop mask</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Raw crop mask</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Confidence</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Date flags</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop mask (random forest)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Produces a crop mask (Sen2-Agri L4A product: 1 crop, 0 non-crop) from a Sentinel-2 L2A time series and in situ polygons labelled 1 (crop) / 0 (non-crop).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Group</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Classification</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; features (FEATURES): sen2agri (default) = Sen2-Agri's 27 summary features and its 4 red-edge features per date; extended = B03, B04, B08, B11, NDVI, NDWI and brightness at every date plus temporal NDVI, NDWI and brightness statistics. The polygons are split per class into training and validation by whole polygon (seeded), or dealt into folds (VALIDATION_MODE=kfold); at most SAMPLES_PER_CLASS training pixels per class are drawn at random; a random forest (scikit-learn, threads only) classifies every pixel block by block. Post-processing (optional, off by default) segments the NDVI series into fields and takes the majority of the raw mask in each segment.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Measured on the real Flanders 2018 patch (temporary crops against grassland and built-up, 22 polygons, SAFE products, 5 seeds pooled): k-fold OA 0.852, kappa 0.691 with sen2agri against 0.757, 0.508 with extended (majority class 0.598); with the 75 / 25 split OA 0.528, kappa 0.175 against 0.503, 0.155 (majority 0.804: two maize parcels hold 85 % of the crop pixels, and a seed that holds both out trains on little maize). On the split, region merging moved OA and kappa to 0.536, 0.185 (its threshold was tuned on these polygons) and Sen2-Agri's mean shift lowered them to 0.456, 0.116: post-processing is off by default.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product holds the final mask (CM), the raw mask (RAW), a confidence layer (probability of the chosen class, 0-100), the per-pixel date counts (valid / water / snow / cloud), the quality file (confusion matrix, precision, recall, F-score per class, overall accuracy, kappa, computed on the validation polygons against the final mask), the in situ polygons used (ISD zip, with their training / validation split), the model (pickle) and its feature list (JSON). Pixels never cloud-free are no data (-10000).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Requires scikit-learn in the Python that QGIS uses. To install it:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parameters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop code field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ field with integer crop codes. Default CODE. 0 or empty: not crop, not used.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>At most this many training pixels per class, drawn at random (default 10000, as Sen2-Agri).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop mask (L4A product folder, or a raster)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional crop mask: an L4A product folder (e.g. the PRODUCT output of the crop mask algorithm), or the path of a raster with 1 = crop, 0 = non-crop. It must be on the same grid as the images (a mask on another grid is refused).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Legend (CSV code,name)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional CSV of 'code,name' lines naming the codes in the style and colour table.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop type map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Raw (unmasked) crop type map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop type map (random forest)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Produces a crop type map (Sen2-Agri L4B product: the crop codes, 0 = not crop) from a Sentinel-2 L2A time series and in situ polygons with integer crop codes (polygons with code 0 or empty are not used).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; features, Sen2-Agri's in its order: B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI and brightness at every date. The polygons are split per class into training and validation by whole polygon (seeded), or dealt into folds (VALIDATION_MODE=kfold); at most SAMPLES_PER_CLASS training pixels per class are drawn at random; a random forest (scikit-learn, threads only) classifies every pixel block by block.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>With a crop mask (an L4A product or a 0/1 raster on the same grid), the map (CT) is 0 outside the crops and the unmasked map is kept as RAW; the validation is done on the masked map, so crop pixels the mask removed count as errors (give crop codes only when you apply a mask). Without a mask CT and RAW are the same.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product also holds a confidence layer (probability of the chosen class, 0-100), the per-pixel date counts, the quality file (confusion matrix, precision, recall, F-score per class, overall accuracy, kappa), the in situ polygons used (ISD zip, with the split), the model and its feature list. Pixels never cloud-free are no data (-10000).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Polygon layer of in situ parcels.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inner buffer distance (m)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inner buffer width in metres (0 to 500). Default 15.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Buffered parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Buffered parcels (GeoPackage or any OGR format).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inner buffer (parcels)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Shrinks every parcel by a distance in metres (a negative buffer), so that mixed pixels at parcel borders are not used for training.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In situ data</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Shrinks every parcel by a distance in metres (a negative buffer), so that mixed pixels at parcel borders are not used for training. 15 m is the Sen2-Agri practice for 10 m Sentinel-2 pixels.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Layers whose CRS is geographic (degrees), not in metres, or a Mercator projection are buffered in the WGS 84 / UTM zone of the layer's centre and written back in their own CRS. Parcels that vanish (narrower than twice the distance) are dropped and counted in the log. Attributes are kept; geometries are written as multipolygons.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Area field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name of the field that receives the area in m². Default AREA.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Minimum area (m²)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parcels with an area larger than this (m²) are kept. Default 5000.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parcels larger than the minimum area</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kept parcels with the area field (GeoPackage or any OGR format).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Area field and filter (parcels)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Writes the area of every parcel in square metres to a field and keeps the parcels whose area is strictly larger than a minimum (5000 m² = 0.5 ha by default): small parcels are heterogeneous and carry little information.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>How the area is computed: the planar area of the polygon (holes removed) in the layer's CRS when that CRS is projected in metres (not Mercator); otherwise in the WGS 84 / UTM zone of the layer's centre. An existing field of the same name is overwritten.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Polygon layer of in situ parcels, in any CRS.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Purpose</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop mask (checks and styles the CROP field) or crop type (the CODE field).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop mask (CROP field)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop type (CODE field)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop / non-crop field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Field with 1 (crop) / 0 (non-crop), used for a crop mask. Default CROP.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Field with integer crop codes, used for crop type. Default CODE.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inner buffer distance in metres (0 to 500). Default 15.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parcels larger than this area in m² after the buffer are kept. Default 5000.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overlapping parcels with different labels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>What to do with parcels of different labels that overlap: remove the shared area from both (default), only report them in the log, or drop both parcels.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove the shared area</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Report only</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Drop both parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop type: keep crop parcels only (crop field = 1)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crop type only: keep just the parcels whose crop field is 1 (crop), as a crop-type map is made and validated inside the crop mask. Default off.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Prepared in situ parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Prepared parcels (GeoPackage or any OGR format) with the AREA field.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Prepared parcels as a zipped shapefile</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional: the prepared parcels also as a zipped ESRI shapefile, as Sen2-Agri takes them.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of prepared parcels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Prepare in situ data</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Prepares in situ parcels for training and validation the way the Sen2-Agri training teaches it, for a crop mask (label field CROP: 1 crop, 0 non-crop) or a crop-type map (label field CODE: integer crop codes).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Steps: checks the label field (exists, numeric, 0/1 for CROP, integers for CODE, no empty values); repairs invalid geometries and drops empty ones; finds parcels of different labels that overlap and reports them, removes the shared area from both (default) or drops both; applies an inner buffer (15 m) in metres (in the UTM zone of the layer for geographic layers); writes the AREA field (m², planar area in the metric CRS) and keeps parcels larger than the minimum area (5000 m²). The log lists parcel counts and areas per class before and after.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Outputs are styled by class. Nothing is written when a check fails.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First date of the period and of the resampled dates. YYYY-MM-DD, optional (default: the first image date).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last date of the period. YYYY-MM-DD, optional (default: the last image date).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Bands</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Bands output at every resampled date by the 'bands' feature set (default B03, B04, B08, B11). Indices read the bands they need anyway. On the command line give the names, not numbers: BANDS=B04 BANDS=B08 (or comma-separated).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional: keep only the images of this Sentinel-2 tile (e.g. 31UES).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Maximum cloud cover (%)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional: skip images whose cloud cover (product metadata or mask) exceeds this percentage.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Days between resampled dates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Days between resampled dates (default 10, as Sen2-Agri).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Feature sets</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Feature sets: bands, indices, temporal (default), and optionally rededge (red-edge indices), sen2agri_rededge (Sen2-Agri's red-edge features per date), sen2agri_dates (Sen2-Agri's crop-type features per date), ndvi (NDVI per date) and sen2agri. sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features (ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below 2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as -10000). On the command line give the names, not numbers: FEATURES=sen2agri FEATURES=sen2agri_rededge (or comma-separated).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Extra rasters (e.g. S1 coherence)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional rasters appended as features (e.g. Sentinel-1 coherence stacks), any CRS and resolution: warped bilinearly onto the output grid; bands named by their description, else file name and band number.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output extent</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional output extent (any CRS; reprojected). Default: the union of the images.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output CRS</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional output CRS. Default: the CRS of the first image (its UTM zone).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reference raster (output grid)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional raster whose exact grid (CRS, extent, pixel size) the output takes, e.g. the feature raster of another period or a product to align with. Overrides EXTENT, CRS and RESOLUTION.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Resolution (m)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output pixel size in metres (default 10). 20 m bands are resampled by nearest neighbour.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory budget in MB (default 512): images and maps are processed in strips of rows that fit it. GDAL's tile cache comes on top while JPEG 2000 products are read: one row of image tiles per date and band (90 to 130 MB per date for a full Sentinel-2 tile; the log says when it is raised).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Feature raster (GeoTIFF).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional quality flags raster (GeoTIFF, 4 bands): counts of valid, water, snow and cloud-or-no-data dates per pixel.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Number of feature bands</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Time series features</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Builds the multi-date feature raster of a crop mask or crop type classification from a Sentinel-2 L2A time series, as Sen2-Agri does.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Time series</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Builds the multi-date feature raster a crop mask or crop type classification uses, as Sen2-Agri does: per date, cloud, shadow and no-data pixels are masked with the L2A mask (water and snow are kept and counted apart); each band is resampled to a regular grid of dates (every STEP_DAYS from the start date) by linear interpolation between the nearest cloud-free dates, the ends taking the nearest cloud-free value; then features are computed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Feature sets: bands (the chosen bands at every resampled date, e.g. B04_20180320); indices (NDVI = (B08-B04)/(B08+B04), NDWI = (B11-B08)/(B11+B08), BRIGHTNESS = sqrt(B03²+B04²+B08²+B11²) at every date); temporal (NDVI max, mean, std, largest rise and fall between consecutive dates, plateau = number of dates &gt;= 0.8 x max, rise and fall stretch areas, duration = days with NDVI &gt;= 0.5, steepest slope per day; NDWI and BRIGHTNESS max, min, mean, median, std); rededge (NDRE = (B8A-B05)/(B8A+B05), NDRE2 = (B07-B05)/(B07+B05), IRECI = (B07-B04)/(B05/B06) at every date). sen2agri and sen2agri_rededge: Sen2-Agri's crop-mask features (see FEATURES); sen2agri_dates: Sen2-Agri's crop-type features at every date, in its order (B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI, BRIGHTNESS), as croptype uses them; ndvi: NDVI at every date alone. Indices are computed in floating point; reflectance below 0 is taken as 0 and a division by zero gives 0, as Sen2-Agri.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The output is a float32 GeoTIFF, one band per feature, the band description being the feature name; no data is NaN (pixels never cloud-free: a warning gives their share; the run fails when no pixel is ever cloud-free). Extra rasters (e.g. Sentinel-1 coherence) are warped onto the grid (bilinear) and appended. The optional flags raster counts, per pixel, the valid, water, snow and cloud-or-no-data dates. Use the same dates, step, bands and feature sets for training and prediction. The log lists every image used or skipped.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First date of the period, YYYY-MM-DD (e.g. 2018-08-01); optional.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last date of the period, YYYY-MM-DD (e.g. 2018-08-31); optional.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Bands of the composite (default B02, B03, B04, B08). True colour needs B02, B03, B04; false colour B03, B04, B08. On the command line give the names, not numbers: BANDS=B02 BANDS=B03 (or comma-separated).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional: skip images whose cloud cover exceeds this percentage.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Method</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Median (default) or best pixel (the cloud-free date closest to the period centre).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Median of the cloud-free observations</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Best pixel (cloud-free date closest to the period centre)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Composite</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Composite (GeoTIFF, float32 reflectance).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cloud-free observation count</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional: number of cloud-free observations per pixel (GeoTIFF, uint16).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cloud-free composite</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Builds a cloud-free surface-reflectance composite of a period (e.g. August) to display as a background, from the L2A images' cloud masks (cloud, shadow and no data are left out; water and snow are kept).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Methods: median (default): per pixel and band, the median of the cloud-free observations (smooth, robust to missed clouds; bands are taken independently); best pixel: all bands of the single cloud-free observation closest in time to the middle of the period (ties: the earlier date), which keeps real spectra.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output: float32 GeoTIFF of reflectance (0-1), one band per chosen band (default B02, B03, B04, B08: blue, green, red, NIR), NaN where a pixel is never cloud-free. It is styled in true colour (B04/B03/B02, 0-0.2 reflectance); a false colour style (NIR/red/green: B08/B04/B03) is written next to it as &lt;output&gt;_falsecolour.qml (Layer Properties &gt; Symbology &gt; Style &gt; Load Style). The optional count raster gives the number of cloud-free observations per pixel.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Product (L4A or L4B folder)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), its MTD file or any file in it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Composite (background)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional composite to show under the maps (e.g. the output of cropmapper:composite), in true colour.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Project file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional QGIS project file (.qgs or .qgz) holding the product's group.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Raw map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quality flags</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Layer group name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Load a product</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Loads a crop mask (L4A) or crop type (L4B) product as a layer group: in situ polygons, styled map, raw map, confidence, quality flags.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Products and quality</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Loads a crop mask (L4A) or crop type (L4B) product, ours or one Sen2-Agri made, as a layer group named after the product: the in situ polygons coloured training / validation, the map with its style (the product's .qml, else its colour table, else the crop / non-crop or code colours), the raw map, the confidence, each band of the quality flags as its own layer (valid, water, snow and cloud date counts, each with its colour ramp) and a composite for the background when one is given. What the product lacks is named in the log; the rest loads.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In QGIS the group is added to the current project. In a model or with qgis_process, the layers are the algorithm's outputs, and OUTPUT_PROJECT writes a project file (.qgs or .qgz) holding the same group, styled, to open later.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is accepted too.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Minimum number of valid dates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A mapped pixel with fewer valid (cloud-free land) dates than this has low evidence (default 3, 1-1000).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory budget in MB (default 256): the map and the flags are read in strips of rows that fit it (about 64 bytes per pixel).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Low-evidence pixels</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The low-evidence raster (GeoTIFF, uint8: 1 low evidence, 0 enough valid dates, 255 nodata outside the mapped area) on the map's grid, styled, with a .qml sidecar. It may not be one of the product's own files.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quality-layer summary (CSV)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The summary table (CSV, columns section, name, statistic, value, unit): per flag band pixels, min, max, mean, median; mapped and low-evidence pixels, area and share; per class pixels, area (ha) and low-evidence share.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Share of the mapped area with low evidence</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Mapped area (ha)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Low-evidence area (ha)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inspect the quality layers</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inspects the quality flags of a crop mask (L4A) or crop type (L4B) product: the flags raster (QI_DATA/..._MCMFLG_... or ..._MCTFLG_...) counts, per pixel, the dates seen valid, water, snow and cloud or no data.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inspects the quality flags of a crop mask (L4A) or crop type (L4B) product: the flags raster (QI_DATA/..._MCMFLG_... or ..._MCTFLG_...) counts, per pixel, the dates seen valid, water, snow and cloud or no data. For each of the four bands the log gives the minimum, maximum, mean and median number of dates, and the summary table the same figures; they are computed over the mapped area (the pixels where the map is not nodata).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A mapped pixel has low evidence when fewer than MIN_VALID_DATES dates were valid there (or it has no flags): its class rests on too few observations to be trusted. Water and snow dates are not valid dates (as in Sen2-Agri's flags), so a permanent water body shows as low evidence. The share of the mapped area with low evidence is returned (LOW_EVIDENCE_SHARE) and the low-evidence raster shows where it lies (1 low evidence, 0 enough valid dates, 255 nodata outside the mapped area; styled, with a .qml sidecar). The log warns when more than 5 % of the mapped area has low evidence.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The area of every map class in hectares (from the pixel size) is logged and put in the summary table, with the share of each class that has low evidence. The table (CSV: section, name, statistic, value, unit) and the numbers can feed a model. Works on our products and on Sen2-Agri's own (uint16 flags without nodata, or int16 with nodata -10000). Rasters are read in strips of rows within MEMORY; only the first tile of a multi-tile product is inspected.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is accepted too. Sen2-Agri's own products are read as well.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Random seed of the interval</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Seed of the bootstrap over the validation polygons that gives the 95 % interval when the product's quality XML holds none (default 0): the same seed gives the same interval.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>In the quality-layer summary, a mapped pixel with fewer valid (cloud-free land) dates than this has low evidence (default 3).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quality report</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Where to write the report (.html). Leave it empty to write it into the product, AUX_DATA/S2AGRI_{level}_QRP_V{start}_{end}.html. It may not be one of the product's other files; the file is written whole or not at all.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Overall accuracy of the majority map</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quality report (HTML)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Writes the quality report of a crop mask (L4A) or crop type (L4B) product: one HTML file that opens in the Processing results viewer and in any web browser, without QGIS (its pictures are embedded).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>It shows the product's name, site, tile and period; the input images the product records (date, platform, cloud cover and whether each was used, as far as the product records them); the processing parameters; the confusion matrix as a table and a heat map; precision, recall, F-score and support per class (table and bar chart) with the class names of the product's colour table; the overall accuracy (OA) with its 95 % interval, kappa, and the OA of the majority map, a map that gives every pixel the most frequent reference class, on the same validation pixels; the accuracy of the raw map (crop type: before the crop mask; crop mask: before post-processing) beside the final one; the quality-layer summary (date counts, share of the mapped area with fewer than MIN_VALID_DATES valid dates, area per class); a quick-look of the map in its colours.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The interval comes from a bootstrap over whole validation polygons (pixels of one field are not independent), seeded by SEED. A warning box stands out when the map does not beat the majority map, when a class is validated on fewer than 2 polygons or 100 pixels (its figures say little), and when a part of the product is missing or unreadable (what is there is still shown).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The figures are those of the product's quality XML. The validation is also recomputed from the validation polygons of the product's in situ zip counted on the map; when the two disagree, both are shown with a warning. The figures and the warnings are logged and returned as outputs.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Product folders (';' or one per line)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product folders, separated by ';' or one per line (qgis_process: PRODUCTS='a;b'); in a model, connect the PRODUCT outputs of two or more cropmask or croptype steps.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Seed of the bootstrap of the accuracy intervals (default 0).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory budget in MB (default 256): rasters are read in strips of rows that fit it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Comparison (HTML)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The comparison page (HTML, pictures embedded).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Comparison table (CSV)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The comparison table (CSV: product, level, site, tile, start, end, overall_accuracy, oa_low, oa_high, kappa, majority_accuracy, validation_pixels, validation_polygons, source, fscore_&lt;class&gt;...); with two products on one grid, &lt;name&gt;_crosstab.csv next to it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Agreement of two maps</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional agreement raster of two products on the same grid (GeoTIFF uint16, styled, with a .qml sidecar).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Comparison</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Compare products</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Compares two or more products of the same level: crop masks of different periods or methods, or crop type maps of, say, the end of May and the end of August.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Compares two or more products of the same level: crop masks of different periods or methods, or crop type maps of, say, the end of May and the end of August. For each product: the overall accuracy with its 95 % interval (bootstrap over the validation polygons, seeded), kappa, the overall accuracy of a map that says the majority class everywhere on the same validation pixels, and the F-score of every class; recomputed from each product's map and its in situ polygons (ISD), or read from its quality XML when it has no ISD. An HTML page (a table and charts, shown in the Results viewer) and a CSV table.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>For exactly two products on the same grid, an agreement raster: 0 nodata, else 1 + i x n + j where i and j are the indexes of the two maps' classes among the n classes found (sorted): same class when i = j; styled with a label per pair ("same: 1200", "1110 -&gt; 1200"); and a cross-tabulation of the area of each class of map 1 in each class of map 2 (HTML and &lt;OUTPUT_CSV&gt;_crosstab.csv). Products on different grids get the table only (said in the log). Products of different levels are refused.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot read the in situ layer '%s': check that the file exists and is a vector format QGIS can open.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The in situ layer holds %s geometries. %s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The in situ layer has no features.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%s must be a GeoTIFF file (.tif), not %s.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The output %s is the input file %s: choose another output file, the input would be overwritten.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Give both OUTPUT_LOW_EVIDENCE and OUTPUT_CSV (or leave them temporary).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>OUTPUT_LOW_EVIDENCE and OUTPUT_CSV are the same file: %s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Product not found: %s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Could not write parcel %d to %s.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%s holds no map raster: nothing to show.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>OUTPUT_ZIP must be a .zip file (got %s).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot write the project %s: %s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancelled: nothing was written.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The in situ layer has no field '%s' (its fields: %s).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>OUTPUT_MAP %s is one of the input images: choose another file.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product %s is complete, but its map could not be copied: %s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Map copy</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
