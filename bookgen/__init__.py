"""bookgen: a memoir written as Markdown sections, typeset as a book PDF, a booklet and an EPUB."""

__version__ = "0.1.0"
