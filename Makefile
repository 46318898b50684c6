# The two commands of the quick start are `make run` and `make test`; the rest serve them.
.PHONY: run test lint typecheck bench

run:
	@scripts/bootstrap.sh
	@.venv/bin/wmp-tui

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

typecheck:
	.venv/bin/mypy

bench:
	@scripts/bootstrap.sh --postgres
	.venv/bin/python -m bench.run

test:
	@scripts/bootstrap.sh --postgres
	$(MAKE) --no-print-directory lint typecheck
	.venv/bin/pytest -n auto --dist worksteal
