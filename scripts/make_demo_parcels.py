"""Writes demo/parcels.geojson: a small made-up parcel layer for the demo and tests.

Twenty fields of 1-4 ha in EPSG:32631 (central Belgium) with ID, CROP, LC, CODE and NAME,
plus the cases preparation must handle: two small parcels, a 20 m wide strip that an
inner buffer of 15 m erases, a self-intersecting (bow-tie) parcel, and two parcels of
different codes that overlap. Deterministic: run it again to get the same file.
"""
import json
import os

X0, Y0 = 501000.0, 5629000.0
CLASSES = [  # CODE, NAME, CROP, LC (WorldCereal-style codes)
    (1200, "Maize", 1, 11), (1110, "Winter wheat", 1, 11), (5100, "Potatoes", 1, 11),
    (8100, "Sugar beet", 1, 11), (9120, "Permanent grass", 0, 13),
]


def square(x, y, w, h):
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]


def main(path):
    features, fid = [], 0

    def add(ring, code, name, crop, lc):
        nonlocal fid
        fid += 1
        features.append({"type": "Feature", "properties": {"ID": fid, "CROP": crop, "LC": lc, "CODE": code,
                                                             "NAME": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})

    for row in range(4):
        for col in range(5):
            code, name, crop, lc = CLASSES[(row * 5 + col * 2 + row) % len(CLASSES)]
            w, h = 120.0 + 20 * ((row + col) % 3), 110.0 + 25 * ((row * col) % 3)
            add(square(X0 + col * 220.0, Y0 + row * 220.0, w, h), code, name, crop, lc)
    add(square(X0 + 1100, Y0, 50, 60), 1200, "Maize", 1, 11)            # 0.3 ha: too small
    add(square(X0 + 1100, Y0 + 100, 80, 80), 9120, "Permanent grass", 0, 13)  # 0.64 ha, 0.25 ha after buffer
    add(square(X0 + 1100, Y0 + 220, 20, 400), 1110, "Winter wheat", 1, 11)  # strip: vanishes
    add([[X0 + 1200, Y0], [X0 + 1350, Y0 + 150], [X0 + 1350, Y0], [X0 + 1200, Y0 + 150], [X0 + 1200, Y0]],
        5100, "Potatoes", 1, 11)                                            # bow-tie: repaired
    add(square(X0 + 1200, Y0 + 220, 150, 120), 1200, "Maize", 1, 11)       # overlaps the next one
    add(square(X0 + 1300, Y0 + 300, 150, 120), 8100, "Sugar beet", 1, 11)
    data = {"type": "FeatureCollection", "name": "parcels",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32631"}},
            "features": features}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo", "parcels.geojson"))
