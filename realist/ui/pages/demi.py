from realist.ui.views import demi

demi.render()
