from .articles import article_editor, article_import, article_list

__all__ = ["article_editor", "article_import", "article_list"]
