"""Capture of printed and scanned orders: PDF text layers, OCR (tesseract and RapidOCR), words with
boxes, the layout step (labels, header fields, tables) and customer layout templates.
"""
