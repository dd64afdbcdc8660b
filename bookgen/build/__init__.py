"""A build of a book: reading and rendering in memory, writing the outputs, the rebuild cache.

* :mod:`~bookgen.build.render`: book folder → transformed Book → the writers' bytes;
* :mod:`~bookgen.build.outputs`: where outputs go, written all or none, never into the book;
* :mod:`~bookgen.build.digest` and :mod:`~bookgen.build.cache`: what an output is made from,
  hashed, and the stamp that lets a build keep outputs that are still what it would make.

May import: writers, transforms, readers, theme, util, model, errors.
"""
