"""Text intelligence (文本情报): entities, enterprise links, risk expressions and typology from complaint, news and
advertisement texts, with the offline HanLP trie component.

Modules: :mod:`~smokeindex.text.normalize` (full-width → half-width, compact view, sentences),
:mod:`~smokeindex.text.extract` (entity patterns), :mod:`~smokeindex.text.link` (dictionary + ETL resolver),
:mod:`~smokeindex.text.lexicon` (versioned risk lexicon, negation), :mod:`~smokeindex.text.typology` (calibrated
classifier), :mod:`~smokeindex.text.pipeline` (:class:`TextAnalyzer`), :mod:`~smokeindex.text.graph` (MENTIONS),
:mod:`~smokeindex.text.evaluate`, :mod:`~smokeindex.text.cli`.

Errors: ``ConfigError`` for a bad lexicon or an unreadable model, and its subclass
``typology.TypologyModelMissing`` when no model has been trained (the message gives the command). Bad input text
never raises; the analysis carries an ``error``.
"""
