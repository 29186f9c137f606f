from realist.ui.views import signin

signin.render()
