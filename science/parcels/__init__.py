"""Object-based classification: per-parcel statistics of the features and a random forest on parcels."""
