"""The "chi bộ bốn tốt" / "đảng bộ cơ sở bốn tốt" movement (seed 001).

``rules`` holds the pure checks (classification, T4 ratio), ``evaluation`` evaluates a whole
year in a handful of set-based queries, ``services`` registers, judges and imports, ``exports``
writes the yearly results as .xlsx or .csv.
"""
