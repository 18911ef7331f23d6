"""Shared by the bench scripts: chiso's own timing of a load (`set timer on`)."""
import re, subprocess, sys

def chiso_ms(binary, path):
    out = subprocess.run([binary, "-c", f'set timer on\nload "{path}" as x'], capture_output=True, text=True)
    m = re.findall(r"time: ([0-9.]+) ms", out.stderr + out.stdout)
    if not m:
        sys.exit("chiso printed no time:\n" + out.stderr + out.stdout)
    return float(m[-1])
