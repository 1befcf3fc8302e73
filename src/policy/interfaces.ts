/**
 * Checking what the caller says about the node (`Policy.build`'s and `Policy.update`'s
 * `interfaces`, and the shape of `Policy.build`'s options) before anything is built from it.
 * Resources are not re-validated here: they must come from `load` or `Model.decodeResource`.
 * @module
 */
import type { CalicoError, Path } from '../errors.js'
import { parseAddress, type Address } from './address.js'
import { pushAll } from '../internal/array.js'

/** Linux's IFNAMSIZ (16) less the terminating NUL. */
const MAX_NAME = 15

const utf8Length = (s: string): number => {
  let n = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

/**
 * Why Linux would refuse an interface name (`dev_valid_name` in `net/core/dev.c`: not empty, at
 * most 15 bytes, not `.` or `..`, no `/`, `:` or white space), or `undefined` if it is valid.
 * Control characters are refused too: no tool creates such a name, and they garble messages.
 * @internal
 */
export const nameProblem = (name: string): string | undefined => {
  if (name === '') return 'an interface name must not be empty'
  if (utf8Length(name) > MAX_NAME) return `an interface name has at most ${MAX_NAME} bytes (Linux IFNAMSIZ)`
  if (name === '.' || name === '..') return `an interface cannot be named ${JSON.stringify(name)}`
  if (/[\s/:\u0000-\u001f\u007f]/u.test(name)) return 'an interface name cannot contain white space, control characters, "/" or ":"'
  return undefined
}

/**
 * The address of one entry of an interface's `addresses`: a plain IPv4 or IPv6 address, or an
 * address with a prefix length (`10.0.0.2/24`, as `ip addr` prints it), whose address part is
 * the interface's address. `undefined` if the text is neither.
 * @example
 * ```ts
 * interfaceAddress('10.0.0.2/24') // { family: 4, value: 167772162 }
 * interfaceAddress('010.0.0.2')   // undefined
 * ```
 * @since 0.2.0
 */
export const interfaceAddress = (text: string): Address | undefined => {
  const slash = text.indexOf('/')
  const a = parseAddress(slash < 0 ? text : text.slice(0, slash))
  if (a === undefined || slash < 0) return a
  const len = text.slice(slash + 1)
  return /^(0|[1-9][0-9]{0,2})$/.test(len) && Number(len) <= (a.family === 4 ? 32 : 128) ? a : undefined
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

const invalid = (path: Path, message: string): CalicoError => ({ _tag: 'Invalid', path, message })

const shown = (u: unknown): string => {
  const s = typeof u === 'string' ? JSON.stringify(u) : String(u)
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}

/**
 * Every problem with a list of host interfaces (paths start at `interfaces`): each must be
 * `{ name, addresses }` with a name Linux accepts, no name twice, and addresses that are IPv4 or
 * IPv6 addresses (optionally with `/len`). Nothing is dropped silently.
 * @example
 * ```ts
 * interfaceErrors([{ name: 'eth0', addresses: ['10.0.0.2/24', 'nope'] }])
 * // [{ _tag: 'Invalid', path: ['interfaces', 0, 'addresses', 1], message: 'not an IPv4 or IPv6 address: "nope"' }]
 * ```
 * @since 0.2.0
 */
export const interfaceErrors = (interfaces: unknown): ReadonlyArray<CalicoError> => {
  if (!Array.isArray(interfaces)) return [invalid(['interfaces'], 'interfaces must be an array of { name, addresses }')]
  const errors: Array<CalicoError> = []
  const seen = new Set<string>()
  interfaces.forEach((iface: unknown, i) => {
    const at: Path = ['interfaces', i]
    if (!isRecord(iface)) {
      errors.push(invalid(at, 'an interface must be an object { name, addresses }'))
      return
    }
    const name = iface['name']
    if (typeof name !== 'string') errors.push(invalid([...at, 'name'], 'an interface name must be a string'))
    else {
      const problem = nameProblem(name)
      if (problem !== undefined) errors.push(invalid([...at, 'name'], `${problem}: ${shown(name)}`))
      else if (seen.has(name)) errors.push(invalid([...at, 'name'], `interface ${shown(name)} is listed twice`))
      seen.add(name)
    }
    const addresses = iface['addresses']
    if (!Array.isArray(addresses)) {
      errors.push(invalid([...at, 'addresses'], 'addresses must be an array of IP addresses'))
      return
    }
    addresses.forEach((a: unknown, j) => {
      if (typeof a !== 'string' || interfaceAddress(a) === undefined)
        errors.push(invalid([...at, 'addresses', j], `not an IPv4 or IPv6 address (optionally with /len): ${shown(a)}`))
    })
  })
  return errors
}

/**
 * Every problem with the shape of `Policy.build`'s options: an object with `resources` (an array
 * of decoded resources: objects with a string `kind` and `metadata.name`), a string `node`,
 * valid `interfaces` and, if given, an object `felixConfig`.
 * @example
 * ```ts
 * buildInputErrors({ node: 'n0', interfaces: [] })
 * // [{ _tag: 'Invalid', path: ['resources'], message: 'resources must be an array of resources from load or Model.decodeResource' }]
 * ```
 * @internal
 */
export const buildInputErrors = (input: unknown): ReadonlyArray<CalicoError> => {
  if (!isRecord(input)) return [invalid([], 'Policy.build needs an object { resources, node, interfaces }')]
  const errors: Array<CalicoError> = []
  const resources = input['resources']
  if (!Array.isArray(resources)) errors.push(invalid(['resources'], 'resources must be an array of resources from load or Model.decodeResource'))
  else
    resources.forEach((r: unknown, i) => {
      const meta = isRecord(r) ? r['metadata'] : undefined
      if (!isRecord(r) || typeof r['kind'] !== 'string' || !isRecord(meta) || typeof meta['name'] !== 'string')
        errors.push(invalid(['resources', i], 'not a decoded resource (use load or Model.decodeResource)'))
    })
  if (typeof input['node'] !== 'string') errors.push(invalid(['node'], 'node must be a string'))
  pushAll(errors, interfaceErrors(input['interfaces']))
  const felix = input['felixConfig']
  if (felix !== undefined && !isRecord(felix)) errors.push(invalid(['felixConfig'], 'felixConfig must be an object of felix settings'))
  return errors
}
