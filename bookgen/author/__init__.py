"""The author's tools: ``bookgen new``, ``bookgen check`` and the live ``bookgen preview``.

They sit beside the build, not under the API: they read and render a book through
:mod:`bookgen.build` and :mod:`bookgen.writers` directly, and never import :mod:`bookgen.api`
(which is the facade over them). May import: build, writers, transforms, readers, preflight,
theme, util, model, errors.
"""
