"""The version of the stored suggestion analysis.

Bump it whenever `engine.analyse` finds something else in the same text (new patterns,
the parser pass, another model): analyses are stored per text and engine version, so
every text is then analysed anew, and the old rows are simply no longer read.
"""

ENGINE_VERSION = "1"
