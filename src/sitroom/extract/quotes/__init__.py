"""Attributions (who said what): rules over the parse, the span tagger, layout forms, brat.

:func:`sitroom.extract.quotes.rules.extract_quotes` is the stage's entry point; its steps live in

* ``cues`` (verb and "according to" candidates) and ``contents`` (what a cue reports, how a
  content is trimmed and classed), over ``candidate`` (the candidate record) and ``marks``
  (quoted passages);
* ``tagger`` (the learned model: loading, prediction), ``features`` (its input),
  ``model_folder`` (its meta data and frozen anchor verbs) and ``linking`` (its spans into
  attributions), merged with the rules and with ``layout`` (transcript turns, signed quotes)
  in ``merge``;
* ``continuations`` (quoted passages and first-person sentences that carry an attribution on),
  ``unmarked`` (text whose quotation marks were stripped) and ``speakers`` (the actor of a
  source);
* ``brat`` (the PolNeAR annotation format) and ``words`` (the stage's word lists, read from
  ``data/vocab``).
"""
