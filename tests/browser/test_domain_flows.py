"""Placeholder: the domain flows get their browser tests when their apps land.

Each flow below becomes a test in this package, written against the real pages, once the
app that owns it is merged (certification, cases, funding are built in parallel):

* inquiry: an actor's staff registers an inquiry (förfrågan) and it appears in the list;
* admission: the coordinator admits the inquiry to the programme, a case is opened with
  initials and a case number, and only actor A (and the programme) can see it;
* decisions: the coordinator records a funding decision (30-day rest, point intervention,
  90-day integration) within the rates and caps, and a reconsideration;
* PDF: the decision PDF is rendered, downloaded and carries its SHA-256; the export of
  many decisions runs as a background job (``nsp.jobs``) and is downloaded as a ZIP;
* purchase request: an actor submits a purchase request (inköpsbegäran) that the
  coordinator attests;
* statistics: the programme manager opens the statistics page and the figures match the
  seeded cases.

This module deliberately holds no tests: a skipped stand-in would look like coverage.
"""
