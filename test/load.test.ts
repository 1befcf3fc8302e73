import { describe, expect, it } from 'vitest'
import { formatError } from '../src/errors.js'
import { E } from '../src/internal/fp.js'
import { load } from '../src/load.js'
import { load as loadModel } from '../src/model/load.js'

const text = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: web
spec:
  selector: has(role
  ingress:
    - action: Allow
      source:
        selector: role == 'db'
        notSelector: a ==
---
apiVersion: projectcalico.org/v3
kind: ProfileList
items:
  - metadata:
      name: p1
    spec:
      egress:
        - action: Allow
          destination:
            namespaceSelector: "x in {'a'"
---
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: edge-nodes
spec:
  nodeSelector: edge = 'true'
`

describe('load (package root)', () => {
  it("reports every selector that does not parse, at its path, with Calico's message", () => {
    const r = load(text, { file: 'x.yaml' })
    expect(E.isLeft(r) && r.left.map(formatError)).toEqual([
      'x.yaml, document 1, GlobalNetworkPolicy web: spec.selector: invalid selector "has(role": no closing \')\' after has( (at offset 8; expected ")")',
      'x.yaml, document 1, GlobalNetworkPolicy web: spec.ingress[0].source.notSelector: invalid selector "a ==": expected string (at offset 4; expected \"string\")',
      'x.yaml, document 2, Profile p1: items[0].spec.egress[0].destination.namespaceSelector: invalid selector "x in {\'a\'": expected } (at offset 9; expected "," or "}")',
      'x.yaml, document 3, FelixConfiguration edge-nodes: spec.nodeSelector: invalid selector "edge = \'true\'": expected == (at offset 5; expected "==")',
    ])
  })
  it('accepts the same resources once the selectors are fixed, like the model loader', () => {
    const fixed = text
      .replace('has(role\n', 'has(role)\n')
      .replace('a ==\n', "a == 'b'\n")
      .replace(`"x in {'a'"`, `"x in {'a'}"`)
      .replace("edge = 'true'", "edge == 'true'")
    const r = load(fixed)
    expect(E.isRight(r) && r.right.map((x) => x.metadata.name)).toEqual(['web', 'p1', 'edge-nodes'])
    expect(r).toEqual(loadModel(fixed))
  })
  it('leaves selector checking out of Model.load, which cannot use the selector language', () => {
    expect(E.isRight(loadModel(text))).toBe(true)
  })
})
