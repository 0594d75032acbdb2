"""Read-side services behind the API: warning lists and statistics, party profiles, network traversal and gangs,
jurisdiction checks and masking. Views in ``smokeindex.api`` stay thin and call these with the current user."""
