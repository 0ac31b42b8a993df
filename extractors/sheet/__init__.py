"""Order spreadsheets: CSV, XLSX and ODS read through a column mapping.
"""
