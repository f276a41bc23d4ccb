"""Local fakes of outside services, for tests."""
