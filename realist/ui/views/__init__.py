"""Page bodies of the realist app; ``realist/ui/pages/*.py`` call ``render()``."""
