"""The project database: the only place in realist that speaks SQL.

The rest of the package sees a connection only as an opaque handle passed back into the
store's functions; these names are for its type annotations.
"""

from sqlalchemy import Connection, Engine

__all__ = ["Connection", "Engine"]
