"""The knowledge fallback: the company's own documents, searched and quoted.

A question no intent covers is answered only from these documents, with the source,
or not at all: ``readers`` turn files and web pages into text, ``passages`` cut it
into quotable pieces, ``store`` keeps them in the business database, ``index``
searches them (BM25 and dense embeddings), ``answers`` decides what the visitor sees.
"""
