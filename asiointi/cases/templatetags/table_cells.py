"""The cells of a table row with their column headings, for stacked tables on narrow screens.

``{% for label, cell in cells|with_columns:columns %}<td data-label="{{ label }}">{{ cell }}</td>``:
a table with the ``table-stack`` class shows each cell's heading beside it below 768 px.
"""

from django import template

register = template.Library()


@register.filter
def with_columns(cells, columns):
    """(column heading, cell) pairs; a cell beyond the headings gets an empty heading."""
    columns = list(columns or [])
    return [(columns[i] if i < len(columns) else "", cell) for i, cell in enumerate(cells)]
