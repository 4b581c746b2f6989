"""centinela: an open early-warning system for political crises."""

__version__ = "0.1.0"
