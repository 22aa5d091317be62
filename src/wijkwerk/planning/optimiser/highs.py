"""Quiet construction of HiGHS objects (highspy prints a banner on stdout the first time)."""

from __future__ import annotations

import os
import sys
import threading

import highspy

_lock = threading.Lock()
_banner_done = False


def new_highs() -> highspy.Highs:
    global _banner_done
    with _lock:
        if not _banner_done:
            sys.stdout.flush()
            sys.stderr.flush()
            saved = os.dup(1), os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                h = highspy.Highs()
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(devnull)
                os.close(saved[0])
                os.close(saved[1])
            _banner_done = True
        else:
            h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


INF = highspy.kHighsInf
