/**
 * Model: io-ts codecs for every Calico resource kind, with Calico's validation and defaulting.
 * @module
 */
export * from './metadata.js'
export * from './tier.js'
