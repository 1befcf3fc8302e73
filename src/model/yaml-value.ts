/**
 * Turns one parsed YAML document into plain JavaScript data, refusing what JavaScript or calicoctl
 * would read differently: mapping or sequence keys, keys that become the same JavaScript key
 * (`1` and `"1"`), undefined or recursive aliases, aliases that expand the document far beyond its
 * size, and plain scalars that calicoctl's YAML 1.1 reader (go-yaml v2, `resolve.go`) reads as
 * another value than YAML 1.2 (`0443`, `0b11`, `1_000`, `yes`, `2024-01-01`). Whole numbers
 * written as floats (`22.0`, `1e3`, `!!float 22`) are listed, so the loader can refuse them where
 * an integer is expected. Never calls the `yaml` library's `toJS` (which throws on alias problems
 * and writes process warnings). See docs/resources-and-selectors.md ("YAML").
 * @module
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml'
import { MAX_DEPTH } from './yaml-scan.js'

/** A problem found while converting, at an offset of the document's text. */
export interface ValueError {
  readonly offset: number
  readonly message: string
}

/** The result of {@link toValue}. */
export interface Converted {
  readonly value: unknown
  readonly errors: ReadonlyArray<ValueError>
  /** Whole numbers written as floats: where, and as written. */
  readonly floats: ReadonlyArray<FloatSite>
}

/** A whole number written as a float (`22.0`, `1e3`, `!!float 22`): its path and its text. */
export interface FloatSite {
  readonly path: ReadonlyArray<string | number>
  readonly raw: string
}

/** Aliases may add this many nodes to a document, or 10 times its own nodes if that is more. */
export const MAX_ALIAS_NODES = 100_000

