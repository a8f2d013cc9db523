"""Crash safety (issue 9): a worker process is killed with SIGKILL in the middle of an import, of
demo-data and of window business; the database must come back whole. `python -m tests.crash.campaign`
runs the full campaign; tests/crash/test_crash.py a short one in the default test run."""
