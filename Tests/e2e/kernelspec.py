"""Installs the chiso kernelspec for a test run into a temporary prefix and points JUPYTER_PATH
there, so the tests never touch the user's own Jupyter set-up. Returns the prefix."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def install_for_test(chiso):
    prefix = tempfile.mkdtemp(prefix="chiso-kernelspec-")
    subprocess.run([sys.executable, os.path.join(ROOT, "Scripts/lib/chiso_kernel.py"), "install", "--prefix", prefix,
                    "--chiso", chiso, "--data", os.path.join(ROOT, "Datasets")], check=True, stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    return prefix
