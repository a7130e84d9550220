"""The document and its history: the model, the file service, revisions and templates."""
