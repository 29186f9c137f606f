from realist.ui.views import documents

documents.render()
