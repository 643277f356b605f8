"""The Statements page: who said what and when, and its timeline figure."""
