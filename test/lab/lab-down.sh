#!/usr/bin/env bash
# lab-down.sh: stop exactly the daemons lab-up.sh started, by their pid files in $LAB/run, and wait until
# the lab's ports are free. A pid is signalled only while its command line still names this lab directory
# (a recycled pid belongs to someone else). Before stopping, it prints each daemon's peak RSS (VmHWM).
#   lab-down.sh           stop daemons, keep logs (lab.json is removed: it describes a running lab)
#   lab-down.sh --purge   also delete the lab state
set -uo pipefail
LAB=$(realpath -m "${CEPH_FEDERATION_LAB:-${TMPDIR:-/tmp}/ceph-federation-lab}")
ORDER=(sshd client.rgw.b client.rgw.a mgr.x osd.0 mon.a)     # reverse start order
STATE=(ceph.conf keyring fsid monmap mon mgr osd run log ssh lab.env lab.json autostarted)
[ -d "$LAB" ] || { echo "lab-down: no lab at $LAB"; exit 0; }
exec 9>"$LAB/.lock"; flock -w 600 9 || { echo "lab-down: $LAB/.lock is held by another lab-up/lab-down"; exit 1; }

# alive = exists and not a zombie (daemons are reparented to init, which may reap late)
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
ours() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$LAB/"; }
ports=()
# shellcheck disable=SC2207
[ -s "$LAB/run/ports" ] && ports=($(cat "$LAB/run/ports"))

rc=0; total=0; peaks=""; stopped=0
for name in "${ORDER[@]}"; do
  f=$LAB/run/$name.pid
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  if alive "$pid" && ours "$pid"; then
    hwm=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null); hwm=${hwm:-0}
    total=$((total + hwm)); peaks+="$name=$hwm "
    t0=$(date +%s.%N); kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 150); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; echo "killed $name (pid $pid) with SIGKILL after 15 s"
    else echo "stopped $name (pid $pid) in $(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1-$2}')s"; fi
    rm -f "$f"; stopped=$((stopped + 1))
  elif alive "$pid"; then
    echo "$name: pid $pid is alive but is not this lab's process: NOT touching it"; rc=1
  else
    echo "$name: pid $pid not running (stale pid file removed)"; rm -f "$f"
  fi
done
[ -n "$peaks" ] && echo "peak RSS MiB (VmHWM): ${peaks}total=$total"

# the kernel releases listening sockets as the processes exit; wait for that rather than assume it
busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
[ $stopped -gt 0 ] || ports=()
for p in "${ports[@]}"; do
  for _ in $(seq 1 100); do busy "$p" || break; sleep 0.1; done
  if busy "$p"; then echo "port $p is still in use (not by this lab's pid files)"; rc=1; fi
done
rm -f "$LAB/lab.json" "$LAB/lab.env" "$LAB/autostarted"
if [ "${1:-}" = --purge ]; then
  for s in "${STATE[@]}"; do rm -rf "${LAB:?}/$s"; done
  rm -rf "$LAB/apt-install.log" "$LAB/.lock" "$LAB/users" "$LAB/users-waiting" "$LAB/test-lease" "$LAB/mutating.lock"
  rmdir "$LAB" 2>/dev/null || true
  echo "purged lab state in $LAB"
fi
exit $rc
