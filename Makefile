# The two commands of the README. Each sets up .venv and installs what it needs.
.PHONY: demo test lint bench clean

demo:  ## set up and run the main job on the embedded store
	scripts/demo.sh

test:  ## set up and run the whole test suite (starts a real Neo4j)
	scripts/test.sh

lint:
	.venv/bin/ruff check smokeindex tests bench && .venv/bin/ruff format --check smokeindex tests bench && .venv/bin/mypy

bench:  ## store load benchmark on the embedded store (see bench/RESULTS.md for Neo4j)
	.venv/bin/python bench/store_load.py --store falkordb

clean:
	scripts/neo4j-test-server.sh stop || true
	rm -rf build var .pytest_cache .mypy_cache .ruff_cache
