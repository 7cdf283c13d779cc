"""What each worker of `ramstein serve --workers N` runs first: it dies with the process that started it.

uvicorn's workers are child processes; when their parent is killed outright (SIGKILL, the OOM
killer) nothing tells them, and they keep answering on the shared socket, so a restart then finds
the address in use. On Linux the kernel sends each worker SIGTERM when its parent dies
(prctl PR_SET_PDEATHSIG); elsewhere a thread checks the parent once a second. SIGTERM is uvicorn's
own graceful stop: requests in progress finish, the group commit closes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

from fastapi import FastAPI

PARENT_ENV = "RAMSTEIN_SERVE_PARENT"
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    if os.getpid() == parent:  # one worker runs in the serving process itself
        return
    if not (sys.platform.startswith("linux") and _ask_kernel()):
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watchdog").start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _ask_kernel() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def worker_app() -> FastAPI:
    """The factory `ramstein serve` hands uvicorn."""
    from ramstein.api.app import app_from_environment

    parent = os.environ.get(PARENT_ENV)
    if parent:
        die_with_parent(int(parent))
    return app_from_environment()
