"""CI integration: the job summary and the test annotations a CI run page shows.

Reads the suite's reports as data (``signoff.json``, ``junit.xml``), never the
capabilities that wrote them, so it keeps working while their code changes.
"""
