import {
  AttributeTypeAndValue,
  AttributeValue,
  Name,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import * as oid from '../oid';

/** The attributes Signet writes into names, in the order they appear (most significant first). */
export interface NameAttributes {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
}

const SHORT_NAMES: Record<string, string> = {
  [oid.OID_AT_COUNTRY]: 'C',
  [oid.OID_AT_ORGANIZATION]: 'O',
  [oid.OID_AT_ORGANIZATIONAL_UNIT]: 'OU',
  [oid.OID_AT_COMMON_NAME]: 'CN',
};

/**
 * Builds a distinguished name. countryName is a PrintableString (X.520); every other attribute is
 * a UTF8String, as RFC 5280 4.1.2.6 requires of new certificates (department names may be Chinese).
 */
export function buildName(attrs: NameAttributes): Name {
  const rdn = (type: string, value: AttributeValue): RelativeDistinguishedName =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const rdns: RelativeDistinguishedName[] = [];
  if (attrs.country) {
    rdns.push(rdn(oid.OID_AT_COUNTRY, new AttributeValue({ printableString: attrs.country })));
  }
  if (attrs.organization) {
    rdns.push(rdn(oid.OID_AT_ORGANIZATION, new AttributeValue({ utf8String: attrs.organization })));
  }
  if (attrs.organizationalUnit) {
    rdns.push(
      rdn(
        oid.OID_AT_ORGANIZATIONAL_UNIT,
        new AttributeValue({ utf8String: attrs.organizationalUnit }),
      ),
    );
  }
  rdns.push(rdn(oid.OID_AT_COMMON_NAME, new AttributeValue({ utf8String: attrs.commonName })));
  return new Name(rdns);
}

/** A readable one-line form, most significant first ("C=CN, O=..., CN=..."), for people and logs. */
export function nameToString(name: Name): string {
  return name
    .map((rdn) =>
      rdn.map((atv) => `${SHORT_NAMES[atv.type] ?? atv.type}=${atv.value.toString()}`).join(' + '),
    )
    .join(', ');
}

/** The value of the first attribute of a type, e.g. the CN, or undefined. */
export function nameAttribute(name: Name, type: string): string | undefined {
  for (const rdn of name) {
    for (const atv of rdn) if (atv.type === type) return atv.value.toString();
  }
  return undefined;
}
