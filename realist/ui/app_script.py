"""The realist app. Start it with ``realist app PROJECT`` (or ``realist app --demo``)."""

from realist.ui import shell

shell.configure()
coder = shell.gate()
navigation = shell.pages()
shell.sidebar(coder)
shell.navigate(navigation)
