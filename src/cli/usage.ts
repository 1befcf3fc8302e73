export const USAGE = `calico-policy: model, select and evaluate Calico network policy offline.

Usage:
  calico-policy validate [--json] PATH...
      Load every YAML/JSON file (directories are searched recursively) and report every error
      with file, document, resource and field path. Exit status 1 if any error was found.

  calico-policy selector [--json] [--labels k=v,...]... 'EXPR'
      Print a selector's canonical form and unique ID; with --labels, whether it matches them.

  calico-policy eval [--node NAME] [--interface NAME=ADDR[,ADDR...]]... [--felix-config KEY=VALUE]...
                     [--dataplane iptables|bpf] [--json] (--packet 'SPEC'... | --packets FILE.jsonl) PATH...
      Decide what felix does with packets on one node: Allow, Deny or NoVerdict, the traffic type
      and the trace of stages, tiers, policies and rules that decided.
        --node        the node whose view to build (default: the only node the endpoints name)
        --interface   a host interface and its addresses (default: one per named host endpoint
                      of the node, with its expectedIPs)
        --felix-config  a felix parameter in felix's syntax, e.g. DefaultEndpointToHostAction=Accept
                      or FailsafeInboundHostPorts=tcp:22,udp:68 (overrides FelixConfiguration)
        --dataplane   iptables (default) or bpf, where the two decide differently
        --packet      e.g. 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0', 'udp [fd00::1]:53 -> [fd00::2]:53
                      out eth1', 'icmp 10.0.0.5 -> 10.0.0.1 type 8 code 0 in eth0 established';
                      prints a readable explanation (JSON with --json)
        --packets     a JSON Lines file, one packet per line:
                      {"protocol": "TCP", "src": "10.0.0.5", "dst": "10.0.0.1", "srcPort": 40000,
                       "dstPort": 22, "in": "eth0", "out": null, "conntrack": "new"}
                      ("in": null = the host sent it; "out": null = the host receives it); prints
                      one JSON line {"verdict", "trafficType", "trace"} per packet, in order

  calico-policy help
      Show this text.

Errors go to standard error. --json prints machine-readable output on standard output.
Exit status: 0 success, 1 invalid input, 2 usage error.
`

/** Thrown for command-line mistakes; reported with the usage hint and exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
