from realist.ui.views import team

team.render()
