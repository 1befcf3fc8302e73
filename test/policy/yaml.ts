/**
 * Test helper: loads multi-document YAML with `Model.load`, throwing on errors.
 */
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { load } from '../../src/model/load.js'
import type { Resource } from '../../src/model/resource.js'

export const resources = (text: string): ReadonlyArray<Resource> => {
  const r = load(text)
  if (E.isLeft(r)) throw new Error(r.left.map(formatError).join('\n'))
  return r.right
}
