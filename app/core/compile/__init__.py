"""Compiling a report from contributions: collect, plan, pull with provenance, compendium."""
