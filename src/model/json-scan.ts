/**
 * A strict JSON checker run before `JSON.parse`: it finds what `JSON.parse` silently accepts or
 * explains badly (duplicate keys, where the last one would win; comments; several values in one
 * text; nesting deeper than `MAX_DEPTH`) and gives each a position. It also lists the numbers
 * written with a fraction or an exponent whose value is whole (`22.0`, `1e3`), which the loader
 * refuses where an integer is expected. Iterative: any input is checked in linear time and
 * constant stack. See docs/resources-and-selectors.md ("JSON").
 * @module
 */
import { MAX_DEPTH } from './yaml-scan.js'
import type { FloatSite } from './yaml-value.js'

/** The result of {@link scanJson}. */
export type JsonScan =
  /** Valid JSON; `floats` are the whole numbers written as floats. */
  | { readonly _tag: 'Json'; readonly floats: ReadonlyArray<FloatSite> }
  /** A JSON problem worth reporting as such. */
  | { readonly _tag: 'Error'; readonly offset: number; readonly message: string }
  /** Not JSON at all (for instance YAML flow style `{kind: Tier}`): read it as YAML. */
  | { readonly _tag: 'NotJson' }

interface Frame {
  readonly object: boolean
  readonly keys: Set<string> | undefined
  key: string | number
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

/**
 * Checks `text` as one JSON value (see the module comment).
 * @internal
 */
export const scanJson = (text: string): JsonScan => {
  const n = text.length
  let i = 0
  const stack: Frame[] = []
  const floats: FloatSite[] = []
  const notJson: JsonScan = { _tag: 'NotJson' }
  const error = (offset: number, message: string): JsonScan => ({ _tag: 'Error', offset, message })
  const skip = (): JsonScan | undefined => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (isSpace(c)) i++
      else if (c === 0x2f && (text[i + 1] === '/' || text[i + 1] === '*')) return error(i, 'comments are not allowed in JSON')
      else if (c === 0x23) return error(i, 'comments are not allowed in JSON')
      else break
    }
    return undefined
  }
  /** Reads a string at i (which is '"'); returns its end (after the quote) or -1. */
  const stringEnd = (): number => {
    let j = i + 1
    for (;;) {
      const q = text.indexOf('"', j)
      if (q < 0) return -1
      let backslashes = 0
      for (let k = q - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++
      if (backslashes % 2 === 0) return q + 1
      j = q + 1
    }
  }
  /** Reads a number at i; returns its end or -1. */
  const numberEnd = (): number => {
    let j = i
    if (text[j] === '-') j++
    if (text[j] === '0') j++
    else if (isDigit(text.charCodeAt(j))) while (isDigit(text.charCodeAt(j))) j++
    else return -1
    if (text[j] === '.') {
      j++
      if (!isDigit(text.charCodeAt(j))) return -1
      while (isDigit(text.charCodeAt(j))) j++
    }
    if (text[j] === 'e' || text[j] === 'E') {
      j++
      if (text[j] === '+' || text[j] === '-') j++
      if (!isDigit(text.charCodeAt(j))) return -1
      while (isDigit(text.charCodeAt(j))) j++
    }
    return j
  }
  const path = (): ReadonlyArray<string | number> => stack.map((f) => f.key)

  for (;;) {
    // A value is expected at i.
    const e = skip()
    if (e !== undefined) return e
    if (i >= n) return notJson
    const c = text[i]
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) return error(i, `nesting deeper than ${MAX_DEPTH} levels (the limit for a YAML or JSON document)`)
      const object = c === '{'
      i++
      const e2 = skip()
      if (e2 !== undefined) return e2
      if (text[i] === (object ? '}' : ']')) {
        i++
      } else {
        stack.push({ object, keys: object ? new Set() : undefined, key: 0 })
        if (!object) continue
        // First key of an object.
        const k = readKey()
        if (typeof k !== 'undefined') return k
        continue
      }
    } else if (c === '"') {
      const end = stringEnd()
      if (end < 0) return notJson
      i = end
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null'
      if (!text.startsWith(word, i)) return notJson
      i += word.length
    } else {
      const end = numberEnd()
      if (end < 0) return notJson
      const source = text.slice(i, end)
      if (/[.eE]/.test(source)) {
        const v = Number(source)
        if (Number.isInteger(v)) floats.push({ path: path(), raw: source })
      }
      i = end
    }
    // After a value: close containers or move to the next entry.
    for (;;) {
      const e3 = skip()
      if (e3 !== undefined) return e3
      const top = stack[stack.length - 1]
      if (top === undefined) {
        if (i >= n) return { _tag: 'Json', floats }
        const next = text[i]
        return next === '{' || next === '['
          ? error(i, 'more than one JSON value: concatenated JSON and JSON Lines are not read (use a List, or YAML documents separated by ---)')
          : notJson
      }
      const d = text[i]
      if (d === ',') {
        i++
        if (top.object) {
          const k = readKey()
          if (typeof k !== 'undefined') return k
        } else top.key = (top.key as number) + 1
        break
      }
      if (d === (top.object ? '}' : ']')) {
        i++
        stack.pop()
        continue
      }
      return notJson
    }
  }

  /** Reads `"key" :` for the innermost object, checking for duplicates; undefined when fine. */
  function readKey(): JsonScan | undefined {
    const e = skip()
    if (e !== undefined) return e
    if (text[i] !== '"') return notJson
    const start = i
    const end = stringEnd()
    if (end < 0) return notJson
    const raw = text.slice(i + 1, end - 1)
    let key: string
    if (raw.includes('\\')) {
      try {
        key = JSON.parse(text.slice(i, end)) as string
      } catch {
        return notJson
      }
    } else key = raw
    i = end
    const top = stack[stack.length - 1] as Frame
    if (top.keys?.has(key)) return error(start, `duplicate key ${JSON.stringify(key)} (keys must be unique)`)
    top.keys?.add(key)
    top.key = key
    const e2 = skip()
    if (e2 !== undefined) return e2
    if (text[i] !== ':') return notJson
    i++
    return undefined
  }
}
