#!/usr/bin/env python3
"""chiso's Jupyter kernel.

Jupyter speaks to a kernel over five ZeroMQ sockets with signed JSON messages. That protocol is
left to ipykernel's wrapper-kernel base class (`ipykernel.kernelbase.Kernel`, the Jupyter
project's own, documented for exactly this use), which comes with every Jupyter installation.
All of chiso's work is done by `chiso kernel`, one process per notebook that keeps the session
(tables, `let` names, parameters, settings) from cell to cell; this file relays requests to it
as JSON lines and its answers back as Jupyter messages. See KernelServer.swift for the lines.

    python3 chiso_kernel.py -f CONNECTION_FILE        (what Jupyter runs)
    python3 chiso_kernel.py install [--user | --prefix DIR] --chiso BIN [--data DIR]
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

VERSION = "0.1.0"


def _kernel_class():
    from ipykernel.kernelbase import Kernel

    class ChisoKernel(Kernel):
        implementation = "chiso"
        implementation_version = VERSION
        language = "chiso"
        language_version = "0.1"
        language_info = {
            "name": "chiso",
            "version": "0.1",
            "mimetype": "text/x-chiso",
            "file_extension": ".chiso",
            # No chiso mode exists in CodeMirror or Pygments; SQL's colours its keywords,
            # strings, numbers and -- comments, which chiso shares.
            "codemirror_mode": "sql",
            "pygments_lexer": "sql",
        }
        banner = "chiso " + VERSION + " — pipelines over Vietnam's digital-transformation plan data ('help' lists what you can do)"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            binary = os.environ.get("CHISO_BIN") or shutil.which("chiso")
            if not binary:
                raise RuntimeError("CHISO_BIN is not set and no chiso is on PATH; reinstall the kernel with Scripts/jupyter")
            # The child shares the kernel's process group, so the notebook's interrupt (SIGINT to
            # the group) reaches it directly, as Ctrl-C reaches the shell.
            self.child = subprocess.Popen([binary, "kernel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

        # One request, its streamed outputs relayed, its reply returned.
        def _ask(self, request, relay=False):
            if self.child.poll() is not None:
                raise RuntimeError("chiso kernel process exited with status %s" % self.child.returncode)
            self.child.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            self.child.stdin.flush()
            while True:
                try:
                    line = self.child.stdout.readline()
                except KeyboardInterrupt:
                    # The interrupt came to this process alone (not the group): pass it on.
                    # chiso stops the statement and still sends the reply this loop waits for.
                    self.child.send_signal(signal.SIGINT)
                    continue
                if not line:
                    code = self.child.wait()
                    raise RuntimeError("chiso kernel process exited with status %s" % code)
                message = json.loads(line)
                kind = message.pop("kind", None)
                if kind == "reply":
                    return message
                if not relay or self.silent:
                    continue
                if kind == "display" and message.get("result"):
                    self.send_response(self.iopub_socket, "execute_result",
                                       {"data": message["data"], "metadata": {}, "execution_count": self.execution_count})
                elif kind == "display":
                    self.send_response(self.iopub_socket, "display_data", {"data": message["data"], "metadata": {}})
                elif kind == "stream":
                    self.send_response(self.iopub_socket, "stream", {"name": message["name"], "text": message["text"]})

        def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, *args, **kwargs):
            self.silent = silent
            if not code.strip():
                return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
            reply = self._ask({"op": "execute", "code": code, "cell": self.execution_count}, relay=True)
            if reply.get("status") == "error":
                content = {"ename": reply["ename"], "evalue": reply["evalue"], "traceback": reply["traceback"]}
                if not silent:
                    self.send_response(self.iopub_socket, "error", content)
                return dict(content, status="error", execution_count=self.execution_count)
            return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

        def do_complete(self, code, cursor_pos):
            reply = self._ask({"op": "complete", "code": code, "cursor_pos": cursor_pos})
            return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["cursor_start"],
                    "cursor_end": reply["cursor_end"], "metadata": {}}

        def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
            reply = self._ask({"op": "inspect", "code": code, "cursor_pos": cursor_pos})
            data = {"text/plain": reply["text"]} if reply.get("found") else {}
            return {"status": "ok", "found": bool(reply.get("found")), "data": data, "metadata": {}}

        def do_is_complete(self, code):
            reply = self._ask({"op": "is_complete", "code": code})
            return {"status": reply["status"], "indent": reply.get("indent", "")}

        def do_shutdown(self, restart):
            if self.child.poll() is None:
                self.child.stdin.close()
                try:
                    self.child.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.child.kill()
            return {"status": "ok", "restart": restart}

    return ChisoKernel


def install(argv):
    import argparse
    from jupyter_client.kernelspec import KernelSpecManager

    p = argparse.ArgumentParser(prog="chiso_kernel.py install", description="Install the chiso kernelspec.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user (the default)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels (a venv or conda env)")
    p.add_argument("--chiso", required=True, help="the chiso executable")
    p.add_argument("--data", help="the folder whose CSV files are tables (CHISO_DATA)")
    a = p.parse_args(argv)
    spec = {
        "argv": [sys.executable, os.path.abspath(__file__), "-f", "{connection_file}"],
        "display_name": "chiso",
        "language": "chiso",
        "interrupt_mode": "signal",
        "env": {"CHISO_BIN": os.path.abspath(a.chiso)},
    }
    if a.data:
        spec["env"]["CHISO_DATA"] = os.path.abspath(a.data)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(spec, f, indent=1)
        dest = KernelSpecManager().install_kernel_spec(d, "chiso", user=not a.prefix, prefix=a.prefix)
    print("installed the chiso kernel in %s" % dest)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "install":
        install(sys.argv[2:])
    else:
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(kernel_class=_kernel_class())
