"""Names of the summary algorithms, importable without loading sumy (and NLTK).

The CLI builds its --help and choices from these; ``summarize.ALGORITHMS``
maps the same names to implementations (a test keeps the two in step).
"""

NAMES = ("lex-rank", "text-rank", "lsa", "luhn", "edmundson", "kl", "sum-basic", "reduction", "random", "lead")
DEFAULT = "lex-rank"
