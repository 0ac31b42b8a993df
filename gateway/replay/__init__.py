"""``gateway replay``: past traffic run again with a changed configuration, compared and reported.
"""
