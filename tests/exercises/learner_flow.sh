#!/usr/bin/env bash
# CI: each exercise as a learner meets it, through the Makefile's verbs:
#   make exercise-<name>   writes the copy, its first line names file:line, each hint is
#                          printed at most once, exit status 1;
#   the real header copied over the copy: exit 0 and "N of N equations right";
#   make exercise-reset-<name>  moves that copy to a backup and says where;
#   make chapter-<name> EXERCISE=1 (Adam only: one chapter is enough) says so first.
# A learner's own exercise folders (copies and backups) are moved aside first and put back
# at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s exercise-tool
aside=$(mktemp -d)
restore() {
  for f in "$aside"/*; do
    [ -e "$f" ] || continue
    folder=$(basename "$f" | tr '%' '/')
    rm -rf "$folder"
    mv "$f" "$folder"
  done
  rmdir "$aside"
}
trap restore EXIT
fail() { echo "FAIL $*"; exit 1; }

for name in $(./build/tests/exercise-tool names | tr -d ','); do
  header=$(grep -o "\"$name\", \"[^\"]*\"" build/tests/exercises/exercises.inc | cut -d'"' -f4)
  copy=$(dirname "$header")/exercise/$(basename "$header")
  folder=$(dirname "$copy")
  if [ -e "$folder" ]; then mv "$folder" "$aside/$(echo "$folder" | tr '/' '%')"; fi

  status=0
  make -s exercise-$name > build/flow-$name.txt 2>&1 || status=$?
  first=$(head -n 1 build/flow-$name.txt)
  [ "$status" -ne 0 ] || fail "make exercise-$name passed untouched"
  [ -e "$copy" ] || fail "make exercise-$name wrote no $copy"
  [[ "$first" =~ ^Edit\ $copy:[0-9]+, ]] || fail "first line of make exercise-$name: $first"
  repeated=$(grep "^    Hint:" build/flow-$name.txt | sort | uniq -d | head -n 1)
  [ -z "$repeated" ] || fail "make exercise-$name repeats a hint: $repeated"

  cp "$header" "$copy"
  make -s exercise-$name > build/flow-$name.txt 2>&1 || fail "the real $header fails:
$(cat build/flow-$name.txt)"
  last=$(tail -n 1 build/flow-$name.txt)
  [[ "$last" =~ :\ ([0-9]+)\ of\ ([0-9]+)\ equations\ right ]] &&
    [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] || fail "last line: $last"

  if [ "$name" = adam ]; then
    make -s chapter-adam EXERCISE=1 ARGS="--out build/flow-figures" > build/flow-chapter.txt
    [[ "$(head -n 1 build/flow-chapter.txt)" == *"built with your exercise copy $copy"* ]] ||
      fail "make chapter-adam EXERCISE=1 does not say it runs the copy"
  fi
  said=$(make -s exercise-reset-$name)
  [[ "$said" == *"Moved your copy to $copy.backup-1"* ]] ||
    fail "make exercise-reset-$name did not say where the backup went: $said"
  [ -e "$copy.backup-1" ] || fail "no backup $copy.backup-1"
  rm -rf "$folder"
  echo "ok   exercise-$name: $first ... $last"
done
