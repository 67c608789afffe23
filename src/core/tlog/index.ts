/** Transparency log (issue 21): RFC 9162 trees and the C2SP tlog formats. */
export * from './append';
export * from './checkpoint';
export * from './cosignature';
export * from './errors';
export * from './hash';
export * from './note';
export * from './policy';
export * from './proof';
export * from './tree';
export * from './verify';
export * from './entry';
