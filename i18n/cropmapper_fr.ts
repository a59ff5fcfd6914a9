<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
  <context>
    <name>CropMapper</name>
    <message>
      <source>Crop Mapper (Sentinel-2 crop mask and crop type)</source>
      <translation>Crop Mapper (masque de cultures et types de cultures Sentinel-2)</translation>
    </message>
    <message>
      <source>scikit-learn is not installed in the Python that QGIS uses. Install it, then restart QGIS:</source>
      <translation>scikit-learn n'est pas installé dans le Python qu'utilise QGIS. Installez-le, puis redémarrez QGIS :</translation>
    </message>
    <message>
      <source>Debian/Ubuntu: 'sudo apt install python3-sklearn'; Windows: open the OSGeo4W Shell and run 'python -m pip install scikit-learn'; macOS: run '/Applications/QGIS.app/Contents/MacOS/bin/pip3 install scikit-learn'.</source>
      <translation>Debian/Ubuntu : 'sudo apt install python3-sklearn' ; Windows : ouvrez l'OSGeo4W Shell et lancez 'python -m pip install scikit-learn' ; macOS : lancez '/Applications/QGIS.app/Contents/MacOS/bin/pip3 install scikit-learn'.</translation>
    </message>
    <message>
      <source>Sentinel-2 L2A images (files or folders)</source>
      <translation>Images Sentinel-2 L2A (fichiers ou dossiers)</translation>
    </message>
    <message>
      <source>Sentinel-2 L2A images: Sen2Cor .SAFE folders or .zip files, MAJA/THEIA products, per-date GeoTIFFs (date in the file name, optional per-date SCL mask), multi-date stacks (with their SCL stack), or folders holding them. On the command line repeat the key: INPUT=a INPUT=b.</source>
      <translation>Images Sentinel-2 L2A : dossiers .SAFE ou fichiers .zip Sen2Cor, produits MAJA/THEIA, GeoTIFF par date (date dans le nom du fichier, masque SCL par date facultatif), piles multidates (avec leur pile SCL), ou dossiers qui les contiennent. En ligne de commande, répétez la clé : INPUT=a INPUT=b.</translation>
    </message>
    <message>
      <source>Folder of Sentinel-2 L2A images</source>
      <translation>Dossier d'images Sentinel-2 L2A</translation>
    </message>
    <message>
      <source>A folder holding the images (scanned like an INPUT folder), e.g. the folder of .SAFE products. Give INPUT, INPUT_FOLDER or both.</source>
      <translation>Un dossier contenant les images (parcouru comme un dossier d'INPUT), par exemple le dossier des produits .SAFE. Donnez INPUT, INPUT_FOLDER ou les deux.</translation>
    </message>
    <message>
      <source>Start date</source>
      <translation>Date de début</translation>
    </message>
    <message>
      <source>First date of the period (YYYY-MM-DD); optional, default the first image date. Features are resampled every 10 days from it.</source>
      <translation>Première date de la période (AAAA-MM-JJ) ; facultative, par défaut la date de la première image. Les variables sont rééchantillonnées tous les 10 jours à partir de celle-ci.</translation>
    </message>
    <message>
      <source>End date</source>
      <translation>Date de fin</translation>
    </message>
    <message>
      <source>Last date of the period (YYYY-MM-DD); optional, default the last image date.</source>
      <translation>Dernière date de la période (AAAA-MM-JJ) ; facultative, par défaut la date de la dernière image.</translation>
    </message>
    <message>
      <source>In situ polygons</source>
      <translation>Polygones in situ</translation>
    </message>
    <message>
      <source>In situ polygons (any CRS, reprojected to the images' CRS). A pixel is used when its centre lies inside a polygon. Prepare them first (inner buffer, minimum area).</source>
      <translation>Polygones in situ (tout SCR, reprojetés dans le SCR des images). Un pixel est utilisé quand son centre se trouve dans un polygone. Préparez-les d'abord (tampon intérieur, surface minimale).</translation>
    </message>
    <message>
      <source>Crop / non-crop field (1 / 0)</source>
      <translation>Champ culture / non-culture (1 / 0)</translation>
    </message>
    <message>
      <source>In situ field with 1 (crop) / 0 (non-crop). Default CROP. Empty values are ignored; other values are refused.</source>
      <translation>Champ in situ valant 1 (culture) / 0 (non-culture). Par défaut CROP. Les valeurs vides sont ignorées ; les autres valeurs sont refusées.</translation>
    </message>
    <message>
      <source>Site name</source>
      <translation>Nom du site</translation>
    </message>
    <message>
      <source>Site name, part of the product name (letters, digits and '-').</source>
      <translation>Nom du site, repris dans le nom du produit (lettres, chiffres et '-').</translation>
    </message>
    <message>
      <source>Tile (e.g. 31UES)</source>
      <translation>Tuile (par ex. 31UES)</translation>
    </message>
    <message>
      <source>Optional Sentinel-2 tile (e.g. 31UES): keeps only its images, and names the product. Default: the tile of the images.</source>
      <translation>Tuile Sentinel-2 facultative (par ex. 31UES) : ne garde que ses images et donne son nom au produit. Par défaut : la tuile des images.</translation>
    </message>
    <message>
      <source>Training samples per class</source>
      <translation>Échantillons d'apprentissage par classe</translation>
    </message>
    <message>
      <source>At most this many training pixels per class, drawn at random (default 40000, as Sen2-Agri).</source>
      <translation>Au plus ce nombre de pixels d'apprentissage par classe, tirés au hasard (40000 par défaut, comme Sen2-Agri).</translation>
    </message>
    <message>
      <source>Validation ratio (by polygon)</source>
      <translation>Part de validation (par polygone)</translation>
    </message>
    <message>
      <source>Share of the polygons of each class kept for validation (default 0.25, 0.01 to 0.99), drawn at random by whole polygon. A class with a single polygon is trained but not validated.</source>
      <translation>Part des polygones de chaque classe réservée à la validation (0,25 par défaut, de 0,01 à 0,99), tirée au hasard par polygone entier. Une classe d'un seul polygone sert à l'apprentissage mais n'est pas validée.</translation>
    </message>
    <message>
      <source>Number of trees</source>
      <translation>Nombre d'arbres</translation>
    </message>
    <message>
      <source>Number of trees of the random forest (default 100, 1 to 1000).</source>
      <translation>Nombre d'arbres de la forêt aléatoire (100 par défaut, de 1 à 1000).</translation>
    </message>
    <message>
      <source>Maximum tree depth</source>
      <translation>Profondeur maximale des arbres</translation>
    </message>
    <message>
      <source>Maximum depth of the trees (default 25, 1 to 100).</source>
      <translation>Profondeur maximale des arbres (25 par défaut, de 1 à 100).</translation>
    </message>
    <message>
      <source>Minimum samples per node</source>
      <translation>Nombre minimal d'échantillons par nœud</translation>
    </message>
    <message>
      <source>Minimum number of samples in a node for it to be split (default 25, 2 to 1000000, Sen2-Agri's 'min samples per node'; scikit-learn min_samples_split).</source>
      <translation>Nombre minimal d'échantillons dans un nœud pour qu'il soit divisé (25 par défaut, de 2 à 1000000, le « min samples per node » de Sen2-Agri ; min_samples_split de scikit-learn).</translation>
    </message>
    <message>
      <source>Random seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <source>Seed of every random step (split, sample draw, forest; 0 to 2147483647): the same seed gives the same product.</source>
      <translation>Graine de chaque étape aléatoire (partage, tirage des échantillons, forêt ; de 0 à 2147483647) : la même graine donne le même produit.</translation>
    </message>
    <message>
      <source>Validation</source>
      <translation>Validation</translation>
    </message>
    <message>
      <source>split (default, Sen2-Agri): VALIDATION_RATIO of each class's polygons are held out. kfold: the polygons are dealt into FOLDS folds (by polygon, stratified by class, seeded); each fold is predicted by a forest trained on the others, the figures pool those out-of-fold predictions of the drawn pixels (the post-processing and the map are not cross-validated), and the product's model is trained on every polygon. Costs FOLDS extra trainings; steadier figures on small in situ sets.</source>
      <translation>split (par défaut, Sen2-Agri) : VALIDATION_RATIO des polygones de chaque classe sont mis de côté. kfold : les polygones sont répartis en FOLDS plis (par polygone, stratifiés par classe, avec graine) ; chaque pli est prédit par une forêt entraînée sur les autres, les indicateurs regroupent ces prédictions hors pli des pixels tirés (le post-traitement et la carte ne sont pas validés croisés), et le modèle du produit est entraîné sur tous les polygones. Coûte FOLDS apprentissages de plus ; indicateurs plus stables sur de petits jeux de données in situ.</translation>
    </message>
    <message>
      <source>Folds (k-fold validation)</source>
      <translation>Plis (validation croisée k-fold)</translation>
    </message>
    <message>
      <source>Number of folds of the k-fold validation (default 5, 2-20).</source>
      <translation>Nombre de plis de la validation croisée k-fold (5 par défaut, 2-20).</translation>
    </message>
    <message>
      <source>Features</source>
      <translation>Variables</translation>
    </message>
    <message>
      <source>sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features (ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below 2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as -10000). Default. extended: per-date B03, B04, B08, B11, NDVI, NDWI, brightness and the temporal statistics of timeseriesfeatures. none: no Sentinel-2 feature, only the EXTRA_RASTERS bands (e.g. Sentinel-1 alone; the images still give the grid, the period and the date flags); refused without extra rasters.</source>
      <translation>sen2agri : les variables du masque de cultures de Sen2-Agri, calculées sur les séries G, R, NIR, SWIR interpolées : 27 variables de synthèse (ndvi_max, ndvi_mean, ndvi_std ; ndvi_maxdif, ndvi_mindif, ndvi_difdif : la plus grande, la plus petite et l'étendue des différences entre les moyennes de fenêtres consécutives de WINDOW dates, la plus ancienne moins la plus récente, 0 en dessous de 2 x WINDOW dates ; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area : la plus grande moyenne glissante sur WINDOW dates, les jours du plateau qui l'entoure (à 0,05 près, jusqu'à la première date en dehors) et leur produit ; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope et ndvi_neg_* : aire, jours et pente des plus longues séquences non décroissantes et décroissantes ; ndvi_soil_to_veg, ndvi_veg_to_soil : un pas qui franchit un NDVI de 0,2 ; ndwi_ et brightness_ max, min, mean, median, std) et 4 variables red-edge par date (re_ndvi, chl_re, psri, s2rep). Les définitions de Sen2-Agri sans ses défauts : la même fenêtre à l'apprentissage et à la prédiction, des calculs en virgule flottante (ses rapports red-edge sont des divisions entières), la réflectance en flottants (il la tronque en entiers), un dénominateur nul donne 0, et des séries interpolées (les dates sans donnée ne sont pas moyennées comme -10000). Par défaut. extended : B03, B04, B08, B11, NDVI, NDWI et brillance par date et les statistiques temporelles de timeseriesfeatures. none : aucune variable Sentinel-2, seulement les bandes des EXTRA_RASTERS (p. ex. Sentinel-1 seul ; les images donnent toujours la grille, la période et les indicateurs de dates) ; refusé sans rasters supplémentaires.</translation>
    </message>
    <message>
      <source>Temporal window (dates, Sen2-Agri features)</source>
      <translation>Fenêtre temporelle (dates, variables Sen2-Agri)</translation>
    </message>
    <message>
      <source>Number of dates in the temporal windows of Sen2-Agri's features (FEATURES=sen2agri: window differences and running means; default 6, as Sen2-Agri trains; 1-30). Used alike at training and prediction (Sen2-Agri classifies with 2).</source>
      <translation>Nombre de dates des fenêtres temporelles des variables de Sen2-Agri (FEATURES=sen2agri : différences de fenêtres et moyennes glissantes ; 6 par défaut, comme Sen2-Agri à l'apprentissage ; 1-30). La même valeur sert à l'apprentissage et à la prédiction (Sen2-Agri classe avec 2).</translation>
    </message>
    <message>
      <source>Post-process (segmentation and majority vote)</source>
      <translation>Post-traitement (segmentation et vote majoritaire)</translation>
    </message>
    <message>
      <source>Segment the NDVI series and take the majority of the raw mask in each segment (default off: it lowered the measured accuracy, see above). The raw mask is written in any case; with kfold the figures are the raw mask's out-of-fold ones.</source>
      <translation>Segmente la série NDVI et prend la classe majoritaire du masque brut dans chaque segment (désactivé par défaut : il a fait baisser l'exactitude mesurée, voir plus haut). Le masque brut est écrit dans tous les cas ; avec kfold, les indicateurs sont ceux du masque brut hors pli.</translation>
    </message>
    <message>
      <source>Post-processing segmentation</source>
      <translation>Segmentation du post-traitement</translation>
    </message>
    <message>
      <source>The post-processing's segmentation. merging (default): region merging of the NDVI profiles (RMS difference under 0.04), small segments joined to a similar neighbour, ties keep the raw mask. meanshift (Sen2-Agri): whitened PCA of the NDVI series (6 components), mean-shift smoothing (spatial radius 10 px, range radius 0.65, 20 iterations), neighbours within both radii joined, segments under 10 px merged into the closest neighbour; a tied vote is crop in segments of 20 px or more.</source>
      <translation>La segmentation du post-traitement. merging (par défaut) : fusion de régions des profils NDVI (écart quadratique moyen inférieur à 0,04), petits segments rattachés à un voisin semblable, les égalités gardent le masque brut. meanshift (Sen2-Agri) : ACP blanchie de la série NDVI (6 composantes), lissage mean-shift (rayon spatial 10 px, rayon spectral 0,65, 20 itérations), voisins à l'intérieur des deux rayons réunis, segments de moins de 10 px fusionnés avec le voisin le plus proche ; un vote à égalité donne culture dans les segments de 20 px ou plus.</translation>
    </message>
    <message>
      <source>Extra feature rasters (e.g. Sentinel-1)</source>
      <translation>Rasters de variables supplémentaires (p. ex. Sentinel-1)</translation>
    </message>
    <message>
      <source>Optional rasters whose bands are added to the features, e.g. a Sentinel-1 backscatter stack (VV, VH) or coherence stack; any CRS and resolution: warped bilinearly onto the images' grid. A band whose description holds a date (YYYY-MM-DD_NAME, e.g. 2018-03-04_VV, or NAME_YYYYMMDD) is dated; the other bands are named by their description, else by the file name and band number. Each raster must overlap the images.</source>
      <translation>Rasters facultatifs dont les bandes s'ajoutent aux variables, p. ex. une pile de rétrodiffusion Sentinel-1 (VV, VH) ou de cohérence ; tout SCR et toute résolution : rééchantillonnés en bilinéaire sur la grille des images. Une bande dont la description contient une date (AAAA-MM-JJ_NOM, p. ex. 2018-03-04_VV, ou NOM_AAAAMMJJ) est datée ; les autres bandes sont nommées d'après leur description, sinon d'après le nom du fichier et le numéro de bande. Chaque raster doit recouvrir les images.</translation>
    </message>
    <message>
      <source>Resample dated extra bands every 10 days</source>
      <translation>Rééchantillonner tous les 10 jours les bandes supplémentaires datées</translation>
    </message>
    <message>
      <source>auto (default): when every band of an extra raster is dated (and a series has two dates or more), each series (per name after the date: VV and VH separately) is resampled onto the same 10-day dates as the Sentinel-2 features, by linear interpolation between the nearest valid dates (NaN skipped), the ends taking the nearest valid value; bands named NAME_YYYYMMDD come out. yes: resample, refused when a band has no date. no: use the bands as they are.</source>
      <translation>auto (par défaut) : quand chaque bande d'un raster supplémentaire est datée (et qu'une série a deux dates ou plus), chaque série (par nom après la date : VV et VH séparément) est rééchantillonnée sur les mêmes dates à 10 jours que les variables Sentinel-2, par interpolation linéaire entre les dates valides les plus proches (NaN ignorés), les extrémités prenant la valeur valide la plus proche ; il en sort des bandes nommées NOM_AAAAMMJJ. yes : rééchantillonner, refusé quand une bande n'a pas de date. no : utiliser les bandes telles quelles.</translation>
    </message>
    <message>
      <source>Extra raster units</source>
      <translation>Unités des rasters supplémentaires</translation>
    </message>
    <message>
      <source>Units of the extra rasters' values. db (default): used as they are (backscatter in dB, coherence...). linear: linear power (sigma0), converted to dB = 10 log10(value) before resampling; 0 or negative values become no data (NaN).</source>
      <translation>Unités des valeurs des rasters supplémentaires. db (par défaut) : utilisées telles quelles (rétrodiffusion en dB, cohérence...). linear : puissance linéaire (sigma0), convertie en dB = 10 log10(valeur) avant le rééchantillonnage ; les valeurs nulles ou négatives deviennent sans donnée (NaN).</translation>
    </message>
    <message>
      <source>Memory budget (MB)</source>
      <translation>Budget mémoire (Mo)</translation>
    </message>
    <message>
      <source>Memory budget in MB for the whole run (default 512, 16 to 1000000): GDAL's cache, the decoded images when they fit in half of what is left (else they go to a temporary file next to the product, read back block by block: about 7 bytes per pixel and date for a crop mask, 9 for crop type, e.g. 29 GB for a full tile and 36 dates), the training samples, the forest and the blocks of rows being computed. The process needs about 310-360 MB beyond it for QGIS, Python and the libraries (measured: qgis_process 307 MB; QGIS with the plugin, scikit-learn and numba loaded 330-356 MB).</source>
      <translation>Budget mémoire en Mo pour toute l'exécution (512 par défaut, de 16 à 1000000) : le cache de GDAL, les images décodées quand elles tiennent dans la moitié du reste (sinon elles vont dans un fichier temporaire à côté du produit, relu bloc par bloc : environ 7 octets par pixel et par date pour un masque de cultures, 9 pour les types de cultures, soit par ex. 29 Go pour une tuile entière et 36 dates), les échantillons d'apprentissage, la forêt et les blocs de lignes en cours de calcul. Le processus a besoin d'environ 310-360 Mo en plus pour QGIS, Python et les bibliothèques (mesuré : qgis_process 307 Mo ; QGIS avec l'extension, scikit-learn et numba chargés 330-356 Mo).</translation>
    </message>
    <message>
      <source>Overwrite an existing product</source>
      <translation>Remplacer un produit existant</translation>
    </message>
    <message>
      <source>Replace a product of the same site and period already in the output folder (refused otherwise).</source>
      <translation>Remplace un produit de même site et de même période déjà présent dans le dossier de sortie (refusé sinon).</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <source>Folder where the product folder S2AGRI_..._PRD_... is written.</source>
      <translation>Dossier où le dossier du produit S2AGRI_..._PRD_... est écrit.</translation>
    </message>
    <message>
      <source>Copy of the map</source>
      <translation>Copie de la carte</translation>
    </message>
    <message>
      <source>Optional copy of the final map (GeoTIFF, with its style as a .qml beside it), e.g. as a model's final output. The product keeps its own map in any case.</source>
      <translation>Copie facultative de la carte finale (GeoTIFF, avec son style en .qml à côté), par exemple comme sortie finale d'un modèle. Le produit garde sa propre carte dans tous les cas.</translation>
    </message>
    <message>
      <source>Product folder</source>
      <translation>Dossier du produit</translation>
    </message>
    <message>
      <source>Overall accuracy</source>
      <translation>Exactitude globale</translation>
    </message>
    <message>
      <source>Kappa</source>
      <translation>Kappa</translation>
    </message>
    <message>
      <source>Overall accuracy, 95 % interval low</source>
      <translation>Exactitude globale, borne basse de l'intervalle à 95 %</translation>
    </message>
    <message>
      <source>Overall accuracy, 95 % interval high</source>
      <translation>Exactitude globale, borne haute de l'intervalle à 95 %</translation>
    </message>
    <message>
      <source>Overall accuracy of the majority-class map</source>
      <translation>Exactitude globale de la carte de la classe majoritaire</translation>
    </message>
    <message>
      <source>Overall accuracy of the raw map</source>
      <translation>Exactitude globale de la carte brute</translation>
    </message>
    <message>
      <source>Crop mask</source>
      <translation>Masque de cultures</translation>
    </message>
    <message>
      <source>Raw crop mask</source>
      <translation>Masque de cultures brut</translation>
    </message>
    <message>
      <source>Confidence</source>
      <translation>Confiance</translation>
    </message>
    <message>
      <source>Date flags</source>
      <translation>Indicateurs de dates</translation>
    </message>
    <message>
      <source>Crop mask (random forest)</source>
      <translation>Masque de cultures (forêt aléatoire)</translation>
    </message>
    <message>
      <source>Produces a crop mask (Sen2-Agri L4A product: 1 crop, 0 non-crop) from a Sentinel-2 L2A time series and in situ polygons labelled 1 (crop) / 0 (non-crop).</source>
      <translation>Produit un masque de cultures (produit L4A de Sen2-Agri : 1 culture, 0 non-culture) à partir d'une série temporelle Sentinel-2 L2A et de polygones in situ étiquetés 1 (culture) / 0 (non-culture).</translation>
    </message>
    <message>
      <source>Group: %s</source>
      <translation>Groupe : %s</translation>
    </message>
    <message>
      <source>Classification</source>
      <translation>Classification</translation>
    </message>
    <message>
      <source>Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; features (FEATURES): sen2agri (default) = Sen2-Agri's 27 summary features and its 4 red-edge features per date; extended = B03, B04, B08, B11, NDVI, NDWI and brightness at every date plus temporal NDVI, NDWI and brightness statistics. The polygons are split per class into training and validation by whole polygon (seeded), or dealt into folds (VALIDATION_MODE=kfold); at most SAMPLES_PER_CLASS training pixels per class are drawn at random; a random forest (scikit-learn, threads only) classifies every pixel block by block. Post-processing (optional, off by default) segments the NDVI series into fields and takes the majority of the raw mask in each segment.</source>
      <translation>Étapes : les images de la période sont masquées (nuages, ombres, absence de données) et rééchantillonnées tous les 10 jours ; variables (FEATURES) : sen2agri (par défaut) = les 27 variables de synthèse de Sen2-Agri et ses 4 variables red-edge par date ; extended = B03, B04, B08, B11, NDVI, NDWI et brillance à chaque date plus des statistiques temporelles du NDVI, du NDWI et de la brillance. Les polygones sont partagés par classe entre apprentissage et validation par polygone entier (avec graine), ou répartis en plis (VALIDATION_MODE=kfold) ; au plus SAMPLES_PER_CLASS pixels d'apprentissage par classe sont tirés au hasard ; une forêt aléatoire (scikit-learn, en threads seulement) classe chaque pixel, bloc par bloc. Le post-traitement (facultatif, désactivé par défaut) segmente la série NDVI en parcelles et prend la classe majoritaire du masque brut dans chaque segment.</translation>
    </message>
    <message>
      <source>Measured on the real Flanders 2018 patch (temporary crops against grassland and built-up, 22 polygons, SAFE products, 5 seeds pooled): k-fold OA 0.852, kappa 0.691 with sen2agri against 0.757, 0.508 with extended (majority class 0.598); with the 75 / 25 split OA 0.528, kappa 0.175 against 0.503, 0.155 (majority 0.804: two maize parcels hold 85 % of the crop pixels, and a seed that holds both out trains on little maize). On the split, region merging moved OA and kappa to 0.536, 0.185 (its threshold was tuned on these polygons) and Sen2-Agri's mean shift lowered them to 0.456, 0.116: post-processing is off by default.</source>
      <translation>Mesuré sur l'extrait réel Flandre 2018 (cultures temporaires contre prairies et bâti, 22 polygones, produits SAFE, 5 graines regroupées) : en k-fold, exactitude globale (OA) 0,852 et kappa 0,691 avec sen2agri contre 0,757 et 0,508 avec extended (classe majoritaire 0,598) ; avec le partage 75 / 25, OA 0,528 et kappa 0,175 contre 0,503 et 0,155 (majoritaire 0,804 : deux parcelles de maïs portent 85 % des pixels de culture, et une graine qui les met toutes deux en validation entraîne sur peu de maïs). Sur le partage, la fusion de régions a porté OA et kappa à 0,536 et 0,185 (son seuil a été réglé sur ces polygones) et le mean-shift de Sen2-Agri les a abaissés à 0,456 et 0,116 : le post-traitement est désactivé par défaut.</translation>
    </message>
    <message>
      <source>Extra rasters (EXTRA_RASTERS, e.g. a Sentinel-1 VV / VH backscatter stack) add their bands to the features, dated series resampled onto the same 10-day dates; FEATURES=none uses them alone. On the Flanders patch (k-fold, seeds 0-4) S2 + S1 scored OA 0.841, kappa 0.667 (S2 alone 0.852, 0.691; S1 alone 0.686, 0.323).</source>
      <translation>Les rasters supplémentaires (EXTRA_RASTERS, p. ex. une pile de rétrodiffusion Sentinel-1 VV / VH) ajoutent leurs bandes aux variables, les séries datées rééchantillonnées sur les mêmes dates à 10 jours ; FEATURES=none les utilise seuls. Sur la zone des Flandres (k-fold, graines 0-4), S2 + S1 a obtenu OA 0.841, kappa 0.667 (S2 seul 0.852, 0.691 ; S1 seul 0.686, 0.323).</translation>
    </message>
    <message>
      <source>The product holds the final mask (CM), the raw mask (RAW), a confidence layer (probability of the chosen class, 0-100), the per-pixel date counts (valid / water / snow / cloud), the quality file (confusion matrix, precision, recall, F-score per class, overall accuracy, kappa, computed on the validation polygons against the final mask), the in situ polygons used (ISD zip, with their training / validation split), the model (pickle) and its feature list (JSON). Pixels never cloud-free are no data (-10000).</source>
      <translation>Le produit contient le masque final (CM), le masque brut (RAW), une couche de confiance (probabilité de la classe choisie, 0-100), les comptes de dates par pixel (valide / eau / neige / nuage), le fichier qualité (matrice de confusion, précision, rappel, F-score par classe, exactitude globale, kappa, calculés sur les polygones de validation par rapport au masque final), les polygones in situ utilisés (zip ISD, avec leur partage apprentissage / validation), le modèle (pickle) et sa liste de variables (JSON). Les pixels jamais sans nuage sont sans donnée (-10000).</translation>
    </message>
    <message>
      <source>Requires scikit-learn in the Python that QGIS uses. To install it:</source>
      <translation>Nécessite scikit-learn dans le Python qu'utilise QGIS. Pour l'installer :</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <source>Reference land-cover map</source>
      <translation>Carte d'occupation du sol de référence</translation>
    </message>
    <message>
      <source>Reference land-cover raster (any CRS and resolution, integer codes in band 1), covering the images.</source>
      <translation>Raster d'occupation du sol de référence (tout SCR et toute résolution, codes entiers dans la bande 1), couvrant les images.</translation>
    </message>
    <message>
      <source>Reference legend</source>
      <translation>Légende de la référence</translation>
    </message>
    <message>
      <source>cci (ESA CCI land cover: 10, 11, 20 crop as Sen2-Agri; 0 no data, 12, 30, 40 mosaics, 210 water, 220 snow ignored; every other class non-crop); worldcover (ESA WorldCover: 40 crop; 0, 70 snow, 80 water ignored; the others non-crop); csv (the MAPPING file). Codes the legend does not know are ignored (logged).</source>
      <translation>cci (occupation du sol ESA CCI : 10, 11, 20 cultures comme Sen2-Agri ; 0 sans donnée, 12, 30, 40 mosaïques, 210 eau, 220 neige ignorés ; toute autre classe non-culture) ; worldcover (ESA WorldCover : 40 cultures ; 0, 70 neige, 80 eau ignorés ; les autres non-culture) ; csv (le fichier MAPPING). Les codes que la légende ne connaît pas sont ignorés (signalés dans le journal).</translation>
    </message>
    <message>
      <source>Mapping CSV (code,class)</source>
      <translation>CSV de correspondance (code,classe)</translation>
    </message>
    <message>
      <source>CSV of code,class lines (class crop, noncrop or ignore, or 1 / 0; a header line is allowed), for REFERENCE_LEGEND csv. It must map at least one code to crop and one to noncrop.</source>
      <translation>CSV de lignes code,classe (classe crop, noncrop ou ignore, ou 1 / 0 ; une ligne d'en-tête est permise), pour REFERENCE_LEGEND csv. Il doit associer au moins un code à crop et un à noncrop.</translation>
    </message>
    <message>
      <source>Erosion radius (pixels)</source>
      <translation>Rayon d'érosion (pixels)</translation>
    </message>
    <message>
      <source>Erosion radius in pixels of each class (default 1, as Sen2-Agri; 0 to 10; 0: none).</source>
      <translation>Rayon d'érosion de chaque classe en pixels (1 par défaut, comme Sen2-Agri ; 0 à 10 ; 0 : aucune).</translation>
    </message>
    <message>
      <source>Trimming alpha</source>
      <translation>Alpha de l'élagage</translation>
    </message>
    <message>
      <source>Trimming level: a pixel is an outlier of its class when its squared Mahalanobis distance exceeds the chi-square quantile 1 - ALPHA (default 0.01, as Sen2-Agri; 0.0001 to 0.5).</source>
      <translation>Niveau de l'élagage : un pixel est aberrant pour sa classe quand le carré de sa distance de Mahalanobis dépasse le quantile 1 - ALPHA du khi-deux (0.01 par défaut, comme Sen2-Agri ; 0.0001 à 0.5).</translation>
    </message>
    <message>
      <source>Trimming rounds</source>
      <translation>Passes d'élagage</translation>
    </message>
    <message>
      <source>Rounds of the outlier trimming (default 1; 0 none; at most 100: Sen2-Agri repeats until none is dropped). Measured against in situ polygons (mean OA / kappa of seeds 0-2, in situ pixels excluded from training): on the Flanders patch with a reference degraded from its labels to 60 m, 1 round 0.827 / 0.631, no trimming 0.816 / 0.604, 10 rounds 0.825 / 0.624; on a simulated scene 0.718 / 0.299, 0.690 / 0.232, 0.682 / 0.231: more rounds strip the classes of their variety.</source>
      <translation>Passes de l'élagage des valeurs aberrantes (1 par défaut ; 0 aucune ; au plus 100 : Sen2-Agri répète jusqu'à ce que rien ne soit écarté). Mesuré sur des polygones in situ (OA / kappa moyens des graines 0-2, pixels in situ exclus de l'apprentissage) : sur la zone des Flandres avec une référence dégradée de ses étiquettes à 60 m, 1 passe 0.827 / 0.631, sans élagage 0.816 / 0.604, 10 passes 0.825 / 0.624 ; sur une scène simulée 0.718 / 0.299, 0.690 / 0.232, 0.682 / 0.231 : plus de passes ôtent aux classes leur diversité.</translation>
    </message>
    <message>
      <source>In situ polygons (validation only)</source>
      <translation>Polygones in situ (validation seulement)</translation>
    </message>
    <message>
      <source>Optional in situ polygons labelled 1 (crop) / 0 (non-crop) in CROP_FIELD, any CRS: used only to validate the map (accuracy against in situ polygons). Without them the map is compared with held-out reference pixels (agreement with the reference map).</source>
      <translation>Polygones in situ facultatifs étiquetés 1 (culture) / 0 (non-culture) dans CROP_FIELD, tout SCR : ils servent seulement à valider la carte (précision par rapport aux polygones in situ). Sans eux, la carte est comparée à des pixels de référence mis de côté (accord avec la carte de référence).</translation>
    </message>
    <message>
      <source>In situ field with 1 (crop) / 0 (non-crop). Default CROP.</source>
      <translation>Champ in situ avec 1 (culture) / 0 (non-culture). CROP par défaut.</translation>
    </message>
    <message>
      <source>Leave the in situ polygons' pixels out of training</source>
      <translation>Exclure de l'apprentissage les pixels des polygones in situ</translation>
    </message>
    <message>
      <source>With IN_SITU: no pixel inside an in situ polygon is drawn for training (default on), so the accuracy is measured on pixels the model never saw. Off: they may train (more candidates where the polygons cover much of the images, but an optimistic accuracy where the reference is right).</source>
      <translation>Avec IN_SITU : aucun pixel à l'intérieur d'un polygone in situ n'est tiré pour l'apprentissage (activé par défaut), la précision est donc mesurée sur des pixels que le modèle n'a jamais vus. Désactivé : ils peuvent servir à l'apprentissage (plus de candidats là où les polygones couvrent une grande part des images, mais une précision optimiste là où la référence est juste).</translation>
    </message>
    <message>
      <source>At most this many training pixels per class (default 40000, as Sen2-Agri), before the trimming.</source>
      <translation>Au plus ce nombre de pixels d'apprentissage par classe (40000 par défaut, comme Sen2-Agri), avant l'élagage.</translation>
    </message>
    <message>
      <source>Held-out share of the reference pixels</source>
      <translation>Part mise de côté des pixels de référence</translation>
    </message>
    <message>
      <source>Without IN_SITU: share of each class's trimmed reference pixels held out for the agreement with the reference map (default 0.25, 0.01 to 0.99).</source>
      <translation>Sans IN_SITU : part des pixels de référence élagués de chaque classe mise de côté pour l'accord avec la carte de référence (0.25 par défaut, 0.01 à 0.99).</translation>
    </message>
    <message>
      <source>sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features (ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below 2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as -10000). Default. extended: per-date B03, B04, B08, B11, NDVI, NDWI, brightness and the temporal statistics of timeseriesfeatures.</source>
      <translation>sen2agri : les variables du masque de cultures de Sen2-Agri, calculées sur les séries G, R, NIR, SWIR interpolées : 27 variables de synthèse (ndvi_max, ndvi_mean, ndvi_std ; ndvi_maxdif, ndvi_mindif, ndvi_difdif : la plus grande, la plus petite et l'étendue des différences entre les moyennes de fenêtres consécutives de WINDOW dates, la plus ancienne moins la plus récente, 0 en dessous de 2 x WINDOW dates ; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area : la plus grande moyenne glissante sur WINDOW dates, les jours du plateau qui l'entoure (à 0,05 près, jusqu'à la première date en dehors) et leur produit ; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope et ndvi_neg_* : aire, jours et pente des plus longues séquences non décroissantes et décroissantes ; ndvi_soil_to_veg, ndvi_veg_to_soil : un pas qui franchit un NDVI de 0,2 ; ndwi_ et brightness_ max, min, mean, median, std) et 4 variables red-edge par date (re_ndvi, chl_re, psri, s2rep). Les définitions de Sen2-Agri sans ses défauts : la même fenêtre à l'apprentissage et à la prédiction, des calculs en virgule flottante (ses rapports red-edge sont des divisions entières), la réflectance en flottants (il la tronque en entiers), un dénominateur nul donne 0, et des séries interpolées (les dates sans donnée ne sont pas moyennées comme -10000). Par défaut. extended : B03, B04, B08, B11, NDVI, NDWI et brillance par date et les statistiques temporelles de timeseriesfeatures.</translation>
    </message>
    <message>
      <source>Segment the NDVI series and take the majority of the raw mask in each segment (default off, as cropmask).</source>
      <translation>Segmente la série de NDVI et prend la majorité du masque brut dans chaque segment (désactivé par défaut, comme cropmask).</translation>
    </message>
    <message>
      <source>The post-processing's segmentation: merging (default) or meanshift (Sen2-Agri), as cropmask.</source>
      <translation>La segmentation du post-traitement : merging (par défaut) ou meanshift (Sen2-Agri), comme cropmask.</translation>
    </message>
    <message>
      <source>What the figures are (accuracy against in situ polygons, or agreement with the reference map)</source>
      <translation>Nature des chiffres (précision par rapport aux polygones in situ, ou accord avec la carte de référence)</translation>
    </message>
    <message>
      <source>Crop mask without in situ data (reference map)</source>
      <translation>Masque de cultures sans données in situ (carte de référence)</translation>
    </message>
    <message>
      <source>Produces a crop mask (Sen2-Agri L4A) from a Sentinel-2 L2A time series without in situ data, trained on a reference land-cover map (ESA CCI, ESA WorldCover or a national map).</source>
      <translation>Produit un masque de cultures (Sen2-Agri L4A) à partir d'une série temporelle Sentinel-2 L2A sans données in situ, entraîné sur une carte d'occupation du sol de référence (ESA CCI, ESA WorldCover ou une carte nationale).</translation>
    </message>
    <message>
      <source>Produces a crop mask (Sen2-Agri L4A product: 1 crop, 0 non-crop) from a Sentinel-2 L2A time series without in situ data: the training pixels come from a reference land-cover map (ESA CCI 300 m, ESA WorldCover 10 m, a national map...), as Sen2-Agri's CropMaskFused.py.</source>
      <translation>Produit un masque de cultures (produit Sen2-Agri L4A : 1 culture, 0 non-culture) à partir d'une série temporelle Sentinel-2 L2A sans données in situ : les pixels d'apprentissage viennent d'une carte d'occupation du sol de référence (ESA CCI 300 m, ESA WorldCover 10 m, une carte nationale...), comme CropMaskFused.py de Sen2-Agri.</translation>
    </message>
    <message>
      <source>Steps: the reference (any CRS and resolution) is warped onto the 10 m image grid (nearest), its codes mapped to crop / non-crop / ignored (REFERENCE_LEGEND, or a MAPPING CSV), each class eroded by EROSION_RADIUS pixels (a pixel keeps its class only when its whole neighbourhood has it: the borders of coarse cells are mixed), candidate pixels drawn at random per class (seeded), and the outliers of each class trimmed iteratively: the pixels whose Mahalanobis distance to their class's mean (on the temporal summary features) exceeds the chi-square quantile 1 - ALPHA are dropped and the statistics recomputed, for TRIM_ITERATIONS rounds or until none is dropped. The random forest, the prediction, the flags and the product are those of cropmask.</source>
      <translation>Étapes : la référence (tout SCR et toute résolution) est reprojetée sur la grille de 10 m des images (plus proche voisin), ses codes associés à culture / non-culture / ignoré (REFERENCE_LEGEND, ou un CSV MAPPING), chaque classe érodée de EROSION_RADIUS pixels (un pixel garde sa classe seulement si tout son voisinage l'a : les bords des cellules grossières sont mélangés), des pixels candidats tirés au hasard par classe (avec graine), et les valeurs aberrantes de chaque classe élaguées de façon itérative : les pixels dont la distance de Mahalanobis à la moyenne de leur classe (sur les variables temporelles de synthèse) dépasse le quantile 1 - ALPHA du khi-deux sont écartés et les statistiques recalculées, pendant TRIM_ITERATIONS passes ou jusqu'à ce que rien ne soit écarté. La forêt aléatoire, la prédiction, les indicateurs et le produit sont ceux de cropmask.</translation>
    </message>
    <message>
      <source>Validation: with IN_SITU, the figures are the accuracy against those polygons (all of them: none trains, and by default none of their pixels is drawn for training: EXCLUDE_IN_SITU). Without, a share VALIDATION_RATIO of the eroded, trimmed reference pixels is held out of training and the figures are the agreement of the map with the reference map there: not an accuracy, the reference map has its own errors. The product's parameters and quality file say which one was computed.</source>
      <translation>Validation : avec IN_SITU, les chiffres sont la précision par rapport à ces polygones (tous : aucun ne sert à l'apprentissage, et par défaut aucun de leurs pixels n'est tiré pour l'apprentissage : EXCLUDE_IN_SITU). Sans, une part VALIDATION_RATIO des pixels de référence érodés et élagués est mise de côté et les chiffres sont l'accord de la carte avec la carte de référence sur ces pixels : pas une précision, la carte de référence a ses propres erreurs. Les paramètres et le fichier de qualité du produit disent lequel a été calculé.</translation>
    </message>
    <message>
      <source>Crop code field</source>
      <translation>Champ du code de culture</translation>
    </message>
    <message>
      <source>In situ field with integer crop codes. Default CODE. 0 or empty: not crop, not used.</source>
      <translation>Champ in situ des codes de culture entiers. Par défaut CODE. 0 ou vide : pas une culture, non utilisé.</translation>
    </message>
    <message>
      <source>Crop name field</source>
      <translation>Champ du nom de culture</translation>
    </message>
    <message>
      <source>Optional in situ field with the crop names (e.g. 'Maize'): each code is named in the style and colour table as by a LEGEND. A code with several names takes the most frequent (a warning lists them). With LEGEND too, LEGEND's names win for the codes it lists.</source>
      <translation>Champ in situ facultatif portant les noms des cultures (p. ex. 'Maïs') : chaque code est nommé dans le style et la table de couleurs comme par une LEGEND. Un code à plusieurs noms prend le plus fréquent (un avertissement les liste). Avec LEGEND aussi, les noms de LEGEND l'emportent pour les codes qu'elle liste.</translation>
    </message>
    <message>
      <source>At most this many training pixels per class, drawn at random (default 10000, as Sen2-Agri).</source>
      <translation>Au plus ce nombre de pixels d'apprentissage par classe, tirés au hasard (10000 par défaut, comme Sen2-Agri).</translation>
    </message>
    <message>
      <source>Crop mask (L4A product folder, or a raster)</source>
      <translation>Masque de cultures (dossier de produit L4A, ou raster)</translation>
    </message>
    <message>
      <source>Optional crop mask: an L4A product folder (e.g. the PRODUCT output of the crop mask algorithm), or the path of a raster with 1 = crop, 0 = non-crop. It must be on the same grid as the images (a mask on another grid is refused). The dialog's button picks a folder: for a raster use CROP_MASK_RASTER instead.</source>
      <translation>Masque de cultures facultatif : un dossier de produit L4A (p. ex. la sortie PRODUCT de l'algorithme de masque de cultures), ou le chemin d'un raster avec 1 = culture, 0 = non-culture. Il doit être sur la même grille que les images (un masque sur une autre grille est refusé). Le bouton du dialogue choisit un dossier : pour un raster, utilisez plutôt CROP_MASK_RASTER.</translation>
    </message>
    <message>
      <source>Crop mask raster (1 crop, 0 not)</source>
      <translation>Raster de masque de cultures (1 culture, 0 non)</translation>
    </message>
    <message>
      <source>Optional crop mask as a raster layer or file (1 = crop, 0 = non-crop), e.g. the CM raster of an L4A product or a mask made elsewhere, on the same grid as the images. Give CROP_MASK or CROP_MASK_RASTER, not both.</source>
      <translation>Masque de cultures facultatif sous forme de couche ou de fichier raster (1 = culture, 0 = non-culture), p. ex. le raster CM d'un produit L4A ou un masque fait ailleurs, sur la même grille que les images. Donnez CROP_MASK ou CROP_MASK_RASTER, pas les deux.</translation>
    </message>
    <message>
      <source>Legend (CSV code,name)</source>
      <translation>Légende (CSV code,nom)</translation>
    </message>
    <message>
      <source>Optional CSV of 'code,name' lines naming the codes in the style and colour table.</source>
      <translation>CSV facultatif de lignes 'code,nom' qui nomme les codes dans le style et la table de couleurs.</translation>
    </message>
    <message>
      <source>Use the Sentinel-2 features</source>
      <translation>Utiliser les variables Sentinel-2</translation>
    </message>
    <message>
      <source>Use the Sentinel-2 features (default yes). Off: classify with the EXTRA_RASTERS bands alone (e.g. Sentinel-1 alone); the images still give the grid, the period and the date flags. Refused without extra rasters.</source>
      <translation>Utiliser les variables Sentinel-2 (oui par défaut). Désactivé : classer avec les seules bandes des EXTRA_RASTERS (p. ex. Sentinel-1 seul) ; les images donnent toujours la grille, la période et les indicateurs de dates. Refusé sans rasters supplémentaires.</translation>
    </message>
    <message>
      <source>Crop type map</source>
      <translation>Carte des types de cultures</translation>
    </message>
    <message>
      <source>Raw (unmasked) crop type map</source>
      <translation>Carte des types de cultures brute (non masquée)</translation>
    </message>
    <message>
      <source>Crop type map (random forest)</source>
      <translation>Carte des types de cultures (forêt aléatoire)</translation>
    </message>
    <message>
      <source>Produces a crop type map (Sen2-Agri L4B product: the crop codes, 0 = not crop) from a Sentinel-2 L2A time series and in situ polygons with integer crop codes (polygons with code 0 or empty are not used).</source>
      <translation>Produit une carte des types de cultures (produit L4B de Sen2-Agri : les codes de culture, 0 = pas une culture) à partir d'une série temporelle Sentinel-2 L2A et de polygones in situ portant des codes de culture entiers (les polygones de code 0 ou vide ne sont pas utilisés).</translation>
    </message>
    <message>
      <source>Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; features, Sen2-Agri's in its order: B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI and brightness at every date. The polygons are split per class into training and validation by whole polygon (seeded), or dealt into folds (VALIDATION_MODE=kfold); at most SAMPLES_PER_CLASS training pixels per class are drawn at random; a random forest (scikit-learn, threads only) classifies every pixel block by block.</source>
      <translation>Étapes : les images de la période sont masquées (nuages, ombres, absence de données) et rééchantillonnées tous les 10 jours ; variables, celles de Sen2-Agri dans son ordre : B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI et brillance à chaque date. Les polygones sont partagés par classe entre apprentissage et validation par polygone entier (avec graine), ou répartis en plis (VALIDATION_MODE=kfold) ; au plus SAMPLES_PER_CLASS pixels d'apprentissage par classe sont tirés au hasard ; une forêt aléatoire (scikit-learn, en threads seulement) classe chaque pixel, bloc par bloc.</translation>
    </message>
    <message>
      <source>Extra rasters (EXTRA_RASTERS, e.g. a Sentinel-1 VV / VH backscatter stack) add their bands to the features, dated series resampled onto the same 10-day dates; S2_FEATURES off uses them alone. On the Flanders patch (k-fold, seeds 0-4) S2 + S1 scored OA 0.901, kappa 0.388 (S2 alone 0.901, 0.418; S1 alone 0.882, 0.010: the majority class).</source>
      <translation>Les rasters supplémentaires (EXTRA_RASTERS, p. ex. une pile de rétrodiffusion Sentinel-1 VV / VH) ajoutent leurs bandes aux variables, les séries datées rééchantillonnées sur les mêmes dates à 10 jours ; S2_FEATURES désactivé les utilise seuls. Sur la zone des Flandres (k-fold, graines 0-4), S2 + S1 a obtenu OA 0.901, kappa 0.388 (S2 seul 0.901, 0.418 ; S1 seul 0.882, 0.010 : la classe majoritaire).</translation>
    </message>
    <message>
      <source>With a crop mask (an L4A product or a 0/1 raster on the same grid), the map (CT) is 0 outside the crops and the unmasked map is kept as RAW; the validation is done on the masked map, so crop pixels the mask removed count as errors (give crop codes only when you apply a mask). Without a mask CT and RAW are the same.</source>
      <translation>Avec un masque de cultures (un produit L4A ou un raster 0/1 sur la même grille), la carte (CT) vaut 0 hors des cultures et la carte non masquée est conservée comme RAW ; la validation porte sur la carte masquée, si bien que les pixels de culture retirés par le masque comptent comme des erreurs (ne donnez que des codes de culture quand vous appliquez un masque). Sans masque, CT et RAW sont identiques.</translation>
    </message>
    <message>
      <source>The product also holds a confidence layer (probability of the chosen class, 0-100), the per-pixel date counts, the quality file (confusion matrix, precision, recall, F-score per class, overall accuracy, kappa), the in situ polygons used (ISD zip, with the split), the model and its feature list. Pixels never cloud-free are no data (-10000).</source>
      <translation>Le produit contient aussi une couche de confiance (probabilité de la classe choisie, 0-100), les comptes de dates par pixel, le fichier qualité (matrice de confusion, précision, rappel, F-score par classe, exactitude globale, kappa), les polygones in situ utilisés (zip ISD, avec le partage), le modèle et sa liste de variables. Les pixels jamais sans nuage sont sans donnée (-10000).</translation>
    </message>
    <message>
      <source>Model (L4A or L4B product folder)</source>
      <translation>Modèle (dossier d'un produit L4A ou L4B)</translation>
    </message>
    <message>
      <source>A crop mask (L4A) or crop type (L4B) product folder written by this plugin (its AUX_DATA holds the model and its feature list), e.g. the PRODUCT output of cropmask or croptype.</source>
      <translation>Un dossier de produit masque de cultures (L4A) ou types de cultures (L4B) écrit par cette extension (son AUX_DATA contient le modèle et sa liste de variables), p. ex. la sortie PRODUCT de cropmask ou croptype.</translation>
    </message>
    <message>
      <source>First date of the feature grid (YYYY-MM-DD); optional, default the model's start moved by whole years to the images' year.</source>
      <translation>Première date de la grille des variables (AAAA-MM-JJ) ; facultative, par défaut le début du modèle décalé d'années entières vers l'année des images.</translation>
    </message>
    <message>
      <source>Last date (YYYY-MM-DD); optional, default START_DATE plus the model's period length. The period must give as many 10-day dates as the model's.</source>
      <translation>Dernière date (AAAA-MM-JJ) ; facultative, par défaut START_DATE plus la durée de la période du modèle. La période doit donner autant de dates à 10 jours que celle du modèle.</translation>
    </message>
    <message>
      <source>Maximum cloud cover (%)</source>
      <translation>Couverture nuageuse maximale (%)</translation>
    </message>
    <message>
      <source>Optional maximum cloud cover of the images (%, 0-100).</source>
      <translation>Couverture nuageuse maximale des images, facultative (%, 0-100).</translation>
    </message>
    <message>
      <source>In situ polygons (validation)</source>
      <translation>Polygones in situ (validation)</translation>
    </message>
    <message>
      <source>Optional in situ polygons to validate the map (any CRS, reprojected): all of them are validation polygons.</source>
      <translation>Polygones in situ facultatifs pour valider la carte (tout SCR, reprojetés) : tous sont des polygones de validation.</translation>
    </message>
    <message>
      <source>Label field</source>
      <translation>Champ d'étiquette</translation>
    </message>
    <message>
      <source>The in situ field with the labels: 1 / 0 for a crop mask model, crop codes for a crop type model. Default: the field the model was trained with.</source>
      <translation>Le champ in situ des étiquettes : 1 / 0 pour un modèle de masque de cultures, codes de cultures pour un modèle de types de cultures. Par défaut : le champ avec lequel le modèle a été entraîné.</translation>
    </message>
    <message>
      <source>Optional crop mask for a crop type model: an L4A product folder or a 0/1 raster on the images' grid; the map (CT) is 0 outside the crops, RAW is unmasked.</source>
      <translation>Masque de cultures facultatif pour un modèle de types de cultures : un dossier de produit L4A ou un raster 0/1 sur la grille des images ; la carte (CT) vaut 0 hors des cultures, RAW n'est pas masquée.</translation>
    </message>
    <message>
      <source>Only for a model trained with extra rasters: rasters of the same bands, in the same order, over these images (e.g. the next year's Sentinel-1 stack); read with the model's resampling and units.</source>
      <translation>Seulement pour un modèle entraîné avec des rasters supplémentaires : des rasters des mêmes bandes, dans le même ordre, sur ces images (p. ex. la pile Sentinel-1 de l'année suivante) ; lus avec le rééchantillonnage et les unités du modèle.</translation>
    </message>
    <message>
      <source>Product level (L4A or L4B)</source>
      <translation>Niveau du produit (L4A ou L4B)</translation>
    </message>
    <message>
      <source>Map</source>
      <translation>Carte</translation>
    </message>
    <message>
      <source>Raw map</source>
      <translation>Carte brute</translation>
    </message>
    <message>
      <source>Apply a saved model</source>
      <translation>Appliquer un modèle enregistré</translation>
    </message>
    <message>
      <source>Applies the random forest saved in a crop mask (L4A) or crop type (L4B) product to other Sentinel-2 L2A images (another tile, another year).</source>
      <translation>Applique la forêt aléatoire enregistrée dans un produit masque de cultures (L4A) ou types de cultures (L4B) à d'autres images Sentinel-2 L2A (une autre tuile, une autre année).</translation>
    </message>
    <message>
      <source>Applies the random forest saved in a crop mask (L4A) or crop type (L4B) product to other Sentinel-2 L2A images (another tile, another year). The result is a product of the same level, marked as made by an applied model (its parameters name the model's product).</source>
      <translation>Applique la forêt aléatoire enregistrée dans un produit masque de cultures (L4A) ou types de cultures (L4B) à d'autres images Sentinel-2 L2A (une autre tuile, une autre année). Le résultat est un produit du même niveau, marqué comme fait par un modèle appliqué (ses paramètres nomment le produit du modèle).</translation>
    </message>
    <message>
      <source>The features are the model's (same feature sets, bands, 10-day step and window) on a date grid of the same length: by default the model's training period shifted by the whole number of years whose period holds the most images, ties going to the shift closest to the first image (the same days of the year); START_DATE alone: the model's period length from it; START_DATE and END_DATE: that period, which must give as many dates as the model's. A model trained with extra rasters (e.g. Sentinel-1) needs rasters of the same bands in EXTRA_RASTERS, read as the model's were (its resampling and units; the bands matched by position, their dates aside). A mismatch (other number of dates, other extra bands, a model of extra rasters alone, a product of another level or without a model) is refused with what differs. The model's own post-processing is not repeated: the map is the raw prediction (masked by CROP_MASK for a crop type model).</source>
      <translation>Les variables sont celles du modèle (mêmes jeux de variables, bandes, pas de 10 jours et fenêtre) sur une grille de dates de même longueur : par défaut la période d'apprentissage du modèle décalée du nombre entier d'années dont la période contient le plus d'images, à égalité le décalage le plus proche de la première image (les mêmes jours de l'année) ; START_DATE seule : la durée de la période du modèle à partir d'elle ; START_DATE et END_DATE : cette période, qui doit donner autant de dates que celle du modèle. Un modèle entraîné avec des rasters supplémentaires (p. ex. Sentinel-1) demande des rasters des mêmes bandes dans EXTRA_RASTERS, lus comme ceux du modèle (son rééchantillonnage et ses unités ; les bandes associées par position, leurs dates mises à part). Une différence (autre nombre de dates, autres bandes supplémentaires, modèle de rasters supplémentaires seuls, produit d'un autre niveau ou sans modèle) est refusée en disant ce qui diffère. Le post-traitement du modèle n'est pas refait : la carte est la prédiction brute (masquée par CROP_MASK pour un modèle de types de cultures).</translation>
    </message>
    <message>
      <source>Without in situ polygons the product holds no quality file; with them, every polygon validates the map (none was used for training here) and the figures are written as by the crop mask / crop type algorithms.</source>
      <translation>Sans polygones in situ, le produit n'a pas de fichier de qualité ; avec eux, chaque polygone valide la carte (aucun n'a servi à l'apprentissage ici) et les chiffres sont écrits comme par les algorithmes de masque / types de cultures.</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Parcelles</translation>
    </message>
    <message>
      <source>The parcels to classify (polygons, any CRS: reprojected to the images' CRS). Labelled or not.</source>
      <translation>Les parcelles à classer (polygones, tout SCR : reprojetés dans le SCR des images). Étiquetées ou non.</translation>
    </message>
    <message>
      <source>Label field (1 / 0 or crop codes)</source>
      <translation>Champ d'étiquette (1 / 0 ou codes de cultures)</translation>
    </message>
    <message>
      <source>Field with the labels: 1 (crop) / 0 (non-crop), or integer crop codes (0 and empty: unlabelled). Default CROP. Unlabelled parcels are classified too.</source>
      <translation>Champ des étiquettes : 1 (culture) / 0 (non-culture), ou codes de cultures entiers (0 et vide : non étiquetée). CROP par défaut. Les parcelles non étiquetées sont classées aussi.</translation>
    </message>
    <message>
      <source>Class name field</source>
      <translation>Champ du nom de classe</translation>
    </message>
    <message>
      <source>Optional field with the class names (e.g. 'Maize'), written as PRED_NAME and in the style's legend.</source>
      <translation>Champ facultatif des noms de classes (p. ex. 'Maïs'), écrits dans PRED_NAME et dans la légende du style.</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>Niveau</translation>
    </message>
    <message>
      <source>auto (default): a crop mask when the labels are 0 / 1 only, else crop type. mask: refuses other labels. type: 0 and empty are unlabelled.</source>
      <translation>auto (par défaut) : un masque de cultures quand les étiquettes sont seulement 0 / 1, sinon types de cultures. mask : refuse les autres étiquettes. type : 0 et vide sont non étiquetées.</translation>
    </message>
    <message>
      <source>auto (default): the crop-mask features for a mask, the crop-type ones for crop types. cropmask: Sen2-Agri's 27 summary features and 4 red-edge features per date. croptype: B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI and brightness at every date.</source>
      <translation>auto (par défaut) : les variables du masque de cultures pour un masque, celles des types de cultures pour les types. cropmask : les 27 variables de synthèse de Sen2-Agri et ses 4 variables red-edge par date. croptype : B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI et brillance à chaque date.</translation>
    </message>
    <message>
      <source>Statistics per parcel</source>
      <translation>Statistiques par parcelle</translation>
    </message>
    <message>
      <source>Per-parcel statistics of each feature: mean (always), std (population standard deviation), median (exact; the pixels' values go to temporary files per group of parcels, sorted afterwards).</source>
      <translation>Statistiques de chaque variable par parcelle : mean (toujours), std (écart type de la population), median (exacte ; les valeurs des pixels vont dans des fichiers temporaires par groupe de parcelles, triés ensuite).</translation>
    </message>
    <message>
      <source>Inner buffer (m)</source>
      <translation>Tampon intérieur (m)</translation>
    </message>
    <message>
      <source>Shrink the parcels by this many metres before taking their pixels (default 0, 0 to 500): keeps mixed border pixels out. Parcels that vanish get STATUS no_pixel.</source>
      <translation>Réduit les parcelles de ce nombre de mètres avant de prendre leurs pixels (0 par défaut, 0 à 500) : écarte les pixels mixtes des bords. Les parcelles qui disparaissent reçoivent STATUS no_pixel.</translation>
    </message>
    <message>
      <source>Minimum valid pixels per parcel</source>
      <translation>Pixels valides minimum par parcelle</translation>
    </message>
    <message>
      <source>Parcels with fewer valid pixels are not classified (default 5, 1 to 100000).</source>
      <translation>Les parcelles avec moins de pixels valides ne sont pas classées (5 par défaut, 1 à 100000).</translation>
    </message>
    <message>
      <source>split (default): VALIDATION_RATIO of each class's labelled parcels are held out and the forest trained on the others classifies every parcel. kfold: the labelled parcels are dealt into FOLDS folds (stratified, seeded); each fold is validated by a forest trained on the others, and a forest trained on every labelled parcel gives the classes.</source>
      <translation>split (par défaut) : une part VALIDATION_RATIO des parcelles étiquetées de chaque classe est mise de côté et la forêt entraînée sur les autres classe toutes les parcelles. kfold : les parcelles étiquetées sont réparties en FOLDS plis (stratifiés, avec graine) ; chaque pli est validé par une forêt entraînée sur les autres, et une forêt entraînée sur toutes les parcelles étiquetées donne les classes.</translation>
    </message>
    <message>
      <source>Validation ratio (by parcel)</source>
      <translation>Part de validation (par parcelle)</translation>
    </message>
    <message>
      <source>Share of each class's labelled parcels held out for validation (default 0.25).</source>
      <translation>Part des parcelles étiquetées de chaque classe mise de côté pour la validation (0.25 par défaut).</translation>
    </message>
    <message>
      <source>Minimum number of parcels in a node for it to be split (default 2: a forest on parcels has few samples; 2 to 1000000).</source>
      <translation>Nombre minimum de parcelles dans un nœud pour qu'il soit divisé (2 par défaut : une forêt sur des parcelles a peu d'échantillons ; 2 à 1000000).</translation>
    </message>
    <message>
      <source>Site name, part of the run's folder name.</source>
      <translation>Nom du site, partie du nom du dossier de l'exécution.</translation>
    </message>
    <message>
      <source>Memory budget in MB (default 512, 16 to 1000000): GDAL's cache, the per-parcel sums (20 bytes per parcel, feature and statistic), a fifth for the median's groups and the blocks of rows being computed.</source>
      <translation>Budget mémoire en Mo (512 par défaut, 16 à 1000000) : le cache de GDAL, les sommes par parcelle (20 octets par parcelle, variable et statistique), un cinquième pour les groupes de la médiane et les blocs de lignes en cours de calcul.</translation>
    </message>
    <message>
      <source>Overwrite an existing run</source>
      <translation>Écraser une exécution existante</translation>
    </message>
    <message>
      <source>Replace the run's folder of the same site, level and period in OUTPUT_FOLDER.</source>
      <translation>Remplace le dossier d'exécution de même site, niveau et période dans OUTPUT_FOLDER.</translation>
    </message>
    <message>
      <source>Classified parcels</source>
      <translation>Parcelles classées</translation>
    </message>
    <message>
      <source>The parcels with their class, confidence, status and statistics (styled by class).</source>
      <translation>Les parcelles avec leur classe, leur confiance, leur statut et leurs statistiques (style par classe).</translation>
    </message>
    <message>
      <source>Folder where the run's folder &lt;SITE&gt;_PARCELS_&lt;L4A|L4B&gt;_&lt;start&gt;_&lt;end&gt; (quality files, model, parcels copy) is written.</source>
      <translation>Dossier où est écrit le dossier d'exécution &lt;SITE&gt;_PARCELS_&lt;L4A|L4B&gt;_&lt;début&gt;_&lt;fin&gt; (fichiers de qualité, modèle, copie des parcelles).</translation>
    </message>
    <message>
      <source>Run folder (quality files, model)</source>
      <translation>Dossier d'exécution (fichiers de qualité, modèle)</translation>
    </message>
    <message>
      <source>Overall accuracy (per parcel)</source>
      <translation>Précision globale (par parcelle)</translation>
    </message>
    <message>
      <source>Kappa (per parcel)</source>
      <translation>Kappa (par parcelle)</translation>
    </message>
    <message>
      <source>Overall accuracy of the majority class (per parcel)</source>
      <translation>Précision globale de la classe majoritaire (par parcelle)</translation>
    </message>
    <message>
      <source>Overall accuracy (per area)</source>
      <translation>Précision globale (par surface)</translation>
    </message>
    <message>
      <source>Kappa (per area)</source>
      <translation>Kappa (par surface)</translation>
    </message>
    <message>
      <source>Parcel classification (object-based random forest)</source>
      <translation>Classification des parcelles (forêt aléatoire par objet)</translation>
    </message>
    <message>
      <source>Classifies whole parcels instead of pixels (object-based, as the Sen2-Agri training's S2_L2A_obj exercise): crop / non-crop when the labels are 1 / 0, the crop type when they are crop codes.</source>
      <translation>Classe des parcelles entières au lieu de pixels (par objet, comme l'exercice S2_L2A_obj de la formation Sen2-Agri) : culture / non-culture quand les étiquettes sont 1 / 0, le type de culture quand ce sont des codes de cultures.</translation>
    </message>
    <message>
      <source>Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; the features (FEATURES: those of the crop mask or of the crop type map) are computed for the pixels whose centre lies inside a parcel (after the optional inner buffer), block by block; per parcel their mean (and, if asked, standard deviation and exact median) over its valid pixels, a NaN value left out feature by feature. A random forest is trained on the labelled parcels (split or k-fold by parcel, seeded) and gives every parcel, labelled or not, its class (PRED), the probability of that class (CONF), the second most likely class (SECOND, SECOND_P), its pixels (N_PIXELS) and valid pixels (N_VALID, every feature known), its STATUS and ROLE (training / validation / the k-fold fold), and the statistics used.</source>
      <translation>Étapes : les images de la période sont masquées (nuages, ombres, absence de données) et rééchantillonnées tous les 10 jours ; les variables (FEATURES : celles du masque de cultures ou de la carte des types de cultures) sont calculées pour les pixels dont le centre est dans une parcelle (après le tampon intérieur facultatif), bloc par bloc ; par parcelle leur moyenne (et, si demandé, écart type et médiane exacte) sur ses pixels valides, une valeur NaN écartée variable par variable. Une forêt aléatoire est entraînée sur les parcelles étiquetées (split ou k-fold par parcelle, avec graine) et donne à chaque parcelle, étiquetée ou non, sa classe (PRED), la probabilité de cette classe (CONF), la deuxième classe la plus probable (SECOND, SECOND_P), ses pixels (N_PIXELS) et pixels valides (N_VALID, toutes les variables connues), son STATUS et son ROLE (apprentissage / validation / le pli k-fold), et les statistiques utilisées.</translation>
    </message>
    <message>
      <source>Parcels with fewer than MIN_PIXELS valid pixels are not guessed: their class is empty and STATUS says few_pixels, or no_pixel for a parcel without any pixel centre (too small, thin, or outside the images) and no_geometry. A multipart parcel is one parcel (its parts pooled). Where parcels overlap, a pixel goes to the later parcel of the layer (the log counts those pixels).</source>
      <translation>Les parcelles avec moins de MIN_PIXELS pixels valides ne sont pas devinées : leur classe est vide et STATUS vaut few_pixels, ou no_pixel pour une parcelle sans aucun centre de pixel (trop petite, fine, ou hors des images) et no_geometry. Une parcelle multipartie est une seule parcelle (ses parties réunies). Là où des parcelles se chevauchent, un pixel va à la dernière parcelle de la couche (le journal compte ces pixels).</translation>
    </message>
    <message>
      <source>The validation counts parcels (per parcel) and square metres (per area: each parcel weighs its area): confusion matrix, precision, recall, F-score, overall accuracy with its 95 % interval (bootstrap over the parcels), kappa and the majority-class baseline, in the Sen2-Agri quality XML and confusion CSV (PARCEL_QLT.xml / PARCEL_CMX.csv and AREA_QLT.xml / AREA_CMX.csv) and an HTML report (REPORT.html) in the run's folder in OUTPUT_FOLDER, beside the model and a copy of the parcels. The layer is styled by class. It has a column per feature and statistic (275 crop-type features a season, 825 with the three statistics): write it as a GeoPackage, not a shapefile (255 columns at most, 10-character names).</source>
      <translation>La validation compte des parcelles (par parcelle) et des mètres carrés (par surface : chaque parcelle pèse sa surface) : matrice de confusion, précision, rappel, F-score, précision globale avec son intervalle à 95 % (bootstrap sur les parcelles), kappa et la référence de la classe majoritaire, dans le XML de qualité et le CSV de confusion de Sen2-Agri (PARCEL_QLT.xml / PARCEL_CMX.csv et AREA_QLT.xml / AREA_CMX.csv) et un rapport HTML (REPORT.html) dans le dossier d'exécution dans OUTPUT_FOLDER, à côté du modèle et d'une copie des parcelles. La couche a un style par classe. Elle a une colonne par variable et statistique (275 variables de types de cultures pour une saison, 825 avec les trois statistiques) : écrivez-la en GeoPackage, pas en shapefile (255 colonnes au plus, noms de 10 caractères).</translation>
    </message>
    <message>
      <source>In situ parcels</source>
      <translation>Parcelles in situ</translation>
    </message>
    <message>
      <source>Polygon layer of in situ parcels.</source>
      <translation>Couche de polygones des parcelles in situ.</translation>
    </message>
    <message>
      <source>Inner buffer distance (m)</source>
      <translation>Distance du tampon intérieur (m)</translation>
    </message>
    <message>
      <source>Inner buffer width in metres (0 to 500). Default 15.</source>
      <translation>Largeur du tampon intérieur en mètres (0 à 500). 15 par défaut.</translation>
    </message>
    <message>
      <source>Buffered parcels</source>
      <translation>Parcelles réduites</translation>
    </message>
    <message>
      <source>Buffered parcels (GeoPackage or any OGR format).</source>
      <translation>Parcelles réduites par le tampon (GeoPackage ou tout format OGR).</translation>
    </message>
    <message>
      <source>Inner buffer (parcels)</source>
      <translation>Tampon intérieur (parcelles)</translation>
    </message>
    <message>
      <source>Shrinks every parcel by a distance in metres (a negative buffer), so that mixed pixels at parcel borders are not used for training.</source>
      <translation>Réduit chaque parcelle d'une distance en mètres (un tampon négatif), pour que les pixels mixtes des bords de parcelle ne servent pas à l'apprentissage.</translation>
    </message>
    <message>
      <source>In situ data</source>
      <translation>Données in situ</translation>
    </message>
    <message>
      <source>Shrinks every parcel by a distance in metres (a negative buffer), so that mixed pixels at parcel borders are not used for training. 15 m is the Sen2-Agri practice for 10 m Sentinel-2 pixels.</source>
      <translation>Réduit chaque parcelle d'une distance en mètres (un tampon négatif), pour que les pixels mixtes des bords de parcelle ne servent pas à l'apprentissage. 15 m est la pratique de Sen2-Agri pour les pixels de 10 m de Sentinel-2.</translation>
    </message>
    <message>
      <source>Layers whose CRS is geographic (degrees), not in metres, or a Mercator projection are buffered in the WGS 84 / UTM zone of the layer's centre and written back in their own CRS. Parcels that vanish (narrower than twice the distance) are dropped and counted in the log. Attributes are kept; geometries are written as multipolygons.</source>
      <translation>Les couches dont le SCR est géographique (en degrés), n'est pas en mètres, ou est une projection Mercator sont traitées dans la zone UTM WGS 84 du centre de la couche et réécrites dans leur propre SCR. Les parcelles qui disparaissent (plus étroites que deux fois la distance) sont supprimées et comptées dans le journal. Les attributs sont conservés ; les géométries sont écrites en multipolygones.</translation>
    </message>
    <message>
      <source>Area field</source>
      <translation>Champ de surface</translation>
    </message>
    <message>
      <source>Name of the field that receives the area in m². Default AREA.</source>
      <translation>Nom du champ qui reçoit la surface en m². Par défaut AREA.</translation>
    </message>
    <message>
      <source>Minimum area (m²)</source>
      <translation>Surface minimale (m²)</translation>
    </message>
    <message>
      <source>Parcels with an area larger than this (m²) are kept. Default 5000 (0 to 10000000).</source>
      <translation>Les parcelles de surface supérieure à celle-ci (m²) sont conservées. 5000 par défaut (de 0 à 10000000).</translation>
    </message>
    <message>
      <source>Parcels larger than the minimum area</source>
      <translation>Parcelles plus grandes que la surface minimale</translation>
    </message>
    <message>
      <source>Kept parcels with the area field (GeoPackage or any OGR format).</source>
      <translation>Parcelles conservées avec le champ de surface (GeoPackage ou tout format OGR).</translation>
    </message>
    <message>
      <source>Area field and filter (parcels)</source>
      <translation>Champ de surface et filtre (parcelles)</translation>
    </message>
    <message>
      <source>Writes the area of every parcel in square metres to a field and keeps the parcels whose area is strictly larger than a minimum (5000 m² = 0.5 ha by default): small parcels are heterogeneous and carry little information.</source>
      <translation>Écrit la surface de chaque parcelle en mètres carrés dans un champ et conserve les parcelles dont la surface est strictement supérieure à un minimum (5000 m² = 0,5 ha par défaut) : les petites parcelles sont hétérogènes et apportent peu d'information.</translation>
    </message>
    <message>
      <source>How the area is computed: the planar area of the polygon (holes removed) in the layer's CRS when that CRS is projected in metres (not Mercator); otherwise in the WGS 84 / UTM zone of the layer's centre. An existing field of the same name is overwritten.</source>
      <translation>Calcul de la surface : la surface planimétrique du polygone (trous déduits) dans le SCR de la couche quand ce SCR est projeté en mètres (hors Mercator) ; sinon dans la zone UTM WGS 84 du centre de la couche. Un champ existant du même nom est écrasé.</translation>
    </message>
    <message>
      <source>Polygon layer of in situ parcels, in any CRS.</source>
      <translation>Couche de polygones des parcelles in situ, dans tout SCR.</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Usage</translation>
    </message>
    <message>
      <source>Crop mask (checks and styles the CROP field) or crop type (the CODE field).</source>
      <translation>Masque de cultures (vérifie et met en style le champ CROP) ou types de cultures (le champ CODE).</translation>
    </message>
    <message>
      <source>Crop mask (CROP field)</source>
      <translation>Masque de cultures (champ CROP)</translation>
    </message>
    <message>
      <source>Crop type (CODE field)</source>
      <translation>Types de cultures (champ CODE)</translation>
    </message>
    <message>
      <source>Crop / non-crop field</source>
      <translation>Champ culture / non-culture</translation>
    </message>
    <message>
      <source>Field with 1 (crop) / 0 (non-crop), used for a crop mask. Default CROP.</source>
      <translation>Champ valant 1 (culture) / 0 (non-culture), utilisé pour un masque de cultures. Par défaut CROP.</translation>
    </message>
    <message>
      <source>Field with integer crop codes, used for crop type. Default CODE.</source>
      <translation>Champ des codes de culture entiers, utilisé pour les types de cultures. Par défaut CODE.</translation>
    </message>
    <message>
      <source>Inner buffer distance in metres (0 to 500). Default 15.</source>
      <translation>Distance du tampon intérieur en mètres (0 à 500). 15 par défaut.</translation>
    </message>
    <message>
      <source>Parcels larger than this area in m² after the buffer are kept. Default 5000 (0 to 10000000).</source>
      <translation>Les parcelles de surface supérieure à celle-ci en m² après le tampon sont conservées. 5000 par défaut (de 0 à 10000000).</translation>
    </message>
    <message>
      <source>Overlapping parcels with different labels</source>
      <translation>Parcelles superposées d'étiquettes différentes</translation>
    </message>
    <message>
      <source>What to do with parcels of different labels that overlap: remove the shared area from both (default), only report them in the log, or drop both parcels.</source>
      <translation>Que faire des parcelles d'étiquettes différentes qui se superposent : retirer la surface commune des deux (par défaut), seulement les signaler dans le journal, ou supprimer les deux parcelles.</translation>
    </message>
    <message>
      <source>Remove the shared area</source>
      <translation>Retirer la surface commune</translation>
    </message>
    <message>
      <source>Report only</source>
      <translation>Signaler seulement</translation>
    </message>
    <message>
      <source>Drop both parcels</source>
      <translation>Supprimer les deux parcelles</translation>
    </message>
    <message>
      <source>Crop type: keep crop parcels only (crop field = 1)</source>
      <translation>Types de cultures : ne garder que les parcelles de culture (champ culture = 1)</translation>
    </message>
    <message>
      <source>Crop type only: keep just the parcels whose crop field is 1 (crop), as a crop-type map is made and validated inside the crop mask. Default off.</source>
      <translation>Types de cultures seulement : ne garde que les parcelles dont le champ culture vaut 1 (culture), puisqu'une carte des types de cultures est produite et validée à l'intérieur du masque de cultures. Désactivé par défaut.</translation>
    </message>
    <message>
      <source>Prepared in situ parcels</source>
      <translation>Parcelles in situ préparées</translation>
    </message>
    <message>
      <source>Prepared parcels (GeoPackage or any OGR format) with the AREA field.</source>
      <translation>Parcelles préparées (GeoPackage ou tout format OGR) avec le champ AREA.</translation>
    </message>
    <message>
      <source>Prepared parcels as a zipped shapefile</source>
      <translation>Parcelles préparées en shapefile zippé</translation>
    </message>
    <message>
      <source>Optional: the prepared parcels also as a zipped ESRI shapefile, as Sen2-Agri takes them.</source>
      <translation>Facultatif : les parcelles préparées aussi en shapefile ESRI zippé, comme Sen2-Agri les attend.</translation>
    </message>
    <message>
      <source>Number of prepared parcels</source>
      <translation>Nombre de parcelles préparées</translation>
    </message>
    <message>
      <source>Prepare in situ data</source>
      <translation>Préparer les données in situ</translation>
    </message>
    <message>
      <source>Prepares in situ parcels for training and validation the way the Sen2-Agri training teaches it, for a crop mask (label field CROP: 1 crop, 0 non-crop) or a crop-type map (label field CODE: integer crop codes).</source>
      <translation>Prépare les parcelles in situ pour l'apprentissage et la validation comme l'enseigne la formation Sen2-Agri, pour un masque de cultures (champ d'étiquette CROP : 1 culture, 0 non-culture) ou une carte des types de cultures (champ d'étiquette CODE : codes de culture entiers).</translation>
    </message>
    <message>
      <source>Steps: checks the label field (exists, numeric, 0/1 for CROP, integers for CODE, no empty values); repairs invalid geometries and drops empty ones; finds parcels of different labels that overlap and reports them, removes the shared area from both (default) or drops both; applies an inner buffer (15 m) in metres (in the UTM zone of the layer for geographic layers); writes the AREA field (m², planar area in the metric CRS) and keeps parcels larger than the minimum area (5000 m²). The log lists parcel counts and areas per class before and after.</source>
      <translation>Étapes : vérifie le champ d'étiquette (présent, numérique, 0/1 pour CROP, entiers pour CODE, sans valeur vide) ; répare les géométries invalides et supprime les vides ; trouve les parcelles d'étiquettes différentes qui se superposent et les signale, retire la surface commune des deux (par défaut) ou supprime les deux ; applique un tampon intérieur (15 m) en mètres (dans la zone UTM de la couche pour les couches géographiques) ; écrit le champ AREA (m², surface planimétrique dans le SCR métrique) et conserve les parcelles plus grandes que la surface minimale (5000 m²). Le journal donne le nombre et la surface des parcelles par classe, avant et après.</translation>
    </message>
    <message>
      <source>Outputs are styled by class. Nothing is written when a check fails.</source>
      <translation>Les sorties sont mises en style par classe. Rien n'est écrit quand une vérification échoue.</translation>
    </message>
    <message>
      <source>First date of the period and of the resampled dates. YYYY-MM-DD, optional (default: the first image date).</source>
      <translation>Première date de la période et des dates rééchantillonnées. AAAA-MM-JJ, facultative (par défaut : la date de la première image).</translation>
    </message>
    <message>
      <source>Last date of the period. YYYY-MM-DD, optional (default: the last image date).</source>
      <translation>Dernière date de la période. AAAA-MM-JJ, facultative (par défaut : la date de la dernière image).</translation>
    </message>
    <message>
      <source>Bands</source>
      <translation>Bandes</translation>
    </message>
    <message>
      <source>Bands output at every resampled date by the 'bands' feature set (default B03, B04, B08, B11). Indices read the bands they need anyway. On the command line give the names, not numbers: BANDS=B04 BANDS=B08 (or comma-separated).</source>
      <translation>Bandes écrites à chaque date rééchantillonnée par le jeu de variables 'bands' (par défaut B03, B04, B08, B11). Les indices lisent de toute façon les bandes dont ils ont besoin. En ligne de commande, donnez les noms, pas des numéros : BANDS=B04 BANDS=B08 (ou séparés par des virgules).</translation>
    </message>
    <message>
      <source>Optional: keep only the images of this Sentinel-2 tile (e.g. 31UES).</source>
      <translation>Facultatif : ne garder que les images de cette tuile Sentinel-2 (par ex. 31UES).</translation>
    </message>
    <message>
      <source>Optional: skip images whose cloud cover (product metadata or mask) exceeds this percentage.</source>
      <translation>Facultatif : écarte les images dont la couverture nuageuse (métadonnées du produit ou masque) dépasse ce pourcentage.</translation>
    </message>
    <message>
      <source>Days between resampled dates</source>
      <translation>Jours entre dates rééchantillonnées</translation>
    </message>
    <message>
      <source>Days between resampled dates (default 10, as Sen2-Agri; 1 to 366).</source>
      <translation>Nombre de jours entre les dates rééchantillonnées (10 par défaut, comme Sen2-Agri ; de 1 à 366).</translation>
    </message>
    <message>
      <source>Feature sets</source>
      <translation>Jeux de variables</translation>
    </message>
    <message>
      <source>Feature sets: bands, indices, temporal (default), and optionally rededge (red-edge indices), sen2agri_rededge (Sen2-Agri's red-edge features per date), sen2agri_dates (Sen2-Agri's crop-type features per date), ndvi (NDVI per date) and sen2agri. sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features (ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below 2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as -10000). On the command line give the names, not numbers: FEATURES=sen2agri FEATURES=sen2agri_rededge (or comma-separated).</source>
      <translation>Jeux de variables : bands, indices, temporal (par défaut), et au choix rededge (indices red-edge), sen2agri_rededge (variables red-edge de Sen2-Agri par date), sen2agri_dates (variables de types de cultures de Sen2-Agri par date), ndvi (NDVI par date) et sen2agri. sen2agri : les variables du masque de cultures de Sen2-Agri, calculées sur les séries G, R, NIR, SWIR interpolées : 27 variables de synthèse (ndvi_max, ndvi_mean, ndvi_std ; ndvi_maxdif, ndvi_mindif, ndvi_difdif : la plus grande, la plus petite et l'étendue des différences entre les moyennes de fenêtres consécutives de WINDOW dates, la plus ancienne moins la plus récente, 0 en dessous de 2 x WINDOW dates ; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area : la plus grande moyenne glissante sur WINDOW dates, les jours du plateau qui l'entoure (à 0,05 près, jusqu'à la première date en dehors) et leur produit ; ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope et ndvi_neg_* : aire, jours et pente des plus longues séquences non décroissantes et décroissantes ; ndvi_soil_to_veg, ndvi_veg_to_soil : un pas qui franchit un NDVI de 0,2 ; ndwi_ et brightness_ max, min, mean, median, std) et 4 variables red-edge par date (re_ndvi, chl_re, psri, s2rep). Les définitions de Sen2-Agri sans ses défauts : la même fenêtre à l'apprentissage et à la prédiction, des calculs en virgule flottante (ses rapports red-edge sont des divisions entières), la réflectance en flottants (il la tronque en entiers), un dénominateur nul donne 0, et des séries interpolées (les dates sans donnée ne sont pas moyennées comme -10000). En ligne de commande, donnez les noms, pas des numéros : FEATURES=sen2agri FEATURES=sen2agri_rededge (ou séparés par des virgules).</translation>
    </message>
    <message>
      <source>Output extent</source>
      <translation>Emprise de sortie</translation>
    </message>
    <message>
      <source>Optional output extent (any CRS; reprojected). Default: the union of the images.</source>
      <translation>Emprise de sortie facultative (tout SCR ; reprojetée). Par défaut : l'union des images.</translation>
    </message>
    <message>
      <source>Output CRS</source>
      <translation>SCR de sortie</translation>
    </message>
    <message>
      <source>Optional output CRS. Default: the CRS of the first image (its UTM zone).</source>
      <translation>SCR de sortie facultatif. Par défaut : le SCR de la première image (sa zone UTM).</translation>
    </message>
    <message>
      <source>Reference raster (output grid)</source>
      <translation>Raster de référence (grille de sortie)</translation>
    </message>
    <message>
      <source>Optional raster whose exact grid (CRS, extent, pixel size) the output takes, e.g. the feature raster of another period or a product to align with. Overrides EXTENT, CRS and RESOLUTION.</source>
      <translation>Raster facultatif dont la sortie reprend exactement la grille (SCR, emprise, taille de pixel), par ex. le raster de variables d'une autre période ou un produit avec lequel s'aligner. Remplace EXTENT, CRS et RESOLUTION.</translation>
    </message>
    <message>
      <source>Resolution (m)</source>
      <translation>Résolution (m)</translation>
    </message>
    <message>
      <source>Output pixel size in metres (default 10, 0.1 to 10000). 20 m bands are resampled by nearest neighbour.</source>
      <translation>Taille des pixels de sortie en mètres (10 par défaut, de 0,1 à 10000). Les bandes à 20 m sont rééchantillonnées au plus proche voisin.</translation>
    </message>
    <message>
      <source>Memory budget in MB (default 512, 16 to 1000000): images and maps are processed in strips of rows that fit it. GDAL's tile cache comes on top while JPEG 2000 products are read: one row of image tiles per date and band (90 to 130 MB per date for a full Sentinel-2 tile; the log says when it is raised).</source>
      <translation>Budget mémoire en Mo (512 par défaut, de 16 à 1000000) : images et cartes sont traitées par bandes de lignes qui y tiennent. Le cache de tuiles de GDAL s'y ajoute pendant la lecture des produits JPEG 2000 : une rangée de tuiles d'image par date et par bande (90 à 130 Mo par date pour une tuile Sentinel-2 entière ; le journal indique quand il est augmenté).</translation>
    </message>
    <message>
      <source>Feature raster (GeoTIFF).</source>
      <translation>Raster de variables (GeoTIFF).</translation>
    </message>
    <message>
      <source>Optional quality flags raster (GeoTIFF, 4 bands): counts of valid, water, snow and cloud-or-no-data dates per pixel.</source>
      <translation>Raster facultatif d'indicateurs de qualité (GeoTIFF, 4 bandes) : nombre de dates valides, eau, neige et nuage ou sans donnée par pixel.</translation>
    </message>
    <message>
      <source>Number of feature bands</source>
      <translation>Nombre de bandes de variables</translation>
    </message>
    <message>
      <source>Time series features</source>
      <translation>Variables de série temporelle</translation>
    </message>
    <message>
      <source>Builds the multi-date feature raster of a crop mask or crop type classification from a Sentinel-2 L2A time series, as Sen2-Agri does.</source>
      <translation>Construit le raster de variables multidates d'une classification en masque de cultures ou en types de cultures à partir d'une série temporelle Sentinel-2 L2A, comme Sen2-Agri.</translation>
    </message>
    <message>
      <source>Time series</source>
      <translation>Série temporelle</translation>
    </message>
    <message>
      <source>Builds the multi-date feature raster a crop mask or crop type classification uses, as Sen2-Agri does: per date, cloud, shadow and no-data pixels are masked with the L2A mask (water and snow are kept and counted apart); each band is resampled to a regular grid of dates (every STEP_DAYS from the start date) by linear interpolation between the nearest cloud-free dates, the ends taking the nearest cloud-free value; then features are computed.</source>
      <translation>Construit le raster de variables multidates qu'utilise une classification en masque de cultures ou en types de cultures, comme Sen2-Agri : à chaque date, les pixels de nuage, d'ombre et sans donnée sont masqués d'après le masque L2A (l'eau et la neige sont conservées et comptées à part) ; chaque bande est rééchantillonnée sur une grille régulière de dates (tous les STEP_DAYS à partir de la date de début) par interpolation linéaire entre les dates sans nuage les plus proches, les extrémités prenant la valeur sans nuage la plus proche ; puis les variables sont calculées.</translation>
    </message>
    <message>
      <source>Feature sets: bands (the chosen bands at every resampled date, e.g. B04_20180320); indices (NDVI = (B08-B04)/(B08+B04), NDWI = (B11-B08)/(B11+B08), BRIGHTNESS = sqrt(B03²+B04²+B08²+B11²) at every date); temporal (NDVI max, mean, std, largest rise and fall between consecutive dates, plateau = number of dates &gt;= 0.8 x max, rise and fall stretch areas, duration = days with NDVI &gt;= 0.5, steepest slope per day; NDWI and BRIGHTNESS max, min, mean, median, std); rededge (NDRE = (B8A-B05)/(B8A+B05), NDRE2 = (B07-B05)/(B07+B05), IRECI = (B07-B04)/(B05/B06) at every date). sen2agri and sen2agri_rededge: Sen2-Agri's crop-mask features (see FEATURES); sen2agri_dates: Sen2-Agri's crop-type features at every date, in its order (B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI, BRIGHTNESS), as croptype uses them; ndvi: NDVI at every date alone. Indices are computed in floating point; reflectance below 0 is taken as 0 and a division by zero gives 0, as Sen2-Agri.</source>
      <translation>Jeux de variables : bands (les bandes choisies à chaque date rééchantillonnée, par ex. B04_20180320) ; indices (NDVI = (B08-B04)/(B08+B04), NDWI = (B11-B08)/(B11+B08), BRIGHTNESS = sqrt(B03²+B04²+B08²+B11²) à chaque date) ; temporal (NDVI max, moyenne, écart-type, plus forte hausse et plus forte baisse entre dates consécutives, plateau = nombre de dates &gt;= 0,8 x max, aires des phases de hausse et de baisse, durée = jours avec NDVI &gt;= 0,5, plus forte pente par jour ; NDWI et BRIGHTNESS max, min, moyenne, médiane, écart-type) ; rededge (NDRE = (B8A-B05)/(B8A+B05), NDRE2 = (B07-B05)/(B07+B05), IRECI = (B07-B04)/(B05/B06) à chaque date). sen2agri et sen2agri_rededge : les variables du masque de cultures de Sen2-Agri (voir FEATURES) ; sen2agri_dates : les variables de types de cultures de Sen2-Agri à chaque date, dans son ordre (B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI, BRIGHTNESS), telles que croptype les utilise ; ndvi : le NDVI seul à chaque date. Les indices sont calculés en virgule flottante ; une réflectance négative est prise pour 0 et une division par zéro donne 0, comme dans Sen2-Agri.</translation>
    </message>
    <message>
      <source>The output is a float32 GeoTIFF, one band per feature, the band description being the feature name; no data is NaN (pixels never cloud-free: a warning gives their share; the run fails when no pixel is ever cloud-free). Extra rasters (e.g. Sentinel-1 backscatter) are warped onto the grid (bilinear) and appended, dated series resampled onto the STEP_DAYS dates (EXTRA_RESAMPLE). The optional flags raster counts, per pixel, the valid, water, snow and cloud-or-no-data dates. Use the same dates, step, bands and feature sets for training and prediction. The log lists every image used or skipped.</source>
      <translation>La sortie est un GeoTIFF float32, une bande par variable, la description de bande étant le nom de la variable ; l'absence de donnée vaut NaN (pixels jamais sans nuage : un avertissement donne leur part ; l'exécution échoue quand aucun pixel n'est jamais sans nuage). Les rasters supplémentaires (p. ex. rétrodiffusion Sentinel-1) sont rééchantillonnés sur la grille (bilinéaire) et ajoutés, les séries datées rééchantillonnées sur les dates de STEP_DAYS (EXTRA_RESAMPLE). Le raster facultatif d'indicateurs compte, par pixel, les dates valides, eau, neige et nuage ou sans donnée. Utilisez les mêmes dates, pas, bandes et jeux de variables à l'apprentissage et à la prédiction. Le journal liste chaque image utilisée ou écartée.</translation>
    </message>
    <message>
      <source>First date of the period, YYYY-MM-DD (e.g. 2018-08-01); optional.</source>
      <translation>Première date de la période, AAAA-MM-JJ (par ex. 2018-08-01) ; facultative.</translation>
    </message>
    <message>
      <source>Last date of the period, YYYY-MM-DD (e.g. 2018-08-31); optional.</source>
      <translation>Dernière date de la période, AAAA-MM-JJ (par ex. 2018-08-31) ; facultative.</translation>
    </message>
    <message>
      <source>Bands of the composite (default B02, B03, B04, B08). True colour needs B02, B03, B04; false colour B03, B04, B08. On the command line give the names, not numbers: BANDS=B02 BANDS=B03 (or comma-separated).</source>
      <translation>Bandes de la composition (par défaut B02, B03, B04, B08). Les couleurs naturelles demandent B02, B03, B04 ; les fausses couleurs B03, B04, B08. En ligne de commande, donnez les noms, pas des numéros : BANDS=B02 BANDS=B03 (ou séparés par des virgules).</translation>
    </message>
    <message>
      <source>Optional: skip images whose cloud cover exceeds this percentage.</source>
      <translation>Facultatif : écarte les images dont la couverture nuageuse dépasse ce pourcentage.</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>Méthode</translation>
    </message>
    <message>
      <source>Median (default) or best pixel (the cloud-free date closest to the period centre).</source>
      <translation>Médiane (par défaut) ou meilleur pixel (la date sans nuage la plus proche du milieu de la période).</translation>
    </message>
    <message>
      <source>Median of the cloud-free observations</source>
      <translation>Médiane des observations sans nuage</translation>
    </message>
    <message>
      <source>Best pixel (cloud-free date closest to the period centre)</source>
      <translation>Meilleur pixel (date sans nuage la plus proche du milieu de la période)</translation>
    </message>
    <message>
      <source>Composite</source>
      <translation>Composition</translation>
    </message>
    <message>
      <source>Composite (GeoTIFF, float32 reflectance).</source>
      <translation>Composition (GeoTIFF, réflectance float32).</translation>
    </message>
    <message>
      <source>Cloud-free observation count</source>
      <translation>Nombre d'observations sans nuage</translation>
    </message>
    <message>
      <source>Optional: number of cloud-free observations per pixel (GeoTIFF, uint16).</source>
      <translation>Facultatif : nombre d'observations sans nuage par pixel (GeoTIFF, uint16).</translation>
    </message>
    <message>
      <source>Cloud-free composite</source>
      <translation>Composition sans nuage</translation>
    </message>
    <message>
      <source>Builds a cloud-free surface-reflectance composite of a period (e.g. August) to display as a background, from the L2A images' cloud masks (cloud, shadow and no data are left out; water and snow are kept).</source>
      <translation>Construit une composition de réflectance de surface sans nuage d'une période (par ex. août) à afficher en fond de carte, d'après les masques de nuages des images L2A (nuages, ombres et absence de données sont écartés ; l'eau et la neige sont conservées).</translation>
    </message>
    <message>
      <source>Methods: median (default): per pixel and band, the median of the cloud-free observations (smooth, robust to missed clouds; bands are taken independently); best pixel: all bands of the single cloud-free observation closest in time to the middle of the period (ties: the earlier date), which keeps real spectra.</source>
      <translation>Méthodes : médiane (par défaut) : par pixel et par bande, la médiane des observations sans nuage (lisse, robuste aux nuages non détectés ; les bandes sont prises indépendamment) ; meilleur pixel : toutes les bandes de l'unique observation sans nuage la plus proche dans le temps du milieu de la période (à égalité : la date la plus ancienne), ce qui conserve des spectres réels.</translation>
    </message>
    <message>
      <source>Output: float32 GeoTIFF of reflectance (0-1), one band per chosen band (default B02, B03, B04, B08: blue, green, red, NIR), NaN where a pixel is never cloud-free. It is styled in true colour (B04/B03/B02, 0-0.2 reflectance); a false colour style (NIR/red/green: B08/B04/B03) is written next to it as &lt;output&gt;_falsecolour.qml (Layer Properties &gt; Symbology &gt; Style &gt; Load Style). The optional count raster gives the number of cloud-free observations per pixel.</source>
      <translation>Sortie : GeoTIFF float32 de réflectance (0-1), une bande par bande choisie (par défaut B02, B03, B04, B08 : bleu, vert, rouge, proche infrarouge), NaN là où un pixel n'est jamais sans nuage. Il est mis en style en couleurs naturelles (B04/B03/B02, réflectance 0-0,2) ; un style en fausses couleurs (PIR/rouge/vert : B08/B04/B03) est écrit à côté sous le nom &lt;output&gt;_falsecolour.qml (Propriétés de la couche &gt; Symbologie &gt; Style &gt; Charger le style). Le raster facultatif de comptage donne le nombre d'observations sans nuage par pixel.</translation>
    </message>
    <message>
      <source>Product (L4A or L4B folder)</source>
      <translation>Produit (dossier L4A ou L4B)</translation>
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), its MTD file or any file in it.</source>
      <translation>Le dossier du produit (S2AGRI_L4A_PRD_... ou S2AGRI_L4B_PRD_...), son fichier MTD ou tout fichier qu'il contient.</translation>
    </message>
    <message>
      <source>Composite (background)</source>
      <translation>Composition (fond de carte)</translation>
    </message>
    <message>
      <source>Optional composite to show under the maps (e.g. the output of cropmapper:composite), in true colour.</source>
      <translation>Composition facultative à afficher sous les cartes (par ex. la sortie de cropmapper:composite), en couleurs naturelles.</translation>
    </message>
    <message>
      <source>Project file</source>
      <translation>Fichier de projet</translation>
    </message>
    <message>
      <source>Optional QGIS project file (.qgs or .qgz) holding the product's group.</source>
      <translation>Fichier de projet QGIS facultatif (.qgs ou .qgz) contenant le groupe du produit.</translation>
    </message>
    <message>
      <source>Quality flags</source>
      <translation>Indicateurs de qualité</translation>
    </message>
    <message>
      <source>Layer group name</source>
      <translation>Nom du groupe de couches</translation>
    </message>
    <message>
      <source>Load a product</source>
      <translation>Charger un produit</translation>
    </message>
    <message>
      <source>Loads a crop mask (L4A) or crop type (L4B) product as a layer group: in situ polygons, styled map, raw map, confidence, quality flags.</source>
      <translation>Charge un produit masque de cultures (L4A) ou types de cultures (L4B) en groupe de couches : polygones in situ, carte mise en style, carte brute, confiance, indicateurs de qualité.</translation>
    </message>
    <message>
      <source>Products and quality</source>
      <translation>Produits et qualité</translation>
    </message>
    <message>
      <source>Loads a crop mask (L4A) or crop type (L4B) product, ours or one Sen2-Agri made, as a layer group named after the product: the in situ polygons coloured training / validation, the map with its style (the product's .qml, else its colour table, else the crop / non-crop or code colours), the raw map, the confidence, each band of the quality flags as its own layer (valid, water, snow and cloud date counts, each with its colour ramp) and a composite for the background when one is given. What the product lacks is named in the log; the rest loads.</source>
      <translation>Charge un produit masque de cultures (L4A) ou types de cultures (L4B), le nôtre ou un produit de Sen2-Agri, en un groupe de couches nommé d'après le produit : les polygones in situ colorés selon apprentissage / validation, la carte avec son style (le .qml du produit, sinon sa table de couleurs, sinon les couleurs culture / non-culture ou des codes), la carte brute, la confiance, chaque bande des indicateurs de qualité comme couche à part (nombre de dates valides, eau, neige et nuage, chacune avec sa rampe de couleurs) et une composition en fond de carte quand elle est donnée. Ce qui manque au produit est nommé dans le journal ; le reste est chargé.</translation>
    </message>
    <message>
      <source>In QGIS the group is added to the current project. In a model or with qgis_process, the layers are the algorithm's outputs, and OUTPUT_PROJECT writes a project file (.qgs or .qgz) holding the same group, styled, to open later.</source>
      <translation>Dans QGIS, le groupe est ajouté au projet courant. Dans un modèle ou avec qgis_process, les couches sont les sorties de l'algorithme, et OUTPUT_PROJECT écrit un fichier de projet (.qgs ou .qgz) contenant le même groupe, mis en style, à ouvrir plus tard.</translation>
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is accepted too.</source>
      <translation>Le dossier du produit (S2AGRI_L4A_PRD_... ou S2AGRI_L4B_PRD_...), par ex. la sortie PRODUCT de cropmapper:cropmask ou de cropmapper:croptype ; son fichier MTD ou tout fichier qu'il contient est aussi accepté.</translation>
    </message>
    <message>
      <source>Minimum number of valid dates</source>
      <translation>Nombre minimal de dates valides</translation>
    </message>
    <message>
      <source>A mapped pixel with fewer valid (cloud-free land) dates than this has low evidence (default 3, 1-1000).</source>
      <translation>Un pixel cartographié qui a moins de dates valides (sol sans nuage) que ce nombre est peu étayé (3 par défaut, 1-1000).</translation>
    </message>
    <message>
      <source>Memory budget in MB (default 256, 16 to 1000000): the map and the flags are read in strips of rows that fit it (about 64 bytes per pixel).</source>
      <translation>Budget mémoire en Mo (256 par défaut, de 16 à 1000000) : la carte et les indicateurs sont lus par bandes de lignes qui y tiennent (environ 64 octets par pixel).</translation>
    </message>
    <message>
      <source>Low-evidence pixels</source>
      <translation>Pixels peu étayés</translation>
    </message>
    <message>
      <source>The low-evidence raster (GeoTIFF, uint8: 1 low evidence, 0 enough valid dates, 255 nodata outside the mapped area) on the map's grid, styled, with a .qml sidecar. It may not be one of the product's own files.</source>
      <translation>Le raster des pixels peu étayés (GeoTIFF, uint8 : 1 peu étayé, 0 assez de dates valides, 255 sans donnée hors de la zone cartographiée) sur la grille de la carte, mis en style, avec un fichier .qml à côté. Il ne peut pas être un des fichiers du produit lui-même.</translation>
    </message>
    <message>
      <source>Quality-layer summary (CSV)</source>
      <translation>Synthèse des couches de qualité (CSV)</translation>
    </message>
    <message>
      <source>The summary table (CSV, columns section, name, statistic, value, unit): per flag band pixels, min, max, mean, median; mapped and low-evidence pixels, area and share; per class pixels, area (ha) and low-evidence share.</source>
      <translation>La table de synthèse (CSV, colonnes section, name, statistic, value, unit) : par bande d'indicateur, pixels, min, max, moyenne, médiane ; pixels cartographiés et peu étayés, surface et part ; par classe, pixels, surface (ha) et part peu étayée.</translation>
    </message>
    <message>
      <source>Share of the mapped area with low evidence</source>
      <translation>Part de la surface cartographiée peu étayée</translation>
    </message>
    <message>
      <source>Mapped area (ha)</source>
      <translation>Surface cartographiée (ha)</translation>
    </message>
    <message>
      <source>Low-evidence area (ha)</source>
      <translation>Surface peu étayée (ha)</translation>
    </message>
    <message>
      <source>Inspect the quality layers</source>
      <translation>Examiner les couches de qualité</translation>
    </message>
    <message>
      <source>Inspects the quality flags of a crop mask (L4A) or crop type (L4B) product: the flags raster (QI_DATA/..._MCMFLG_... or ..._MCTFLG_...) counts, per pixel, the dates seen valid, water, snow and cloud or no data.</source>
      <translation>Examine les indicateurs de qualité d'un produit masque de cultures (L4A) ou types de cultures (L4B) : le raster d'indicateurs (QI_DATA/..._MCMFLG_... ou ..._MCTFLG_...) compte, par pixel, les dates vues valides, eau, neige et nuage ou sans donnée.</translation>
    </message>
    <message>
      <source>Inspects the quality flags of a crop mask (L4A) or crop type (L4B) product: the flags raster (QI_DATA/..._MCMFLG_... or ..._MCTFLG_...) counts, per pixel, the dates seen valid, water, snow and cloud or no data. For each of the four bands the log gives the minimum, maximum, mean and median number of dates, and the summary table the same figures; they are computed over the mapped area (the pixels where the map is not nodata).</source>
      <translation>Examine les indicateurs de qualité d'un produit masque de cultures (L4A) ou types de cultures (L4B) : le raster d'indicateurs (QI_DATA/..._MCMFLG_... ou ..._MCTFLG_...) compte, par pixel, les dates vues valides, eau, neige et nuage ou sans donnée. Pour chacune des quatre bandes, le journal donne le nombre minimal, maximal, moyen et médian de dates, et la table de synthèse les mêmes chiffres ; ils sont calculés sur la zone cartographiée (les pixels où la carte n'est pas sans donnée).</translation>
    </message>
    <message>
      <source>A mapped pixel has low evidence when fewer than MIN_VALID_DATES dates were valid there (or it has no flags): its class rests on too few observations to be trusted. Water and snow dates are not valid dates (as in Sen2-Agri's flags), so a permanent water body shows as low evidence. The share of the mapped area with low evidence is returned (LOW_EVIDENCE_SHARE) and the low-evidence raster shows where it lies (1 low evidence, 0 enough valid dates, 255 nodata outside the mapped area; styled, with a .qml sidecar). The log warns when more than 5 % of the mapped area has low evidence.</source>
      <translation>Un pixel cartographié est peu étayé quand moins de MIN_VALID_DATES dates y étaient valides (ou qu'il n'a pas d'indicateurs) : sa classe repose sur trop peu d'observations pour être fiable. Les dates d'eau et de neige ne sont pas des dates valides (comme dans les indicateurs de Sen2-Agri), si bien qu'un plan d'eau permanent apparaît peu étayé. La part de la surface cartographiée peu étayée est renvoyée (LOW_EVIDENCE_SHARE) et le raster des pixels peu étayés montre où elle se trouve (1 peu étayé, 0 assez de dates valides, 255 sans donnée hors de la zone cartographiée ; mis en style, avec un fichier .qml à côté). Le journal avertit quand plus de 5 % de la surface cartographiée est peu étayée.</translation>
    </message>
    <message>
      <source>The area of every map class in hectares (from the pixel size) is logged and put in the summary table, with the share of each class that has low evidence. The table (CSV: section, name, statistic, value, unit) and the numbers can feed a model. Works on our products and on Sen2-Agri's own (uint16 flags without nodata, or int16 with nodata -10000). Rasters are read in strips of rows within MEMORY; only the first tile of a multi-tile product is inspected.</source>
      <translation>La surface de chaque classe de la carte en hectares (d'après la taille des pixels) est journalisée et portée dans la table de synthèse, avec la part de chaque classe qui est peu étayée. La table (CSV : section, name, statistic, value, unit) et les nombres peuvent alimenter un modèle. Fonctionne sur nos produits et sur ceux de Sen2-Agri (indicateurs uint16 sans valeur sans donnée, ou int16 avec -10000). Les rasters sont lus par bandes de lignes dans la limite de MEMORY ; seule la première tuile d'un produit multituile est examinée.</translation>
    </message>
    <message>
      <source>The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is accepted too. Sen2-Agri's own products are read as well.</source>
      <translation>Le dossier du produit (S2AGRI_L4A_PRD_... ou S2AGRI_L4B_PRD_...), par ex. la sortie PRODUCT de cropmapper:cropmask ou de cropmapper:croptype ; son fichier MTD ou tout fichier qu'il contient est aussi accepté. Les produits de Sen2-Agri sont lus aussi.</translation>
    </message>
    <message>
      <source>Random seed of the interval</source>
      <translation>Graine aléatoire de l'intervalle</translation>
    </message>
    <message>
      <source>Seed of the bootstrap over the validation polygons that gives the 95 % interval when the product's quality XML holds none (default 0, 0 to 2147483647): the same seed gives the same interval.</source>
      <translation>Graine du bootstrap sur les polygones de validation qui donne l'intervalle à 95 % quand le XML qualité du produit n'en contient pas (0 par défaut, de 0 à 2147483647) : la même graine donne le même intervalle.</translation>
    </message>
    <message>
      <source>In the quality-layer summary, a mapped pixel with fewer valid (cloud-free land) dates than this has low evidence (default 3, 1-1000).</source>
      <translation>Dans la synthèse des couches de qualité, un pixel cartographié qui a moins de dates valides (sol sans nuage) que ce nombre est peu étayé (3 par défaut, de 1 à 1000).</translation>
    </message>
    <message>
      <source>Quality report</source>
      <translation>Rapport qualité</translation>
    </message>
    <message>
      <source>Where to write the report (.html). Leave it empty to write it into the product, AUX_DATA/S2AGRI_{level}_QRP_V{start}_{end}.html. It may not be one of the product's other files; the file is written whole or not at all.</source>
      <translation>Où écrire le rapport (.html). Laissez vide pour l'écrire dans le produit, AUX_DATA/S2AGRI_{level}_QRP_V{start}_{end}.html. Il ne peut pas être un des autres fichiers du produit ; le fichier est écrit en entier ou pas du tout.</translation>
    </message>
    <message>
      <source>Overall accuracy of the majority map</source>
      <translation>Exactitude globale de la carte majoritaire</translation>
    </message>
    <message>
      <source>Quality report (HTML)</source>
      <translation>Rapport qualité (HTML)</translation>
    </message>
    <message>
      <source>Writes the quality report of a crop mask (L4A) or crop type (L4B) product: one HTML file that opens in the Processing results viewer and in any web browser, without QGIS (its pictures are embedded).</source>
      <translation>Écrit le rapport qualité d'un produit masque de cultures (L4A) ou types de cultures (L4B) : un fichier HTML qui s'ouvre dans la visionneuse de résultats de Processing et dans tout navigateur web, sans QGIS (ses images sont incorporées).</translation>
    </message>
    <message>
      <source>It shows the product's name, site, tile and period; the input images the product records (date, platform, cloud cover and whether each was used, as far as the product records them); the processing parameters; the confusion matrix as a table and a heat map; precision, recall, F-score and support per class (table and bar chart) with the class names of the product's colour table; the overall accuracy (OA) with its 95 % interval, kappa, and the OA of the majority map, a map that gives every pixel the most frequent reference class, on the same validation pixels; the accuracy of the raw map (crop type: before the crop mask; crop mask: before post-processing) beside the final one; the quality-layer summary (date counts, share of the mapped area with fewer than MIN_VALID_DATES valid dates, area per class); a quick-look of the map in its colours.</source>
      <translation>Il montre le nom, le site, la tuile et la période du produit ; les images d'entrée que le produit enregistre (date, plateforme, couverture nuageuse et utilisation ou non de chacune, pour autant que le produit les enregistre) ; les paramètres de traitement ; la matrice de confusion en tableau et en carte de chaleur ; la précision, le rappel, le F-score et l'effectif par classe (tableau et diagramme en barres) avec les noms de classe de la table de couleurs du produit ; l'exactitude globale (OA) avec son intervalle à 95 %, le kappa, et l'OA de la carte majoritaire, une carte qui donne à chaque pixel la classe de référence la plus fréquente, sur les mêmes pixels de validation ; l'exactitude de la carte brute (types de cultures : avant le masque de cultures ; masque de cultures : avant le post-traitement) à côté de celle de la carte finale ; la synthèse des couches de qualité (nombre de dates, part de la surface cartographiée avec moins de MIN_VALID_DATES dates valides, surface par classe) ; un aperçu de la carte dans ses couleurs.</translation>
    </message>
    <message>
      <source>The interval comes from a bootstrap over whole validation polygons (pixels of one field are not independent), seeded by SEED. A warning box stands out when the map does not beat the majority map, when a class is validated on fewer than 2 polygons or 100 pixels (its figures say little), and when a part of the product is missing or unreadable (what is there is still shown).</source>
      <translation>L'intervalle vient d'un bootstrap sur des polygones de validation entiers (les pixels d'une même parcelle ne sont pas indépendants), avec la graine SEED. Un encadré d'avertissement ressort quand la carte ne fait pas mieux que la carte majoritaire, quand une classe est validée sur moins de 2 polygones ou 100 pixels (ses indicateurs disent peu de chose), et quand une partie du produit manque ou est illisible (ce qui est présent est tout de même montré).</translation>
    </message>
    <message>
      <source>The figures are those of the product's quality XML. The validation is also recomputed from the validation polygons of the product's in situ zip counted on the map; when the two disagree, both are shown with a warning. The figures and the warnings are logged and returned as outputs.</source>
      <translation>Les indicateurs sont ceux du XML qualité du produit. La validation est aussi recalculée à partir des polygones de validation du zip in situ du produit, comptés sur la carte ; quand les deux divergent, les deux sont montrés avec un avertissement. Les indicateurs et les avertissements sont journalisés et renvoyés comme sorties.</translation>
    </message>
    <message>
      <source>Product folders (';' or one per line)</source>
      <translation>Dossiers de produits (';' ou un par ligne)</translation>
    </message>
    <message>
      <source>The product folders, separated by ';' or one per line (qgis_process: PRODUCTS='a;b'); in a model, connect the PRODUCT outputs of two or more cropmask or croptype steps.</source>
      <translation>Les dossiers de produits, séparés par ';' ou un par ligne (qgis_process : PRODUCTS='a;b') ; dans un modèle, reliez les sorties PRODUCT de deux étapes cropmask ou croptype ou plus.</translation>
    </message>
    <message>
      <source>Seed of the bootstrap of the accuracy intervals (default 0, 0 to 2147483647).</source>
      <translation>Graine du bootstrap des intervalles d'exactitude (0 par défaut, de 0 à 2147483647).</translation>
    </message>
    <message>
      <source>Memory budget in MB (default 256, 16 to 1000000): rasters are read in strips of rows that fit it.</source>
      <translation>Budget mémoire en Mo (256 par défaut, de 16 à 1000000) : les rasters sont lus par bandes de lignes qui y tiennent.</translation>
    </message>
    <message>
      <source>Comparison (HTML)</source>
      <translation>Comparaison (HTML)</translation>
    </message>
    <message>
      <source>The comparison page (HTML, pictures embedded).</source>
      <translation>La page de comparaison (HTML, images incorporées).</translation>
    </message>
    <message>
      <source>Comparison table (CSV)</source>
      <translation>Table de comparaison (CSV)</translation>
    </message>
    <message>
      <source>The comparison table (CSV: product, level, site, tile, start, end, overall_accuracy, oa_low, oa_high, kappa, majority_accuracy, validation_pixels, validation_polygons, source, fscore_&lt;class&gt;...); with two products on one grid, &lt;name&gt;_crosstab.csv next to it.</source>
      <translation>La table de comparaison (CSV : product, level, site, tile, start, end, overall_accuracy, oa_low, oa_high, kappa, majority_accuracy, validation_pixels, validation_polygons, source, fscore_&lt;class&gt;...) ; avec deux produits sur une même grille, &lt;name&gt;_crosstab.csv à côté.</translation>
    </message>
    <message>
      <source>Agreement of two maps</source>
      <translation>Concordance de deux cartes</translation>
    </message>
    <message>
      <source>Optional agreement raster of two products on the same grid (GeoTIFF uint16, styled, with a .qml sidecar).</source>
      <translation>Raster facultatif de concordance de deux produits sur la même grille (GeoTIFF uint16, mis en style, avec un fichier .qml à côté).</translation>
    </message>
    <message>
      <source>Comparison</source>
      <translation>Comparaison</translation>
    </message>
    <message>
      <source>Compare products</source>
      <translation>Comparer des produits</translation>
    </message>
    <message>
      <source>Compares two or more products of the same level: crop masks of different periods or methods, or crop type maps of, say, the end of May and the end of August.</source>
      <translation>Compare deux produits de même niveau ou plus : des masques de cultures de périodes ou de méthodes différentes, ou des cartes des types de cultures de, disons, fin mai et fin août.</translation>
    </message>
    <message>
      <source>Compares two or more products of the same level: crop masks of different periods or methods, or crop type maps of, say, the end of May and the end of August. For each product: the overall accuracy with its 95 % interval (bootstrap over the validation polygons, seeded), kappa, the overall accuracy of a map that says the majority class everywhere on the same validation pixels, and the F-score of every class; recomputed from each product's map and its in situ polygons (ISD), or read from its quality XML when it has no ISD. An HTML page (a table and charts, shown in the Results viewer) and a CSV table.</source>
      <translation>Compare deux produits de même niveau ou plus : des masques de cultures de périodes ou de méthodes différentes, ou des cartes des types de cultures de, disons, fin mai et fin août. Pour chaque produit : l'exactitude globale avec son intervalle à 95 % (bootstrap sur les polygones de validation, avec graine), le kappa, l'exactitude globale d'une carte qui donne partout la classe majoritaire sur les mêmes pixels de validation, et le F-score de chaque classe ; recalculés à partir de la carte de chaque produit et de ses polygones in situ (ISD), ou lus dans son XML qualité quand il n'a pas d'ISD. Une page HTML (un tableau et des graphiques, montrés dans la visionneuse de résultats) et une table CSV.</translation>
    </message>
    <message>
      <source>For exactly two products on the same grid, an agreement raster: 0 nodata, else 1 + i x n + j where i and j are the indexes of the two maps' classes among the n classes found (sorted): same class when i = j; styled with a label per pair ("same: 1200", "1110 -&gt; 1200"); and a cross-tabulation of the area of each class of map 1 in each class of map 2 (HTML and &lt;OUTPUT_CSV&gt;_crosstab.csv). Products on different grids get the table only (said in the log). Products of different levels are refused.</source>
      <translation>Pour exactement deux produits sur la même grille, un raster de concordance : 0 sans donnée, sinon 1 + i x n + j où i et j sont les rangs des classes des deux cartes parmi les n classes trouvées (triées) : même classe quand i = j ; mis en style avec une étiquette par paire (« same: 1200 », « 1110 -&gt; 1200 ») ; et un tableau croisé de la surface de chaque classe de la carte 1 dans chaque classe de la carte 2 (HTML et &lt;OUTPUT_CSV&gt;_crosstab.csv). Les produits sur des grilles différentes n'ont que le tableau (indiqué dans le journal). Les produits de niveaux différents sont refusés.</translation>
    </message>
    <message>
      <source>Crop type</source>
      <translation>Types de cultures</translation>
    </message>
    <message>
      <source>Raw crop type</source>
      <translation>Types de cultures bruts</translation>
    </message>
    <message>
      <source>Crop mask confidence</source>
      <translation>Confiance du masque de cultures</translation>
    </message>
    <message>
      <source>Crop type confidence</source>
      <translation>Confiance des types de cultures</translation>
    </message>
    <message>
      <source>Crop mask date flags</source>
      <translation>Indicateurs de dates du masque de cultures</translation>
    </message>
    <message>
      <source>Crop type date flags</source>
      <translation>Indicateurs de dates des types de cultures</translation>
    </message>
    <message>
      <source>Cancelled: nothing was written.</source>
      <translation>Annulé : rien n'a été écrit.</translation>
    </message>
    <message>
      <source>%s (%s): '%s' is not a date. Write it as YYYY-MM-DD (e.g. 2018-03-01), or leave it empty for the first image date.</source>
      <translation>%s (%s) : '%s' n'est pas une date. Écrivez-la AAAA-MM-JJ (p. ex. 2018-03-01), ou laissez-la vide pour la date de la première image.</translation>
    </message>
    <message>
      <source>%s (%s): '%s' is not a date. Write it as YYYY-MM-DD (e.g. 2018-03-01), or leave it empty for the last image date.</source>
      <translation>%s (%s) : '%s' n'est pas une date. Écrivez-la AAAA-MM-JJ (p. ex. 2018-03-01), ou laissez-la vide pour la date de la dernière image.</translation>
    </message>
    <message>
      <source>%s must be between %s and %s (got %s).</source>
      <translation>%s doit être compris entre %s et %s (reçu : %s).</translation>
    </message>
    <message>
      <source>%s must be at least %s (got %s).</source>
      <translation>%s doit valoir au moins %s (reçu : %s).</translation>
    </message>
    <message>
      <source>%s must be at most %s (got %s).</source>
      <translation>%s doit valoir au plus %s (reçu : %s).</translation>
    </message>
    <message>
      <source>%s: %s holds bytes that are not UTF-8 text (%s): QGIS and GDAL cannot use such a name. Rename the file or folder with UTF-8 characters only, or choose another one.</source>
      <translation>%s : %s contient des octets qui ne sont pas du texte UTF-8 (%s) : QGIS et GDAL ne peuvent pas utiliser un tel nom. Renommez le fichier ou le dossier avec des caractères UTF-8 uniquement, ou choisissez-en un autre.</translation>
    </message>
    <message>
      <source>Cannot open the extra raster %s (%s): the file does not exist.</source>
      <translation>Impossible d'ouvrir le raster supplémentaire %s (%s) : le fichier n'existe pas.</translation>
    </message>
    <message>
      <source>QGIS cannot load it as a raster layer</source>
      <translation>QGIS ne peut pas le charger comme couche raster</translation>
    </message>
    <message>
      <source>Cannot open the extra raster %s (%s): %s. Give a raster GDAL can read (e.g. GeoTIFF).</source>
      <translation>Impossible d'ouvrir le raster supplémentaire %s (%s) : %s. Donnez un raster que GDAL sait lire (p. ex. GeoTIFF).</translation>
    </message>
    <message>
      <source>Product not found: %s</source>
      <translation>Produit introuvable : %s</translation>
    </message>
    <message>
      <source>Finding the images</source>
      <translation>Recherche des images</translation>
    </message>
    <message>
      <source>Compositing %d images</source>
      <translation>Composition de %d images</translation>
    </message>
    <message>
      <source>Two crop masks given: CROP_MASK (%s) and CROP_MASK_RASTER (%s). Give only one of them.</source>
      <translation>Deux masques de cultures donnés : CROP_MASK (%s) et CROP_MASK_RASTER (%s). N'en donnez qu'un.</translation>
    </message>
    <message>
      <source>%s: %s is missing; the rest is loaded.</source>
      <translation>%s : %s manque ; le reste est chargé.</translation>
    </message>
    <message>
      <source>%s holds no map raster: nothing to show.</source>
      <translation>%s ne contient pas de raster de carte : rien à afficher.</translation>
    </message>
    <message>
      <source>Cannot write the project %s: %s</source>
      <translation>Impossible d'écrire le projet %s : %s</translation>
    </message>
    <message>
      <source>Project written: %s (group %s: %s)</source>
      <translation>Projet écrit : %s (groupe %s : %s)</translation>
    </message>
    <message>
      <source>Loaded %s: %s</source>
      <translation>Chargé %s : %s</translation>
    </message>
    <message>
      <source>%s must be a GeoTIFF file (.tif), not %s.</source>
      <translation>%s doit être un fichier GeoTIFF (.tif), pas %s.</translation>
    </message>
    <message>
      <source>Output grid: %d x %d pixels of %g m, bounds %s.</source>
      <translation>Grille de sortie : %d x %d pixels de %g m, limites %s.</translation>
    </message>
    <message>
      <source>The in situ layer has no field '%s' (its fields: %s).</source>
      <translation>La couche in situ n'a pas de champ '%s' (ses champs : %s).</translation>
    </message>
    <message>
      <source>The product %s is complete, but its map could not be copied: %s</source>
      <translation>Le produit %s est complet, mais sa carte n'a pas pu être copiée : %s</translation>
    </message>
    <message>
      <source>Map copy</source>
      <translation>Copie de la carte</translation>
    </message>
    <message>
      <source>Cannot read the in situ layer '%s': check that the file exists and is a vector format QGIS can open.</source>
      <translation>Impossible de lire la couche in situ '%s' : vérifiez que le fichier existe et qu'il est dans un format vecteur que QGIS sait ouvrir.</translation>
    </message>
    <message>
      <source>The in situ layer holds %s geometries. %s</source>
      <translation>La couche in situ contient des géométries %s. %s</translation>
    </message>
    <message>
      <source>Parcels must be polygons (a polygon or multipolygon layer).</source>
      <translation>Les parcelles doivent être des polygones (une couche de polygones ou de multipolygones).</translation>
    </message>
    <message>
      <source>The in situ layer has no features.</source>
      <translation>La couche in situ n'a aucune entité.</translation>
    </message>
    <message>
      <source>Could not write parcel %d to %s.</source>
      <translation>Impossible d'écrire la parcelle %d dans %s.</translation>
    </message>
    <message>
      <source>OUTPUT_ZIP must be a .zip file (got %s).</source>
      <translation>OUTPUT_ZIP doit être un fichier .zip (reçu : %s).</translation>
    </message>
    <message>
      <source>Checking and preparing %d parcels</source>
      <translation>Vérification et préparation de %d parcelles</translation>
    </message>
    <message>
      <source>Writing %d parcels</source>
      <translation>Écriture de %d parcelles</translation>
    </message>
    <message>
      <source>Zipped shapefile written: %s</source>
      <translation>Shapefile zippé écrit : %s</translation>
    </message>
    <message>
      <source>Add products…</source>
      <translation>Ajouter des produits…</translation>
    </message>
    <message>
      <source>Zipped products, GeoTIFFs, or a SAFE's MTD_MSIL2A.xml</source>
      <translation>Produits zippés, GeoTIFF, ou le MTD_MSIL2A.xml d'un SAFE</translation>
    </message>
    <message>
      <source>Add product folder…</source>
      <translation>Ajouter un dossier de produit…</translation>
    </message>
    <message>
      <source>One .SAFE or MAJA product folder</source>
      <translation>Un dossier de produit .SAFE ou MAJA</translation>
    </message>
    <message>
      <source>Add folder of products…</source>
      <translation>Ajouter un dossier de produits…</translation>
    </message>
    <message>
      <source>Every product directly in a folder (SAFE and MAJA folders, zips, GeoTIFFs)</source>
      <translation>Tous les produits directement dans un dossier (dossiers SAFE et MAJA, zips, GeoTIFF)</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Retirer</translation>
    </message>
    <message>
      <source>Remove the selected products from the list</source>
      <translation>Retirer de la liste les produits sélectionnés</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>Vider</translation>
    </message>
    <message>
      <source>Empty the list</source>
      <translation>Vider la liste</translation>
    </message>
    <message>
      <source>No product: give INPUT_FOLDER, or add products.</source>
      <translation>Aucun produit : donnez INPUT_FOLDER, ou ajoutez des produits.</translation>
    </message>
    <message>
      <source>%d products</source>
      <translation>%d produits</translation>
    </message>
    <message>
      <source>1 product</source>
      <translation>1 produit</translation>
    </message>
    <message>
      <source>Add Sentinel-2 L2A products</source>
      <translation>Ajouter des produits Sentinel-2 L2A</translation>
    </message>
    <message>
      <source>Add a product folder (.SAFE or MAJA)</source>
      <translation>Ajouter un dossier de produit (.SAFE ou MAJA)</translation>
    </message>
    <message>
      <source>Add the products of a folder</source>
      <translation>Ajouter les produits d'un dossier</translation>
    </message>
    <message>
      <source>No product found in %s.</source>
      <translation>Aucun produit trouvé dans %s.</translation>
    </message>
    <message>
      <source>No product</source>
      <translation>Aucun produit</translation>
    </message>
    <message>
      <source>Choose the products</source>
      <translation>Choisir les produits</translation>
    </message>
    <message>
      <source>Sentinel-2 L2A products</source>
      <translation>Produits Sentinel-2 L2A</translation>
    </message>
    <message>
      <source> [optional]</source>
      <translation> [optionnel]</translation>
    </message>
    <message>
      <source>Give both OUTPUT_LOW_EVIDENCE and OUTPUT_CSV (or leave them temporary).</source>
      <translation>Donnez à la fois OUTPUT_LOW_EVIDENCE et OUTPUT_CSV (ou laissez-les temporaires).</translation>
    </message>
    <message>
      <source>OUTPUT_LOW_EVIDENCE and OUTPUT_CSV are the same file: %s</source>
      <translation>OUTPUT_LOW_EVIDENCE et OUTPUT_CSV sont le même fichier : %s</translation>
    </message>
    <message>
      <source>Reading the quality flags of %s</source>
      <translation>Lecture des indicateurs de qualité de %s</translation>
    </message>
    <message>
      <source>%.1f %% of the mapped area has fewer than %d valid dates: the map is weakly supported there (see the low-evidence raster).</source>
      <translation>%.1f %% de la surface cartographiée a moins de %d dates valides : la carte y est peu étayée (voir le raster des pixels peu étayés).</translation>
    </message>
    <message>
      <source>Quality report of %s</source>
      <translation>Rapport qualité de %s</translation>
    </message>
    <message>
      <source>Computing %d features</source>
      <translation>Calcul de %d variables</translation>
    </message>
    <message>
      <source>Wrote %d feature bands to %s</source>
      <translation>%d bandes de variables écrites dans %s</translation>
    </message>
    <message>
      <source>The model must be a crop mask (L4A) or crop type (L4B) product folder: %s is not a folder.</source>
      <translation>Le modèle doit être un dossier de produit masque de cultures (L4A) ou types de cultures (L4B) : %s n'est pas un dossier.</translation>
    </message>
    <message>
      <source>%s is a %s product: a %s model is expected here.</source>
      <translation>%s est un produit %s : un modèle %s est attendu ici.</translation>
    </message>
    <message>
      <source>The product %s holds no model (AUX_DATA/..._MODEL_....pkl and ..._FEATURES_....json): only products made by the crop mask or crop type algorithms of this plugin carry one.</source>
      <translation>Le produit %s ne contient pas de modèle (AUX_DATA/..._MODEL_....pkl et ..._FEATURES_....json) : seuls les produits des algorithmes de masque ou de types de cultures de cette extension en portent un.</translation>
    </message>
    <message>
      <source>The model of %s has no saved feature spec (a product of an older version): train it again.</source>
      <translation>Le modèle de %s n'a pas de description de variables enregistrée (un produit d'une version plus ancienne) : entraînez-le à nouveau.</translation>
    </message>
    <message>
      <source>The model of %s was saved as a %s model but the product is %s: refused.</source>
      <translation>Le modèle de %s a été enregistré comme modèle %s mais le produit est %s : refusé.</translation>
    </message>
    <message>
      <source>The model of %s has dates %s days apart but a step of %d days: its feature spec is not one this version writes; train it again.</source>
      <translation>Le modèle de %s a des dates espacées de %s jours mais un pas de %d jours : cette version n'écrit pas une telle description de variables ; entraînez-le à nouveau.</translation>
    </message>
    <message>
      <source>The model of %s was trained on extra rasters alone (no Sentinel-2 feature): applymodel does not apply such a model.</source>
      <translation>Le modèle de %s a été entraîné sur des rasters supplémentaires seuls (aucune variable Sentinel-2) : applymodel n'applique pas un tel modèle.</translation>
    </message>
    <message>
      <source>The model of %s was trained with features other than its images' (%s) and does not say which rasters gave them: train it again with this version.</source>
      <translation>Le modèle de %s a été entraîné avec d'autres variables que celles de ses images (%s) et ne dit pas quels rasters les ont données : entraînez-le à nouveau avec cette version.</translation>
    </message>
    <message>
      <source>The feature list of the model of %s is not the one its feature spec gives (%d features saved, %d computed; feature %d is '%s' in the list, '%s' by the spec): the product was written by another version; train it again.</source>
      <translation>La liste de variables du modèle de %s n'est pas celle que donne sa description (%d variables enregistrées, %d calculées ; la variable %d est '%s' dans la liste, '%s' selon la description) : le produit a été écrit par une autre version ; entraînez-le à nouveau.</translation>
    </message>
    <message>
      <source>The model of %s takes %d features but its feature list names %d.</source>
      <translation>Le modèle de %s prend %d variables mais sa liste en nomme %d.</translation>
    </message>
    <message>
      <source>The model of %s was trained with %d extra raster features (%s...): give rasters of the same bands in EXTRA_RASTERS.</source>
      <translation>Le modèle de %s a été entraîné avec %d variables de rasters supplémentaires (%s...) : donnez des rasters des mêmes bandes dans EXTRA_RASTERS.</translation>
    </message>
    <message>
      <source>The model of %s was trained without extra rasters: leave EXTRA_RASTERS empty.</source>
      <translation>Le modèle de %s a été entraîné sans rasters supplémentaires : laissez EXTRA_RASTERS vide.</translation>
    </message>
    <message>
      <source>The model takes %d extra raster features, EXTRA_RASTERS give %d (model: %s...; given: %s...).</source>
      <translation>Le modèle prend %d variables de rasters supplémentaires, EXTRA_RASTERS en donnent %d (modèle : %s... ; données : %s...).</translation>
    </message>
    <message>
      <source>Extra raster feature %d is '%s' for the model but '%s' here: give the rasters in the model's order, with the same bands.</source>
      <translation>La variable de raster supplémentaire %d est '%s' pour le modèle mais '%s' ici : donnez les rasters dans l'ordre du modèle, avec les mêmes bandes.</translation>
    </message>
    <message>
      <source>The model was trained on the feature sets %s, these features are %s.</source>
      <translation>Le modèle a été entraîné sur les jeux de variables %s, ces variables sont %s.</translation>
    </message>
    <message>
      <source>The model was trained on the bands %s, these features hold %s.</source>
      <translation>Le modèle a été entraîné sur les bandes %s, ces variables contiennent %s.</translation>
    </message>
    <message>
      <source>The model was trained on dates every %d days, these features are every %d days.</source>
      <translation>Le modèle a été entraîné sur des dates tous les %d jours, ces variables sont tous les %d jours.</translation>
    </message>
    <message>
      <source>The model was trained with a temporal window of %d dates, these features use %d.</source>
      <translation>Le modèle a été entraîné avec une fenêtre temporelle de %d dates, ces variables en utilisent %d.</translation>
    </message>
    <message>
      <source>The model was trained on %d dates (%s to %s, every %d days); the period %s to %s gives %d: %d dates missing. Give a period of %d days (e.g. END_DATE %s), or no END_DATE.</source>
      <translation>Le modèle a été entraîné sur %d dates (du %s au %s, tous les %d jours) ; la période du %s au %s en donne %d : il manque %d dates. Donnez une période de %d jours (p. ex. END_DATE %s), ou pas de END_DATE.</translation>
    </message>
    <message>
      <source>The model was trained on %d dates (%s to %s, every %d days); the period %s to %s gives %d: %d dates too many. Give a period of %d days (e.g. END_DATE %s), or no END_DATE.</source>
      <translation>Le modèle a été entraîné sur %d dates (du %s au %s, tous les %d jours) ; la période du %s au %s en donne %d : %d dates de trop. Donnez une période de %d jours (p. ex. END_DATE %s), ou pas de END_DATE.</translation>
    </message>
    <message>
      <source>The model takes %d features, these images give %d.</source>
      <translation>Le modèle prend %d variables, ces images en donnent %d.</translation>
    </message>
    <message>
      <source>A crop mask applies to a crop type (L4B) model only; %s holds a crop mask (L4A) model.</source>
      <translation>Un masque de cultures ne s'applique qu'à un modèle de types de cultures (L4B) ; %s contient un modèle de masque de cultures (L4A).</translation>
    </message>
    <message>
      <source>Model of %s (%s): %d features, classes %s, trained on %s to %s.</source>
      <translation>Modèle de %s (%s) : %d variables, classes %s, entraîné du %s au %s.</translation>
    </message>
    <message>
      <source>No in situ polygon has a usable '%s' value.</source>
      <translation>Aucun polygone in situ n'a de valeur '%s' utilisable.</translation>
    </message>
    <message>
      <source>Features on %d dates from %s to %s (the model's from %s to %s), every %d days.</source>
      <translation>Variables sur %d dates du %s au %s (celles du modèle du %s au %s), tous les %d jours.</translation>
    </message>
    <message>
      <source>Decoding the images (each file once)</source>
      <translation>Décodage des images (chaque fichier une fois)</translation>
    </message>
    <message>
      <source>Features and prediction</source>
      <translation>Variables et prédiction</translation>
    </message>
    <message>
      <source>No in situ data: the map is not validated (the product holds no quality file).</source>
      <translation>Pas de données in situ : la carte n'est pas validée (le produit n'a pas de fichier de qualité).</translation>
    </message>
    <message>
      <source>Product written: %s</source>
      <translation>Produit écrit : %s</translation>
    </message>
    <message>
      <source>No pixel centre of the images falls inside an in situ polygon: the polygons are outside the images or smaller than a pixel.</source>
      <translation>Aucun centre de pixel des images ne tombe dans un polygone in situ : les polygones sont hors des images ou plus petits qu'un pixel.</translation>
    </message>
    <message>
      <source>Random forest: need at least 1 tree, a depth of at least 1 and a minimum of at least 2 samples per node (got %s, %s, %s).</source>
      <translation>Forêt aléatoire : il faut au moins 1 arbre, une profondeur d'au moins 1 et un minimum d'au moins 2 échantillons par nœud (reçu : %s, %s, %s).</translation>
    </message>
    <message>
      <source>Random forest trained: %d trees, %d samples, %d features, classes %s.</source>
      <translation>Forêt aléatoire entraînée : %d arbres, %d échantillons, %d variables, classes %s.</translation>
    </message>
    <message>
      <source>Prediction engine must be auto, numba or sklearn (got %r).</source>
      <translation>Le moteur de prédiction doit être auto, numba ou sklearn (reçu : %r).</translation>
    </message>
    <message>
      <source>Prediction with scikit-learn (%d threads).</source>
      <translation>Prédiction avec scikit-learn (%d threads).</translation>
    </message>
    <message>
      <source>The numba prediction engine needs the Python package numba: %s.</source>
      <translation>Le moteur de prédiction numba demande le paquet Python numba : %s.</translation>
    </message>
    <message>
      <source>Prediction with scikit-learn (%d threads); %s.</source>
      <translation>Prédiction avec scikit-learn (%d threads) ; %s.</translation>
    </message>
    <message>
      <source>numba prediction unavailable (%s: %s): using scikit-learn (%d threads).</source>
      <translation>Prédiction numba indisponible (%s : %s) : scikit-learn est utilisé (%d threads).</translation>
    </message>
    <message>
      <source>Prediction with numba (%d threads, forest flattened in %.1f s, %.0f MB%s).</source>
      <translation>Prédiction avec numba (%d threads, forêt aplatie en %.1f s, %.0f Mo%s).</translation>
    </message>
    <message>
      <source>numba prediction failed (%s: %s): using scikit-learn (%d threads) from now on.</source>
      <translation>La prédiction numba a échoué (%s : %s) : scikit-learn est utilisé désormais (%d threads).</translation>
    </message>
    <message>
      <source>The model expects %d features but the feature raster has %d bands.</source>
      <translation>Le modèle attend %d variables, mais le raster de variables a %d bandes.</translation>
    </message>
    <message>
      <source>%d pixels without valid data (NaN features) are nodata (%d) in the maps.</source>
      <translation>%d pixels sans donnée valide (variables NaN) sont sans donnée (%d) dans les cartes.</translation>
    </message>
    <message>
      <source>Post-processing (NDVI segmentation and majority vote) changed %d pixels of the raw mask.</source>
      <translation>Le post-traitement (segmentation du NDVI et vote majoritaire) a changé %d pixels du masque brut.</translation>
    </message>
    <message>
      <source>Cannot read the mapping CSV: %s</source>
      <translation>Impossible de lire le CSV de correspondance : %s</translation>
    </message>
    <message>
      <source>Mapping CSV %s, line %d: expected 'code,class', got '%s'.</source>
      <translation>CSV de correspondance %s, ligne %d : 'code,classe' attendu, '%s' trouvé.</translation>
    </message>
    <message>
      <source>Mapping CSV %s, line %d: the code '%s' is not an integer.</source>
      <translation>CSV de correspondance %s, ligne %d : le code '%s' n'est pas un entier.</translation>
    </message>
    <message>
      <source>Mapping CSV %s, line %d: the class '%s' is not crop, noncrop, ignore, 1 or 0.</source>
      <translation>CSV de correspondance %s, ligne %d : la classe '%s' n'est ni crop, ni noncrop, ni ignore, ni 1, ni 0.</translation>
    </message>
    <message>
      <source>The mapping CSV %s maps no code.</source>
      <translation>Le CSV de correspondance %s n'associe aucun code.</translation>
    </message>
    <message>
      <source>The mapping CSV %s maps no code to crop: a crop mask needs crop pixels.</source>
      <translation>Le CSV de correspondance %s n'associe aucun code à crop : un masque de cultures a besoin de pixels de cultures.</translation>
    </message>
    <message>
      <source>The mapping CSV %s maps no code to noncrop: a crop mask needs non-crop pixels.</source>
      <translation>Le CSV de correspondance %s n'associe aucun code à noncrop : un masque de cultures a besoin de pixels non-culture.</translation>
    </message>
    <message>
      <source>REFERENCE_LEGEND csv needs a MAPPING CSV (code,class).</source>
      <translation>REFERENCE_LEGEND csv demande un CSV MAPPING (code,classe).</translation>
    </message>
    <message>
      <source>Unknown reference legend '%s': choose %s.</source>
      <translation>Légende de référence inconnue '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>ALPHA must be between 0 and 1 (exclusive), not %s.</source>
      <translation>ALPHA doit être entre 0 et 1 (exclus), pas %s.</translation>
    </message>
    <message>
      <source>TRIM_ITERATIONS must be between 0 and %d, not %s.</source>
      <translation>TRIM_ITERATIONS doit être entre 0 et %d, pas %s.</translation>
    </message>
    <message>
      <source>EROSION_RADIUS must be 0 or more, not %s.</source>
      <translation>EROSION_RADIUS doit valoir 0 ou plus, pas %s.</translation>
    </message>
    <message>
      <source>Cannot open the reference map: %s</source>
      <translation>Impossible d'ouvrir la carte de référence : %s</translation>
    </message>
    <message>
      <source>The reference map %s has no CRS: give it one (e.g. with gdal_edit.py -a_srs).</source>
      <translation>La carte de référence %s n'a pas de SCR : donnez-lui en un (p. ex. avec gdal_edit.py -a_srs).</translation>
    </message>
    <message>
      <source>The reference map %s does not cover the images (no reference pixel on their extent %.0f, %.0f - %.0f, %.0f). Give a map of this area.</source>
      <translation>La carte de référence %s ne couvre pas les images (aucun pixel de référence sur leur emprise %.0f, %.0f - %.0f, %.0f). Donnez une carte de cette zone.</translation>
    </message>
    <message>
      <source>The reference map covers %.1f %% of the images: the rest gives no training pixel.</source>
      <translation>La carte de référence couvre %.1f %% des images : le reste ne donne aucun pixel d'apprentissage.</translation>
    </message>
    <message>
      <source>None of the reference map's codes (%s) is mapped to crop or noncrop by the %s legend: check REFERENCE_LEGEND or the MAPPING CSV.</source>
      <translation>Aucun des codes de la carte de référence (%s) n'est associé à crop ou noncrop par la légende %s : vérifiez REFERENCE_LEGEND ou le CSV MAPPING.</translation>
    </message>
    <message>
      <source>Reference codes not in the %s legend, ignored: %s</source>
      <translation>Codes de référence absents de la légende %s, ignorés : %s</translation>
    </message>
    <message>
      <source>Reference map %s (%s legend) on the image grid, eroded by %d px: %d crop and %d non-crop pixels.</source>
      <translation>Carte de référence %s (légende %s) sur la grille des images, érodée de %d px : %d pixels de cultures et %d non-culture.</translation>
    </message>
    <message>
      <source>The pixels inside the in situ polygons are left out of training: the polygons validate the map.</source>
      <translation>Les pixels à l'intérieur des polygones in situ sont exclus de l'apprentissage : les polygones valident la carte.</translation>
    </message>
    <message>
      <source>The reference map gives no %s pixel on the images after the erosion (radius %d): check the legend / MAPPING, or lower EROSION_RADIUS.</source>
      <translation>La carte de référence ne donne aucun pixel %s sur les images après l'érosion (rayon %d) : vérifiez la légende / MAPPING, ou réduisez EROSION_RADIUS.</translation>
    </message>
    <message>
      <source>%d candidate pixels without valid data (NaN features) were left out.</source>
      <translation>%d pixels candidats sans donnée valide (variables NaN) ont été écartés.</translation>
    </message>
    <message>
      <source>Class %s: %d candidate pixels, %d trimmed as outliers (Mahalanobis distance, alpha %g, %d iterations), %d kept.</source>
      <translation>Classe %s : %d pixels candidats, %d élagués comme aberrants (distance de Mahalanobis, alpha %g, %d itérations), %d gardés.</translation>
    </message>
    <message>
      <source>The reference map gives training pixels with valid data for one class only: a crop mask needs crop and non-crop pixels. Check the legend / MAPPING and the period.</source>
      <translation>La carte de référence ne donne des pixels d'apprentissage avec des données valides que pour une classe : un masque de cultures a besoin de pixels de cultures et non-culture. Vérifiez la légende / MAPPING et la période.</translation>
    </message>
    <message>
      <source>Held out for the agreement with the reference map: %d non-crop and %d crop pixels.</source>
      <translation>Mis de côté pour l'accord avec la carte de référence : %d pixels non-culture et %d de cultures.</translation>
    </message>
    <message>
      <source>Accuracy against in situ polygons (the reference map only trained the model):</source>
      <translation>Précision par rapport aux polygones in situ (la carte de référence a seulement entraîné le modèle) :</translation>
    </message>
    <message>
      <source>No held-out reference pixel has a value in the map: no agreement with the reference map could be computed.</source>
      <translation>Aucun pixel de référence mis de côté n'a de valeur dans la carte : l'accord avec la carte de référence n'a pas pu être calculé.</translation>
    </message>
    <message>
      <source>Agreement with the reference map (not an accuracy: the reference has its own errors) on %d held-out reference pixels: %.4f (95 %% interval %.4f-%.4f, bootstrap over pixels), kappa %.4f; a map saying '%s' everywhere agrees %.4f</source>
      <translation>Accord avec la carte de référence (pas une précision : la référence a ses propres erreurs) sur %d pixels de référence mis de côté : %.4f (intervalle à 95 %% %.4f-%.4f, bootstrap sur les pixels), kappa %.4f ; une carte disant '%s' partout s'accorde à %.4f</translation>
    </message>
    <message>
      <source>  class %s: agreement precision %.3f, recall %.3f, F-score %.3f (%d reference pixels)</source>
      <translation>  classe %s : précision d'accord %.3f, rappel %.3f, F-score %.3f (%d pixels de référence)</translation>
    </message>
    <message>
      <source>A crop mask from a reference map is validated on held-out reference pixels or in situ polygons, not by k-fold.</source>
      <translation>Un masque de cultures issu d'une carte de référence est validé sur des pixels de référence mis de côté ou sur des polygones in situ, pas par validation croisée.</translation>
    </message>
    <message>
      <source>Cannot open the in situ data: %s</source>
      <translation>Impossible d'ouvrir les données in situ : %s</translation>
    </message>
    <message>
      <source>The in situ data %s has no layer %s</source>
      <translation>Les données in situ %s n'ont pas de couche %s</translation>
    </message>
    <message>
      <source>%d in situ features without a polygon geometry were ignored.</source>
      <translation>%d entités in situ sans géométrie polygonale ont été ignorées.</translation>
    </message>
    <message>
      <source>The in situ data holds no polygon.</source>
      <translation>Les données in situ ne contiennent aucun polygone.</translation>
    </message>
    <message>
      <source>The in situ data has no CRS: it is assumed to be the images' CRS.</source>
      <translation>Les données in situ n'ont pas de SCR : on suppose que c'est celui des images.</translation>
    </message>
    <message>
      <source>In situ polygons reprojected from %s to the images' CRS %s.</source>
      <translation>Polygones in situ reprojetés de %s vers le SCR des images %s.</translation>
    </message>
    <message>
      <source>The crop field '%s' must hold 0 (non-crop) or 1 (crop); it also holds: %s. Recode it, or choose another field.</source>
      <translation>Le champ de culture '%s' doit contenir 0 (non-culture) ou 1 (culture) ; il contient aussi : %s. Recodez-le, ou choisissez un autre champ.</translation>
    </message>
    <message>
      <source>%d polygons with an empty '%s' were ignored.</source>
      <translation>%d polygones dont '%s' est vide ont été ignorés.</translation>
    </message>
    <message>
      <source>The code field '%s' must hold integer crop codes between -32767 and 32767 (not -10000, the nodata value); it also holds: %s.</source>
      <translation>Le champ de code '%s' doit contenir des codes de cultures entiers entre -32767 et 32767 (pas -10000, la valeur sans donnée) ; il contient aussi : %s.</translation>
    </message>
    <message>
      <source>%d polygons with code 0 or an empty '%s' (not crop) are not used for crop type.</source>
      <translation>%d polygones de code 0 ou dont '%s' est vide (non-culture) ne servent pas aux types de cultures.</translation>
    </message>
    <message>
      <source>The validation ratio must be between 0 and 1 (exclusive), not %s.</source>
      <translation>La proportion de validation doit être comprise entre 0 et 1 (exclus), pas %s.</translation>
    </message>
    <message>
      <source>K-fold validation needs at least 2 folds, not %s.</source>
      <translation>La validation k-fold demande au moins 2 plis, pas %s.</translation>
    </message>
    <message>
      <source>K-fold validation with %d folds needs at least %d polygons with pixels (%d here): lower FOLDS or use the split.</source>
      <translation>La validation k-fold à %d plis demande au moins %d polygones avec des pixels (%d ici) : diminuez FOLDS ou utilisez le partage.</translation>
    </message>
    <message>
      <source>No in situ polygon is left to train on.</source>
      <translation>Il ne reste aucun polygone in situ pour l'apprentissage.</translation>
    </message>
    <message>
      <source>The number of samples per class must be at least 1.</source>
      <translation>Le nombre d'échantillons par classe doit valoir au moins 1.</translation>
    </message>
    <message>
      <source>The in situ polygons (extent %.0f, %.0f - %.0f, %.0f) do not overlap the images (extent %.0f, %.0f - %.0f, %.0f in the images' CRS).</source>
      <translation>Les polygones in situ (emprise %.0f, %.0f - %.0f, %.0f) ne recouvrent pas les images (emprise %.0f, %.0f - %.0f, %.0f dans le SCR des images).</translation>
    </message>
    <message>
      <source>Class %s: none of its %d polygons holds a pixel centre on the image grid (too small or outside the images); it is not trained.</source>
      <translation>Classe %s : aucun de ses %d polygones ne contient de centre de pixel de la grille des images (trop petits ou hors des images) ; elle n'est pas entraînée.</translation>
    </message>
    <message>
      <source>%d polygons hold no pixel centre and are not used.</source>
      <translation>%d polygones ne contiennent aucun centre de pixel et ne sont pas utilisés.</translation>
    </message>
    <message>
      <source>Class %s has a single polygon with pixels: it is trained but not validated.</source>
      <translation>La classe %s n'a qu'un polygone avec des pixels : elle est entraînée mais non validée.</translation>
    </message>
    <message>
      <source>%d training pixels without valid data (NaN features) were left out.</source>
      <translation>%d pixels d'apprentissage sans donnée valide (variables NaN) ont été écartés.</translation>
    </message>
    <message>
      <source>Class %s has no training pixel with valid data: it is not trained.</source>
      <translation>La classe %s n'a aucun pixel d'apprentissage avec des données valides : elle n'est pas entraînée.</translation>
    </message>
    <message>
      <source>Only one class can be trained (class %s): a classification needs at least two classes with training pixels. Check the labels field and that the polygons cover the images.</source>
      <translation>Une seule classe peut être entraînée (classe %s) : une classification demande au moins deux classes avec des pixels d'apprentissage. Vérifiez le champ des étiquettes et que les polygones recouvrent les images.</translation>
    </message>
    <message>
      <source>No class can be trained: a classification needs at least two classes with training pixels. Check the labels field and that the polygons cover the images.</source>
      <translation>Aucune classe ne peut être entraînée : une classification demande au moins deux classes avec des pixels d'apprentissage. Vérifiez le champ des étiquettes et que les polygones recouvrent les images.</translation>
    </message>
    <message>
      <source>No space left on the device holding %s: free space or choose another folder.</source>
      <translation>Plus de place sur le disque qui contient %s : libérez de l'espace ou choisissez un autre dossier.</translation>
    </message>
    <message>
      <source>Cannot open raster: %s</source>
      <translation>Impossible d'ouvrir le raster : %s</translation>
    </message>
    <message>
      <source>The extent %s is empty at %g m resolution.</source>
      <translation>L'emprise %s est vide à la résolution de %g m.</translation>
    </message>
    <message>
      <source>No image to build the reference grid from.</source>
      <translation>Aucune image pour construire la grille de référence.</translation>
    </message>
    <message>
      <source>The in situ layer has no coordinate reference system: set its CRS first.</source>
      <translation>La couche in situ n'a pas de système de coordonnées de référence : définissez d'abord son SCR.</translation>
    </message>
    <message>
      <source>The inner buffer distance must be between 0 and %g m (got %s): it is how far inside its boundary a parcel is kept, 15 m in the Sen2-Agri training.</source>
      <translation>La distance du tampon intérieur doit être comprise entre 0 et %g m (reçu : %s) : c'est la distance à l'intérieur de sa limite à laquelle une parcelle est gardée, 15 m dans la formation Sen2-Agri.</translation>
    </message>
    <message>
      <source>The minimum area must be between 0 and %g m² (got %s): it is in square metres, 5000 m² (0.5 ha) in the Sen2-Agri training.</source>
      <translation>La surface minimale doit être comprise entre 0 et %g m² (reçu : %s) : elle est en mètres carrés, 5000 m² (0,5 ha) dans la formation Sen2-Agri.</translation>
    </message>
    <message>
      <source>The in situ layer has no field '%s' (fields: %s). Choose the field that holds the crop (1) / non-crop (0) label.</source>
      <translation>La couche in situ n'a pas de champ '%s' (champs : %s). Choisissez le champ qui porte l'étiquette culture (1) / non-culture (0).</translation>
    </message>
    <message>
      <source>The in situ layer has no field '%s' (fields: %s). Choose the field that holds the integer crop code.</source>
      <translation>La couche in situ n'a pas de champ '%s' (champs : %s). Choisissez le champ qui porte le code entier des cultures.</translation>
    </message>
    <message>
      <source>%d parcel(s) have no value in field '%s': fill or remove them.</source>
      <translation>%d parcelle(s) n'ont pas de valeur dans le champ '%s' : complétez-les ou retirez-les.</translation>
    </message>
    <message>
      <source>Field '%s' must be numeric, but it holds %s. Use a numeric field (integer) or integers written as text.</source>
      <translation>Le champ '%s' doit être numérique, mais il contient %s. Utilisez un champ numérique (entier) ou des entiers écrits en texte.</translation>
    </message>
    <message>
      <source>Field '%s' must hold 1 (crop) or 0 (non-crop) only, but it also holds %s.</source>
      <translation>Le champ '%s' ne doit contenir que 1 (culture) ou 0 (non-culture), mais il contient aussi %s.</translation>
    </message>
    <message>
      <source>Field '%s' must hold integer crop codes, but it holds %s.</source>
      <translation>Le champ '%s' doit contenir des codes de cultures entiers, mais il contient %s.</translation>
    </message>
    <message>
      <source>Repaired 1 invalid geometry.</source>
      <translation>1 géométrie invalide réparée.</translation>
    </message>
    <message>
      <source>Repaired %d invalid geometries.</source>
      <translation>%d géométries invalides réparées.</translation>
    </message>
    <message>
      <source>Dropped %d parcel(s) with an empty or non-polygonal geometry.</source>
      <translation>%d parcelle(s) à la géométrie vide ou non polygonale retirée(s).</translation>
    </message>
    <message>
      <source>Inner buffer of %g m computed in %s.</source>
      <translation>Tampon intérieur de %g m calculé dans %s.</translation>
    </message>
    <message>
      <source>Inner buffer: %d parcel(s) kept, %d vanished (narrower than %g m).</source>
      <translation>Tampon intérieur : %d parcelle(s) gardée(s), %d disparue(s) (plus étroites que %g m).</translation>
    </message>
    <message>
      <source>The area field name is empty: give a name such as AREA.</source>
      <translation>Le nom du champ de surface est vide : donnez un nom tel que AREA.</translation>
    </message>
    <message>
      <source>Area filter: %d of %d parcel(s) larger than %g m² kept.</source>
      <translation>Filtre de surface : %d parcelle(s) sur %d de plus de %g m² gardée(s).</translation>
    </message>
    <message>
      <source>No overlapping parcels with different '%s' values.</source>
      <translation>Aucune parcelle superposée de valeurs '%s' différentes.</translation>
    </message>
    <message>
      <source>%d overlap(s) between parcels with different '%s' values (feature indexes %s%s).</source>
      <translation>%d superposition(s) entre parcelles de valeurs '%s' différentes (index des entités %s%s).</translation>
    </message>
    <message>
      <source>Dropped %d overlapping parcel(s).</source>
      <translation>%d parcelle(s) superposée(s) retirée(s).</translation>
    </message>
    <message>
      <source>Removed the shared area from %d overlapping parcel(s); %d parcel(s) remain.</source>
      <translation>Surface commune retirée de %d parcelle(s) superposée(s) ; il reste %d parcelle(s).</translation>
    </message>
    <message>
      <source>  %s: %d parcel(s), %.2f ha</source>
      <translation>  %s : %d parcelle(s), %.2f ha</translation>
    </message>
    <message>
      <source>  total: %d parcel(s), %.2f ha</source>
      <translation>  total : %d parcelle(s), %.2f ha</translation>
    </message>
    <message>
      <source>Unknown purpose '%s': use crop mask or crop type.</source>
      <translation>Usage inconnu '%s' : utilisez masque de cultures ou types de cultures.</translation>
    </message>
    <message>
      <source>Crop parcels only: %d of %d parcel(s) have %s = 1.</source>
      <translation>Parcelles de culture seulement : %d parcelle(s) sur %d ont %s = 1.</translation>
    </message>
    <message>
      <source>No parcel has %s = 1: there is no crop parcel to prepare.</source>
      <translation>Aucune parcelle n'a %s = 1 : il n'y a pas de parcelle de culture à préparer.</translation>
    </message>
    <message>
      <source>No parcel has a usable polygon geometry.</source>
      <translation>Aucune parcelle n'a de géométrie polygonale utilisable.</translation>
    </message>
    <message>
      <source>Before preparation (per %s value): parcels, area</source>
      <translation>Avant préparation (par valeur de %s) : parcelles, surface</translation>
    </message>
    <message>
      <source>After preparation (per %s value): parcels, area</source>
      <translation>Après préparation (par valeur de %s) : parcelles, surface</translation>
    </message>
    <message>
      <source>No parcel left for %s value(s) %s after the buffer and area filter.</source>
      <translation>Il ne reste aucune parcelle pour la ou les valeur(s) de %s %s après le tampon et le filtre de surface.</translation>
    </message>
    <message>
      <source>No parcel is left after a %g m inner buffer and the %g m² area filter: lower the buffer distance or the minimum area.</source>
      <translation>Il ne reste aucune parcelle après un tampon intérieur de %g m et le filtre de surface de %g m² : diminuez la distance du tampon ou la surface minimale.</translation>
    </message>
    <message>
      <source>Band %s is missing from %s (it has %s).</source>
      <translation>La bande %s manque dans %s (il contient %s).</translation>
    </message>
    <message>
      <source>Cannot read %s: %s</source>
      <translation>Impossible de lire %s : %s</translation>
    </message>
    <message>
      <source>Cannot read the %s date '%s': use YYYY-MM-DD.</source>
      <translation>Impossible de lire la date %s '%s' : utilisez AAAA-MM-JJ.</translation>
    </message>
    <message>
      <source>Tile '%s' is not a Sentinel-2 tile name (like 31UES or T31UES).</source>
      <translation>La tuile '%s' n'est pas un nom de tuile Sentinel-2 (comme 31UES ou T31UES).</translation>
    </message>
    <message>
      <source>Skipped %s: %s</source>
      <translation>%s ignoré : %s</translation>
    </message>
    <message>
      <source>Ignored %s: not a dated image</source>
      <translation>%s ignoré : pas une image datée</translation>
    </message>
    <message>
      <source>Several SCL stacks could go with %s; none used.</source>
      <translation>Plusieurs piles SCL pourraient aller avec %s ; aucune n'est utilisée.</translation>
    </message>
    <message>
      <source>SCL stack %s used for %s</source>
      <translation>Pile SCL %s utilisée pour %s</translation>
    </message>
    <message>
      <source>Input path does not exist: %s (the name held bytes that are not UTF-8 text, shown as �: rename the file or folder with UTF-8 characters only)</source>
      <translation>Le chemin d'entrée n'existe pas : %s (le nom contenait des octets qui ne sont pas du texte UTF-8, affichés � : renommez le fichier ou le dossier avec des caractères UTF-8 uniquement)</translation>
    </message>
    <message>
      <source>Input path does not exist: %s</source>
      <translation>Le chemin d'entrée n'existe pas : %s</translation>
    </message>
    <message>
      <source>No input given: choose Sentinel-2 L2A products, folders or GeoTIFF files.</source>
      <translation>Aucune entrée : choisissez des produits Sentinel-2 L2A, des dossiers ou des fichiers GeoTIFF.</translation>
    </message>
    <message>
      <source>The start date %s is after the end date %s.</source>
      <translation>La date de début %s est après la date de fin %s.</translation>
    </message>
    <message>
      <source>TILE %s matches none of the %d image(s) found: %s. Leave TILE empty or give one of their tiles.</source>
      <translation>TILE %s ne correspond à aucune des %d image(s) trouvée(s) : %s. Laissez TILE vide ou donnez l'une de leurs tuiles.</translation>
    </message>
    <message>
      <source>Using %s</source>
      <translation>Utilisé : %s</translation>
    </message>
    <message>
      <source>%d image(s) used, %d skipped.</source>
      <translation>%d image(s) utilisée(s), %d ignorée(s).</translation>
    </message>
    <message>
      <source>%s: %s</source>
      <translation>%s : %s</translation>
    </message>
    <message>
      <source>No Sentinel-2 L2A image found in: %s.</source>
      <translation>Aucune image Sentinel-2 L2A trouvée dans : %s.</translation>
    </message>
    <message>
      <source>No image in the period %s to %s: the %d image(s) found are dated %s to %s.</source>
      <translation>Aucune image dans la période du %s au %s : les %d image(s) trouvée(s) sont datées du %s au %s.</translation>
    </message>
    <message>
      <source>No usable image: %d found, all skipped (%s). The log names each one and why.</source>
      <translation>Aucune image utilisable : %d trouvée(s), toutes ignorées (%s). Le journal nomme chacune et dit pourquoi.</translation>
    </message>
    <message>
      <source>Skipped %s: does not overlap the reference grid (%s, bounds %s)</source>
      <translation>%s ignoré : ne recouvre pas la grille de référence (%s, limites %s)</translation>
    </message>
    <message>
      <source>%s is in %s: warped to the reference grid (%s)</source>
      <translation>%s est en %s : reprojeté sur la grille de référence (%s)</translation>
    </message>
    <message>
      <source>No image overlaps the reference grid (%s, bounds %s): images of another tile or area; filter them by tile or choose another extent.</source>
      <translation>Aucune image ne recouvre la grille de référence (%s, limites %s) : images d'une autre tuile ou d'une autre zone ; filtrez-les par tuile ou choisissez une autre emprise.</translation>
    </message>
    <message>
      <source>The parcel layer has no features.</source>
      <translation>La couche de parcelles n'a aucune entité.</translation>
    </message>
    <message>
      <source>The parcel layer has no field '%s' (its fields: %s).</source>
      <translation>La couche de parcelles n'a pas de champ '%s' (ses champs : %s).</translation>
    </message>
    <message>
      <source>The label field '%s' must hold integers (1 / 0 for crop / non-crop, or crop codes); it also holds: %s.</source>
      <translation>Le champ d'étiquette '%s' doit contenir des entiers (1 / 0 pour culture / non-culture, ou des codes de cultures) ; il contient aussi : %s.</translation>
    </message>
    <message>
      <source>Labels of '%s': %s, classified as a crop mask (1 crop, 0 non-crop).</source>
      <translation>Étiquettes de '%s' : %s, classées comme un masque de cultures (1 culture, 0 non-culture).</translation>
    </message>
    <message>
      <source>Labels of '%s': %s, classified as crop types (crop codes).</source>
      <translation>Étiquettes de '%s' : %s, classées comme types de cultures (codes de cultures).</translation>
    </message>
    <message>
      <source>LEVEL mask needs labels 1 (crop) / 0 (non-crop) in '%s'; it also holds: %s.</source>
      <translation>LEVEL mask demande des étiquettes 1 (culture) / 0 (non-culture) dans '%s' ; il contient aussi : %s.</translation>
    </message>
    <message>
      <source>The parcel layer holds no polygon.</source>
      <translation>La couche de parcelles ne contient aucun polygone.</translation>
    </message>
    <message>
      <source>%d parcels without a polygon geometry are not classified (STATUS %s).</source>
      <translation>%d parcelles sans géométrie polygonale ne sont pas classées (STATUS %s).</translation>
    </message>
    <message>
      <source>%d multipart parcels: each is classified as one parcel (its parts pooled).</source>
      <translation>%d parcelles multiparties : chacune est classée comme une seule parcelle (ses parties réunies).</translation>
    </message>
    <message>
      <source>%d parcels vanish in the %g m inner buffer: they are not classified (STATUS %s).</source>
      <translation>%d parcelles disparaissent dans le tampon intérieur de %g m : elles ne sont pas classées (STATUS %s).</translation>
    </message>
    <message>
      <source>Unknown level '%s': choose %s.</source>
      <translation>Niveau inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>Unknown feature set '%s': choose %s.</source>
      <translation>Jeu de variables inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>Unknown validation mode '%s': choose %s.</source>
      <translation>Mode de validation inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>The number of folds must be between 2 and 20, not %s.</source>
      <translation>Le nombre de plis doit être compris entre 2 et 20, pas %s.</translation>
    </message>
    <message>
      <source>The inner buffer must be 0 or more metres, not %s.</source>
      <translation>Le tampon intérieur doit valoir 0 mètre ou plus, pas %s.</translation>
    </message>
    <message>
      <source>No labelled parcel holds a pixel: give '%s' values to parcels inside the images.</source>
      <translation>Aucune parcelle étiquetée ne contient de pixel : donnez des valeurs '%s' à des parcelles à l'intérieur des images.</translation>
    </message>
    <message>
      <source>The labelled parcels hold %d class(es) (%s): a classifier needs at least two.</source>
      <translation>Les parcelles étiquetées contiennent %d classe(s) (%s) : un classifieur en demande au moins deux.</translation>
    </message>
    <message>
      <source>Burning %d parcels onto the %d x %d grid</source>
      <translation>Rastérisation de %d parcelles sur la grille de %d x %d</translation>
    </message>
    <message>
      <source>Overlapping parcels: %d parcels overlap others on %d pixel centres; each such pixel goes to the last of them in the layer's order (%d parcels got such pixels).</source>
      <translation>Parcelles qui se chevauchent : %d parcelles en chevauchent d'autres sur %d centres de pixels ; chacun de ces pixels va à la dernière d'entre elles dans l'ordre de la couche (%d parcelles ont reçu de tels pixels).</translation>
    </message>
    <message>
      <source>%d parcels hold no pixel centre of the %g m grid (too small or thin, or outside the images): not classified (STATUS %s).</source>
      <translation>%d parcelles ne contiennent aucun centre de pixel de la grille de %g m (trop petites ou fines, ou hors des images) : non classées (STATUS %s).</translation>
    </message>
    <message>
      <source>Features of the parcels' pixels and their statistics</source>
      <translation>Variables des pixels des parcelles et leurs statistiques</translation>
    </message>
    <message>
      <source>%s already exists: choose another output folder or allow overwriting.</source>
      <translation>%s existe déjà : choisissez un autre dossier de sortie ou autorisez l'écrasement.</translation>
    </message>
    <message>
      <source>%d parcels have fewer than %d valid pixels (cloud-free, every feature known): not classified (STATUS %s).</source>
      <translation>%d parcelles ont moins de %d pixels valides (sans nuage, toutes les variables connues) : non classées (STATUS %s).</translation>
    </message>
    <message>
      <source>%d labelled parcels cannot be used (fewer than %d valid pixels).</source>
      <translation>%d parcelles étiquetées ne peuvent pas servir (moins de %d pixels valides).</translation>
    </message>
    <message>
      <source>The labelled parcels with %d valid pixels or more hold %d class(es) (%s): a classifier needs at least two.</source>
      <translation>Les parcelles étiquetées avec %d pixels valides ou plus contiennent %d classe(s) (%s) : un classifieur en demande au moins deux.</translation>
    </message>
    <message>
      <source>%d parcels classified, %d labelled (%s), %d of them for training.</source>
      <translation>%d parcelles classées, %d étiquetées (%s), dont %d pour l'apprentissage.</translation>
    </message>
    <message>
      <source>Training the random forest (%d parcels, %d features)</source>
      <translation>Apprentissage de la forêt aléatoire (%d parcelles, %d variables)</translation>
    </message>
    <message>
      <source>K-fold: fold %d of %d, %d parcels validated by a forest trained on %d parcels</source>
      <translation>K-fold : pli %d sur %d, %d parcelles validées par une forêt entraînée sur %d parcelles</translation>
    </message>
    <message>
      <source>No validation parcel: the classification could not be validated (every class has a single parcel).</source>
      <translation>Aucune parcelle de validation : la classification n'a pas pu être validée (chaque classe n'a qu'une parcelle).</translation>
    </message>
    <message>
      <source>Validation per parcel (%d parcels): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa %.4f; every parcel '%s': %.4f</source>
      <translation>Validation par parcelle (%d parcelles) : précision globale %.4f (intervalle à 95 %% %.4f-%.4f), kappa %.4f ; toutes les parcelles '%s' : %.4f</translation>
    </message>
    <message>
      <source>Validation per area (%d m2): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa %.4f; every parcel '%s': %.4f</source>
      <translation>Validation par surface (%d m2) : précision globale %.4f (intervalle à 95 %% %.4f-%.4f), kappa %.4f ; toutes les parcelles '%s' : %.4f</translation>
    </message>
    <message>
      <source>The %s date '%s' is not a date (use YYYY-MM-DD).</source>
      <translation>La date %s '%s' n'est pas une date (utilisez AAAA-MM-JJ).</translation>
    </message>
    <message>
      <source>Legend file not found: %s</source>
      <translation>Fichier de légende introuvable : %s</translation>
    </message>
    <message>
      <source>Legend %s is not UTF-8 text (byte 0x%02x at position %d): save it as CSV UTF-8 (in a spreadsheet: 'CSV UTF-8').</source>
      <translation>La légende %s n'est pas du texte UTF-8 (octet 0x%02x à la position %d) : enregistrez-la en CSV UTF-8 (dans un tableur : 'CSV UTF-8').</translation>
    </message>
    <message>
      <source>Cannot read the legend %s: %s. Give a CSV file of 'code,name' lines.</source>
      <translation>Impossible de lire la légende %s : %s. Donnez un fichier CSV de lignes 'code,nom'.</translation>
    </message>
    <message>
      <source>Legend %s: '%s' is not an integer code (expected lines 'code,name').</source>
      <translation>Légende %s : '%s' n'est pas un code entier (lignes attendues : 'code,nom').</translation>
    </message>
    <message>
      <source>Code %d has %d names in %s: %s; '%s' is used.</source>
      <translation>Le code %d a %d noms dans %s : %s ; '%s' est utilisé.</translation>
    </message>
    <message>
      <source>%s is not a Sen2-Agri L4A / L4B product (no S2AGRI_L4A_PRD_... / S2AGRI_L4B_PRD_... folder or S2AGRI_..._MTD_... file found).</source>
      <translation>%s n'est pas un produit Sen2-Agri L4A / L4B (aucun dossier S2AGRI_L4A_PRD_... / S2AGRI_L4B_PRD_... ni fichier S2AGRI_..._MTD_... trouvé).</translation>
    </message>
    <message>
      <source>%s: cannot tell whether it is an L4A or an L4B product.</source>
      <translation>%s : impossible de dire s'il s'agit d'un produit L4A ou L4B.</translation>
    </message>
    <message>
      <source>Crop mask not found: %s</source>
      <translation>Masque de cultures introuvable : %s</translation>
    </message>
    <message>
      <source>%s is a crop type (L4B) product: give a crop mask (L4A) product or a mask raster.</source>
      <translation>%s est un produit de types de cultures (L4B) : donnez un produit de masque de cultures (L4A) ou un raster de masque.</translation>
    </message>
    <message>
      <source>The crop mask product %s holds no CM raster.</source>
      <translation>Le produit de masque de cultures %s ne contient pas de raster CM.</translation>
    </message>
    <message>
      <source>Unknown product level '%s' (use L4A for a crop mask, L4B for a crop type map).</source>
      <translation>Niveau de produit inconnu '%s' (utilisez L4A pour un masque de cultures, L4B pour une carte des types de cultures).</translation>
    </message>
    <message>
      <source>The site name '%s' may hold only letters, digits and '-' (it is part of the product name).</source>
      <translation>Le nom de site '%s' ne peut contenir que des lettres, des chiffres et '-' (il fait partie du nom du produit).</translation>
    </message>
    <message>
      <source>The tile name '%s' may hold only letters and digits.</source>
      <translation>Le nom de tuile '%s' ne peut contenir que des lettres et des chiffres.</translation>
    </message>
    <message>
      <source>The period ends (%s) before it starts (%s).</source>
      <translation>La période se termine (%s) avant de commencer (%s).</translation>
    </message>
    <message>
      <source>A %s (%s) product of site %s for %s to %s already exists: %s. Choose another output folder, or allow overwriting to replace it.</source>
      <translation>Un produit %s (%s) du site %s du %s au %s existe déjà : %s. Choisissez un autre dossier de sortie, ou autorisez le remplacement.</translation>
    </message>
    <message>
      <source>Cannot write the product into %s: %s. Nothing was left there; choose a folder you can write to, with free space.</source>
      <translation>Impossible d'écrire le produit dans %s : %s. Rien n'y a été laissé ; choisissez un dossier où vous pouvez écrire, avec de l'espace libre.</translation>
    </message>
    <message>
      <source>Cannot open the in situ layer: %s</source>
      <translation>Impossible d'ouvrir la couche in situ : %s</translation>
    </message>
    <message>
      <source>Layer '%s' not found in %s</source>
      <translation>Couche '%s' introuvable dans %s</translation>
    </message>
    <message>
      <source>The product %s has no %s raster to copy.</source>
      <translation>Le produit %s n'a pas de raster %s à copier.</translation>
    </message>
    <message>
      <source>The map copy %s is the product's own map: choose another file.</source>
      <translation>La copie de carte %s est la carte même du produit : choisissez un autre fichier.</translation>
    </message>
    <message>
      <source>Cannot write the map copy into %s (missing or read-only folder).</source>
      <translation>Impossible d'écrire la copie de carte dans %s (dossier absent ou en lecture seule).</translation>
    </message>
    <message>
      <source>%s ...</source>
      <translation>%s ...</translation>
    </message>
    <message>
      <source>%s: %d %% in %s, about %s left</source>
      <translation>%s : %d %% en %s, environ %s restant</translation>
    </message>
    <message>
      <source>%s: done in %s%s</source>
      <translation>%s : terminé en %s%s</translation>
    </message>
    <message>
      <source>%s was validated by k-fold (no polygon held out): its figures are the out-of-fold ones of its quality XML.</source>
      <translation>%s a été validé par k-fold (aucun polygone mis de côté) : ses chiffres sont ceux hors pli de son XML de qualité.</translation>
    </message>
    <message>
      <source>%s has no in situ polygons (ISD): its figures come from its quality XML, without an interval.</source>
      <translation>%s n'a pas de polygones in situ (ISD) : ses chiffres viennent de son XML qualité, sans intervalle.</translation>
    </message>
    <message>
      <source>%s holds neither in situ polygons (ISD) nor a quality XML (QLT): nothing to compare.</source>
      <translation>%s ne contient ni polygones in situ (ISD) ni XML qualité (QLT) : rien à comparer.</translation>
    </message>
    <message>
      <source>Too many classes (%d) for an agreement raster.</source>
      <translation>Trop de classes (%d) pour un raster de concordance.</translation>
    </message>
    <message>
      <source>Cannot write the agreement raster %s: %s</source>
      <translation>Impossible d'écrire le raster de concordance %s : %s</translation>
    </message>
    <message>
      <source>Give at least two products to compare (got %d).</source>
      <translation>Donnez au moins deux produits à comparer (reçu : %d).</translation>
    </message>
    <message>
      <source>The products are of different levels (%s): compare crop masks with crop masks and crop type maps with crop type maps.</source>
      <translation>Les produits sont de niveaux différents (%s) : comparez des masques de cultures avec des masques de cultures et des cartes des types de cultures avec des cartes des types de cultures.</translation>
    </message>
    <message>
      <source>Validating %s</source>
      <translation>Validation de %s</translation>
    </message>
    <message>
      <source>The two maps agree on %d of %d pixels (%.1f %%).</source>
      <translation>Les deux cartes concordent sur %d pixels sur %d (%.1f %%).</translation>
    </message>
    <message>
      <source>The two products are not on the same grid (size, position or CRS): the table only, no agreement raster.</source>
      <translation>Les deux produits ne sont pas sur la même grille (taille, position ou SCR) : le tableau seulement, pas de raster de concordance.</translation>
    </message>
    <message>
      <source>%s (%s to %s): OA %s (95 %% interval %s-%s), kappa %s, majority map %s</source>
      <translation>%s (du %s au %s) : OA %s (intervalle à 95 %% %s-%s), kappa %s, carte majoritaire %s</translation>
    </message>
    <message>
      <source>Cannot write %s: the folder %s does not exist.</source>
      <translation>Impossible d'écrire %s : le dossier %s n'existe pas.</translation>
    </message>
    <message>
      <source>Cannot write %s: %s</source>
      <translation>Impossible d'écrire %s : %s</translation>
    </message>
    <message>
      <source>The map has no projected CRS: class areas in hectares are not computed.</source>
      <translation>La carte n'a pas de SCR projeté : les surfaces des classes en hectares ne sont pas calculées.</translation>
    </message>
    <message>
      <source>Cannot write the %s %s: the folder %s does not exist.</source>
      <translation>Impossible d'écrire le %s %s : le dossier %s n'existe pas.</translation>
    </message>
    <message>
      <source>The %s %s would overwrite the product's own file %s: choose another path.</source>
      <translation>Le %s %s écraserait le fichier %s du produit : choisissez un autre chemin.</translation>
    </message>
    <message>
      <source>Cannot read the %s %s: %s</source>
      <translation>Impossible de lire le %s %s : %s</translation>
    </message>
    <message>
      <source>The minimum number of valid dates must be at least 1 (got %d).</source>
      <translation>Le nombre minimal de dates valides doit valoir au moins 1 (reçu : %d).</translation>
    </message>
    <message>
      <source>The product %s holds no raster under TILES/ (no map, no quality flags).</source>
      <translation>Le produit %s ne contient aucun raster sous TILES/ (ni carte, ni indicateurs de qualité).</translation>
    </message>
    <message>
      <source>The product %s has no tile %s (its tiles: %s).</source>
      <translation>Le produit %s n'a pas de tuile %s (ses tuiles : %s).</translation>
    </message>
    <message>
      <source>The product has %d tiles; only tile %s is inspected (others: %s).</source>
      <translation>Le produit a %d tuiles ; seule la tuile %s est examinée (autres : %s).</translation>
    </message>
    <message>
      <source>The product %s has no quality flags raster: %s is missing, so there are no date counts to inspect.</source>
      <translation>Le produit %s n'a pas de raster d'indicateurs de qualité : %s manque, il n'y a donc pas de comptes de dates à examiner.</translation>
    </message>
    <message>
      <source>The product %s has no %s map raster: %s is missing, so the mapped area is unknown.</source>
      <translation>Le produit %s n'a pas de raster de carte %s : %s manque, la surface cartographiée est donc inconnue.</translation>
    </message>
    <message>
      <source>The quality flags %s (%d x %d pixels) are not on the map's grid (%d x %d).</source>
      <translation>Les indicateurs de qualité %s (%d x %d pixels) ne sont pas sur la grille de la carte (%d x %d).</translation>
    </message>
    <message>
      <source>Cannot write the low-evidence raster %s: %s</source>
      <translation>Impossible d'écrire le raster des pixels peu étayés %s : %s</translation>
    </message>
    <message>
      <source>Recomputing the validation from %d validation polygons on the map</source>
      <translation>Recalcul de la validation à partir de %d polygones de validation sur la carte</translation>
    </message>
    <message>
      <source>The report path %s is a folder: give a file name ending in .html.</source>
      <translation>Le chemin du rapport %s est un dossier : donnez un nom de fichier finissant par .html.</translation>
    </message>
    <message>
      <source>Cannot write the report %s: %s is not a folder.</source>
      <translation>Impossible d'écrire le rapport %s : %s n'est pas un dossier.</translation>
    </message>
    <message>
      <source>Cannot write the report %s: %s is not writable.</source>
      <translation>Impossible d'écrire le rapport %s : %s n'est pas accessible en écriture.</translation>
    </message>
    <message>
      <source>Cannot write the report %s: %s</source>
      <translation>Impossible d'écrire le rapport %s : %s</translation>
    </message>
    <message>
      <source>Overall accuracy %s (95 %% interval %s-%s), kappa %s; a map saying '%s' everywhere: %s</source>
      <translation>Exactitude globale %s (intervalle à 95 %% %s-%s), kappa %s ; une carte disant '%s' partout : %s</translation>
    </message>
    <message>
      <source>%s: overall accuracy %s (95 %% interval %s-%s), kappa %s</source>
      <translation>%s : exactitude globale %s (intervalle à 95 %% %s-%s), kappa %s</translation>
    </message>
    <message>
      <source>Report written: %s</source>
      <translation>Rapport écrit : %s</translation>
    </message>
    <message>
      <source>In situ file not found: %s</source>
      <translation>Fichier in situ introuvable : %s</translation>
    </message>
    <message>
      <source>%s holds no GeoPackage or shapefile.</source>
      <translation>%s ne contient ni GeoPackage ni shapefile.</translation>
    </message>
    <message>
      <source>%s is not a readable zip file (%s).</source>
      <translation>%s n'est pas un fichier zip lisible (%s).</translation>
    </message>
    <message>
      <source>Cannot open the in situ layer of %s.</source>
      <translation>Impossible d'ouvrir la couche in situ de %s.</translation>
    </message>
    <message>
      <source>The in situ layer of %s has no integer label field (fields: %s).</source>
      <translation>La couche in situ de %s n'a pas de champ d'étiquettes entier (champs : %s).</translation>
    </message>
    <message>
      <source>Unknown composite method '%s': choose among %s.</source>
      <translation>Méthode de composition inconnue '%s' : choisissez parmi %s.</translation>
    </message>
    <message>
      <source>Unknown band '%s': choose among %s.</source>
      <translation>Bande inconnue '%s' : choisissez parmi %s.</translation>
    </message>
    <message>
      <source>Choose at least one band for the composite.</source>
      <translation>Choisissez au moins une bande pour la composition.</translation>
    </message>
    <message>
      <source>No image in the period: nothing to composite.</source>
      <translation>Aucune image dans la période : rien à composer.</translation>
    </message>
    <message>
      <source>Composite (%s) of %d images from %s to %s%s, bands %s, %d block(s) of rows.</source>
      <translation>Composition (%s) de %d images du %s au %s%s, bandes %s, %d bloc(s) de lignes.</translation>
    </message>
    <message>
      <source>Every pixel is cloudy or without data on all %d images (%s to %s): the composite would be empty. Widen the period.</source>
      <translation>Tous les pixels sont nuageux ou sans donnée sur les %d images (du %s au %s) : la composition serait vide. Élargissez la période.</translation>
    </message>
    <message>
      <source>%d of %d pixels (%.1f %%) have no cloud-free observation: NaN in the composite.</source>
      <translation>%d pixels sur %d (%.1f %%) n'ont aucune observation sans nuage : NaN dans la composition.</translation>
    </message>
    <message>
      <source>No colour style: the composite lacks B02, B03, B04 or B08.</source>
      <translation>Pas de style de couleurs : il manque B02, B03, B04 ou B08 à la composition.</translation>
    </message>
    <message>
      <source>Unknown extra raster resampling '%s': choose %s.</source>
      <translation>Rééchantillonnage de raster supplémentaire inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>Unknown extra raster units '%s': choose %s.</source>
      <translation>Unités de raster supplémentaire inconnues '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>Cannot open the extra raster %s.</source>
      <translation>Impossible d'ouvrir le raster supplémentaire %s.</translation>
    </message>
    <message>
      <source>The extra raster %s has no coordinate reference system.</source>
      <translation>Le raster supplémentaire %s n'a pas de système de coordonnées de référence.</translation>
    </message>
    <message>
      <source>The extra raster %s does not cover the images' grid (extent %s): give a raster that overlaps the images.</source>
      <translation>Le raster supplémentaire %s ne couvre pas la grille des images (emprise %s) : donnez un raster qui recouvre les images.</translation>
    </message>
    <message>
      <source>Resampling of the extra raster %s asked, but %d of its bands have no date in their description (e.g. '%s'; expected YYYY-MM-DD_NAME such as 2018-03-04_VV). Name the bands or turn the resampling off.</source>
      <translation>Rééchantillonnage du raster supplémentaire %s demandé, mais %d de ses bandes n'ont pas de date dans leur description (p. ex. '%s' ; attendu AAAA-MM-JJ_NOM comme 2018-03-04_VV). Nommez les bandes ou désactivez le rééchantillonnage.</translation>
    </message>
    <message>
      <source>Resampling of the extra raster %s asked, but there is no date grid.</source>
      <translation>Rééchantillonnage du raster supplémentaire %s demandé, mais il n'y a pas de grille de dates.</translation>
    </message>
    <message>
      <source>The temporal window must hold at least 1 date, not %s.</source>
      <translation>La fenêtre temporelle doit contenir au moins 1 date, pas %s.</translation>
    </message>
    <message>
      <source>The feature date grid is empty: check the start and end dates.</source>
      <translation>La grille des dates des variables est vide : vérifiez les dates de début et de fin.</translation>
    </message>
    <message>
      <source>Unknown feature set '%s': choose among %s.</source>
      <translation>Jeu de variables inconnu '%s' : choisissez parmi %s.</translation>
    </message>
    <message>
      <source>Choose at least one feature set among %s.</source>
      <translation>Choisissez au moins un jeu de variables parmi %s.</translation>
    </message>
    <message>
      <source>The 'bands' feature set needs at least one band.</source>
      <translation>Le jeu de variables 'bands' demande au moins une bande.</translation>
    </message>
    <message>
      <source>Cannot write %s: %s. Choose a folder you can write to, with free space.</source>
      <translation>Impossible d'écrire %s : %s. Choisissez un dossier où vous pouvez écrire, avec de l'espace libre.</translation>
    </message>
    <message>
      <source>The image %s has no band %s (needed for the chosen features); it has %s.</source>
      <translation>L'image %s n'a pas de bande %s (nécessaire aux variables choisies) ; elle a %s.</translation>
    </message>
    <message>
      <source>No image in the period: nothing to compute features from.</source>
      <translation>Aucune image dans la période : aucune variable à calculer.</translation>
    </message>
    <message>
      <source>Features: %d images from %s to %s, %d dates every %d days from %s to %s, %d bands, %d block(s) of rows.</source>
      <translation>Variables : %d images du %s au %s, %d dates tous les %d jours du %s au %s, %d bandes, %d bloc(s) de lignes.</translation>
    </message>
    <message>
      <source>The feature dates (%s to %s) reach beyond the images (%s to %s): the values there repeat the nearest observation.</source>
      <translation>Les dates des variables (du %s au %s) dépassent celles des images (du %s au %s) : les valeurs y répètent l'observation la plus proche.</translation>
    </message>
    <message>
      <source>Skipped %s (used as no data): %s.</source>
      <translation>%s ignoré (traité comme sans donnée) : %s.</translation>
    </message>
    <message>
      <source>No usable image: all %d hold values that cannot be reflectance (%s). The log names each one.</source>
      <translation>Aucune image utilisable : les %d contiennent des valeurs qui ne peuvent pas être des réflectances (%s). Le journal nomme chacune.</translation>
    </message>
    <message>
      <source>Every pixel is cloudy or without data on all %d images (%s to %s): no feature can be computed. Widen the period or use other images.</source>
      <translation>Tous les pixels sont nuageux ou sans donnée sur les %d images (du %s au %s) : aucune variable ne peut être calculée. Élargissez la période ou utilisez d'autres images.</translation>
    </message>
    <message>
      <source>%d of %d pixels (%.1f %%) have no cloud-free observation: their features are NaN.</source>
      <translation>%d pixels sur %d (%.1f %%) n'ont aucune observation sans nuage : leurs variables valent NaN.</translation>
    </message>
    <message>
      <source>The temporary store %s is truncated (disk full?).</source>
      <translation>Le stockage temporaire %s est tronqué (disque plein ?).</translation>
    </message>
    <message>
      <source>Decoded %d files once in %.1f s (%d strips, %d threads); store %.0f MB %s.</source>
      <translation>%d fichiers décodés une fois en %.1f s (%d bandes de lignes, %d threads) ; stockage %.0f Mo %s.</translation>
    </message>
    <message>
      <source>The %s '%s' is not a date: write it as YYYY-MM-DD (e.g. 2018-03-01).</source>
      <translation>Le %s '%s' n'est pas une date : écrivez-la AAAA-MM-JJ (p. ex. 2018-03-01).</translation>
    </message>
    <message>
      <source>The date step must be at least 1 day (got %d).</source>
      <translation>Le pas de dates doit valoir au moins 1 jour (reçu : %d).</translation>
    </message>
    <message>
      <source>The reference raster %s has no coordinate reference system.</source>
      <translation>Le raster de référence %s n'a pas de système de coordonnées de référence.</translation>
    </message>
    <message>
      <source>The resolution must be positive (got %g).</source>
      <translation>La résolution doit être positive (reçu : %g).</translation>
    </message>
    <message>
      <source>Skipped %s: it does not overlap the output extent.</source>
      <translation>%s ignoré : ne recouvre pas l'emprise de sortie.</translation>
    </message>
    <message>
      <source>No image overlaps the output extent %s: choose another extent or reference raster.</source>
      <translation>Aucune image ne recouvre l'emprise de sortie %s : choisissez une autre emprise ou un autre raster de référence.</translation>
    </message>
    <message>
      <source>GDAL block cache raised from %d MB to %d MB for this run, so that each image tile is decoded once (%d images).</source>
      <translation>Cache de blocs de GDAL porté de %d Mo à %d Mo pour cette exécution, afin que chaque tuile d'image soit décodée une seule fois (%d images).</translation>
    </message>
    <message>
      <source>Not a date (YYYY-MM-DD): %r</source>
      <translation>Pas une date (AAAA-MM-JJ) : %r</translation>
    </message>
    <message>
      <source>The end date %s is before the start date %s.</source>
      <translation>La date de fin %s est avant la date de début %s.</translation>
    </message>
    <message>
      <source>The date step must be at least 1 day.</source>
      <translation>Le pas de dates doit valoir au moins 1 jour.</translation>
    </message>
    <message>
      <source>The number of dates must be at least 1.</source>
      <translation>Le nombre de dates doit valoir au moins 1.</translation>
    </message>
    <message>
      <source>%d dates do not fit between %s and %s.</source>
      <translation>%d dates ne tiennent pas entre %s et %s.</translation>
    </message>
    <message>
      <source>No acquisition date given.</source>
      <translation>Aucune date d'acquisition donnée.</translation>
    </message>
    <message>
      <source>Acquisition dates must be distinct.</source>
      <translation>Les dates d'acquisition doivent être distinctes.</translation>
    </message>
    <message>
      <source>Unknown EPSG code: %s</source>
      <translation>Code EPSG inconnu : %s</translation>
    </message>
    <message>
      <source>The simulated scene needs a projected CRS (metres), not EPSG:%s.</source>
      <translation>La scène simulée demande un SCR projeté (en mètres), pas EPSG:%s.</translation>
    </message>
    <message>
      <source>Realism must be one of %s (got %r).</source>
      <translation>Le réalisme doit être l'un de %s (reçu : %r).</translation>
    </message>
    <message>
      <source>The scene must be at least 2 x 2 pixels (got %s x %s).</source>
      <translation>La scène doit faire au moins 2 x 2 pixels (reçu : %s x %s).</translation>
    </message>
    <message>
      <source>The seed must be a non-negative integer (got %s).</source>
      <translation>La graine doit être un entier positif ou nul (reçu : %s).</translation>
    </message>
    <message>
      <source>The cloud fraction must be between 0 and 0.9 (got %s).</source>
      <translation>La fraction de nuages doit être comprise entre 0 et 0,9 (reçu : %s).</translation>
    </message>
    <message>
      <source>Unknown output format %s: choose among %s.</source>
      <translation>Format de sortie inconnu %s : choisissez parmi %s.</translation>
    </message>
    <message>
      <source>Scene %d x %d px, %d dates, %d parcels, seed %d</source>
      <translation>Scène de %d x %d px, %d dates, %d parcelles, graine %d</translation>
    </message>
    <message>
      <source>%s: %.0f %% cloud or shadow</source>
      <translation>%s : %.0f %% de nuages ou d'ombres</translation>
    </message>
    <message>
      <source>Sentinel-1 like backscatter: %s (%d dates)</source>
      <translation>Rétrodiffusion de type Sentinel-1 : %s (%d dates)</translation>
    </message>
    <message>
      <source>The Sentinel-2 product writers are missing: %s</source>
      <translation>Les écrivains de produits Sentinel-2 manquent : %s</translation>
    </message>
    <message>
      <source>Unknown crop-mask feature set '%s': choose %s.</source>
      <translation>Jeu de variables du masque de cultures inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>Unknown post-processing '%s': choose %s.</source>
      <translation>Post-traitement inconnu '%s' : choisissez %s.</translation>
    </message>
    <message>
      <source>No feature to classify with: without Sentinel-2 features (FEATURES=none or S2_FEATURES off) give at least one extra raster (EXTRA_RASTERS).</source>
      <translation>Aucune variable pour classer : sans variables Sentinel-2 (FEATURES=none ou S2_FEATURES désactivé), donnez au moins un raster supplémentaire (EXTRA_RASTERS).</translation>
    </message>
    <message>
      <source>Crop names: the legend %s names the codes it lists; the in situ name field names only the others.</source>
      <translation>Noms des cultures : la légende %s nomme les codes qu'elle liste ; le champ de noms in situ ne nomme que les autres.</translation>
    </message>
    <message>
      <source>Extra raster %s: %d bands (%s) resampled every %d days into %d features.</source>
      <translation>Raster supplémentaire %s : %d bandes (%s) rééchantillonnées tous les %d jours en %d variables.</translation>
    </message>
    <message>
      <source>Extra raster %s: %d bands added to the features as they are.</source>
      <translation>Raster supplémentaire %s : %d bandes ajoutées telles quelles aux variables.</translation>
    </message>
    <message>
      <source>Pass 1: training pixels and date counts</source>
      <translation>Passe 1 : pixels d'apprentissage et comptes de dates</translation>
    </message>
    <message>
      <source>Training the random forest (%d samples, %d features)</source>
      <translation>Apprentissage de la forêt aléatoire (%d échantillons, %d variables)</translation>
    </message>
    <message>
      <source>Pass 2: features and prediction</source>
      <translation>Passe 2 : variables et prédiction</translation>
    </message>
    <message>
      <source>Post-processing (segmentation and majority vote)</source>
      <translation>Post-traitement (segmentation et vote majoritaire)</translation>
    </message>
    <message>
      <source>K-fold: the figures are those of the raw mask's out-of-fold predictions (the post-processing runs on the whole map once and is not cross-validated).</source>
      <translation>K-fold : les chiffres sont ceux des prédictions hors pli du masque brut (le post-traitement s'applique une fois à toute la carte et n'est pas validé croisé).</translation>
    </message>
    <message>
      <source>Raw mask (before post-processing): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa %.4f</source>
      <translation>Masque brut (avant post-traitement) : exactitude globale %.4f (intervalle à 95 %% %.4f-%.4f), kappa %.4f</translation>
    </message>
    <message>
      <source>Raw crop type map (unmasked): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa %.4f</source>
      <translation>Carte brute des types de cultures (non masquée) : exactitude globale %.4f (intervalle à 95 %% %.4f-%.4f), kappa %.4f</translation>
    </message>
    <message>
      <source>The features hold no per-date NDVI: the crop mask cannot be post-processed.</source>
      <translation>Les variables ne contiennent pas de NDVI par date : le masque de cultures ne peut pas être post-traité.</translation>
    </message>
    <message>
      <source>The images cover several tiles (%s): choose one with the tile parameter.</source>
      <translation>Les images couvrent plusieurs tuiles (%s) : choisissez-en une avec le paramètre de tuile.</translation>
    </message>
    <message>
      <source>%s is a %s product, not a crop mask (L4A).</source>
      <translation>%s est un produit %s, pas un masque de cultures (L4A).</translation>
    </message>
    <message>
      <source>Cannot open the crop mask raster: %s</source>
      <translation>Impossible d'ouvrir le raster du masque de cultures : %s</translation>
    </message>
    <message>
      <source>The crop mask %s is on another grid (%s) than the images (%s). Use a crop mask made from the same tile and extent, or warp it onto the image grid first.</source>
      <translation>Le masque de cultures %s est sur une autre grille (%s) que les images (%s). Utilisez un masque de cultures fait sur la même tuile et la même emprise, ou reprojetez-le d'abord sur la grille des images.</translation>
    </message>
    <message>
      <source>The crop mask %s holds values other than 0 (non-crop) and 1 (crop): %s%s. Give a crop mask (an L4A product or a 0/1 raster), not a class map.</source>
      <translation>Le masque de cultures %s contient d'autres valeurs que 0 (non-culture) et 1 (culture) : %s%s. Donnez un masque de cultures (un produit L4A ou un raster 0/1), pas une carte de classes.</translation>
    </message>
    <message>
      <source>Crop mask applied: %d pixels outside the crop mask set to 0 (not crop).</source>
      <translation>Masque de cultures appliqué : %d pixels hors du masque de cultures mis à 0 (non-culture).</translation>
    </message>
    <message>
      <source>K-fold: fold %d of %d, %d polygons validated on %d pixels by a forest trained on %d pixels</source>
      <translation>K-fold : pli %d sur %d, %d polygones validés sur %d pixels par une forêt entraînée sur %d pixels</translation>
    </message>
    <message>
      <source>Class %s: %d of its %d validation pixels are outside the crop mask (counted as errors). Is it a crop? Give crop codes only when a crop mask is applied.</source>
      <translation>Classe %s : %d de ses %d pixels de validation sont hors du masque de cultures (comptés comme erreurs). Est-ce une culture ? Ne donnez que des codes de cultures quand un masque de cultures est appliqué.</translation>
    </message>
    <message>
      <source>No validation pixel: the final map could not be validated (every class has a single polygon or no pixel).</source>
      <translation>Aucun pixel de validation : la carte finale n'a pas pu être validée (chaque classe a un seul polygone ou aucun pixel).</translation>
    </message>
    <message>
      <source>No validation pixel: the crop type map could not be validated (every class has a single polygon or no pixel).</source>
      <translation>Aucun pixel de validation : la carte des types de cultures n'a pas pu être validée (chaque classe a un seul polygone ou aucun pixel).</translation>
    </message>
    <message>
      <source>Validation of the final map on %d pixels of %d polygons: overall accuracy %.4f (95 %% interval %.4f-%.4f, bootstrap over polygons), kappa %.4f; a map saying '%s' everywhere: %.4f</source>
      <translation>Validation de la carte finale sur %d pixels de %d polygones : exactitude globale %.4f (intervalle à 95 %% %.4f-%.4f, bootstrap sur les polygones), kappa %.4f ; une carte disant '%s' partout : %.4f</translation>
    </message>
    <message>
      <source>Validation of the crop type map on %d pixels of %d polygons: overall accuracy %.4f (95 %% interval %.4f-%.4f, bootstrap over polygons), kappa %.4f; a map saying '%s' everywhere: %.4f</source>
      <translation>Validation de la carte des types de cultures sur %d pixels de %d polygones : exactitude globale %.4f (intervalle à 95 %% %.4f-%.4f, bootstrap sur les polygones), kappa %.4f ; une carte disant '%s' partout : %.4f</translation>
    </message>
    <message>
      <source>  class %s: precision %.3f, recall %.3f, F-score %.3f (%d reference pixels) - not validated</source>
      <translation>  classe %s : précision %.3f, rappel %.3f, F-score %.3f (%d pixels de référence) - non validée</translation>
    </message>
    <message>
      <source>  class %s: precision %.3f, recall %.3f, F-score %.3f (%d reference pixels)</source>
      <translation>  classe %s : précision %.3f, rappel %.3f, F-score %.3f (%d pixels de référence)</translation>
    </message>
  </context>
</TS>
