/**
 * Distinguished names as path validation compares them (RFC 5280 7.1): attribute values of the
 * DirectoryString kinds compare after RFC 4518-style preparation (Unicode normalisation, case
 * folding, insignificant white space removed), so PrintableString and UTF8String spellings of the
 * same name chain (NIST PKITS 4.3); other values compare by their DER encoding.
 */
import type { AttributeTypeAndValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import * as oid from '../oid';
import { toHex } from '../encoding';

export interface NameView {
  /** The canonical form of each RDN, from the root (C=...) down. */
  readonly rdns: readonly string[];
  /** Equal keys mean equal names under RFC 5280 7.1. */
  readonly key: string;
  /** The name for people, most specific RDN first (RFC 4514 order). */
  readonly text: string;
  /** The text of each RDN, from the root down. */
  readonly rdnTexts: readonly string[];
  readonly empty: boolean;
  /** Values of emailAddress attributes (RFC 5280 4.2.1.10 applies rfc822 constraints to them). */
  readonly emails: readonly string[];
}

const SHORT_NAMES: Record<string, string> = {
  [oid.OID_AT_COMMON_NAME]: 'CN',
  [oid.OID_AT_SERIAL_NUMBER]: 'serialNumber',
  [oid.OID_AT_COUNTRY]: 'C',
  [oid.OID_AT_LOCALITY]: 'L',
  [oid.OID_AT_STATE_OR_PROVINCE]: 'ST',
  [oid.OID_AT_ORGANIZATION]: 'O',
  [oid.OID_AT_ORGANIZATIONAL_UNIT]: 'OU',
  [oid.OID_PKCS9_EMAIL_ADDRESS]: 'emailAddress',
  [oid.OID_AT_DOMAIN_COMPONENT]: 'DC',
  [oid.OID_AT_USER_ID]: 'UID',
};

function stringValue(atv: AttributeTypeAndValue): string | undefined {
  const v = atv.value;
  return (
    v.utf8String ??
    v.printableString ??
    v.ia5String ??
    v.teletexString ??
    v.bmpString ??
    v.universalString
  );
}

/** RFC 4518 in short: NFKC, case fold, leading/trailing space dropped, inner runs to one. */
function prepare(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function canonicalAttribute(atv: AttributeTypeAndValue): string {
  const s = stringValue(atv);
  const value =
    s !== undefined
      ? `s:${prepare(s)}`
      : `x:${atv.value.anyValue ? toHex(atv.value.anyValue) : ''}`;
  return JSON.stringify([atv.type, value]);
}

function canonicalRdn(rdn: RelativeDistinguishedName): string {
  return JSON.stringify(Array.from(rdn, canonicalAttribute).sort());
}

function textOfRdn(rdn: RelativeDistinguishedName): string {
  return Array.from(rdn, (atv) => {
    const s = stringValue(atv);
    const value = s ?? (atv.value.anyValue ? `#${toHex(atv.value.anyValue)}` : '');
    return `${SHORT_NAMES[atv.type] ?? atv.type}=${value}`;
  }).join('+');
}

function view(rdns: string[], texts: string[], emails: string[]): NameView {
  return {
    rdns,
    key: JSON.stringify(rdns),
    text: texts.length === 0 ? '(empty name)' : [...texts].reverse().join(', '),
    rdnTexts: texts,
    empty: rdns.length === 0,
    emails,
  };
}

export function nameView(name: Name): NameView {
  const rdns: string[] = [];
  const texts: string[] = [];
  const emails: string[] = [];
  for (const rdn of name) {
    rdns.push(canonicalRdn(rdn));
    texts.push(textOfRdn(rdn));
    for (const atv of rdn) {
      const s = stringValue(atv);
      if (atv.type === oid.OID_PKCS9_EMAIL_ADDRESS && s !== undefined) emails.push(s);
    }
  }
  return view(rdns, texts, emails);
}

/** The name `base` followed by one more RDN (nameRelativeToCRLIssuer, RFC 5280 4.2.1.13). */
export function appendRdn(base: NameView, rdn: RelativeDistinguishedName): NameView {
  return view(
    [...base.rdns, canonicalRdn(rdn)],
    [...base.rdnTexts, textOfRdn(rdn)],
    [...base.emails],
  );
}

export function sameName(a: NameView, b: NameView): boolean {
  return a.key === b.key;
}

/** True when `name` lies in the subtree rooted at `base`: base's RDNs are a prefix of name's. */
export function nameWithinSubtree(name: NameView, base: NameView): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  return base.rdns.every((rdn, i) => name.rdns[i] === rdn);
}
