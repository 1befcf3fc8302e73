/**
 * A cheap pass over YAML text before it is parsed: splits the stream into documents and refuses,
 * per document, what must never reach the parser (nesting deeper than {@link MAX_DEPTH}, `%YAML`
 * directives other than 1.1 and 1.2, which are both read as 1.2; other directives) and what is certain to fail anyway (a policy with
 * more rules than Calico accepts). It walks the tokens of the `yaml` library's own lexer, so quoted
 * and block scalars are recognised exactly as the parser will see them; the lexer keeps its state in
 * counters (no recursion), so any input is scanned in linear time and constant stack.
 * See docs/resources-and-selectors.md ("Limits").
 * @module
 */
import { Lexer } from 'yaml'

/**
 * The deepest nesting of collections (block or flow, mappings or sequences, added together) a YAML
 * or JSON document may have. The deepest real Calico resource (a list of Kubernetes network
 * policies with match expressions) is about 12 deep.
 * @internal
 */
export const MAX_DEPTH = 64

/** Calico's limit on the rules in one direction of a policy or profile (`boundedList(Rule, 1024)`). */
export const MAX_RULES = 1024

/** What the scan found out about one document. */
export interface ScannedDocument {
  /** Offset of the document's first character in the text (a line start). */
  readonly start: number
  /** Offset just past the document. */
  readonly end: number
  /** Why the document must not be parsed, with the offset the message points at. */
  readonly error?: { readonly offset: number; readonly message: string }
  /** Top-level `apiVersion`, `kind` and `metadata.name`, when written as scalars. */
  readonly apiVersion?: string
  readonly kind?: string
  readonly name?: string
  /** Offsets of `%YAML 1.1`/`%YAML 1.2` directives of the document (the loader reads both as 1.2). */
  readonly yamlDirectives?: ReadonlyArray<number>
  /** `spec.ingress` / `spec.egress` with more than {@link MAX_RULES} entries. */
  readonly tooManyRules?: { readonly key: 'ingress' | 'egress'; readonly count: number }
}

/** The scan of a whole text: its documents, or the reason it was not read to the end. */
export interface YamlScan {
  readonly documents: ReadonlyArray<ScannedDocument>
  readonly tooManyDocuments: boolean
}

interface Level {
  /** Column of a block collection; -1 for a flow collection. */
  readonly col: number
  readonly kind: 'map' | 'seq'
  /** The last key seen in this mapping (scalar keys only). */
  key: string | undefined
  /** Entries of a sequence (block: `-` indicators; flow: items started). */
  count: number
  /** For `spec.ingress`/`spec.egress`: which one. */
  readonly rules: 'ingress' | 'egress' | undefined
}

const SCALAR = '\x1f'
const DOCUMENT = '\x02'
const FLOW_END = '\x18'
const BOM = '\ufeff'

/** The value of a single-line key or value token, or undefined when it is not a simple scalar. */
const scalarText = (token: string): string | undefined => {
  if (token.includes('\n')) return undefined
  if (token.startsWith('"') || token.startsWith("'")) return token.length >= 2 && !token.includes('\\') ? token.slice(1, -1) : undefined
  return token.trimEnd()
}

/**
 * Scans `text` (see the module comment). `maxDocuments` stops the scan as soon as one document too
 * many starts.
 * @internal
 */
