"""The demo study: a fictional Family Preservation and Reunification Response evaluation.

:func:`build_demo` writes a fully worked project from the shipped corpus (six focus
groups, a roster, a coding frame and a worked analysis); ``realist demo PATH`` runs it.
"""

from realist.demo.build import PASSWORD, build_demo
from realist.demo.corpus import corpus_files, load_sources, roster_path

__all__ = ["PASSWORD", "build_demo", "corpus_files", "load_sources", "roster_path"]
