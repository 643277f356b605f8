"""The Articles page: the list, and an article with its evidence highlighted."""
