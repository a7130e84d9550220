"""Sharing a file: copies, checks, merges, conflicts, network shares, locks and rescue."""
