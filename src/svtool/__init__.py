"""svtool: record, report and send evidence about SEND support in Safety Valve and DBV areas.

Kept free of imports so that `svtool --version` answers without loading anything.
"""

__version__ = "0.1.0"
