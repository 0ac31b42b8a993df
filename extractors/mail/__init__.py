"""E-mail: MIME messages as containers, their text side, and orders typed in a plain-text body.
"""
