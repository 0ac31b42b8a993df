"""The pipeline stages, one module per stage (identify, extract, map, validate, dedup, anomaly, route,
decide, acknowledge, deliver) with the checks they share; ``pipeline`` names them in order.
"""
