/**
 * Selector syntax in resources (validation rule V37): every selector string a Calico resource
 * carries must parse. The model layer decodes resources without the selector language; this
 * module finds their selectors and reports each syntax error at its field path.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { CalicoError, Path } from '../errors.js'
import { policySelectors } from '../model/policy-spec.js'
import { kindOf, type Resource } from '../model/resource.js'
import { parse } from './parse.js'
import { MAX_LABEL_LENGTH, showLabel, tokenize } from './tokenize.js'

/**
 * Every selector of a resource with its path from the resource root: policy selectors
 * (`spec.selector`, `spec.namespaceSelector`, `spec.serviceAccountSelector`), rule selectors of
 * policies and profiles (`selector`, `notSelector`, `namespaceSelector`,
 * `serviceAccounts.selector`) and a FelixConfiguration's `spec.nodeSelector`.
 * @example
 * ```ts
 * resourceSelectors(globalNetworkPolicy) // [{ path: ['spec', 'selector'], selector: 'has(role)' }, ...]
 * ```
 * @since 0.1.0
 */
export const resourceSelectors = (r: Resource): ReadonlyArray<{ readonly path: Path; readonly selector: string }> => {
  switch (kindOf(r)) {
    case 'GlobalNetworkPolicy':
    case 'NetworkPolicy':
    case 'StagedGlobalNetworkPolicy':
    case 'StagedNetworkPolicy':
    case 'Profile':
      return policySelectors(r as Parameters<typeof policySelectors>[0])
    case 'FelixConfiguration': {
      const s = (r as { readonly spec: { readonly nodeSelector?: string } }).spec.nodeSelector
      return s === undefined ? [] : [{ path: ['spec', 'nodeSelector'], selector: s }]
    }
    default:
      return []
  }
}

/**
 * The syntax errors of a resource's selectors, each a `SelectorSyntax` error at the selector's
 * field path (empty when every selector parses).
 * @example
 * ```ts
 * selectorErrors(policyWithSelector('has(role')) // [{ _tag: 'SelectorSyntax', path: ['spec', 'selector'], ... }]
 * ```
 * @since 0.1.0
 */
export const selectorErrors = (r: Resource): ReadonlyArray<CalicoError> =>
  resourceSelectors(r).flatMap(({ path, selector }) => selectorFieldErrors(selector, path))

/**
 * The label prefix Calico puts on every key of the selector at `path` before felix parses it:
 * `pcns.` for a `namespaceSelector`, `pcsa.` for a `serviceAccountSelector` or a rule's
 * `serviceAccounts.selector` (`libcalico-go/lib/backend/syncersv1/updateprocessors/rules.go`).
 */
const prefixAt = (path: Path): string | undefined => {
  const last = path[path.length - 1]
  if (last === 'namespaceSelector') return 'pcns.'
  if (last === 'serviceAccountSelector' || (last === 'selector' && path[path.length - 2] === 'serviceAccounts')) return 'pcsa.'
  return undefined
}

/**
 * The problems of one selector field at `path`: its syntax error, or, for the fields whose keys
 * Calico prefixes (`namespaceSelector` with `pcns.`, `serviceAccountSelector` and
 * `serviceAccounts.selector` with `pcsa.`), the first key that the prefix makes longer than the
 * 512 characters a label may have (the prefixed selector would not parse, and the field would
 * silently select nothing). Empty when the field is usable.
 * @example
 * ```ts
 * selectorFieldErrors(`has(${'k'.repeat(510)})`, ['spec', 'namespaceSelector'])
 * // [{ _tag: 'SelectorSyntax', path: ['spec', 'namespaceSelector'], offset: 4,
 * //    message: 'label too long with the "pcns." prefix: pcns.kkkk…', ... }]
 * ```
 * @since 0.2.0
 * @internal
 */
export const selectorFieldErrors = (text: string, path: Path): ReadonlyArray<CalicoError> => {
  const p = parse(text)
  if (p._tag === 'Left') return [{ ...p.left, path }]
  const prefix = prefixAt(path)
  if (prefix === undefined) return []
  const lexed = tokenize(text)
  if (!lexed.ok) return []
  for (const t of lexed.tokens) {
    if ((t.kind !== 'Label' && t.kind !== 'Has') || prefix.length + t.value.length <= MAX_LABEL_LENGTH) continue
    const offset = t.kind === 'Label' ? t.offset : text.indexOf(t.value, t.offset + 4)
    return [
      {
        _tag: 'SelectorSyntax',
        path,
        source: text,
        offset,
        expected: [`label of at most ${MAX_LABEL_LENGTH - prefix.length} characters`],
        message: `label too long with the ${JSON.stringify(prefix)} prefix: ${showLabel(prefix + t.value)}`,
      },
    ]
  }
  return []
}