export const scanYaml = (text: string, maxDocuments: number): YamlScan => {
  const documents: ScannedDocument[] = []
  let offset = 0
  let lineStart = 0
  let col = 0
  // The document being read.
  let docStart = -1
  let pendingStart = -1
  let error: ScannedDocument['error']
  let directives: number[] = []
  let facts: { apiVersion?: string; kind?: string; name?: string; tooManyRules?: NonNullable<ScannedDocument['tooManyRules']> } = {}
  let levels: Level[] = []
  let flowDepth = 0
  /** Column of the first node token of the current line (block context), or -1. */
  let nodeCol = -1
  /** The last scalar token (a key when `:` follows; only keys of the first two levels are read). */
  let lastScalar: string | undefined
  let scalarNext = false
  let afterValueIndicator = false

  const close = (end: number): void => {
    if (docStart < 0) return
    documents.push({ start: docStart, end, ...(error === undefined ? {} : { error }), ...(directives.length === 0 ? {} : { yamlDirectives: directives }), ...facts })
    directives = []
    docStart = -1
    pendingStart = -1
    error = undefined
    facts = {}
    levels = []
    flowDepth = 0
  }
  /** Opens a document at `at` unless one is open; false when that would be one too many. */
  const open = (at: number): boolean => {
    if (docStart >= 0) return true
    if (documents.length >= maxDocuments) return false
    docStart = pendingStart >= 0 ? pendingStart : at
    pendingStart = -1
    return true
  }
  /** Start of the token being looked at. */
  let tokenStart = 0
  const fail = (message: string): void => {
    if (error === undefined) error = { offset: tokenStart, message }
  }
  const depthCheck = (): void => {
    if (levels.length > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels (the limit for a YAML or JSON document)`)
  }
  /** The key path of the innermost levels: ['spec', 'ingress'] when the innermost two maps are there. */
  const atPath = (a: string, b: string): boolean => {
    const n = levels.length
    return n === 2 && levels[0]?.kind === 'map' && levels[0].key === a && levels[1]?.kind === 'map' && levels[1].key === b
  }
  const rulesKey = (): 'ingress' | 'egress' | undefined => (atPath('spec', 'ingress') ? 'ingress' : atPath('spec', 'egress') ? 'egress' : undefined)
  const countItem = (level: Level | undefined): void => {
    if (level === undefined || level.kind !== 'seq') return
    level.count++
    if (level.rules !== undefined && level.count > MAX_RULES && facts.tooManyRules === undefined) facts.tooManyRules = { key: level.rules, count: level.count }
    else if (facts.tooManyRules !== undefined && level.rules === facts.tooManyRules.key) facts.tooManyRules = { key: level.rules, count: level.count }
  }
  /** A block collection starts (or continues) at column c. */
  const block = (kind: 'map' | 'seq', c: number): void => {
    for (;;) {
      const top = levels[levels.length - 1]
      if (top === undefined || top.col < 0) break
      if (top.col > c || (top.col === c && top.kind === 'seq' && kind === 'map')) levels.pop()
      else break
    }
    const top = levels[levels.length - 1]
    if (top !== undefined && top.col === c && top.kind === kind) {
      if (kind === 'seq') countItem(top)
      return
    }
    const level: Level = { col: c, kind, key: undefined, count: 0, rules: kind === 'seq' ? rulesKey() : undefined }
    levels.push(level)
    if (kind === 'seq') countItem(level)
    depthCheck()
  }
  /** A scalar value after `key:` at the top level or in metadata. */
  const value = (v: string): void => {
    const n = levels.length
    const top = levels[n - 1]
    if (top === undefined || top.kind !== 'map') return
    if (n === 1 && top.key === 'apiVersion') facts.apiVersion = v
    else if (n === 1 && top.key === 'kind') facts.kind = v
    else if (n === 2 && levels[0]?.key === 'metadata' && top.key === 'name') facts.name = v
  }

  for (const token of new Lexer().lex(text)) {
    if (token === SCALAR) {
      scalarNext = true
      continue
    }
    if (token === DOCUMENT) continue
    if (token === FLOW_END) {
      // An unterminated flow collection ended by a document marker (not a character of the text).
      while (levels.length > 0 && levels[levels.length - 1]?.col === -1) levels.pop()
      flowDepth = 0
      continue
    }
    const at = offset
    tokenStart = at
    const atCol = col
    offset += token.length
    const nl = token.lastIndexOf('\n')
    if (nl >= 0) {
      lineStart = at + nl + 1
      col = token.length - nl - 1
    } else col += token.length
    const isScalar = scalarNext
    scalarNext = false
    if (isScalar || token.startsWith('"') || token.startsWith("'")) {
      if (!open(at - atCol)) return { documents, tooManyDocuments: true }
      if (flowDepth === 0 && nodeCol < 0) nodeCol = atCol
      lastScalar = token
      if (afterValueIndicator && levels.length <= 2) {
        const v = scalarText(token)
        if (v !== undefined) value(v)
      }
      afterValueIndicator = false
      continue
    }
    switch (token) {
      case '\n':
      case '\r\n':
      case '':
        if (flowDepth === 0) nodeCol = -1
        afterValueIndicator = false
        continue
      case BOM:
        continue
      case '---':
        close(at)
        if (!open(at)) return { documents, tooManyDocuments: true }
        nodeCol = -1
        continue
      case '...':
        close(offset)
        continue
      case '[':
      case '{': {
        if (!open(at - atCol)) return { documents, tooManyDocuments: true }
        if (flowDepth === 0 && nodeCol < 0) nodeCol = atCol
        const parent = levels[levels.length - 1]
        if (parent !== undefined && parent.col === -1) countItem(parent)
        const kind = token === '[' ? 'seq' : 'map'
        levels.push({ col: -1, kind, key: undefined, count: 0, rules: kind === 'seq' ? rulesKey() : undefined })
        flowDepth++
        depthCheck()
        afterValueIndicator = false
        continue
      }
      case ']':
      case '}':
        if (flowDepth > 0) {
          flowDepth--
          if (levels[levels.length - 1]?.col === -1) levels.pop()
        }
        continue
      case ',':
        continue
      case '-':
      case '?':
        if (!open(at - atCol)) return { documents, tooManyDocuments: true }
        if (flowDepth === 0) {
          block(token === '-' ? 'seq' : 'map', atCol)
          nodeCol = -1
        }
        continue
      case ':': {
        if (!open(at - atCol)) return { documents, tooManyDocuments: true }
        if (flowDepth === 0) block('map', nodeCol >= 0 ? nodeCol : atCol)
        const top = levels[levels.length - 1]
        if (top !== undefined && top.kind === 'map') top.key = lastScalar === undefined || levels.length > 2 ? undefined : scalarText(lastScalar)
        lastScalar = undefined
        afterValueIndicator = true
        nodeCol = -1
        continue
      }
    }
    switch (token[0]) {
      case ' ':
      case '\t':
      case '#':
        continue
      case '%':
        close(lineStart)
        if (pendingStart < 0) pendingStart = at - atCol
        // %YAML 1.1 and 1.2 are both read as YAML 1.2 (calicoctl ignores the directive too; where
        // its YAML 1.1 reader differs, the plain scalar is reported as ambiguous).
        if (/^%YAML[ \t]+1\.[12][ \t]*(#.*)?$/.test(token)) directives.push(at)
        else {
          // The directive belongs to the next document: remember the error until it opens.
          const message = token.startsWith('%YAML')
            ? `${token.trim().slice(0, 40)}: only YAML 1.2 is read (%YAML 1.1 is read as 1.2 too)`
            : `${(token.trim().split(/[ \t]/)[0] ?? '%').slice(0, 40)}: only the directive %YAML 1.2 is accepted`
          if (error === undefined) error = { offset: at, message }
        }
        continue
    }
    // Anchors, tags, aliases, block scalar headers: node content.
    if (!open(at - atCol)) return { documents, tooManyDocuments: true }
    if (flowDepth === 0 && nodeCol < 0) nodeCol = atCol
    if (token[0] === '*') afterValueIndicator = false
    const parent = levels[levels.length - 1]
    if (parent !== undefined && parent.col === -1 && parent.kind === 'seq' && token[0] === '*') countItem(parent)
  }
  close(offset)
  return { documents, tooManyDocuments: false }
}
