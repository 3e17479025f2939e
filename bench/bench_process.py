"""The benches' way of running a mercato command: its output and how long it took, or the bench
stops with the command's error."""
import subprocess
import sys
import time


def run(cmd):
    """Runs `cmd`; (standard output, seconds). A failure ends the bench, with its error output."""
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout, time.monotonic() - start
