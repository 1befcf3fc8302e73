/**
 * The normalised policy model: one node's compiled view of the cluster (endpoints, their
 * ordered tiers and policies split into untracked/pre-DNAT/forward/normal lists, profiles,
 * rules in numeric per-family form, IP sets), shared by the evaluator and the emitters.
 * @module
 */
export type {
  Direction,
  PolicyStage,
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
export { rulesFor } from './world.js'
export type { Family, Address, AddressSet, Prefix } from './address.js'
export { parseAddress, parsePrefix, fromPrefixes, setOf, contains, emptySet, isEmptyFor, onlyFamily, formatAddress } from './address.js'
export { compareTiers, comparePolicies, policyNameKey } from './order.js'
export type { EndpointLists } from './lists.js'
export { endpointLists, tierOf } from './lists.js'
export { build } from './build.js'
export type { BuildInput } from './build.js'
export type { PolicyInput, ItemInput } from './inputs.js'
export { resourceKey, storeKey, policyInput, itemInput } from './inputs.js'
export type { FelixOverrides } from './settings.js'
export { resolveSettings, toSettings, defaultSettings } from './settings.js'
export type { Binding, BindableHep } from './binding.js'
export { bind, isExcluded } from './binding.js'
export { interfaceAddress, interfaceErrors } from './interfaces.js'
export { policySelector, entityRuleSelector, foldNotSelector, attachPrefix, NAMESPACE_LABEL_PREFIX, SERVICE_ACCOUNT_LABEL_PREFIX, LABEL_NAMESPACE, LABEL_SERVICE_ACCOUNT } from './selector-rewrite.js'
export type { PolicySelectorFields } from './selector-rewrite.js'
export { compileRule, compileRules } from './rules.js'
export type { SetRegistry, NamedPortProtocol } from './rules.js'
export { effectiveLabels, workloadLabels, networkSetLabels, LABEL_ORCHESTRATOR } from './labels.js'
export type { Labels } from './labels.js'
export { defaultAllowProfile, missingProfile, namespaceProfile, serviceAccountProfile, DEFAULT_ALLOW } from './profiles.js'
export type { ProfileInput } from './profiles.js'
export type { EndpointPort, Item } from './ip-sets.js'
export type { ConvertedKubernetesPolicy } from './kubernetes.js'
export { fromKubernetes, fromStagedKubernetes, labelSelectorToCalico, simplifyPorts, KUBERNETES_POLICY_ORDER } from './kubernetes.js'

export { update } from './update.js'
export type { Change } from './update.js'
export type { MemberSet, PrefixList } from './member-set.js'
export { membersOf, hasMember, patch, prefixesOf, noMembers } from './member-set.js'
