#!/usr/bin/env python3
"""An LSP client in a few lines: starts `mmun lsp` (argv[1:] is the command), opens a broken script
and waits for the diagnostic the CLI gives for it, then shuts the server down. Exit 0 when it came."""
import json
import subprocess
import sys
import threading

server = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
watchdog = threading.Timer(120, server.kill)  # a server that never answers fails the smoke test, not hangs it
watchdog.daemon = True
watchdog.start()


def send(msg):
    body = json.dumps(dict(msg, jsonrpc="2.0")).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    length = None
    while True:
        line = server.stdout.readline()
        if not line:
            sys.exit("lsp smoke: the server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return json.loads(server.stdout.read(length))


def until(pred):
    while True:
        m = receive()
        if pred(m):
            return m


uri = "file:///tmp/broken.mmun"
send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
init = until(lambda m: m.get("id") == 1)
assert "capabilities" in init["result"], init
send({"method": "initialized", "params": {}})
send({"method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "mmun", "version": 1,
    "text": "page A at 0x1000 = 0\ncpu T { r = read(Q) }\n"}}})
diag = until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
ds = diag["params"]["diagnostics"]
assert ds and ds[0]["severity"] == 1 and ds[0]["range"]["start"]["line"] == 1, diag
send({"id": 2, "method": "shutdown"})
until(lambda m: m.get("id") == 2)
send({"method": "exit"})
server.stdin.close()
sys.exit(0 if server.wait(timeout=60) == 0 else "lsp smoke: the server exited " + str(server.returncode))
