"""A real Python pool daemon for the tests, started against a fake nexus socket: this test process
plays the nexus (it receives READY, holds the connection whose end of file stops the pool) and
becomes a client of the pool through morloc.pool."""
import os
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, ROOT)
from morloc import packet as P  # noqa: E402
from morloc import pool  # noqa: E402
from morloc.arena import Arena  # noqa: E402


class Daemon:
    def __init__(self, script, label, env=None, stdout=None):
        """Write `script` (the pool's main module) to a run folder and start it with the pool's
        environment plus `env`; wait for its READY."""
        self.dir = tempfile.mkdtemp(prefix="mlc-test-")
        self.prefix = "mlc-%d-%s" % (os.getpid(), label)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(os.path.join(self.dir, "nexus.sock"))
        self.listener.listen(4)
        path = os.path.join(self.dir, "pool.py")
        with open(path, "w") as f:
            f.write(script)
        full = dict(os.environ, MORLOC_RUN_DIR=self.dir, MORLOC_LANG="py", MORLOC_ARENA=self.prefix, MORLOC_SLOT="1")
        full.update(env or {})
        self.proc = subprocess.Popen([sys.executable, path], env=full, stdout=stdout)
        self.listener.settimeout(10)
        self.nexus, _ = self.listener.accept()
        ready = P.recv_packet(self.nexus)
        assert ready.kind == P.READY and ready.metadata == b"py", ready
        self.arena = Arena.create(self.prefix, 0)
        pool._run_dir = self.dir
        pool._arena = self.arena

    def stop(self):
        """Close the nexus connection (the pool must exit by itself) and remove all the run left."""
        for conns in pool._idle.values():
            for conn in conns:
                conn.close()
        pool._idle.clear()
        self.nexus.close()
        self.listener.close()
        try:
            self.proc.wait(timeout=5)
        finally:
            self.proc.kill()
            if self.proc.stdout:
                self.proc.stdout.close()
        self.arena.close()
        folder = "/dev/shm/" + self.prefix
        if os.path.isdir(folder):
            for name in os.listdir(folder):
                os.unlink(folder + "/" + name)
            os.rmdir(folder)
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)
