"""Reading input files and archives, cleaning them into articles, dates and copies."""
