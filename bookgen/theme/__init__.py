"""The theme: template and stylesheet folders (the book's own first), fonts, the URL fetcher.

* :mod:`~bookgen.theme.folders`: templates/, styles/ and strings/ looked up by name;
* :mod:`~bookgen.theme.fonts`: the typefaces, from Python font packages;
* :mod:`~bookgen.theme.fetch`: the only way rendering reads a file (WeasyPrint's URL fetcher).

May import: readers (for the book's files and CSS checks), util, model, errors.
"""
