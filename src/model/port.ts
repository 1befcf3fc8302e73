/**
 * Ports in rules (`numorstring.Port`, docs/reference.md §1.12): a number, a `"min:max"` range or a
 * named port.
 *
 * Input forms: a JSON integer 0–65535, a string of digits, a string `"min:max"` (inclusive,
 * colon-separated) or a port name matching `^[a-zA-Z0-9_.-]{1,128}$`. Anything else is a
 * `Decode` error (`"70000" is not a port, a port range or a named port`). Validation then applies
 * Calico's rules: port 0 (`port range invalid, port number must be between 1 and 65535`),
 * `min > max` (`port range invalid`) and the Kubernetes port-name rule for names
 * (`invalid port name: must contain at least one letter (a-z)` and so on).
 *
 * The decoded value is structured: a range (a single port has `min === max`) or a name.
 * Encoding gives back what Calico prints: a number for a single port, `"min:max"` or the name.
 * @module
 */
import * as t from 'io-ts'
import { failInvalid } from './codec.js'

/**
 * A port range, inclusive (a single port is `{ min: p, max: p }`).
 * @example
 * ```ts
 * const r: PortRange = { _tag: 'PortRange', min: 8080, max: 8089 }
 * ```
 * @since 0.1.0
 */
export interface PortRange {
  readonly _tag: 'PortRange'
  readonly min: number
  readonly max: number
}

/**
 * A named port, resolved per endpoint from its `ports` list.
 * @example
 * ```ts
 * const n: NamedPort = { _tag: 'NamedPort', name: 'http' }
 * ```
 * @since 0.1.0
 */
export interface NamedPort {
  readonly _tag: 'NamedPort'
  readonly name: string
}

const EXPECTED = 'a port, a port range or a named port'
const RANGE_MSG = 'port range invalid, port number must be between 1 and 65535'
const NAME_RE = /^[a-zA-Z0-9_.-]{1,128}$/

/**
 * Kubernetes' port-name rule (IANA service name: at most 15 characters, lowercase alphanumerics
 * and `-`, at least one letter, no leading, trailing or double `-`); returns Kubernetes'
 * messages, empty when the name is valid.
 * @example
 * ```ts
 * portNameErrors('http') // []
 * portNameErrors('8080') // ['must contain at least one letter (a-z)']
 * ```
 * @since 0.1.0
 */
export const portNameErrors = (name: string): ReadonlyArray<string> => [
  ...(name.length > 15 ? ['must be no more than 15 characters'] : []),
  ...(/^[-a-z0-9]+$/.test(name) ? [] : ['must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)']),
  ...(/[a-z]/.test(name) ? [] : ['must contain at least one letter (a-z)']),
  ...(name.includes('--') ? ['must not contain consecutive hyphens (-)'] : []),
  ...(name.startsWith('-') || name.endsWith('-') ? ['must not begin or end with a hyphen (-)'] : []),
]

const isUint16Text = (s: string): boolean => /^[0-9]+$/.test(s) && Number(s) <= 65535

type Parsed = { readonly ok: Port } | { readonly expected: string } | { readonly invalid: ReadonlyArray<string> }

const checkRange = (min: number, max: number): Parsed => {
  const problems = [...(min > max ? ['port range invalid'] : []), ...(min < 1 || max < 1 ? [RANGE_MSG] : [])]
  return problems.length > 0 ? { invalid: problems } : { ok: { _tag: 'PortRange', min, max } }
}

const parsePort = (u: unknown): Parsed => {
  if (typeof u === 'number') return Number.isInteger(u) && u >= 0 && u <= 65535 ? checkRange(u, u) : { expected: EXPECTED }
  if (typeof u !== 'string') return { expected: EXPECTED }
  if (/^[0-9]+$/.test(u)) return isUint16Text(u) ? checkRange(Number(u), Number(u)) : { expected: EXPECTED }
  const range = /^([0-9]+):([0-9]+)$/.exec(u)
  if (range !== null) {
    const [, lo = '', hi = ''] = range
    return isUint16Text(lo) && isUint16Text(hi) ? checkRange(Number(lo), Number(hi)) : { expected: EXPECTED }
  }
  if (!NAME_RE.test(u)) return { expected: EXPECTED }
  const errs = portNameErrors(u)
  return errs.length > 0 ? { invalid: errs.map((e) => `invalid port name: ${e}`) } : { ok: { _tag: 'NamedPort', name: u } }
}

const isPort = (u: unknown): u is Port => {
  if (typeof u !== 'object' || u === null) return false
  const p = u as { _tag?: unknown; min?: unknown; max?: unknown; name?: unknown }
  if (p._tag === 'PortRange') return typeof p.min === 'number' && typeof p.max === 'number' && 'ok' in checkRange(p.min, p.max) && p.max <= 65535
  return p._tag === 'NamedPort' && typeof p.name === 'string' && NAME_RE.test(p.name) && portNameErrors(p.name).length === 0
}

/**
 * Prints a port as Calico does: `80`, `8080:8089` or the name.
 * @example
 * ```ts
 * formatPort({ _tag: 'PortRange', min: 80, max: 80 }) // '80'
 * ```
 * @since 0.1.0
 */
export const formatPort = (p: Port): string => (p._tag === 'NamedPort' ? p.name : p.min === p.max ? String(p.min) : `${p.min}:${p.max}`)

/**
 * A rule port: a number, a `"min:max"` range or a named port, decoded to a {@link PortRange} or
 * a {@link NamedPort}.
 * @example
 * ```ts
 * Port.decode('8080:8089') // right({ _tag: 'PortRange', min: 8080, max: 8089 })
 * Port.decode(443) // right({ _tag: 'PortRange', min: 443, max: 443 })
 * ```
 * @since 0.1.0
 */
export const Port: t.Type<PortRange | NamedPort, number | string, unknown> = new t.Type<PortRange | NamedPort, number | string, unknown>(
  'Port',
  isPort,
  (u, c) => {
    const r = parsePort(u)
    if ('ok' in r) return t.success(r.ok)
    if ('expected' in r) return t.failure(u, c, r.expected)
    return t.failures(r.invalid.flatMap((m) => { const f = failInvalid<never>(u, c, m); return f._tag === 'Left' ? f.left : [] }))
  },
  (p) => (p._tag === 'NamedPort' ? p.name : p.min === p.max ? p.min : `${p.min}:${p.max}`),
)
/**
 * A rule port: a {@link PortRange} (single ports have `min === max`) or a {@link NamedPort}.
 * @example
 * ```ts
 * const p: Port = { _tag: 'NamedPort', name: 'metrics' }
 * ```
 * @since 0.1.0
 */
export type Port = t.TypeOf<typeof Port>

/**
 * Whether a port is numeric (a single port or a range) rather than named.
 * @example
 * ```ts
 * isNumericPort({ _tag: 'PortRange', min: 1, max: 2 }) // true
 * ```
 * @since 0.1.0
 */
export const isNumericPort = (p: Port): p is PortRange => p._tag === 'PortRange'
