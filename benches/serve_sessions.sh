#!/usr/bin/env bash
# Memory of `zhurnal serve` with many sessions: N OpenSSH clients (default 60) log in
# with a registered key, each opens the teacher's first lesson grid, and the server's
# resident size is read from /proc. Needs: ssh, ssh-keygen. Usage:
#   benches/serve_sessions.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-60}
cargo build --release -q
BIN=$PWD/target/release/zhurnal
WORK=$(mktemp -d)
echo "work: $WORK"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export ZHURNAL_TODAY=2025-11-20
"$BIN" demo --db "$WORK/j.sqlite" --until 2025-11-20 >/dev/null
ssh-keygen -q -t ed25519 -N "" -f "$WORK/key"
"$BIN" user key add teacher "$WORK/key.pub" --db "$WORK/j.sqlite" >/dev/null
PORT=$((20000 + RANDOM % 20000))
"$BIN" serve --db "$WORK/j.sqlite" --listen "127.0.0.1:$PORT" --host-key "$WORK/host" --max-per-account 1000 \
  2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS|VmHWM/ {printf "%s %s kB  ", $1, $2}' "/proc/$SERVER/status"; echo; }
echo "server idle:           $(rss)"
SSH="ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
     -o BatchMode=yes -o IdentitiesOnly=yes -i $WORK/key -p $PORT teacher@127.0.0.1"
# Each client in its own 80×24 terminal (a tmux window), as a teacher would have.
TMUX_SOCKET=zhurnal-sessions-$$
T() { tmux -L "$TMUX_SOCKET" "$@"; }
T new-session -d -s s -x 80 -y 24 "$SSH"
for _ in $(seq 2 "$N"); do T new-window -t s: "$SSH"; done
sleep 5
# Enter opens the first lesson's grid in every session.
for w in $(T list-windows -t s -F '#{window_index}'); do T send-keys -t "s:$w" Enter; done
sleep 3
echo "$N sessions, grids open: $(rss)"
echo "sessions logged in: $(grep -c 'вход «teacher»' "$WORK/serve.log")"
shown=0
for w in $(T list-windows -t s -F '#{window_index}'); do
  T capture-pane -p -t "s:$w" | grep -q " № Ученик" && shown=$((shown + 1))
done
echo "sessions showing a grid: $shown"
T kill-server 2>/dev/null || true
kill -TERM "$SERVER"
wait "$SERVER" || true
