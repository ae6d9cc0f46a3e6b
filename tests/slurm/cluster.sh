#!/usr/bin/env bash
# A real one-node SLURM cluster for the tests: munged, slurmctld and slurmd on this machine, every
# file (configuration, munge key and socket, state, spool, logs) in one temp folder.
#   cluster.sh start   prints `export SLURM_CONF=...` lines (eval them); waits until the node is idle
#   cluster.sh stop    stops the daemons started by `start` (by their pid files) and removes the folder
#   cluster.sh env     prints the exports again
# The folder is $MORLOC_SLURM_DIR, default /tmp/morloc-slurm-$USER. Runs as root (SlurmUser=root)
# or as any user (the daemons then run as that user).
set -euo pipefail

dir="${MORLOC_SLURM_DIR:-/tmp/morloc-slurm-$(id -un)}"
conf="$dir/slurm.conf"

# The Debian packages put the daemons in /usr/sbin, which a non-login shell may not search.
export PATH="$PATH:/usr/sbin:/sbin"

say() { echo "cluster.sh: $*" >&2; }

# A TCP port nobody listens on, starting at $1 (another cluster or service may hold the default).
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

stop() {
  local f pid
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$dir/$f" ] || continue
    pid="$(cat "$dir/$f" 2>/dev/null || true)"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    # The daemons exit within a second or two; wait so the ports and sockets are free afterwards.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

exports() {
  echo "export SLURM_CONF='$conf'"
  echo "export PATH=\"\$PATH:/usr/sbin:/sbin\""
}

start() {
  local missing=() c
  for c in munged slurmctld slurmd sbatch squeue scontrol scancel; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  if [ "${#missing[@]}" -gt 0 ]; then say "missing ${missing[*]} (apt-get install slurm-wlm munge)"; exit 1; fi

  [ -d "$dir" ] && stop
  mkdir -p "$dir"/{state,spool,munge,log}
  chmod 700 "$dir" "$dir/munge"

  local host user cpus mem ctlport dport
  host="$(hostname -s)"
  user="$(id -un)"
  cpus="$(nproc --all)"
  # RealMemory above what slurmd finds drains the node; leave 10% for the system.
  mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
  ctlport="$(free_port "${MORLOC_SLURM_PORT:-6817}")"
  dport="$(free_port $((ctlport + 1)))"

  # munge: a fresh key and a private socket, so a system munged (if any) is left alone.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1 count=1024 status=none
  chmod 400 "$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
    --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munge.seed"

  cat >"$conf" <<CONF
ClusterName=morloc-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$ctlport
SlurmdPort=$dport
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SchedulerType=sched/backfill
# pending jobs and array elements start within a second of room on the node (defaults: 30 s / 60 s)
SchedulerParameters=bf_interval=1,sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
# No accounting daemon: finished jobs are read from slurmctld while it still holds them.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
# Memory limits enforced by polling each step's memory every second (no cgroups here).
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
# A job asking more than the partition allows is refused at submission.
EnforcePartLimits=ALL
# Time limits: SIGTERM at the limit, SIGKILL 2 s later.
KillWait=2
OverTimeLimit=0
InactiveLimit=0
ReturnToService=2
SlurmdTimeout=30
SlurmctldTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE DefMemPerCPU=512 State=UP
CONF
  export SLURM_CONF="$conf"

  slurmctld -f "$conf"
  slurmd -f "$conf"

  # Ready when the node reports idle (slurmd registered with slurmctld).
  local state=""
  for _ in $(seq 1 150); do
    state="$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)"
    case "$state" in idle*|mixed*|allocated*) break ;; esac
    sleep 0.2
  done
  case "$state" in
    idle*|mixed*|allocated*) ;;
    *)
      say "node $host did not come up (state '${state:-none}'); logs in $dir/log"
      tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
      stop
      exit 1 ;;
  esac
  exports
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) exports ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
