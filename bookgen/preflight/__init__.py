"""Reading finished outputs back: PDF pages, fonts and outline, and the EPUB validators.

Used by ``bookgen check`` and the tests; nothing here writes a book. May import: model, errors
(and the PDF and checker libraries).
"""
