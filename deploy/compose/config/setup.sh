#!/bin/sh
# One-shot set-up of the Compose example: hands the store volumes to the agents' user, waits
# for the controllers' Raft group to have a leader, then registers the three regions, the
# backup policy and the ZooKeeper ensemble through the HTTP API (idempotent PUTs).
set -eu
chown 1000:1000 /stores/us-east /stores/eu-west /stores/ap-south

api=http://controller-us-east:8080
i=0
until curl -fsS "$api/health/ready" >/dev/null 2>&1; do
  i=$((i + 1))
  [ "$i" -lt 120 ] || { echo "setup: no Raft leader after 120 s" >&2; exit 1; }
  sleep 1
done

put() {
  curl -fsS -X PUT -H 'Content-Type: application/json' -H 'X-Zkdr-Actor: compose-setup' \
    --data "$2" "$api$1" >/dev/null
  echo "setup: PUT $1"
}

for r in us-east eu-west ap-south; do
  put "/v1/regions/$r" "{\"description\": \"compose region $r\"}"
done

put /v1/policies/payments-policy '{
  "fullBackupCron": "*/5 * * * *",
  "incrementalMode": "CONTINUOUS",
  "retention": {"keepDaily": 7, "keepWeekly": 4, "keepMonthly": 3},
  "replicateTo": ["eu-west", "ap-south"],
  "verification": {"everyBackup": true, "testRestoreEvery": 5}
}'

member() {
  printf '{"myid": %s, "host": "zk%s", "clientPort": 2181, "quorumPort": 2888, "electionPort": 3888, "adminPort": 8080, "dataDir": "/zk/%s/data", "dataLogDir": "/zk/%s/log", "role": "PARTICIPANT", "site": "us-east-a"}' "$1" "$1" "$1" "$1"
}
put /v1/ensembles/payments-zk "{
  \"members\": [$(member 1), $(member 2), $(member 3)],
  \"homeRegion\": \"us-east\",
  \"standbyRegions\": [\"eu-west\", \"ap-south\"],
  \"policy\": \"payments-policy\"
}"
