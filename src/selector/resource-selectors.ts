/**
 * Selector syntax in resources (validation rule V37): every selector string a Calico resource
 * carries must parse. The model layer decodes resources without the selector language; this
 * module finds their selectors and reports each syntax error at its field path.
 * @module
 */
import type { CalicoError, Path } from '../errors.js'
import { policySelectors } from '../model/policy-spec.js'
import { kindOf, type Resource } from '../model/resource.js'
import { parse } from './parse.js'

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
  resourceSelectors(r).flatMap(({ path, selector }) => {
    const p = parse(selector)
    return p._tag === 'Right' ? [] : [{ ...p.left, path }]
  })
