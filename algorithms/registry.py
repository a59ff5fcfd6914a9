"""The provider's list of algorithms: one import and one entry per algorithm file."""


def algorithm_classes():
    from .innerbuffer import InnerBufferAlgorithm
    from .areafilter import AreaFilterAlgorithm
    from .prepareinsitu import PrepareInSituAlgorithm

    return [
        InnerBufferAlgorithm,
        AreaFilterAlgorithm,
        PrepareInSituAlgorithm,
    ]
