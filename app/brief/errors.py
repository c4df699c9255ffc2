"""The one exception the brief layer raises; its message is shown to the user as is."""

from __future__ import annotations


class BriefError(Exception):
    """A brief cannot be made (unknown institution, project without a lead, missing font, unwritable file)."""
