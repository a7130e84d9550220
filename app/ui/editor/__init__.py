"""The rich-text section editor and its converter to and from the body subset."""
