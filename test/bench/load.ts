/**
 * Loader benchmarks (not a test): what one megabyte of YAML or JSON costs `load`, in time and
 * memory, at two sizes (to show the cost is linear).
 *
 * Run with `npm run bench -- load` (add `node --expose-gc` through `NODE_OPTIONS` for steadier
 * memory figures).
 */
import { load } from '../../src/load.js'

/** A GlobalNetworkPolicyList of `policies` policies with 100 rules each, as calicoctl prints it. */
const list = (policies: number) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicyList',
  items: Array.from({ length: policies }, (_, p) => ({
    metadata: { name: `policy-${p}` },
    spec: {
      order: p,
      selector: `app == 'app-${p}'`,
      ingress: Array.from({ length: 100 }, (_, r) => ({
        action: 'Allow',
        protocol: 'TCP',
        source: { selector: `role == 'r${r}'`, nets: [`10.${p % 256}.${r}.0/24`] },
        destination: { ports: [1 + ((p * 100 + r) % 65535)] },
      })),
    },
  })),
})

/** Block-style YAML of the same list (as `calicoctl get -o yaml` prints it). */
const yaml = (value: unknown, indent = ''): string => {
  if (Array.isArray(value)) return value.map((v) => `${indent}- ${yaml(v, `${indent}  `).trimStart()}`).join('')
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => (typeof v === 'object' && v !== null ? `${indent}${k}:\n${yaml(v, `${indent}  `)}` : `${indent}${k}: ${JSON.stringify(v)}\n`))
      .join('')
  }
  return `${JSON.stringify(value)}\n`
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()

const measure = (format: 'yaml' | 'json', policies: number) => {
  const value = list(policies)
  const text = format === 'json' ? JSON.stringify(value) : yaml(value)
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const rss0 = process.memoryUsage().rss
  const t0 = performance.now()
  const r = load(text)
  const ms = performance.now() - t0
  const heap = process.memoryUsage().heapUsed - heap0
  const rss = process.memoryUsage().rss - rss0
  if (r._tag !== 'Right' || r.right.length !== policies) throw new Error('bench input did not load')
  const mb = text.length / 1e6
  return {
    case: `load-${format}`,
    policies,
    mb: Number(mb.toFixed(2)),
    secondsPerMb: Number((ms / 1000 / mb).toFixed(2)),
    heapPerMb: Number((heap / 1e6 / mb).toFixed(0)),
    rssPerMb: Number((rss / 1e6 / mb).toFixed(0)),
  }
}

export const benchLoad = (): ReadonlyArray<unknown> => [measure('json', 40), measure('json', 160), measure('yaml', 40), measure('yaml', 160)]
