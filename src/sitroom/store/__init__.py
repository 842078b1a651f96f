"""The DuckDB store: schema, migrations, queries and exports (the only place with SQL)."""
