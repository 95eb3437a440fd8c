"""Stage 1, load: read a report file of any supported kind into a Document.

Sniffing, the zip guard, Word numbering, legacy conversion, PDF, HTML and text decoding.
"""
