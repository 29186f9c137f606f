"""realist: realist-evaluation qualitative analysis, from focus-group talk to
context-mechanism-outcome configurations (CMOCs) and demi-regularities.

>>> import realist, tempfile, os
>>> project = realist.init_project(os.path.join(tempfile.mkdtemp(), "pilot.realist"), owner="ana")
>>> project.info()["coders"]
1
"""

from realist.coding.frames import load_frame
from realist.errors import (
    ImportFailed,
    InvalidSpan,
    NotFound,
    PermissionDenied,
    ProjectNotFound,
    RealistError,
    StaleVersionError,
    ValidationError,
)
from realist.project import Project, init_project, open_project

__version__ = "0.1.0"

__all__ = [
    "ImportFailed",
    "InvalidSpan",
    "NotFound",
    "PermissionDenied",
    "Project",
    "ProjectNotFound",
    "RealistError",
    "StaleVersionError",
    "ValidationError",
    "init_project",
    "load_frame",
    "open_project",
]
