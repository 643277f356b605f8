"""The Incidents page and the incidents/reports switch the Map and Overview share."""
