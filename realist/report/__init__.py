"""Publication outputs: the demi-regularity table (DataFrame and files) and the methods summary.

Importing the package registers every table format (docx, xlsx, csv, md, tex).
"""

from realist.report import word as _word  # registers the docx format
from realist.report.export import TABLE_FORMATS, caption_text, export_table, tex_escape
from realist.report.table import (
    COLUMNS,
    ICAMO_COLUMNS,
    Quote,
    attribution,
    choose_quotes,
    demi_regularity_table,
    split_quote,
)

__all__ = [
    "COLUMNS",
    "ICAMO_COLUMNS",
    "TABLE_FORMATS",
    "Quote",
    "attribution",
    "caption_text",
    "choose_quotes",
    "demi_regularity_table",
    "export_table",
    "split_quote",
    "tex_escape",
]

del _word
