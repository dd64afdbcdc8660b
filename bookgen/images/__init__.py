"""The image pipeline: every raster image of a book, parsed with Pillow and made fit for each output.

``source`` opens an image under a pixel limit and decodes it fully once (a bomb, a truncated or
unreadable file is a problem with ``path:line``); ``prepare`` turns it into what an output needs
(upright, sRGB, no metadata, resampled for the PDF's placed size or the EPUB's screens);
``placement`` says how large a figure or image is set on the page; ``cache`` keeps prepared
images in the book's ``dist/`` keyed by content and target; ``store`` ties these together for the
writers and the check. It may import readers, util, model and errors; writers and author use it.
"""
