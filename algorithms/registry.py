"""The provider's list of algorithms: one import and one entry per algorithm file."""


def algorithm_classes():
    from .innerbuffer import InnerBufferAlgorithm
    from .areafilter import AreaFilterAlgorithm
    from .prepareinsitu import PrepareInSituAlgorithm
    from .timeseriesfeatures import TimeSeriesFeaturesAlgorithm
    from .composite import CompositeAlgorithm
    from .cropmask import CropMaskAlgorithm
    from .cropmaskreference import CropMaskReferenceAlgorithm
    from .croptype import CropTypeAlgorithm
    from .parcelclassification import ParcelClassificationAlgorithm
    from .loadproduct import LoadProductAlgorithm
    from .qualitylayers import QualityLayersAlgorithm
    from .qualityreport import QualityReportAlgorithm
    from .compareproducts import CompareProductsAlgorithm
    from .applymodel import ApplyModelAlgorithm

    return [
        CropMaskAlgorithm,
        CropMaskReferenceAlgorithm,
        CropTypeAlgorithm,
        ApplyModelAlgorithm,
        ParcelClassificationAlgorithm,
        InnerBufferAlgorithm,
        AreaFilterAlgorithm,
        PrepareInSituAlgorithm,
        TimeSeriesFeaturesAlgorithm,
        CompositeAlgorithm,
        LoadProductAlgorithm,
        QualityLayersAlgorithm,
        QualityReportAlgorithm,
        CompareProductsAlgorithm,
    ]
