#!/usr/bin/env bash
# lab-up.sh: a disposable single-host Ceph for the integration tests.
#   1 mon, 1 mgr, 1 memstore OSD (pools of size 1), two radosgw (beast) on loopback forming realm/zonegroup
#   with a master and a secondary zone (real data sync), a system user, a test user, and a key-only sshd on
#   loopback whose sessions get CEPH_CONF, so a plain `radosgw-admin` works over ssh.
# Debian 12, as root, no systemd, no containers. Everything lives in one lab directory with its own ceph.conf;
# /etc/ceph is never read or written (every tool gets -c, sshd sets CEPH_CONF).
#
# Idempotent: a lab that is already up and healthy is only described (exit 0). Anything else that a previous
# run left behind is stopped by pid file (lab-down.sh) and rebuilt from scratch.
#
# Environment:
#   CEPH_FEDERATION_LAB      lab directory (default ${TMPDIR:-/tmp}/ceph-federation-lab)
#   LAB_MON_PORT / LAB_MON_V1_PORT / LAB_RGW_MASTER_PORT / LAB_RGW_SECONDARY_PORT / LAB_SSH_PORT
#   LAB_FORCE=1              rebuild even if healthy
#   LAB_SELFTEST=1           also PUT an object on the master and wait for it on the secondary
#   CEPH_FEDERATION_LAB_AUTOSTART=1  set by the tests when they start the lab themselves: a lab built so is
#                            marked ($LAB/autostarted) and the last test process using it stops it again
# Exit codes: 0 ok, 1 bring-up failed, 2 a port is taken by something else, 3 packages cannot be installed,
#             4 not root. The tests skip (loudly) only on 3 and 4.
# Output: $LAB/lab.json (read by test/integration/lab.ts), $LAB/lab.env (shell), logs in $LAB/log.
set -Eeuo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

LAB=$(realpath -m "${CEPH_FEDERATION_LAB:-${TMPDIR:-/tmp}/ceph-federation-lab}")
CONF=$LAB/ceph.conf
export CEPH_CONF=$CONF
# Defaults stay away from Ceph's standard ports (3300/6789, 7480) and from 6800-7300 (OSD/mgr messengers),
# so a system Ceph or another lab on the same machine does not collide with this one.
MON_PORT=${LAB_MON_PORT:-13300}; MON_V1_PORT=${LAB_MON_V1_PORT:-16789}
RGW_A_PORT=${LAB_RGW_MASTER_PORT:-18001}; RGW_B_PORT=${LAB_RGW_SECONDARY_PORT:-18002}
SSH_PORT=${LAB_SSH_PORT:-12222}
PORTS=("$MON_PORT" "$MON_V1_PORT" "$RGW_A_PORT" "$RGW_B_PORT" "$SSH_PORT")
REALM=lab; ZONEGROUP=us; ZONE_A=us-east; ZONE_B=us-west
SYS_UID=sync-user; TEST_UID=tester
PKGS=(ceph-mon ceph-mgr ceph-osd ceph-common radosgw openssh-server openssh-client curl uuid-runtime)
DAEMONS=(mon.a mgr.x osd.0 client.rgw.a client.rgw.b sshd)   # lab-down.sh stops them in reverse order
STATE=(ceph.conf keyring fsid monmap mon mgr osd run log ssh lab.env lab.json autostarted)

