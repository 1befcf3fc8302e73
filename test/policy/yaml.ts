/**
 * Test helper: reads multi-document YAML into decoded resources with the per-kind decoders.
 */
import { parseAllDocuments } from 'yaml'
import { formatError } from '../../src/errors.js'
import { E } from '../../src/internal/fp.js'
import { decodeFelixConfiguration } from '../../src/model/felix-configuration.js'
import { decodeGlobalNetworkPolicy } from '../../src/model/global-network-policy.js'
import { decodeGlobalNetworkSet } from '../../src/model/global-network-set.js'
import { decodeHostEndpoint } from '../../src/model/host-endpoint.js'
import { decodeKubernetesNetworkPolicy } from '../../src/model/kubernetes-network-policy.js'
import { decodeNamespace } from '../../src/model/namespace.js'
import { decodeNetworkPolicy } from '../../src/model/network-policy.js'
import { decodeNetworkSet } from '../../src/model/network-set.js'
import { decodeProfile } from '../../src/model/profile.js'
import { decodeServiceAccount } from '../../src/model/service-account.js'
import { decodeStagedGlobalNetworkPolicy } from '../../src/model/staged-global-network-policy.js'
import { decodeStagedKubernetesNetworkPolicy } from '../../src/model/staged-kubernetes-network-policy.js'
import { decodeStagedNetworkPolicy } from '../../src/model/staged-network-policy.js'
import { decodeTier } from '../../src/model/tier.js'
import { decodeWorkloadEndpoint } from '../../src/model/workload-endpoint.js'
import type { Resource } from '../../src/policy/inputs.js'

const decoders: Record<string, (u: unknown) => E.Either<ReadonlyArray<Parameters<typeof formatError>[0]>, unknown>> = {
  FelixConfiguration: decodeFelixConfiguration,
  GlobalNetworkPolicy: decodeGlobalNetworkPolicy,
  GlobalNetworkSet: decodeGlobalNetworkSet,
  HostEndpoint: decodeHostEndpoint,
  Namespace: decodeNamespace,
  NetworkPolicy: decodeNetworkPolicy,
  KubernetesNetworkPolicy: decodeKubernetesNetworkPolicy,
  NetworkSet: decodeNetworkSet,
  Profile: decodeProfile,
  ServiceAccount: decodeServiceAccount,
  StagedGlobalNetworkPolicy: decodeStagedGlobalNetworkPolicy,
  StagedKubernetesNetworkPolicy: decodeStagedKubernetesNetworkPolicy,
  StagedNetworkPolicy: decodeStagedNetworkPolicy,
  Tier: decodeTier,
  WorkloadEndpoint: decodeWorkloadEndpoint,
}

export const resources = (text: string): ReadonlyArray<Resource> =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as { kind?: string; apiVersion?: string } | null)
    .filter((u): u is { kind?: string; apiVersion?: string } => u !== null && typeof u === 'object')
    .map((u) => {
      const kind = u.apiVersion === 'networking.k8s.io/v1' && u.kind === 'NetworkPolicy' ? 'KubernetesNetworkPolicy' : (u.kind ?? '')
      const decode = decoders[kind]
      if (decode === undefined) throw new Error(`unknown kind ${kind}`)
      const r = decode(u)
      if (E.isLeft(r)) throw new Error(r.left.map(formatError).join('\n'))
      return r.right as Resource
    })
