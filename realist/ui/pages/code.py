from realist.ui.views import code

code.render()
