"""The leads store: SQLAlchemy 2 models, engine factory and data access."""