T0=$(date +%s.%N)
el() { echo "$(date +%s.%N) $T0" | awk '{printf "%.1f", $1-$2}'; }
log() { printf '[lab-up %6ss] %s\n' "$(el)" "$*"; }
die() { local rc=${2:-1}; trap - ERR; log "ERROR: $1"; exit "$rc"; }
trap 'rc=$?; trap - ERR; log "FAILED (rc=$rc) at line $LINENO: $BASH_COMMAND";
      for f in "$LAB"/log/*.log; do [ -s "$f" ] && { echo "--- tail $f"; tail -n 8 "$f"; }; done 2>/dev/null; exit 1' ERR
trap 'exit 130' INT; trap 'exit 143' TERM     # so that the EXIT trap (if any) runs on these too
ceph() { timeout 60 /usr/bin/ceph -c "$CONF" --connect-timeout 30 "$@"; }
rgwa() { timeout 120 radosgw-admin -c "$CONF" "$@"; }
rnd() { node -e 'const c=require("crypto"),a=process.argv[2];let s="";while(s.length<+process.argv[1])s+=a[c.randomInt(a.length)];console.log(s)' "$1" "$2"; }
UPPER=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789; ALNUM=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_owner() { command -v ss >/dev/null && ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -1; }
wait_for() { # wait_for <seconds> <description> <command...>: poll, never a fixed sleep
  local t=$1 what=$2; shift 2; local end=$(( $(date +%s) + t ))
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$end" ] || die "timeout (${t}s) waiting for $what"; sleep 0.2; done
  log "$what: ok"; }
# alive = our process: exists, not a zombie, and its command line names this lab (guards against pid reuse)
pid_alive() { local f=$LAB/run/$1.pid p; [ -s "$f" ] && p=$(cat "$f") && [ -r "/proc/$p/stat" ] &&
  [ "$(sed 's/.*) //' "/proc/$p/stat" | cut -c1)" != Z ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "$LAB/"; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, /run/sshd, ssh login as root)" 4
command -v node >/dev/null || die "node is required (random keys, lab.json)"
mkdir -p "$LAB"; cd "$LAB"
# two lab-up/lab-down runs on the same directory would fight over pid files
exec 9>"$LAB/.lock"; flock -w 600 9 || die "another lab-up/lab-down holds $LAB/.lock"

# ---------------------------------------------------------------- 0. packages (only when missing)
missing=(); for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Without systemd, maintainer scripts would start the packaged sshd on :22 (and try ceph units) through
  # invoke-rc.d; a temporary policy-rc.d (the Debian mechanism for chroots) stops that. Removed afterwards.
  POLICY=/usr/sbin/policy-rc.d; OWN_POLICY=0
  if [ ! -e "$POLICY" ]; then
    trap '[ $OWN_POLICY = 0 ] || rm -f "$POLICY"' EXIT      # also when apt-get is interrupted
    printf '#!/bin/sh\nexit 101\n' >"$POLICY"; chmod 755 "$POLICY"; OWN_POLICY=1
  fi
  apt_install() { apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LAB/apt-install.log" 2>&1; }
  : >"$LAB/apt-install.log"; TA=$(date +%s)
  ok=0
  # apt-get update only when the package lists do not know radosgw, or when an install from stale lists fails
  if [ -n "$(apt-cache policy radosgw 2>/dev/null | awk '/Candidate:/{print $2}' | grep -v none)" ] && apt_install; then ok=1
  elif apt-get update -qq >>"$LAB/apt-install.log" 2>&1 && apt_install; then ok=1; fi
  [ $OWN_POLICY = 0 ] || { rm -f "$POLICY"; OWN_POLICY=0; }
  [ $ok = 1 ] || { tail -n 20 "$LAB/apt-install.log"; die "cannot install Debian packages: ${missing[*]}" 3; }
  log "packages installed in $(( $(date +%s) - TA ))s (radosgw $(dpkg-query -W -f='${Version}' radosgw))"
else log "packages present (radosgw $(dpkg-query -W -f='${Version}' radosgw))"; fi

# ---------------------------------------------------------------- 1. already up and healthy? -> describe it
print_info() {
  # shellcheck disable=SC1091
  . "$LAB/lab.env"
  cat <<EOF
================ ceph-federation lab ================
lab.json         : $LAB/lab.json
ceph conf        : $CEPH_CONF   e.g. radosgw-admin -c $CEPH_CONF zone get
realm/zonegroup  : $RGW_REALM / $RGW_ZONEGROUP
master zone      : $RGW_ZONE_MASTER   $RGW_MASTER_URL
secondary zone   : $RGW_ZONE_SECONDARY   $RGW_SECONDARY_URL
ssh              : ssh -p $SSH_PORT -i $SSH_KEY -o UserKnownHostsFile=$SSH_KNOWN_HOSTS $SSH_USER@$SSH_HOST radosgw-admin zone get
stop             : npm run lab:down
=====================================================
EOF
}
healthy() {
  [ -f "$LAB/lab.json" ] && [ -f "$LAB/lab.env" ] || return 1
  local d; for d in "${DAEMONS[@]}"; do pid_alive "$d" || return 1; done
  # shellcheck disable=SC1091
  ( . "$LAB/lab.env"; curl -sf -m 5 -o /dev/null "$RGW_MASTER_URL/" && curl -sf -m 5 -o /dev/null "$RGW_SECONDARY_URL/" ) &&
    ceph health 2>/dev/null | grep -q HEALTH_OK
}
if [ "${LAB_FORCE:-0}" != 1 ] && healthy; then
  # someone asked for this lab by hand: the tests must no longer stop it when they finish
  [ -n "${CEPH_FEDERATION_LAB_AUTOSTART:-}" ] || rm -f "$LAB/autostarted"
  log "lab already running and HEALTH_OK: nothing to do"; print_info; exit 0; fi

# ---------------------------------------------------------------- 2. clean slate
# stop what an earlier run of this lab left (pid files only), then make sure nobody else holds our ports
flock -u 9; bash "$HERE/lab-down.sh" >/dev/null 2>&1 || true; flock -w 600 9
for p in "${PORTS[@]}"; do
  if port_busy "$p"; then
    die "127.0.0.1:$p is already in use by something this lab did not start ($(port_owner "$p" || true)); \
free it or choose other ports (LAB_MON_PORT LAB_MON_V1_PORT LAB_RGW_MASTER_PORT LAB_RGW_SECONDARY_PORT LAB_SSH_PORT)" 2
  fi
done
for s in "${STATE[@]}"; do rm -rf "${LAB:?}/$s"; done
mkdir -p run log mon mgr/x osd/0 ssh
echo "${PORTS[*]}" >run/ports              # lab-down.sh waits for these to be free

# ---------------------------------------------------------------- 3. config, keys, mon
FSID=$(uuidgen); echo "$FSID" >fsid
SYS_AK=$(rnd 20 $UPPER); SYS_SK=$(rnd 40 $ALNUM); TST_AK=$(rnd 20 $UPPER); TST_SK=$(rnd 40 $ALNUM)
# No admin socket in [global]: daemons get $run_dir/ceph-$name.asok by default, and CLI clients then do not
# fight over one client.admin.asok when several run at once.
cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
keyring = $LAB/keyring
run dir = $LAB/run
pid file = $LAB/run/\$name.pid
log file = $LAB/log/\$name.log
mon data = $LAB/mon/\$id
mgr data = $LAB/mgr/\$id
osd data = $LAB/osd/\$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 2
mon data avail crit = 1

# The mgr loads every Python module it finds (~300 MiB); the lab needs none of the optional ones (~150 MiB
# without them). The always-on modules (telemetry, volumes, ...) must stay: without them health is HEALTH_ERR.
[mgr]
mgr disabled modules = alerts,diskprediction_local,influx,insights,iostat,localpool,mirroring,nfs,osd_support,prometheus,restful,selftest,snap_schedule,stats,telegraf,test_orchestrator,zabbix

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_A_PORT
rgw realm = $REALM
rgw zonegroup = $ZONEGROUP
rgw zone = $ZONE_A

[client.rgw.b]
rgw frontends = beast endpoint=127.0.0.1:$RGW_B_PORT
rgw realm = $REALM
rgw zonegroup = $ZONEGROUP
rgw zone = $ZONE_B
EOF
# every key, with its caps, goes into the one keyring that mon --mkfs imports: no `ceph auth add` round trips
ceph-authtool --create-keyring keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool keyring --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool keyring --gen-key -n osd.0 --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
for r in a b; do ceph-authtool keyring --gen-key -n client.rgw.$r --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null; done
chmod 600 keyring
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_V1_PORT]" monmap >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap monmap --keyring keyring
# daemons must not inherit the lock fd: they would hold the lab lock for as long as they live
start() { "$@" 9>&-; }
start ceph-mon -c "$CONF" -i a                             # daemonizes, writes run/mon.a.pid
wait_for 60 "mon.a quorum" ceph mon stat
T_MON=$(el)

# ---------------------------------------------------------------- 4. mgr + memstore OSD
start ceph-mgr -c "$CONF" -i x
OSD_UUID=$(uuidgen); OSD_ID=$(ceph osd new "$OSD_UUID"); [ "$OSD_ID" = 0 ] || die "unexpected osd id $OSD_ID"
# --mkfs prints a harmless '-1 memstore(...)' line; keep it out of the console
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>log/osd.0.mkfs.log 2>&1
start ceph-osd -c "$CONF" -i 0 >>log/osd.0.mkfs.log 2>&1
osd_up() { ceph osd stat -f json | grep -q '"num_up_osds":1'; }
wait_for 60 "osd.0 up" osd_up
T_OSD=$(el)

# ---------------------------------------------------------------- 5. multisite: realm, zonegroup, 2 zones, users
rgwa realm create --rgw-realm="$REALM" --default >/dev/null
rgwa zonegroup create --rgw-zonegroup="$ZONEGROUP" --endpoints="http://127.0.0.1:$RGW_A_PORT" --master --default >/dev/null
rgwa zone create --rgw-zonegroup="$ZONEGROUP" --rgw-zone="$ZONE_A" --endpoints="http://127.0.0.1:$RGW_A_PORT" \
     --master --default --access-key="$SYS_AK" --secret="$SYS_SK" >/dev/null
rgwa zone create --rgw-zonegroup="$ZONEGROUP" --rgw-zone="$ZONE_B" --endpoints="http://127.0.0.1:$RGW_B_PORT" \
     --access-key="$SYS_AK" --secret="$SYS_SK" >/dev/null
# Users are created BEFORE the gateways start, so the secondary's initial full metadata sync carries them;
# users created later reach the secondary only on its metadata poll (6-16 s).
rgwa user create --uid="$SYS_UID" --display-name="Synchronization User" --system \
     --access-key="$SYS_AK" --secret="$SYS_SK" --rgw-zone="$ZONE_A" >/dev/null
rgwa user create --uid="$TEST_UID" --display-name="Test User" --access-key="$TST_AK" --secret="$TST_SK" --rgw-zone="$ZONE_A" >/dev/null
rgwa period update --commit >/dev/null
log "realm $REALM / zonegroup $ZONEGROUP / zones $ZONE_A (master), $ZONE_B committed"
T_MS=$(el)

# ---------------------------------------------------------------- 6. gateways
start radosgw -c "$CONF" -n client.rgw.a
wait_for 90 "radosgw $ZONE_A on :$RGW_A_PORT" curl -sf -m 5 -o /dev/null "http://127.0.0.1:$RGW_A_PORT/"
start radosgw -c "$CONF" -n client.rgw.b
wait_for 90 "radosgw $ZONE_B on :$RGW_B_PORT" curl -sf -m 5 -o /dev/null "http://127.0.0.1:$RGW_B_PORT/"
T_RGW=$(el)

# ---------------------------------------------------------------- 7. sshd on loopback, key-only
mkdir -p /run/sshd && chmod 0755 /run/sshd            # privilege-separation dir, compiled into sshd
ssh-keygen -q -t ed25519 -N '' -C ceph-federation-lab-host -f ssh/host_ed25519
ssh-keygen -q -t ed25519 -N '' -C ceph-federation-lab-client -f ssh/client_ed25519
cp ssh/client_ed25519.pub ssh/authorized_keys; chmod 600 ssh/authorized_keys
HOST_KEY=$(cut -d' ' -f1,2 ssh/host_ed25519.pub)
echo "[127.0.0.1]:$SSH_PORT $HOST_KEY" >ssh/known_hosts
# The sftp subsystem goes through a wrapper that the fault tests can make hang, as an sftp server that never answers
# would (each hung session appends its pid to $LAB/ssh/sftp-hang, for the test to end it); else it is OpenSSH's own.
cat >ssh/sftp-server <<EOF
#!/bin/sh
if [ -e "$LAB/ssh/sftp-hang" ]; then echo \$\$ >>"$LAB/ssh/sftp-hang"; exec sleep 300; fi
exec /usr/lib/openssh/sftp-server "\$@"
EOF
chmod 755 ssh/sftp-server
# Debian's bash sources ~/.bashrc for every command sshd runs when it is the top-level shell. The lab's "gateway"
# is root on the machine running it, whose ~/.bashrc belongs to that machine (a version manager's init can cost
# ~80 ms of CPU a command) and not to a gateway: SHLVL=1 makes the session's bash a second-level shell, which skips it.
cat >ssh/sshd_config <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $LAB/ssh/host_ed25519
PidFile $LAB/run/sshd.pid
AuthorizedKeysFile $LAB/ssh/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
SetEnv CEPH_CONF=$CONF SHLVL=1
Subsystem sftp $LAB/ssh/sftp-server
EOF
/usr/sbin/sshd -t -f ssh/sshd_config
start /usr/sbin/sshd -f "$LAB/ssh/sshd_config" -E "$LAB/log/sshd.log"
SSH=(ssh -F /dev/null -p "$SSH_PORT" -i "$LAB/ssh/client_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=yes
     -o UserKnownHostsFile="$LAB/ssh/known_hosts" -o ConnectTimeout=10 root@127.0.0.1)
wait_for 30 "sshd on :$SSH_PORT" "${SSH[@]}" true
T_SSH=$(el)

# ---------------------------------------------------------------- 8. health + readiness
health_ok() { ceph health | grep -q HEALTH_OK; }
wait_for 120 "HEALTH_OK" health_ok
[ "$("${SSH[@]}" radosgw-admin zone get | grep -o '"name": *"[^"]*"' | head -1)" = "\"name\": \"$ZONE_A\"" ] ||
  die "ssh radosgw-admin zone get did not answer for $ZONE_A"
log "ssh root@127.0.0.1:$SSH_PORT radosgw-admin zone get: ok (CEPH_CONF from sshd SetEnv)"
# curl's --aws-sigv4 does not send x-amz-content-sha256 itself; radosgw then answers SignatureDoesNotMatch
s3code() { curl -s -m 10 -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$ZONEGROUP:s3" --user "$TST_AK:$TST_SK" \
             -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
user_on_secondary() { [ "$(s3code "http://127.0.0.1:$RGW_B_PORT/")" = 200 ]; }
wait_for 90 "test user known on $ZONE_B (metadata sync)" user_on_secondary
if [ "${LAB_SELFTEST:-0}" = 1 ]; then
  [ "$(s3code -X PUT "http://127.0.0.1:$RGW_A_PORT/lab-selftest")" = 200 ] || die "bucket create on $ZONE_A failed"
  echo "selftest $(date -u +%FT%TZ)" >run/selftest.txt; TS=$(date +%s.%N)
  [ "$(s3code -T run/selftest.txt "http://127.0.0.1:$RGW_A_PORT/lab-selftest/obj.txt")" = 200 ] || die "PUT on $ZONE_A failed"
  replicated() { [ "$(s3code "http://127.0.0.1:$RGW_B_PORT/lab-selftest/obj.txt")" = 200 ]; }
  wait_for 120 "object replicated to $ZONE_B" replicated
  log "replication took $(echo "$(date +%s.%N) $TS" | awk '{printf "%.2f", $1-$2}')s"
fi
T_READY=$(el)

# ---------------------------------------------------------------- 9. description for the tests
cat >lab.env <<EOF
export CEPH_CONF=$CONF
export CEPH_FSID=$FSID
export RGW_REALM=$REALM
export RGW_ZONEGROUP=$ZONEGROUP
export RGW_ZONE_MASTER=$ZONE_A
export RGW_ZONE_SECONDARY=$ZONE_B
export RGW_MASTER_URL=http://127.0.0.1:$RGW_A_PORT
export RGW_SECONDARY_URL=http://127.0.0.1:$RGW_B_PORT
export RGW_SYSTEM_UID=$SYS_UID
export RGW_SYSTEM_ACCESS_KEY=$SYS_AK
export RGW_SYSTEM_SECRET_KEY=$SYS_SK
export RGW_TEST_UID=$TEST_UID
export RGW_TEST_ACCESS_KEY=$TST_AK
export RGW_TEST_SECRET_KEY=$TST_SK
export SSH_HOST=127.0.0.1
export SSH_PORT=$SSH_PORT
export SSH_USER=root
export SSH_KEY=$LAB/ssh/client_ed25519
export SSH_KNOWN_HOSTS=$LAB/ssh/known_hosts
EOF
# node writes the JSON so that every string is escaped properly; values come in through the environment
LAB="$LAB" CONF="$CONF" FSID="$FSID" REALM="$REALM" ZONEGROUP="$ZONEGROUP" ZONE_A="$ZONE_A" ZONE_B="$ZONE_B" \
RGW_A_PORT="$RGW_A_PORT" RGW_B_PORT="$RGW_B_PORT" MON_PORT="$MON_PORT" MON_V1_PORT="$MON_V1_PORT" SSH_PORT="$SSH_PORT" \
SYS_UID="$SYS_UID" SYS_AK="$SYS_AK" SYS_SK="$SYS_SK" TEST_UID="$TEST_UID" TST_AK="$TST_AK" TST_SK="$TST_SK" \
HOST_KEY="$HOST_KEY" DAEMONS="${DAEMONS[*]}" node -e '
const e = process.env, L = e.LAB;
const zone = (name, master, port, gw) => ({ name, master, endpoint: `http://127.0.0.1:${port}`, port: +port, gateway: gw });
const lab = {
  version: 1,
  labDir: L,
  cephConf: e.CONF,
  keyring: `${L}/keyring`,
  fsid: e.FSID,
  realm: e.REALM,
  zonegroup: e.ZONEGROUP,
  zones: [zone(e.ZONE_A, true, e.RGW_A_PORT, "client.rgw.a"), zone(e.ZONE_B, false, e.RGW_B_PORT, "client.rgw.b")],
  s3Region: e.ZONEGROUP,
  systemUser: { uid: e.SYS_UID, accessKey: e.SYS_AK, secretKey: e.SYS_SK },
  testUser: { uid: e.TEST_UID, accessKey: e.TST_AK, secretKey: e.TST_SK },
  ssh: { host: "127.0.0.1", port: +e.SSH_PORT, username: "root", privateKeyPath: `${L}/ssh/client_ed25519`,
         knownHostsPath: `${L}/ssh/known_hosts`, hostKey: e.HOST_KEY },
  mon: { host: "127.0.0.1", v2Port: +e.MON_PORT, v1Port: +e.MON_V1_PORT },
  pidFiles: Object.fromEntries(e.DAEMONS.split(" ").map((d) => [d, `${L}/run/${d}.pid`])),
  logDir: `${L}/log`,
  startedAt: new Date().toISOString(),
};
require("fs").writeFileSync(`${L}/lab.json.tmp`, JSON.stringify(lab, null, 2) + "\n");
require("fs").renameSync(`${L}/lab.json.tmp`, `${L}/lab.json`);
'
chmod 600 lab.json lab.env
[ -z "${CEPH_FEDERATION_LAB_AUTOSTART:-}" ] || : >autostarted

rss() { awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$(cat "$LAB/run/$1.pid")/status"; }
total=0; line=""; for d in "${DAEMONS[@]}"; do r=$(rss "$d"); total=$((total + r)); line+="$d=$r "; done
log "timings(s): mon=$T_MON osd+mgr=$T_OSD multisite=$T_MS rgw=$T_RGW sshd=$T_SSH ready=$T_READY total=$(el)"
log "RSS MiB: ${line}total=$total"
print_info
