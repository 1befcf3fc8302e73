/**
 * Label inheritance and implicit labels (§2.6): an endpoint's or network set's effective labels
 * are its own labels over its parents' (profiles') `labelsToApply`, the first parent winning
 * among parents, as felix's label-inheritance index reads them.
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import { LABEL_NAMESPACE, LABEL_SERVICE_ACCOUNT, NAMESPACE_LABEL_PREFIX, SERVICE_ACCOUNT_LABEL_PREFIX } from './selector-rewrite.js'

/**
 * A label map.
 * @since 0.1.0
 */
export type Labels = Readonly<Record<string, string>>

/**
 * The implicit orchestrator label of workload endpoints.
 * @example
 * ```ts
 * LABEL_ORCHESTRATOR // 'projectcalico.org/orchestrator'
 * ```
 * @since 0.1.0
 */
export const LABEL_ORCHESTRATOR = 'projectcalico.org/orchestrator'

/**
 * Effective labels: own labels, then each parent's labels in order for keys not yet set.
 * @example
 * ```ts
 * effectiveLabels({ a: '1' }, [{ a: '2', b: '2' }, { b: '3', c: '3' }]) // { a: '1', b: '2', c: '3' }
 * ```
 * @since 0.1.0
 */
export const effectiveLabels = (own: Labels, parents: ReadonlyArray<Labels | undefined>): Labels => {
  if (parents.every((p) => p === undefined || Object.keys(p).length === 0)) return own
  const out: Record<string, string> = {}
  for (let i = parents.length - 1; i >= 0; i--) for (const [k, v] of Object.entries(parents[i] ?? {})) put(out, k, v)
  for (const [k, v] of Object.entries(own)) put(out, k, v)
  return out
}

/**
 * Sets an own property. Plain assignment (and `Object.assign`) would set the prototype for a
 * `__proto__` key instead, silently dropping the label.
 */
const put = (out: Record<string, string>, key: string, value: string): void => {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * A workload endpoint's own labels as felix sees them: the namespace and orchestrator labels set
 * (as the Calico client stores them), labels with the reserved `pcns.`/`pcsa.` prefixes removed
 * (no spoofing of namespace or service-account labels), and the service-account label added
 * when the endpoint names one.
 * @example
 * ```ts
 * workloadLabels({ app: 'web', 'pcns.x': 'y' }, 'prod', 'k8s', 'api')
 * // { app: 'web', 'projectcalico.org/namespace': 'prod', 'projectcalico.org/orchestrator': 'k8s', 'projectcalico.org/serviceaccount': 'api' }
 * ```
 * @since 0.1.0
 */
export const workloadLabels = (labels: Labels, namespace: string, orchestrator: string, serviceAccount: string | undefined): Labels => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith(NAMESPACE_LABEL_PREFIX) || k.startsWith(SERVICE_ACCOUNT_LABEL_PREFIX)) continue
    put(out, k, v)
  }
  out[LABEL_NAMESPACE] = namespace
  out[LABEL_ORCHESTRATOR] = orchestrator
  if (serviceAccount !== undefined && serviceAccount !== '') out[LABEL_SERVICE_ACCOUNT] = serviceAccount
  return out
}

/**
 * A namespaced network set's own labels: its labels plus the namespace label.
 * @example
 * ```ts
 * networkSetLabels({ role: 'db' }, 'prod') // { role: 'db', 'projectcalico.org/namespace': 'prod' }
 * ```
 * @since 0.1.0
 */
export const networkSetLabels = (labels: Labels, namespace: string): Labels => ({ ...labels, [LABEL_NAMESPACE]: namespace })