const FLOAT_TAG = 'tag:yaml.org,2002:float'
/** The YAML 1.2 core schema's tags; `yaml` also resolves 1.1 tags (`!!binary`, `!!set`, ...). */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`))
/** Whether a core scalar tag fits the value `yaml` resolved (`!!float 22` does not: it stays a string). */
const fits = (tag: string, value: unknown): boolean => {
  switch (tag.slice('tag:yaml.org,2002:'.length)) {
    case 'int':
    case 'float':
      return typeof value === 'number'
    case 'bool':
      return typeof value === 'boolean'
    case 'null':
      return value === null
    case 'str':
      return typeof value === 'string'
    default:
      return false
  }
}
const showTag = (tag: string): string => (tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag)
const GO_BOOLS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
])
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$/

/** What go-yaml v2 reads a plain scalar as, when that can differ from YAML 1.2 (else undefined). */
const goValue = (raw: string): { readonly value: unknown; readonly show: string } | undefined => {
  const first = raw.charCodeAt(0)
  const numeric = (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e
  if (!numeric) {
    const b = GO_BOOLS.get(raw)
    return b === undefined ? undefined : { value: b, show: `the boolean ${b}` }
  }
  if (GO_TIMESTAMP.test(raw)) return { value: undefined, show: 'a timestamp' }
  const plain = raw.includes('_') ? raw.replace(/_/g, '') : raw
  if (GO_INT.test(plain)) {
    const sign = plain.startsWith('-') ? -1 : 1
    const digits = plain.replace(/^[-+]/, '')
    const base = /^0[xX]/.test(digits) ? 16 : /^0[bB]/.test(digits) ? 2 : /^0[oO]/.test(digits) ? 8 : digits.length > 1 && digits.startsWith('0') ? 8 : 10
    const body = base === 10 || (base === 8 && !/^0[oO]/.test(digits)) ? digits : digits.slice(2)
    const v = sign * parseInt(body, base)
    return { value: v, show: `the number ${v}` }
  }
  if (GO_FLOAT.test(plain)) {
    const v = Number(plain)
    return { value: v, show: `the number ${v}` }
  }
  return undefined
}

const showYaml = (v: unknown): string => (typeof v === 'string' ? `the string ${JSON.stringify(v)}` : typeof v === 'number' ? `the number ${v}` : String(v))

/** The JavaScript key a scalar key becomes (as the `yaml` library would stringify it). */
const keyString = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/**
 * Converts the contents of `doc`, a document parsed from `source` (see the module comment).
 * @internal
 */
export const toValue = (doc: Document.Parsed, source: string): Converted => {
  const errors: ValueError[] = []
  const floats: FloatSite[] = []
  const path: Array<string | number> = []
  const anchors = new Map<string, { value: unknown; size: number; done: boolean; collection: boolean }>()
  let own = 0
  let aliased = 0
  const offsetOf = (node: { readonly range?: readonly [number, number, number] | null | undefined } | null | undefined): number => node?.range?.[0] ?? 0

  const walk = (node: unknown, depth: number): { readonly value: unknown; readonly size: number } => {
    if (node === null || node === undefined) return { value: null, size: 1 }
    if (depth > MAX_DEPTH) {
      errors.push({ offset: offsetOf(node as Node), message: `nesting deeper than ${MAX_DEPTH} levels (the limit for a YAML or JSON document)` })
      return { value: null, size: 1 }
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source)
      if (target === undefined) {
        errors.push({ offset: offsetOf(node), message: `alias *${node.source} refers to no anchor &${node.source} before it in this document` })
        return { value: null, size: 1 }
      }
      if (!target.done) {
        errors.push({ offset: offsetOf(node), message: `alias *${node.source} is inside its own anchor (a recursive structure)` })
        return { value: null, size: 1 }
      }
      aliased += target.size
      return { value: target.value, size: target.size }
    }
    own++
    const tag = (node as Node).tag
    if (tag !== undefined && tag !== '!' && (!CORE_TAGS.has(tag) || (isScalar(node) && !fits(tag, node.value)))) {
      errors.push({ offset: offsetOf(node as Node), message: `tag ${showTag(tag)} is not read here (only YAML 1.2 core tags, on values they fit)` })
      return { value: null, size: 1 }
    }
    const anchor = (node as Node).anchor
    const entry = anchor === undefined ? undefined : { value: null as unknown, size: 1, done: false, collection: isMap(node) || isSeq(node) }
    if (anchor !== undefined && entry !== undefined) anchors.set(anchor, entry)
    let result: { readonly value: unknown; readonly size: number }
    if (isScalar(node)) {
      const value = node.value
      if (node.type === 'PLAIN' && node.range !== undefined && node.range !== null) {
        const raw = source.slice(node.range[0], node.range[1]).trim()
        // An explicit tag (`!!str 0443`, `! yes`) decides the type for both readers.
        const go = node.tag === undefined ? goValue(raw) : undefined
        if (go !== undefined && !(typeof value === 'number' && go.value === value)) {
          errors.push({
            offset: node.range[0],
            message: `${raw} is ambiguous: YAML 1.2 reads ${showYaml(value)}, calicoctl's YAML 1.1 reader ${go.show}; quote it or write it plainly`,
          })
        }
        if (typeof value === 'number' && Number.isInteger(value) && (/[.eE]/.test(raw) || node.tag === FLOAT_TAG)) floats.push({ path: [...path], raw })
      } else if (node.tag === FLOAT_TAG && typeof value === 'number' && Number.isInteger(value)) floats.push({ path: [...path], raw: `!!float ${value}` })
      result = { value, size: 1 }
    } else if (isMap(node)) {
      const out: Record<string, unknown> = {}
      const seen = new Map<string, unknown>()
      let size = 1
      for (const pair of node.items as ReadonlyArray<Pair<unknown, unknown>>) {
        const key = pair.key
        const keyTarget = isAlias(key) ? anchors.get(key.source) : undefined
        if (isMap(key) || isSeq(key) || keyTarget?.collection === true) {
          errors.push({ offset: offsetOf(key as Node), message: 'a mapping or a sequence cannot be a key' })
          continue
        }
        const k = keyString(walk(key, depth + 1).value)
        const before = seen.get(k)
        if (before !== undefined) {
          errors.push({ offset: offsetOf(key as Node), message: `key ${JSON.stringify(k)} appears twice (as ${before} and ${isScalar(key) ? source.slice(offsetOf(key), key.range?.[1] ?? offsetOf(key)).trim() : JSON.stringify(k)})` })
          continue
        }
        seen.set(k, isScalar(key) ? source.slice(offsetOf(key), key.range?.[1] ?? offsetOf(key)).trim() : JSON.stringify(k))
        path.push(k)
        const v = walk(pair.value, depth + 1)
        path.pop()
        size += v.size
        // A `__proto__` key stays an ordinary own property (as JSON.parse makes it).
        if (k === '__proto__') Object.defineProperty(out, k, { value: v.value, enumerable: true, writable: true, configurable: true })
        else out[k] = v.value
      }
      result = { value: out, size }
    } else if (isSeq(node)) {
      const out: unknown[] = []
      let size = 1
      node.items.forEach((item, i) => {
        path.push(i)
        const v = walk(item, depth + 1)
        path.pop()
        size += v.size
        out.push(v.value)
      })
      result = { value: out, size }
    } else {
      result = { value: null, size: 1 }
    }
    if (entry !== undefined) {
      entry.value = result.value
      entry.size = result.size
      entry.done = true
    }
    return result
  }

  const { value } = walk(doc.contents, 1)
  if (aliased > Math.max(MAX_ALIAS_NODES, 10 * own)) {
    errors.push({
      offset: offsetOf(doc.contents),
      message: `aliases expand this document by ${aliased} nodes, more than ${Math.max(MAX_ALIAS_NODES, 10 * own)} (${MAX_ALIAS_NODES} or 10 times its own ${own} nodes)`,
    })
  }
  return { value, errors, floats }
}
