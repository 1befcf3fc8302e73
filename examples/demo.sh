#!/usr/bin/env bash
# The main job: asks calico-policy what felix does with representative packets in the three
# example worlds, and prints each verdict with its explanation.
# Run after `npm ci && npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=(node dist/cli.js)

say() { printf '\n=== %s\n\n' "$*"; }

say "NAT gateway gw-1: eth0 = Internet (203.0.113.10), eth1 = internal (10.10.0.1)"
"${cli[@]}" eval examples/nat-gateway \
  --packet 'tcp 198.51.100.7:40000 -> 203.0.113.10:443 in eth0 established' \
  --packet 'tcp 198.51.100.7:40000 -> 203.0.113.10:22 in eth0' \
  --packet 'icmp 192.0.2.10 -> 203.0.113.10 type 8 code 0 in eth0' \
  --packet 'tcp 192.0.2.10:40000 -> 203.0.113.10:8080 in eth0' \
  --packet 'tcp 192.0.2.10:40000 -> 10.10.0.80:80 in eth0 out eth1 dnat 203.0.113.10:30080' \
  --packet 'tcp 192.0.2.10:40000 -> 10.10.0.81:80 in eth0 out eth1 dnat 203.0.113.10:30500' \
  --packet 'tcp 10.10.3.4:40000 -> 93.184.216.34:443 in eth1 out eth0' \
  --packet 'tcp 10.10.3.4:40000 -> 93.184.216.34:25 in eth1 out eth0' \
  --packet 'udp 10.10.3.4:5353 -> 10.10.0.1:53 in eth1' \
  --packet 'tcp 10.10.0.1:40000 -> 10.10.3.4:22 out eth1'

say "Kubernetes worker worker-1: a '*' auto host endpoint and three pods in namespace shop"
"${cli[@]}" eval examples/k8s-node --node worker-1 --interface eth0=192.168.1.21 --interface lo=127.0.0.1 \
  --packet 'tcp 10.244.1.10:40000 -> 10.244.1.11:9000 in cali1f0a2b3c4d5 out cali2a1b2c3d4e5' \
  --packet 'tcp 10.244.1.10:40000 -> 10.244.1.12:5432 in cali1f0a2b3c4d5 out cali3c1b2c3d4e5' \
  --packet 'tcp 10.244.1.11:40000 -> 10.244.1.12:5432 in cali2a1b2c3d4e5 out cali3c1b2c3d4e5' \
  --packet 'tcp 192.168.1.10:40000 -> 192.168.1.21:10250 in eth0' \
  --packet 'tcp 192.168.1.99:40000 -> 192.168.1.21:10250 in eth0' \
  --packet 'tcp 127.0.0.1:40000 -> 127.0.0.1:10248 in lo' \
  --packet 'tcp 10.244.1.10:40000 -> 192.168.1.21:10250 in cali1f0a2b3c4d5' \
  --packet 'tcp 192.168.1.21:40000 -> 10.244.1.10:8080 out cali1f0a2b3c4d5'

say "Bastion bastion-1: tiers security (Pass) and platform (Deny), tightened failsafes, a staged lockdown"
"${cli[@]}" eval examples/bastion \
  --packet 'tcp 203.0.113.5:40000 -> 198.51.100.20:22 in eth0' \
  --packet 'tcp 203.0.113.99:40000 -> 198.51.100.20:22 in eth0' \
  --packet 'tcp 10.1.2.3:40000 -> 198.51.100.20:22 in eth0' \
  --packet 'tcp 10.20.0.7:40000 -> 198.51.100.20:9100 in eth0' \
  --packet 'tcp 192.0.2.200:40000 -> 198.51.100.20:443 in eth0' \
  --packet 'tcp 198.51.100.20:40000 -> 10.1.2.3:22 out eth0' \
  --packet 'tcp 198.51.100.20:40000 -> 192.0.2.200:443 out eth0'
