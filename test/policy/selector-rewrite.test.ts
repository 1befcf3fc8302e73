// § numbers and ids such as V40, X5, Q1 or S1 refer to docs/reference.md.
import { describe, expect, it } from 'vitest'
import { E, pipe } from '../../src/internal/fp.js'
import { attachPrefix, entityRuleSelector, foldNotSelector, policySelector } from '../../src/policy/selector-rewrite.js'
import { parse } from '../../src/selector/parse.js'
import { print } from '../../src/selector/print.js'
import { uniqueId } from '../../src/selector/unique-id.js'

const canonical = (text: string) => pipe(parse(text), E.map(print))

describe('policySelector (§2.3)', () => {
  it('scopes namespaced policies to their namespace, then ANDs the service-account selector', () => {
    expect(policySelector({ selector: "app == 'web'" }, 'prod')).toBe("(app == 'web') && projectcalico.org/namespace == 'prod'")
    expect(policySelector({}, 'prod')).toBe("projectcalico.org/namespace == 'prod'")
    expect(policySelector({ selector: "app == 'web'", serviceAccountSelector: "role == 'api'" }, 'prod')).toBe(
      '((app == \'web\') && projectcalico.org/namespace == \'prod\') && pcsa.role == "api"',
    )
  })
  it('global policies: namespace and service-account selectors prefixed, all() rewritten textually', () => {
    expect(policySelector({ selector: "app == 'web'" }, undefined)).toBe("app == 'web'")
    expect(policySelector({ namespaceSelector: 'all()' }, undefined)).toBe('has(projectcalico.org/namespace)')
    expect(policySelector({ selector: 'all()', namespaceSelector: "team == 'a'" }, undefined)).toBe('(has(projectcalico.org/namespace)) && pcns.team == "a"')
    expect(policySelector({ serviceAccountSelector: 'all()' }, undefined)).toBe('has(projectcalico.org/serviceaccount)')
    expect(policySelector({ selector: 'has(x)', namespaceSelector: 'has(y)', serviceAccountSelector: 'has(z)' }, undefined)).toBe(
      '((has(x)) && has(pcns.y)) && has(pcsa.z)',
    )
  })
})

describe('entityRuleSelector (§2.4)', () => {
  it('GNP/profile rules: the selector as written, namespace selectors prefixed', () => {
    expect(entityRuleSelector({ selector: "role == 'db'" }, '')).toBe("role == 'db'")
    expect(entityRuleSelector({ notSelector: "role == 'db'" }, '')).toBe('')
    expect(entityRuleSelector({ namespaceSelector: "team == 'a'" }, '')).toBe('pcns.team == "a"')
    expect(entityRuleSelector({ selector: 'has(x)', namespaceSelector: "team == 'a'" }, '')).toBe('(pcns.team == "a") && (has(x))')
    expect(entityRuleSelector({ namespaceSelector: 'global()', selector: 'has(x)' }, '')).toBe('(!has(projectcalico.org/namespace)) && (has(x))')
    expect(entityRuleSelector({ namespaceSelector: 'all()' }, 'prod')).toBe('has(projectcalico.org/namespace)')
  })
  it('NetworkPolicy rules are scoped to the namespace as soon as any selector field is used', () => {
    expect(entityRuleSelector({ selector: "role == 'db'" }, 'prod')).toBe("(projectcalico.org/namespace == 'prod') && (role == 'db')")
    expect(entityRuleSelector({ notSelector: "role == 'db'" }, 'prod')).toBe("projectcalico.org/namespace == 'prod'")
    expect(entityRuleSelector({ nets: [] }, 'prod')).toBe('')
  })
  it('service accounts: names become an in-set, the selector is prefixed pcsa., both ANDed', () => {
    expect(entityRuleSelector({ serviceAccounts: { names: ['b', 'a'] } }, '')).toBe('projectcalico.org/serviceaccount in {"a", "b"}')
    expect(entityRuleSelector({ serviceAccounts: { names: ['a'], selector: "x == 'y'" }, selector: 'has(z)' }, 'ns')).toBe(
      '(projectcalico.org/namespace == \'ns\') && (((pcsa.x == "y") && (projectcalico.org/serviceaccount in {"a"})) && (has(z)))',
    )
  })
  it('notSelector folds into a positive selector', () => {
    expect(foldNotSelector("projectcalico.org/namespace == 'prod'", "role == 'bad'")).toEqual({
      positive: "(projectcalico.org/namespace == 'prod') && (!(role == 'bad'))",
      negative: '',
    })
    expect(foldNotSelector('', "role == 'bad'")).toEqual({ positive: '', negative: "role == 'bad'" })
  })
  it('the rewritten selectors canonicalise to felix IP-set ids', () => {
    const folded = foldNotSelector(entityRuleSelector({ notSelector: "role == 'bad'" }, 'ns-a'), "role == 'bad'").positive
    expect(canonical(folded)).toEqual(E.right('(projectcalico.org/namespace == "ns-a" && !role == "bad")'))
    expect(pipe(parse('all()'), E.map(uniqueId))).toEqual(E.right('s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug'))
    expect(attachPrefix('a b', 'pcns.')).toBe('')
  })
})
