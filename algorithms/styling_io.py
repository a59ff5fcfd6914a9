"""Styles for vector outputs: a .qml sidecar next to file outputs and a GUI post-processor."""
import os
import tempfile

from ..science.styling import style_file, write_sidecar
from .parcels_io import file_part


def style_vector_output(algorithm, context, dest_id, qml_text=None, style="parcels"):
    """Write the sidecar (file outputs) and apply the same style when the GUI loads the layer."""
    path = file_part(dest_id)
    if os.path.isfile(path):
        qml = write_sidecar(path, qml_text=qml_text, style=None if qml_text else style)
    elif qml_text:
        handle, qml = tempfile.mkstemp(suffix=".qml", prefix="cropmapper-style-")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(qml_text)
    else:
        qml = style_file(style)
    algorithm.style_on_load(context, dest_id, qml)
    return qml
