/**
 * Building block for the top-level codec of one resource kind: `apiVersion`, `kind`, `metadata`
 * and `spec` decoded strictly, then the kind's cross-field rules (Calico's CEL and Go struct
 * validators) and its defaulting, with every problem reported at a path relative to the resource
 * root.
 * @module
 */
import * as t from 'io-ts'
import type { Path } from '../errors.js'
import { failInvalid, strict } from './codec.js'
import { applyScope, type ObjectMeta, type Scope } from './metadata.js'

/**
 * One validation problem found after decoding: where (relative to the resource root) and
 * Calico's message.
 * @since 0.1.0
 */
export interface Issue {
  readonly path: Path
  readonly message: string
}

/**
 * Extends an io-ts context by a relative path so that `fromValidationErrors` reports that path
 * (numbers are array indices).
 * @internal
 */
export const contextAt = (c: t.Context, path: Path): t.Context => {
  const out: t.ContextEntry[] = [...c]
  path.forEach((k, i) => {
    const next = path[i + 1]
    out.push({ key: String(k), type: typeof next === 'number' ? t.readonlyArray(t.unknown) : t.unknown, actual: undefined })
  })
  return out
}

/**
 * The io-ts errors for `issues` found in a value decoded at context `c`.
 * @internal
 */
export const issueErrors = (u: unknown, c: t.Context, issues: ReadonlyArray<Issue>): t.Errors =>
  issues.flatMap((i) => {
    const r = failInvalid<never>(u, contextAt(c, i.path), i.message)
    return r._tag === 'Left' ? r.left : []
  })

/**
 * A codec that decodes with `base` and then runs `refine`, which validates across fields and
 * applies defaults, returning the final value and any issues (paths relative to the value).
 * @internal
 */
export const refine = <I, A>(
  name: string,
  base: t.Type<I, unknown, unknown>,
  is: (u: unknown) => u is A,
  finish: (i: I) => { readonly value: A; readonly issues: ReadonlyArray<Issue> },
): t.Type<A, unknown, unknown> =>
  new t.Type<A, unknown, unknown>(
    name,
    is,
    (u, c) => {
      const r = base.validate(u, c)
      if (r._tag === 'Left') return r
      const { value, issues } = finish(r.right)
      return issues.length === 0 ? t.success(value) : t.failures(issueErrors(u, c, issues))
    },
    t.identity,
  )

/**
 * A literal string codec whose failure reads `"x" is not "v1"`.
 * @internal
 */
export const literal = <L extends string>(value: L): t.Type<L, unknown, unknown> =>
  new t.Type<L, unknown, unknown>(
    JSON.stringify(value),
    (u): u is L => u === value,
    (u, c) => (u === value ? t.success(value) : t.failure(u, c, JSON.stringify(value))),
    t.identity,
  )

/**
 * The decoded envelope of a resource before its kind's own rules run.
 * @internal
 */
export interface Envelope<V extends string, K extends string, S> {
  readonly apiVersion: V
  readonly kind: K
  readonly metadata: ObjectMeta
  readonly spec: S
}

/**
 * The codec of a whole resource of one kind: strict envelope (`apiVersion`, `kind`, `metadata`,
 * `spec` and any `extra` optional top-level fields such as `status`), the scope rule on
 * `metadata.namespace`, then `finish` (cross-field rules and defaulting). When `emptySpec` is
 * given, `spec` may be absent and defaults to it.
 * @internal
 */
export const resourceKind = <V extends string, K extends string, S, A>(args: {
  readonly apiVersion: V
  readonly kind: K
  readonly scope: Scope
  readonly metadata: t.Type<ObjectMeta, unknown, unknown>
  readonly spec: t.Type<S, unknown, unknown>
  readonly emptySpec?: S
  readonly extra?: t.Props
  readonly finish: (r: Envelope<V, K, S>) => { readonly value: A; readonly issues: ReadonlyArray<Issue> }
}): t.Type<A, unknown, unknown> => {
  const required: t.Props = { apiVersion: literal(args.apiVersion), kind: literal(args.kind), metadata: args.metadata }
  const optional: t.Props = { ...(args.extra ?? {}) }
  if (args.emptySpec === undefined) required['spec'] = args.spec
  else optional['spec'] = args.spec
  const base = strict(args.kind, required, optional) as unknown as t.Type<Envelope<V, K, S | undefined>, unknown, unknown>
  return refine(
    args.kind,
    base,
    (u): u is A => typeof u === 'object' && u !== null && (u as { kind?: unknown }).kind === args.kind,
    (env) => {
      const scoped = applyScope(args.scope, args.kind)(env.metadata)
      const spec = (env.spec ?? args.emptySpec) as S
      const done = args.finish({ ...env, metadata: scoped.meta, spec })
      return { value: done.value, issues: [...scoped.errors, ...done.issues] }
    },
  )
}
