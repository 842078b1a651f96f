"""The FastAPI application: REST API and dashboard pages."""
