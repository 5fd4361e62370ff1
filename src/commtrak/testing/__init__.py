"""Testing support: the backend conformance suite, the pytest plugin and strategies.

* :mod:`commtrak.testing.conformance`: contract test classes that any backend runs.
* :mod:`commtrak.testing.plugin`: the pytest plugin (``commtrak_store`` fixture,
  ``--commtrak-url``), loaded automatically through the ``pytest11`` entry point.
* :mod:`commtrak.testing.strategies`: hypothesis strategies for valid data (needs the
  ``test`` extra).
"""
