"""The website chat widget: its JS bundle (built with npm), routes and demo page."""
