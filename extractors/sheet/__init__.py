"""Order spreadsheets: CSV, XLSX, XLS and ODS read through a column mapping (``sheet_xls`` reads XLS).
"""
