"""Data files shipped with policyfeed (gazetteer, group names, sample site), importable as `policyfeed_data`."""
