# Sourced by the bench scripts that drive `attnviz serve` (server.sh, tiles.sh, pagerun.sh); they
# set $bin (the attnviz binary) and $python (the venv's) first. Not a bench itself: bench/run
# runs only bench/*.sh.

# A free loopback port.
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_serve LOG ARGS...: starts `attnviz serve ARGS...` on a free loopback port, its stderr in
# LOG, sets $port and $pid, and waits until /healthz answers (60 s at most, else prints LOG and
# fails).
start_serve() {
  local log="$1"; shift
  port="$(free_port)"
  "$bin" serve "$@" --host 127.0.0.1 --port "$port" 2>"$log" &
  pid=$!
  for _ in $(seq 1 600); do
    "$python" -c "import sys, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{sys.argv[1]}/healthz', timeout=1).read()" \
      "$port" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "attnviz serve $* did not answer /healthz within 60 s:" >&2
  cat "$log" >&2
  return 1
}

# stop_serve NAME: SIGTERM to $pid; fails, naming the script, unless it exits cleanly.
stop_serve() {
  kill -TERM "$pid"
  wait "$pid" || { echo "$1: server exited with $? after SIGTERM" >&2; return 1; }
}
