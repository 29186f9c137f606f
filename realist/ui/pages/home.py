from realist.ui.views import home

home.render()
