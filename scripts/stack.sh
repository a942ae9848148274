#!/usr/bin/env bash
# The production profile on this machine (make stack / make stack-down; docs/operations.md).
#
#   scripts/stack.sh up       PostgreSQL, Redis, two gunicorn nodes, a Celery worker and beat,
#                             nginx (TLS, self-signed) balancing over the nodes; the demo data
#   scripts/stack.sh down     stops everything it started, by the PIDs it wrote
#   scripts/stack.sh status   what runs, and /readyz through nginx
#   scripts/stack.sh node-start N | node-stop N   one web node (the failure drills use them)
#   scripts/stack.sh redis-start | redis-stop | pg-restart
#
# Everything lives in var/stack/ (never committed): the env file with the keys (made once),
# the database cluster, Redis's data, the shared upload directory, logs and PID files.
# Ports: STACK_HTTPS_PORT (8443), STACK_NODE_PORTS ("8101 8102"), STACK_PG_PORT (55432),
# STACK_REDIS_PORT (56379), STACK_WORKER_METRICS_PORT (8109: the Celery worker's /metrics).
# Each web node's /metrics is on its own port (127.0.0.1 only; nginx refuses /metrics).
# Nothing here touches the machine's own PostgreSQL or Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
S="$ROOT/var/stack"
RUN="$S/run"
LOG="$S/log"
BIN="$ROOT/.venv/bin"
HTTPS_PORT="${STACK_HTTPS_PORT:-8443}"
read -r -a NODE_PORTS <<<"${STACK_NODE_PORTS:-8101 8102}"
PG_PORT="${STACK_PG_PORT:-55432}"
REDIS_PORT="${STACK_REDIS_PORT:-56379}"
WORKER_METRICS_PORT="${STACK_WORKER_METRICS_PORT:-8109}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
ENV_FILE="$S/onewindow.env"
export ONEWINDOW_ENV_FILE="$ENV_FILE"
export PYTHONUNBUFFERED=1

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() { # wait_for SECONDS command...: true as soon as the command succeeds
  local limit=$1; shift
  for _ in $(seq "$((limit * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

need_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v openssl >/dev/null || missing+=(openssl)
  [ -n "$PG_BIN" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing Debian's ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
}

make_env() {
  [ -s "$ENV_FILE" ] && return 0
  mkdir -p "$S"
  (umask 077; "$BIN/python" - "$ENV_FILE" "$S" "$HTTPS_PORT" "$PG_PORT" "$REDIS_PORT" <<'PY'
import secrets, sys
path, stack, https, pg, redis = sys.argv[1:]
lines = f"""# Made once by `make stack` for this checkout: its keys. Never commit; keep it with backups.
ONEWINDOW_PROFILE=production
SECRET_KEY={secrets.token_urlsafe(50)}
PII_ENCRYPTION_KEY={secrets.token_hex(16)}
PII_INDEX_KEY={secrets.token_hex(32)}
AUDIT_HMAC_KEY={secrets.token_hex(32)}
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=https://127.0.0.1:{https},https://localhost:{https}
CASES_PUBLIC_BASE_URL=https://127.0.0.1:{https}
DATABASE_URL=postgres://onewindow@127.0.0.1:{pg}/onewindow
CACHE_URL=redis://127.0.0.1:{redis}/1
CELERY_BROKER_URL=redis://127.0.0.1:{redis}/0
PROXY_COUNT=1
STATIC_ROOT={stack.rsplit("/var/stack", 1)[0]}/staticfiles
MEDIA_ROOT={stack}/media
NOTIFY_BACKENDS=file
NOTIFY_FILE_PATH={stack}/notifications.jsonl
AUDIT_ANCHOR_FILE={stack}/audit-anchors.jsonl
FEEDBACK_PROVINCIAL_FILE={stack}/provincial_ratings.jsonl
LOG_FORMAT=json
NOTIFY_OUTBOX_SWEEP_SECONDS=10
# The demo's staff have no TOTP device: a real installation leaves this at its default (on).
OTP_REQUIRED_FOR_STAFF=False
"""
with open(path, "w") as handle:
    handle.write(lines)
PY
  )
  echo "== wrote $ENV_FILE (keys for this checkout; not committed)"
}

use_env() { # the env file is the stack's whole configuration: a caller's own DATABASE_URL
  # (CI exports its test database's before `make stack`) must not point the stack elsewhere.
  [ -s "$ENV_FILE" ] || return 0
  set -a; . "$ENV_FILE"; set +a
}

pg_up() {
  mkdir -p "$S" "$LOG"
  if [ ! -s "$S/pgdata/PG_VERSION" ]; then
    mkdir -p "$S/pgdata" "$S/pgrun"
    chmod 700 "$S/pgdata"
    chown postgres: "$S/pgdata" "$S/pgrun" 2>/dev/null || true
    as_postgres "$PG_BIN/initdb" -D "$S/pgdata" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust >/dev/null
  fi
  touch "$LOG/postgresql.log"; chown postgres: "$LOG/postgresql.log" 2>/dev/null || true
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$S/pgdata" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$S/pgdata" -l "$LOG/postgresql.log" -w -t 30 start \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $S/pgrun -c max_connections=200" >/dev/null
  fi
  psql_stack -tAc "SELECT 1 FROM pg_roles WHERE rolname='onewindow'" | grep -q 1 ||
    psql_stack -qc "CREATE ROLE onewindow LOGIN CREATEDB"
  psql_stack -tAc "SELECT 1 FROM pg_database WHERE datname='onewindow'" | grep -q 1 ||
    psql_stack -qc "CREATE DATABASE onewindow OWNER onewindow"
}

psql_stack() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

pg_down() {
  [ -s "$S/pgdata/postmaster.pid" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$S/pgdata" -m fast -w -t 60 stop >/dev/null || true
}

redis_up() {
  mkdir -p "$S/redis" "$RUN" "$LOG"
  alive "$RUN/redis.pid" && return 0
  # appendonly: queued tasks survive a Redis restart (the outbox would resend them anyway).
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$S/redis" \
    --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log" --save "" --appendonly yes
  wait_for 10 redis-cli -p "$REDIS_PORT" ping
}

stop_pid() { # stop_pid PIDFILE [SIGNAL]: TERM, wait up to 30 s, then KILL; remove the file
  local file=$1 sig=${2:-TERM} pid
  [ -s "$file" ] || { rm -f "$file"; return 0; }
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

redis_down() { stop_pid "$RUN/redis.pid"; }

node_up() { # node_up INDEX (1-based)
  local i=$1 port=${NODE_PORTS[$(($1 - 1))]}
  alive "$RUN/web$i.pid" && return 0
  mkdir -p "$S/prometheus/web$i"
  # Each node's processes add up their metrics in a directory of its own (emptied at start).
  PROMETHEUS_MULTIPROC_DIR="$S/prometheus/web$i" \
  ONEWINDOW_NODE="web$i" GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS="${STACK_WORKERS:-2}" \
    "$BIN/gunicorn" -c deploy/gunicorn.conf.py --daemon --pid "$RUN/web$i.pid" \
    --error-logfile "$LOG/web$i.log" --capture-output
  wait_for 60 curl -fsS "http://127.0.0.1:$port/healthz" ||
    { echo "web$i did not start: see $LOG/web$i.log" >&2; return 1; }
}

node_down() { stop_pid "$RUN/web$1.pid" "${2:-TERM}"; }

celery_up() {
  if ! alive "$RUN/worker.pid"; then rm -rf "$S/prometheus/worker"; mkdir -p "$S/prometheus/worker"; fi
  alive "$RUN/worker.pid" || PROMETHEUS_MULTIPROC_DIR="$S/prometheus/worker" \
    METRICS_WORKER_PORT="$WORKER_METRICS_PORT" "$BIN/celery" -A onewindow worker --detach --loglevel=INFO \
    --concurrency=2 --hostname="worker@%h" --pidfile="$RUN/worker.pid" --logfile="$LOG/worker.log"
  alive "$RUN/beat.pid" || "$BIN/celery" -A onewindow beat --detach --loglevel=INFO \
    --schedule="$S/celerybeat-schedule" --pidfile="$RUN/beat.pid" --logfile="$LOG/beat.log"
  wait_for 30 test -s "$RUN/worker.pid"
  wait_for 30 test -s "$RUN/beat.pid"
}

nginx_conf() {
  mkdir -p "$S/nginx/tmp" "$S/tls"
  if [ ! -s "$S/tls/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$S/tls/key.pem" -out "$S/tls/cert.pem" >/dev/null 2>&1
  fi
  # The shared location blocks of the real site, with this checkout's paths.
  sed "s#/srv/onewindow/#$ROOT/#g" deploy/nginx/onewindow-proxy.conf >"$S/nginx/onewindow-proxy.conf"
  sed -i "s#$ROOT/deploy/nginx/proxy-headers.conf#$S/nginx/proxy-headers.conf#" "$S/nginx/onewindow-proxy.conf"
  cp deploy/nginx/proxy-headers.conf "$S/nginx/proxy-headers.conf"
  {
    echo "worker_processes 1;"
    echo "pid $RUN/nginx.pid;"
    echo "error_log $LOG/nginx-error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  include /etc/nginx/mime.types;"
    echo "  default_type application/octet-stream;"
    echo "  sendfile on; tcp_nopush on; server_tokens off;"
    echo "  client_body_temp_path $S/nginx/tmp/body; proxy_temp_path $S/nginx/tmp/proxy;"
    echo "  fastcgi_temp_path $S/nginx/tmp/fcgi; uwsgi_temp_path $S/nginx/tmp/uwsgi;"
    echo "  scgi_temp_path $S/nginx/tmp/scgi;"
    sed -n '/^log_format/,/;$/p' deploy/nginx/onewindow.conf
    echo "  upstream onewindow_web {"
    for port in "${NODE_PORTS[@]}"; do
      echo "    server 127.0.0.1:$port max_fails=2 fail_timeout=5s;"
    done
    echo "    keepalive 32;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$HTTPS_PORT ssl;"
    echo "    server_name localhost;"
    echo "    ssl_certificate $S/tls/cert.pem; ssl_certificate_key $S/tls/key.pem;"
    echo "    access_log $LOG/nginx-access.log onewindow_json;"
    echo "    include $S/nginx/onewindow-proxy.conf;"
    echo "  }"
    echo "}"
  } >"$S/nginx/nginx.conf"
}

nginx_up() {
  nginx_conf
  nginx -t -q -p "$S/nginx" -c "$S/nginx/nginx.conf"
  if alive "$RUN/nginx.pid"; then
    kill -HUP "$(cat "$RUN/nginx.pid")"
  else
    nginx -p "$S/nginx" -c "$S/nginx/nginx.conf"
  fi
  wait_for 10 test -s "$RUN/nginx.pid"
}

up() {
  need_packages
  [ -x "$BIN/gunicorn" ] || make install
  # Built once (a fresh clone); a worktree sharing node_modules must not run npm ci again.
  [ -s onewindow/static/vendor/VERSIONS.json ] || make -s assets
  [ -s onewindow/locale/en/LC_MESSAGES/django.mo ] || make -s messages
  make_env
  use_env
  mkdir -p "$RUN" "$LOG" "$S/media"
  echo "== PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
  pg_up
  redis_up
  echo "== migrate, collectstatic, the demo (first time only)"
  "$BIN/python" manage.py migrate --noinput -v 0
  "$BIN/python" manage.py collectstatic --noinput -v 0
  if [ ! -e "$S/.demo-loaded" ]; then
    "$BIN/python" manage.py load_demo >"$LOG/load_demo.log"
    touch "$S/.demo-loaded"
  fi
  echo "== web nodes on ${NODE_PORTS[*]}, Celery worker and beat, nginx on $HTTPS_PORT"
  for i in $(seq ${#NODE_PORTS[@]}); do node_up "$i"; done
  celery_up
  nginx_up
  if wait_for 30 curl -fsSk "https://127.0.0.1:$HTTPS_PORT/readyz"; then
    echo "== ready: https://127.0.0.1:$HTTPS_PORT/ (self-signed certificate)"
    curl -sSk "https://127.0.0.1:$HTTPS_PORT/readyz"; echo
  else
    echo "== /readyz is not 200:" >&2
    curl -sSk "https://127.0.0.1:$HTTPS_PORT/readyz" >&2 || true
    exit 1
  fi
}

down() {
  stop_pid "$RUN/nginx.pid" QUIT
  for i in $(seq ${#NODE_PORTS[@]}); do node_down "$i"; done
  stop_pid "$RUN/beat.pid"
  stop_pid "$RUN/worker.pid"
  redis_down
  pg_down
  echo "== stack stopped"
}

status() {
  for name in nginx web1 web2 worker beat redis; do
    if alive "$RUN/$name.pid"; then echo "$name: running ($(cat "$RUN/$name.pid"))"; else echo "$name: stopped"; fi
  done
  if [ -s "$S/pgdata/postmaster.pid" ]; then echo "postgresql: running ($(head -1 "$S/pgdata/postmaster.pid"))"; else echo "postgresql: stopped"; fi
  curl -sSk "https://127.0.0.1:$HTTPS_PORT/readyz" || true
  echo
}

use_env
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  node-start) node_up "$2" ;;
  node-stop) node_down "$2" "${3:-TERM}" ;;
  redis-start) redis_up ;;
  redis-stop) redis_down ;;
  pg-restart) pg_down; pg_up ;;
  *) echo "usage: $0 up|down|status|node-start N|node-stop N [SIGNAL]|redis-start|redis-stop|pg-restart" >&2; exit 2 ;;
esac
