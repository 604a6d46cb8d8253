"""The pure page parsers: HTML in, dataclasses out, no I/O.

- ``encoding``: bytes to text, decided from the bytes as well as the labels;
- ``dom``: the tree and the text and link helpers both parsers share;
- ``pubdate``: dates and times as pages print them;
- ``layout``: an article page as blocks and lines in reading order, furniture marked;
- ``bodytext``, ``headline``, ``published``: an article's main text, headline and publication time,
  each read from the layout; ``article`` puts them together;
- ``listpage``: a list page's feed items and next link;
- ``settings``: their weights, thresholds and vocabularies.
"""
