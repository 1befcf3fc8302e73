/**
 * Model: io-ts codecs for every Calico resource kind, with Calico's validation and defaulting.
 * @module
 */
export {
  IPAddress,
  Cidr,
  CidrOrIP,
  IPBlockCidr,
  IPNetwork,
  parseAddress,
  parseCidr,
  formatAddress,
  formatCidr,
  familyOf,
  cidrParts,
  contains,
  type Family,
  type Address,
  type CidrParts,
  type IPAddressBrand,
  type CidrBrand,
  type CidrOrIPBrand,
  type IPBlockCidrBrand,
  type IPNetworkBrand,
} from './net.js'
export {
  ObjectMeta,
  objectMeta,
  OwnerReference,
  ManagedFieldsEntry,
  Labels,
  Annotations,
  resourceName,
  nameErrors,
  labelErrors,
  annotationErrors,
  qualifiedNameErrors,
  labelValueErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  applyScope,
  referenceName,
  utf8Length,
  DEFAULT_NAMESPACE,
  type NameRule,
  type LabelMap,
  type Scope,
} from './metadata.js'
export { Tier, TierAction, TierSpecInput, decodeTier, builtinTiers, DEFAULT_TIER_ORDER } from './tier.js'
export { Protocol, ProtocolName, protocolNumber, supportsPorts } from './protocol.js'
export { Port, formatPort, isNumericPort, portNameErrors, type PortRange, type NamedPort } from './port.js'
export { ICMPFields } from './icmp.js'
export { HTTPMatch, HTTPPath } from './http.js'
export { EntityRule, ServiceMatch, ServiceAccountMatch } from './entity-rule.js'
export { Rule, Action, IPVersion, RuleMetadata, RuleFields } from './rule.js'
export { GlobalNetworkSet, NetworkSetSpec, decodeGlobalNetworkSet, NAMESPACE_LABEL } from './global-network-set.js'
export { NetworkSet, decodeNetworkSet } from './network-set.js'
export { Namespace, NamespaceSpec, NamespaceStatus, decodeNamespace } from './namespace.js'
export { ServiceAccount, ObjectReference, decodeServiceAccount } from './service-account.js'
export {
  PolicyType,
  PerformanceHint,
  StagedAction,
  TIER_LABEL,
  DEFAULT_TIER,
  defaultTypes,
  policySelectors,
  type SelectorField,
  type SpecView,
} from './policy-spec.js'
export { GlobalNetworkPolicy, GlobalNetworkPolicySpec, decodeGlobalNetworkPolicy } from './global-network-policy.js'
export { NetworkPolicy, NetworkPolicySpec, decodeNetworkPolicy } from './network-policy.js'
export { StagedGlobalNetworkPolicy, StagedGlobalNetworkPolicySpec, decodeStagedGlobalNetworkPolicy } from './staged-global-network-policy.js'
export { StagedNetworkPolicy, StagedNetworkPolicySpec, decodeStagedNetworkPolicy } from './staged-network-policy.js'
export {
  KubernetesNetworkPolicy,
  KubernetesNetworkPolicySpec,
  decodeKubernetesNetworkPolicy,
  LabelSelector,
  LabelSelectorRequirement,
  IPBlock,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyIngressRule,
  NetworkPolicyEgressRule,
  KubernetesProtocol,
  KubernetesPolicyType,
  type DefaultedPort,
} from './kubernetes-network-policy.js'
export {
  StagedKubernetesNetworkPolicy,
  StagedKubernetesNetworkPolicySpec,
  decodeStagedKubernetesNetworkPolicy,
} from './staged-kubernetes-network-policy.js'
export {
  FelixConfiguration,
  FelixConfigurationSpec,
  FailsafeProtocol,
  ProtoPort,
  decodeFelixConfiguration,
  felixConfigurationFields,
} from './felix-configuration.js'
export {
  felixDefaults,
  effectiveFelixConfig,
  parseFailsafePorts,
  formatFailsafePorts,
  parseInterfaceExclude,
  isExcludedInterface,
  isWorkloadInterface,
  type FelixSettings,
  type FailsafePort,
  type InterfacePattern,
  type EffectiveFelixConfigOptions,
} from './felix-settings.js'
export { HostEndpoint, HostEndpointSpec, EndpointPort, InterfaceName, decodeHostEndpoint } from './host-endpoint.js'
export {
  WorkloadEndpoint,
  WorkloadEndpointSpec,
  WorkloadEndpointPort,
  IPNAT,
  QoSControls,
  decodeWorkloadEndpoint,
} from './workload-endpoint.js'
export { Profile, ProfileSpec, decodeProfile, DEFAULT_ALLOW_PROFILE } from './profile.js'
export {
  decodeResource,
  kindOf,
  isKind,
  supportedKinds,
  tierErrors,
  BUILTIN_TIER_NAMES,
  type Resource,
  type ResourceKind,
  type ResourceOf,
} from './resource.js'
export { load, type LoadOptions, DEFAULT_MAX_BYTES, DEFAULT_MAX_DOCUMENTS } from './load.js'
export { parseFelixParams, felixParamNames, felixParamField } from './felix-params.js'
