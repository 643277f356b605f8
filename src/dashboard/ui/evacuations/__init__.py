"""The Evacuations page: reported figures over time, and its figure."""
