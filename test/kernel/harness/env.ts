/**
 * Whether this machine can run the kernel suite: Linux, root, the tools, and network namespaces
 * that can really be made (a container without CAP_SYS_ADMIN cannot).
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { run } from './exec.js'

export const TOOLS = ['ip', 'nsenter', 'sysctl', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'nft', 'ipset', 'python3', 'bpftool', 'unshare'] as const

const onPath = (tool: string): boolean =>
  (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK)
      return true
    } catch {
      return false
    }
  })

/** `undefined` when the suite can run, otherwise why not (one line). */
export const whyNoKernel = (): string | undefined => {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, iptables, nft, ipset); run `sudo npm test` or `sudo npx vitest run test/kernel`'
  const missing = TOOLS.filter((t) => !onPath(t))
  if (missing.length > 0) return `needs ${missing.join(', ')} (Debian: apt-get install -y iproute2 iptables nftables ipset bpftool util-linux procps python3)`
  const probe = `cpk-${process.pid}-0000-probe`
  const made = run('ip', ['netns', 'add', probe], { allowFailure: true })
  if (made.status !== 0) return `cannot create a network namespace: ${made.stderr.trim()}`
  const nft = run('nsenter', [`--net=/run/netns/${probe}`, '--', 'nft', 'list', 'ruleset'], { allowFailure: true })
  run('ip', ['netns', 'del', probe], { allowFailure: true })
  if (nft.status !== 0) return `nft does not work in a namespace: ${nft.stderr.trim()}`
  return undefined
}
