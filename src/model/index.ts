/** @module */
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
} from './net.js'
