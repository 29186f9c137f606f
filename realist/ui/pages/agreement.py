from realist.ui.views import agreement

agreement.render()
