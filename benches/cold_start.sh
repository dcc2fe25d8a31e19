#!/usr/bin/env bash
# Whole-process figures on a full year of the doubled demo school:
#  - cold start to the first grid frame (`zhurnal screen`: open the journal, read the
#    course page, draw it at 80×24), side by side with the `sqlite3` shell running the
#    grid's own queries on the same file;
#  - peak memory (RSS) of that process and of the interactive journal in tmux with the
#    grid open.
# Needs: hyperfine, sqlite3, tmux, GNU time (/usr/bin/time). Usage: benches/cold_start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
BIN=$PWD/target/release/zhurnal
WORK=${BENCH_DIR:-/tmp/zhurnal-bench}
DB=$WORK/scale2.sqlite
TODAY=2026-05-20
mkdir -p "$WORK"
[ -f "$DB" ] || "$BIN" demo --db "$DB" --scale 2 --until 2026-05-25 >/dev/null

# The grid's queries (Store::journal_page and the course's students), with 7Б
# Алгебра's course and the period holding TODAY filled in.
read -r COURSE CLASS <<<"$(sqlite3 -separator ' ' "$DB" \
  "SELECT c.id, c.class_id FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
   WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND c.subgroup_id IS NULL LIMIT 1")"
read -r PERIOD FROM TO <<<"$(sqlite3 -separator ' ' "$DB" \
  "SELECT id, start_date, end_date FROM period WHERE start_date <= '$TODAY' AND end_date >= '$TODAY' LIMIT 1")"
SQL=$WORK/grid.sql
cat >"$SQL" <<SQL
SELECT DISTINCT s.id, s.last_name, s.first_name, s.patronymic FROM course c
  JOIN enrollment e ON e.class_id = c.class_id JOIN student s ON s.id = e.student_id
  WHERE c.id = $COURSE AND e.start_date <= '$TO' AND (e.end_date IS NULL OR e.end_date > '$FROM');
SELECT id, course_id, date, lesson_no, topic, homework, work_type_id, conducted_by, attendance_taken_at,
       homework_kind, note, plan_item_id
  FROM lesson WHERE course_id = $COURSE AND date BETWEEN '$FROM' AND '$TO' AND cancelled_reason IS NULL
  ORDER BY date, lesson_no;
SELECT m.lesson_id, m.student_id, m.id, m.value, w.short, m.weight
  FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN work_type w ON w.id = m.work_type_id
  WHERE l.course_id = $COURSE AND l.date BETWEEN '$FROM' AND '$TO' ORDER BY m.id;
SELECT a.lesson_id, a.student_id, a.code FROM attendance a JOIN lesson l ON l.id = a.lesson_id
  WHERE l.course_id = $COURSE AND l.date BETWEEN '$FROM' AND '$TO';
SELECT student_id, value FROM final_mark WHERE course_id = $COURSE AND period_id = $PERIOD;
SQL
echo "journal: $DB ($(du -h "$DB" | cut -f1)), course $COURSE, period $PERIOD ($FROM – $TO)"
"$BIN" screen --db "$DB" --today "$TODAY" --class 7Б --subject Алгебра --as teacher | head -3

hyperfine -N --warmup 5 --runs 50 \
  -n "zhurnal screen (first grid frame)" \
  "$BIN screen --db $DB --today $TODAY --class 7Б --subject Алгебра --as teacher" \
  -n "sqlite3 (the grid's queries)" \
  "sqlite3 $DB -init $SQL .quit"

echo
echo "peak RSS, zhurnal screen:"
/usr/bin/time -f "  %M KiB" "$BIN" screen --db "$DB" --today "$TODAY" --class 7Б --subject Алгебра --as teacher >/dev/null
echo "peak RSS, sqlite3 with the grid's queries:"
/usr/bin/time -f "  %M KiB" sqlite3 "$DB" -init "$SQL" .quit >/dev/null

# The interactive journal: log in as the teacher, open the grid, move about, quit; GNU
# time reports the whole run's peak.
S=zhurnal-bench-$$
tmux -L "$S" new-session -d -s z -x 80 -y 24 \
  "/usr/bin/time -o $WORK/tui.rss -f %M $BIN --db $DB --today $TODAY"
sleep 0.5
tmux -L "$S" send-keys -t z teacher Enter demo Enter
sleep 1
tmux -L "$S" send-keys -t z Enter
sleep 0.5
for _ in $(seq 20); do tmux -L "$S" send-keys -t z Down Right; done
sleep 0.5
tmux -L "$S" capture-pane -p -t z | head -2
tmux -L "$S" send-keys -t z C-q
sleep 1
tmux -L "$S" kill-server 2>/dev/null || true
echo "peak RSS, the journal in a terminal with the grid open: $(cat "$WORK/tui.rss") KiB"
