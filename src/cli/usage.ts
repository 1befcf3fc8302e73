import { quote } from '../errors.js'

/** Exit statuses, as `help` and the README list them. */
export const EXIT = {
  ok: 0,
  /** Invalid input: errors in the resources, a file that cannot be read, a packet that cannot be read. */
  invalid: 1,
  /** A command-line mistake. */
  usage: 2,
  /** Standard output could not be written (other than the reader going away, e.g. `| head`). */
  output: 74,
  /** A bug in calico-policy: one line on standard error; please report it. */
  internal: 70,
} as const

const VALIDATE = `  calico-policy validate [--json] [--max-errors N] [--max-bytes N] PATH...
      Load every YAML/JSON file (directories are searched recursively; symbolic links are
      followed, each file and directory once; '-' reads standard input) and report every error
      with file, document, resource and field path. Exit status 1 if any error was found.
        --max-errors  print at most N errors (default 100), then "... and N more errors";
                      with --json, "errors" holds at most N and "errorCount" counts all
        --max-bytes   refuse a file larger than N bytes (default 67108864, 64 MiB)
`

const SELECTOR = `  calico-policy selector [--json] [--labels k=v,...]... 'EXPR'
      Print a selector's canonical form and unique ID; with --labels, whether it matches them.
`

const EVAL = `  calico-policy eval [--node NAME] [--interface NAME=ADDR[,ADDR...]]... [--felix-config KEY=VALUE]...
                     [--dataplane iptables|bpf] [--json] [--max-errors N] [--max-bytes N]
                     (--packet 'SPEC'... | --packets FILE.jsonl [--output full|verdict]) PATH...
      Decide what felix does with packets on one node: Allow, Deny or NoVerdict, the traffic type
      and the trace of stages, tiers, policies and rules that decided.
        --node        the node whose view to build (default: the only node the endpoints name);
                      it must be a node some endpoint names
        --interface   a host interface and its addresses (default: one per named host endpoint
                      of the node, with its expectedIPs); ADDR is an IP address, and ADDR/LEN (as
                      'ip addr' prints it) is taken as the address ADDR; 'lo=' has no address
        --felix-config  a felix parameter in felix's syntax, e.g. DefaultEndpointToHostAction=Accept
                      or FailsafeInboundHostPorts=tcp:22,udp:68 (overrides FelixConfiguration)
        --dataplane   iptables (default) or bpf, where the two decide differently
        --packet      e.g. 'tcp 10.0.0.5:40000 -> 10.0.0.1:22 in eth0', 'udp [fd00::1]:53 -> [fd00::2]:53
                      out eth1', 'icmp 10.0.0.5 -> 10.0.0.1 type 8 code 0 in eth0 established';
                      prints a readable explanation (JSON with --json)
        --packets     a JSON Lines file ('-' reads standard input), one packet per line:
                      {"id": "p1", "protocol": "TCP", "src": "10.0.0.5", "dst": "10.0.0.1",
                       "srcPort": 40000, "dstPort": 22, "in": "eth0", "out": null, "conntrack": "new"}
                      ("in": null = the host sent it; "out": null = the host receives it; "id" is
                      optional and echoed); prints one JSON line per input line, in order:
                      {"id", "verdict", "trafficType", "trace"}, or {"id", "error"} for a blank or
                      invalid line (exit status 1 if there was one)
        --output      with --packets: full (default) or verdict (no trace: {"id", "verdict",
                      "trafficType"}, for bulk runs)
        --max-errors, --max-bytes  as for validate, for the resource files
`

const EMIT = `  calico-policy emit iptables|nft [--node NAME] [--interface NAME=ADDR[,ADDR...]]...
                     [--felix-config KEY=VALUE]... [--max-errors N] [--max-bytes N]
                     (--out DIR | --stdout) PATH...
      Render the node's policy as the rules felix programs. iptables writes DIR/ipsets.restore,
      DIR/iptables.restore, DIR/ip6tables.restore and DIR/origins.json; load them with
      'ipset restore', then 'iptables-restore' and 'ip6tables-restore'. nft writes DIR/ruleset.nft
      and DIR/origins.json; 'nft -f DIR/ruleset.nft' loads it (replacing the calico tables).
      origins.json maps each rule's cali:<hash> comment to the policy rule (or end of tier,
      profile miss, conntrack or failsafe rule) it comes from.
        --node, --interface, --felix-config, --max-errors, --max-bytes
                      as for eval (same defaults); Iptables/NftablesMarkMask,
                      Iptables/NftablesFilterDenyAction and LogPrefix change the rules; settings
                      the backend cannot render are errors
        --out         the directory to write (created if missing)
        --stdout      print the files instead, each after a '==> NAME <==' line
`

const HELP = `  calico-policy help [COMMAND]      (or calico-policy COMMAND --help)
      Show this text, or one command's.

  calico-policy --version
      Print the version.
`

const FOOTER = `Errors go to standard error. --json prints machine-readable output on standard output.
Exit status: 0 success, 1 invalid input (including files that cannot be read), 2 usage error,
74 standard output could not be written (a reader that goes away, as with '| head', is not an
error: output stops quietly), 70 internal error (a bug; one line on standard error). 70 and 74
are the BSD sysexits codes EX_SOFTWARE and EX_IOERR.
`

/** The full help text (`calico-policy help`). */
export const USAGE = `calico-policy: model, select, evaluate and emit Calico network policy offline.

Usage:
${VALIDATE}
${SELECTOR}
${EVAL}
${EMIT}
${HELP}
${FOOTER}`

/** One command's help text (`calico-policy help CMD`, `calico-policy CMD --help`). */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  validate: `Usage:\n${VALIDATE}\n${FOOTER}`,
  selector: `Usage:\n${SELECTOR}\n${FOOTER}`,
  eval: `Usage:\n${EVAL}\n${FOOTER}`,
  emit: `Usage:\n${EMIT}\n${FOOTER}`,
  help: `Usage:\n${HELP}`,
}

/** Thrown for command-line mistakes; reported in one line with a pointer to `--help`, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Reads a non-negative integer option (`--max-errors 10`). */
export const intOption = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!/^[0-9]{1,15}$/.test(value)) throw new UsageError(`${flag}: ${quote(value)} is not a non-negative whole number`)
  return Number(value)
}
