"""The article pane's tests: a package, so their conftest does not shadow the suite's."""
