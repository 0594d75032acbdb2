"""SmokeIndex (冒烟指数): knowledge-graph early warning of illegal fundraising, pyramid selling and illegal lending."""

__version__ = "0.1.0"
