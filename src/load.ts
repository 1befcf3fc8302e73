/**
 * The package-level loader: the model's decoding and validation plus the checks that need the
 * selector language (every selector must parse, V37).
 *
 * § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
 * @module
 */
import type { CalicoError } from './errors.js'
import type { Either, ReadonlyNonEmptyArray } from './internal/fp.js'
import { load as loadModel, type LoadOptions } from './model/load.js'
import type { Resource } from './model/resource.js'
import { selectorErrors } from './selector/resource-selectors.js'

/**
 * Reads every Calico (and Kubernetes) resource in YAML or JSON text, single resources or lists,
 * and returns either every resource (validated and defaulted) or every error found, each naming
 * the file (`options.file`), the 1-based document, the resource and the field path. Unlike
 * `Model.load`, it also checks that every selector parses. `options.maxBytes` and
 * `options.maxDocuments` bound the input (see `Model.LoadOptions`); anything but a string is a
 * `Left`.
 * @example
 * ```ts
 * import { load, formatError } from 'calico-policy'
 * const r = load('kind: Tier\napiVersion: projectcalico.org/v3\nmetadata: {name: edge}\nspec: {order: 10}\n')
 * if (r._tag === 'Left') r.left.map(formatError).forEach((m) => console.error(m))
 * ```
 * @since 0.1.0
 */
export const load = (text: string, options: Omit<LoadOptions, 'check'> = {}): Either<ReadonlyNonEmptyArray<CalicoError>, ReadonlyArray<Resource>> =>
  loadModel(text, { ...options, check: selectorErrors })
