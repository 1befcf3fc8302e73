/**
 * The normalised policy model: one node's compiled view of the cluster (endpoints, their
 * ordered tiers and policies split into untracked/pre-DNAT/forward/normal lists, profiles,
 * rules in numeric per-family form, IP sets), shared by the evaluator and the emitters.
 * @module
 */
export type {
  Direction,
  RuleAction,
  PolicyKind,
  SetId,
  IpSet,
  Ports,
  Icmp,
  Side,
  Rule,
  FamilyRules,
  PolicyKey,
  Policy,
  Tier,
  PolicyEntry,
  TierEntry,
  TierLists,
  Profile,
  Endpoint,
  FailsafeEntry,
  InterfaceMatcher,
  Settings,
  HostInterface,
  HostEndpoints,
  World,
} from './world.js'
export { rulesFor, defaultSettings } from './world.js'
export type { Family, Address, AddressSet, Prefix } from './address.js'
export { parseAddress, parsePrefix, fromPrefixes, setOf, contains, emptySet, isEmptyFor, onlyFamily, formatAddress } from './address.js'
export { compareTiers, comparePolicies, policyNameKey } from './order.js'
export type { EndpointLists } from './lists.js'
export { endpointLists, tierOf } from './lists.js'
export type { ConvertedKubernetesPolicy } from './kubernetes.js'
export { fromKubernetes, fromStagedKubernetes, labelSelectorToCalico, simplifyPorts, KUBERNETES_POLICY_ORDER } from './kubernetes.js'
