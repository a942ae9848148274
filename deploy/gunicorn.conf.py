"""gunicorn configuration of one OneWindow web node (every node uses this file).

    gunicorn -c deploy/gunicorn.conf.py onewindow.wsgi

Environment (systemd's EnvironmentFile, or the stack's var/stack/onewindow.env):
  GUNICORN_BIND      address to listen on (default 127.0.0.1:8000; nginx is the only client)
  GUNICORN_WORKERS   processes (default: CPU count, at least 2)
  GUNICORN_THREADS   threads per process (default 4: gthread; requests mostly wait on SQL)
  GUNICORN_WORKER_CLASS  gthread (default) or sync (benchmarks/hot_paths.py compares them)
  GUNICORN_TIMEOUT   a worker silent this long is killed and replaced (default 60 s)
  ONEWINDOW_NODE     this node's name in the logs (default: the host name)
  PROMETHEUS_MULTIPROC_DIR  a directory of this node's own (emptied at start): every worker
                     process writes its metrics there and /metrics adds them up

Sync-style WSGI on purpose: Django reads at most the declared body length and nothing of
a chunked one (docs/operations.md, "Uploads, request size and outages").
"""

import os
import socket

wsgi_app = "onewindow.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS") or max(2, os.cpu_count() or 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# nginx keeps connections to the nodes open (upstream keepalive).
keepalive = 75
# A worker is replaced after this many requests (with jitter, so not all at once): a slow
# leak in a library cannot grow for months.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load the application once in the master: workers fork with the code and the SM3/SM4 self
# test done, and a broken deployment fails at start, not at the first request.
preload_app = True
proc_name = f"onewindow-{os.environ.get('ONEWINDOW_NODE') or socket.gethostname()}"
# Only nginx on this host (or the balancer's addresses) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Error log to stderr (journald under systemd); access lines come from nginx, which has the
# request id, the upstream node and the timing.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Request lines up to 8 KB and at most 100 headers; bodies are limited by nginx and Django.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn's control socket defaults to one path in the home directory, which two nodes on
# one host would share: off unless GUNICORN_CONTROL_SOCKET names one for this node.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def on_starting(server):
    # Files of the previous run's processes would add their counts to this run's.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_fork(server, worker):
    # Connections opened by the master while preloading must not be shared by the workers.
    from django.db import connections

    connections.close_all()


def pre_request(worker, req):
    # nginx's $request_id, in every log line of the request and of the tasks it starts.
    from onewindow.core import request_id

    value = next((v for k, v in req.headers if k == "X-REQUEST-ID"), None)
    request_id.set_current(value)


def post_request(worker, req, environ, resp):
    from onewindow.core import request_id

    request_id.set_current("")
