"""Data-only package: icons, translations, vocabulary, templates and demo data (see app/resources.py)."""
