"""A team's folder of reviews: the index, the action items, the trends and the search across them."""
