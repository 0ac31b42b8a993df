"""Office text documents: Word (.docx), OpenDocument text (.odt) and legacy .doc."""
