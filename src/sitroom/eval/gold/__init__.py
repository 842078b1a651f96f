"""Scores on our own real-news gold standards (``gold/events/``, ``gold/quotes/``).

The gold files hold ids, character offsets into the texts of ``../shared`` and our labels;
nothing here writes shared text into the repository.

* :mod:`~sitroom.eval.gold.schema` - the pydantic models of both golds;
* :mod:`~sitroom.eval.gold.texts` - readers of the shared texts behind them (RUWA rows,
  presidential releases, seeds) and the samplers' segmenters;
* :mod:`~sitroom.eval.gold.system` - sitroom run in process on those documents (ingest
  readers, normalizer, parser, extractor) and its offsets mapped back onto the gold's;
* :mod:`~sitroom.eval.gold.events` / :mod:`~sitroom.eval.gold.events_score` - the event gold
  and its scoring rules (events GUIDELINE §8), plus the seeds' key events;
* :mod:`~sitroom.eval.gold.quotes` / :mod:`~sitroom.eval.gold.quotes_score` - the quote gold
  and its scoring rules, plus the seeds' statements;
* :mod:`~sitroom.eval.gold.common` - reading gold files, choosing annotators, the guard on
  error listings.

Every figure comes per split: ``tune`` may be looked at while tuning, ``check`` is the held-out
figure, and its errors are not listed while tuning. The command line is ``sitroom eval
gold-events`` and ``sitroom eval gold-quotes``.
"""
