"""The pure core: validated input in, result objects out. No I/O here.

- :mod:`.bands`: percentage, whole-number score, band, position, limiters
- :mod:`.sources`: where each statement's score comes from (updated,
  existing, transferred) and the 2023 evidence-category method
- :mod:`.principles`: the aggregation principles (overall and location ratings)
- :mod:`.service`: a rated service's key questions and overall rating
"""
