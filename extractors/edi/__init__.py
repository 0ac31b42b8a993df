"""EDI readers: UN/EDIFACT and ANSI X12 (syntax, envelopes, orders), SAP IDoc recognition, and the
list of modules compiled with mypyc.
"""
