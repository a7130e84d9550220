"""Editorial checks (reference, section 4): findings, the rule table, and safe fixes."""

from app.core.text.lint.finding import Finding, Hit, Where
from app.core.text.lint.fixing import apply_fix
from app.core.text.lint.length import word_limit, word_summary
from app.core.text.lint.rules import RULES, Rule, lint_document, template_of

__all__ = ["RULES", "Finding", "Hit", "Rule", "Where", "apply_fix", "lint_document",
           "template_of", "word_limit", "word_summary"]
