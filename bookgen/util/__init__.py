"""Small helpers every stage uses: strings, the build's timestamp, walking the tree, progress.

May import: model and errors only, so any stage can use them.
"""
