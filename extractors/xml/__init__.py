"""XML readers: cXML, UBL (PEPPOL), openTRANS, XPath-mapped formats, and the one safe XML parser.
"""
