#!/usr/bin/env bash
# Drives the interactive `contextgate chat` in tmux (send-keys / capture-pane) and prints the screen.
# No gateway needs to run: chat starts one in-process on the simulated provider (offline).
# Usage: bench/chat-tmux/run.sh            (builds target/contextgate.jar when missing)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$java" ] || java=java
[ -f target/contextgate.jar ] || ./mvnw -B -o -q -DskipTests package
data="$(mktemp -d)"
session="cg-chat-$$"
port=$(( 20000 + RANDOM % 20000 ))   # nothing listens there: chat starts its own gateway
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$data"' EXIT

tmux new-session -d -s "$session" -x 110 -y 40 \
  "env -u ANTHROPIC_API_KEY -u OPENAI_API_KEY -u OPENAI_BASE_URL CONTEXTGATE_CONFIG= \
   $java --enable-native-access=ALL-UNNAMED -jar target/contextgate.jar chat \
   --url http://127.0.0.1:$port --data $data --context demo -m gpt-4o-mini; sleep 30"

wait_for() {  # wait until the pane shows $1 (at most ~20 s)
  for _ in $(seq 1 100); do
    tmux capture-pane -p -t "$session" | grep -qF -- "$1" && return 0
    sleep 0.2
  done
  echo "timed out waiting for: $1" >&2; tmux capture-pane -p -t "$session" >&2; return 1
}
send() { tmux send-keys -t "$session" -l -- "$1"; tmux send-keys -t "$session" Enter; }

wait_for "you>"
send "My name is Ada."
wait_for "you> My name is Ada."; sleep 1
send "/model claude-sonnet-4-5"
wait_for "model: claude-sonnet-4-5"
send "What is my name?"; sleep 1.5
send "/window"
wait_for "window for claude-sonnet-4-5"
send "/context"
wait_for "context: demo"
send "/clear"
wait_for "new context chat-"
send "/exit"; sleep 0.5
tmux capture-pane -p -t "$session" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
