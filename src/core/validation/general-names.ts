/**
 * GeneralName (RFC 5280 4.2.1.6) in the form name constraints need. subjectAltName and
 * nameConstraints are decoded here from their DER with asn1js, because the library's GeneralName
 * turns an iPAddress into text and loses the exact octets (and a malformed mask) that 4.2.1.10
 * compares. Names inside CRL distribution points come from the library classes.
 */
import * as asn1js from 'asn1js';
import { Name, type GeneralName } from '@peculiar/asn1-x509';
import { FormatError } from '../errors';
import { toHex } from '../encoding';
import { nameView, type NameView } from './names';
import { decodeDer, decodeElement } from '../asn1/decode';

export type GName =
  | { kind: 'rfc822'; value: string }
  | { kind: 'dns'; value: string }
  | { kind: 'uri'; value: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'dn'; name: NameView }
  /** otherName [0], x400Address [3], ediPartyName [5], registeredID [8]: compared by encoding. */
  | { kind: 'other'; tag: number; key: string };

const TAG_NAMES: Record<number, string> = {
  0: 'otherName',
  1: 'rfc822Name',
  2: 'dNSName',
  3: 'x400Address',
  4: 'directoryName',
  5: 'ediPartyName',
  6: 'uniformResourceIdentifier',
  7: 'iPAddress',
  8: 'registeredID',
};

export function generalNameKind(name: GName): string {
  return name.kind === 'other' ? (TAG_NAMES[name.tag] ?? `[${name.tag}]`) : name.kind;
}

/** The elements of a constructed block (SEQUENCE, SET or a constructed tagged value). */
export function childrenOf(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Constructed)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not a constructed value.`);
  }
  return block.valueBlock.value;
}

function ia5(block: asn1js.AsnType, what: string): string {
  if (!(block instanceof asn1js.Primitive)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not a primitive IA5String.`);
  }
  const bytes = block.valueBlock.valueHexView;
  if (bytes.some((b) => b > 0x7f)) {
    throw new FormatError('MALFORMED_DER', `The ${what} holds characters outside IA5.`);
  }
  return Buffer.from(bytes).toString('latin1');
}

/** One GeneralName from its tagged block (context tags [0]..[8]). */
export function decodeGeneralName(block: asn1js.AsnType): GName {
  const { tagClass, tagNumber } = block.idBlock;
  if (tagClass !== 3 || tagNumber > 8) {
    throw new FormatError('MALFORMED_DER', 'A GeneralName has an unknown tag.');
  }
  switch (tagNumber) {
    case 1:
      return { kind: 'rfc822', value: ia5(block, 'rfc822Name') };
    case 2:
      return { kind: 'dns', value: ia5(block, 'dNSName') };
    case 6:
      return { kind: 'uri', value: ia5(block, 'uniformResourceIdentifier') };
    case 7: {
      if (!(block instanceof asn1js.Primitive)) {
        throw new FormatError('MALFORMED_DER', 'An iPAddress is not a primitive OCTET STRING.');
      }
      return { kind: 'ip', bytes: new Uint8Array(block.valueBlock.valueHexView) };
    }
    case 4: {
      const inner = childrenOf(block, 'directoryName');
      const first = inner[0];
      if (inner.length !== 1 || !first) {
        throw new FormatError('MALFORMED_DER', 'A directoryName does not hold exactly one Name.');
      }
      const name = decodeDer(first.valueBeforeDecodeView, Name, 'directoryName');
      return { kind: 'dn', name: nameView(name) };
    }
    default:
      return { kind: 'other', tag: tagNumber, key: toHex(block.valueBeforeDecodeView) };
  }
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, from DER. */
export function decodeGeneralNames(der: Uint8Array, what: string): GName[] {
  const seq = decodeElement(der, what);
  if (!(seq instanceof asn1js.Sequence)) {
    throw new FormatError('MALFORMED_DER', `The ${what} is not a SEQUENCE.`);
  }
  const names = childrenOf(seq, what).map(decodeGeneralName);
  if (names.length === 0) throw new FormatError('MALFORMED_DER', `The ${what} is empty.`);
  return names;
}

/** A GeneralName parsed by @peculiar/asn1-x509 (distribution points, certificateIssuer). */
export function fromLibraryGeneralName(gn: GeneralName): GName {
  if (gn.rfc822Name !== undefined) return { kind: 'rfc822', value: gn.rfc822Name };
  if (gn.dNSName !== undefined) return { kind: 'dns', value: gn.dNSName };
  if (gn.uniformResourceIdentifier !== undefined) {
    return { kind: 'uri', value: gn.uniformResourceIdentifier };
  }
  if (gn.directoryName !== undefined) return { kind: 'dn', name: nameView(gn.directoryName) };
  if (gn.iPAddress !== undefined) return { kind: 'other', tag: 7, key: gn.iPAddress };
  if (gn.registeredID !== undefined) return { kind: 'other', tag: 8, key: gn.registeredID };
  if (gn.otherName !== undefined) {
    return {
      kind: 'other',
      tag: 0,
      key: `${gn.otherName.typeId}:${toHex(gn.otherName.value)}`,
    };
  }
  return { kind: 'other', tag: gn.x400Address ? 3 : 5, key: JSON.stringify(gn) };
}

/** Equality of two names of a distribution point (RFC 5280 6.3.3(b)(2)(i)). */
export function sameGeneralName(a: GName, b: GName): boolean {
  switch (a.kind) {
    case 'dn':
      return b.kind === 'dn' && a.name.key === b.name.key;
    case 'ip':
      return b.kind === 'ip' && toHex(a.bytes) === toHex(b.bytes);
    case 'other':
      return b.kind === 'other' && a.tag === b.tag && a.key === b.key;
    default:
      return b.kind === a.kind && b.value === a.value;
  }
}

export function describeGeneralName(name: GName): string {
  switch (name.kind) {
    case 'dn':
      return `name "${name.name.text}"`;
    case 'ip':
      return `IP address ${formatIp(name.bytes)}`;
    case 'other':
      return generalNameKind(name);
    case 'rfc822':
      return `email address "${name.value}"`;
    case 'dns':
      return `DNS name "${name.value}"`;
    case 'uri':
      return `URI "${name.value}"`;
  }
}

/** 192.0.2.1, 2001:db8:0:0:0:0:0:1, or address/prefix for the 8- and 32-octet constraint form. */
export function formatIp(bytes: Uint8Array): string {
  const address = (b: Uint8Array): string =>
    b.length === 4
      ? Array.from(b).join('.')
      : Array.from({ length: b.length / 2 }, (_, i) =>
          (((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0)).toString(16),
        ).join(':');
  if (bytes.length === 4 || bytes.length === 16) return address(bytes);
  if (bytes.length === 8 || bytes.length === 32) {
    const half = bytes.length / 2;
    const prefix = Array.from(bytes.subarray(half)).reduce(
      (n, b) => n + b.toString(2).replace(/0/g, '').length,
      0,
    );
    return `${address(bytes.subarray(0, half))}/${prefix}`;
  }
  return `0x${toHex(bytes)}`;
}
