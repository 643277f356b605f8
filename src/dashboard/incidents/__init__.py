"""Incidents: one real-world happening, reported by one or more event reports (issue 12).

`rules` (data/incidents/rules.json) says when reports are one happening, `reports` and
`places` turn stored events into comparable spans and places, `cluster` groups them with
blocking, `summary` computes what an incident records and `build` keeps the tables in
step, inside a store's write transaction or as a full rebuild.
"""
