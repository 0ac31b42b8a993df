"""Outgoing EDI documents: acknowledgements (EDIFACT CONTRL, X12 997/999 with TA1) and order responses
(EDIFACT ORDRSP, X12 855). Writers only: nothing here reads a partner's document.
"""
