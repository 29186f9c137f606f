from realist.ui.views import export

export.render()
