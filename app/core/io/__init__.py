"""Import and export of documents: Markdown and Word files."""
