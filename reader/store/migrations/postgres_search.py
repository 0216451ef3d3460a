"""The PostgreSQL half of the first revision's full-text index and annotation counts.

``article_search`` holds one ``tsvector`` per indexed article (see
``reader.store.postgres_fts``); triggers mark an article stale when its text, note or
highlights change, and keep ``has_note`` and ``highlight_count`` as SQLite's triggers do.
"""

from __future__ import annotations

from alembic import op

STATEMENTS = [
    """
    CREATE TABLE article_search (
        article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        doc tsvector NOT NULL,
        stale boolean NOT NULL DEFAULT false
    )
    """,
    "CREATE INDEX ix_article_search_doc ON article_search USING gin (doc)",
    "CREATE INDEX ix_article_search_stale ON article_search (article_id) WHERE stale",
    """
    CREATE FUNCTION broadsheet_article_text_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE article_search SET stale = true WHERE article_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER articles_text_au AFTER UPDATE OF title, body ON articles
    FOR EACH ROW EXECUTE FUNCTION broadsheet_article_text_changed()
    """,
    """
    CREATE FUNCTION broadsheet_note_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        target integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    BEGIN
        UPDATE article_search SET stale = true WHERE article_id = target;
        UPDATE articles SET has_note = EXISTS (
            SELECT 1 FROM notes WHERE article_id = target AND length(trim(text)) > 0)
        WHERE id = target;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER notes_changed AFTER INSERT OR UPDATE OR DELETE ON notes
    FOR EACH ROW EXECUTE FUNCTION broadsheet_note_changed()
    """,
    """
    CREATE FUNCTION broadsheet_highlight_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        target integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    BEGIN
        UPDATE article_search SET stale = true WHERE article_id = target;
        UPDATE articles SET highlight_count = (
            SELECT count(*) FROM highlights WHERE article_id = target)
        WHERE id = target;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER highlights_changed AFTER INSERT OR UPDATE OR DELETE ON highlights
    FOR EACH ROW EXECUTE FUNCTION broadsheet_highlight_changed()
    """,
]


def create() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def drop() -> None:
    op.execute("DROP TABLE IF EXISTS article_search")
    for name in ("article_text", "note", "highlight"):
        op.execute(f"DROP FUNCTION IF EXISTS broadsheet_{name}_changed() CASCADE")
