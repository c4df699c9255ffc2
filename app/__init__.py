"""Qiao·Most application layer (Qt-free except app.gui): CLI, services, PDF briefs, config, i18n."""

__version__ = "0.1.0"
