"""Rendering: documents to HTML through Jinja templates, HTML to PDF through WeasyPrint."""
