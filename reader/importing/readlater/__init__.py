"""Exports of read-later services (Pocket, Instapaper, Omnivore, wallabag) as articles.

``recognise.read_export`` tells an export by its content and reads its entries
(:class:`~reader.importing.readlater.entries.SavedEntry`); ``entry_article`` turns one entry
into the article to store, with its highlights placed in the text. An entry that brings only
an address becomes an article whose text is not fetched yet.
"""
