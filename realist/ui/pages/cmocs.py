from realist.ui.views import cmocs

cmocs.render()
