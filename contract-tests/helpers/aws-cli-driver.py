# The AWS CLI of one `aws` script (CLI v1 from pip, CLI v2 from Debian), run once per test file instead of
# once per call: each call costs what the CLI does, not a Python start (a second of CPU, see docs/testing.md).
# Started with the interpreter of the script's #! line; each line on stdin is one call as JSON,
# {"argv": [...], "cwd": "...", "env": {...}}, and each answer one JSON line on fd 3, {"code", "stdout",
# "stderr"}. A call runs what the `aws` script runs, awscli.clidriver.main() on sys.argv, in its environment
# and folder; the exit code is the one `sys.exit(main())` gives, 1 for an uncaught exception as Python's.
import contextlib
import io
import json
import os
import sys
import traceback

answers = os.fdopen(3, 'w')
import awscli.clidriver  # noqa: E402 (what the aws script imports; it sets AWS_DATA_PATH to its data folder)

# What importing awscli added to the environment, kept as a process of the script keeps it.
IMPORTED = {k: v for k, v in os.environ.items() if k == 'AWS_DATA_PATH'}

for line in sys.stdin:
    call = json.loads(line)
    os.environ.clear()
    os.environ.update(call['env'])
    os.environ.update(IMPORTED)
    if os.environ.get('LC_CTYPE', '') == 'UTF-8':  # as the aws script does
        os.environ['LC_CTYPE'] = 'en_US.UTF-8'
    os.chdir(call['cwd'])
    sys.argv = ['aws', *call['argv']]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = awscli.clidriver.main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception:
            traceback.print_exc()
            code = 1
    answers.write(json.dumps({'code': code or 0, 'stdout': out.getvalue(), 'stderr': err.getvalue()}) + '\n')
    answers.flush()
