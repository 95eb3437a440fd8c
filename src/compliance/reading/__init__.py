"""Stage 1, load: read a report file of any supported kind into a Document (sniffing, zip guard, Word numbering, legacy conversion, PDF, HTML, text decoding)."""
