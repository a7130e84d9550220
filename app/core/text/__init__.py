"""Text services: sanitising, spelling, find and replace, redlines, comments, PDF snippets."""
