"""The register of people, places and organisations, found in the text like the timeline.

``extract.py`` is the transform (``Book -> Book``: ``Book.register`` and an ``Anchor`` at each
mention); ``find.py`` finds the capitalised runs of words a name can be, ``classify.py`` decides
which are names and of what kind, ``resolve.py`` makes "Göran", "Dahlströms" and "Göran
Dahlström" one person; ``lexicon.py`` loads the word lists from packages, ``words.py`` holds
bookgen's own short lists (months, titles, cue words); ``settings.py`` is the author's control.
"""
