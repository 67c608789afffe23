/**
 * Name constraints (RFC 5280 4.2.1.10; processed by 6.1.3(b)-(c) and 6.1.4(g)). Instead of
 * computing intersections and unions of subtrees, each CA's constraints are kept and a name must
 * satisfy every one of them, which is the same set. Forms handled: directoryName (subject and
 * subjectAltName), rfc822Name (subjectAltName and emailAddress in the subject), dNSName,
 * uniformResourceIdentifier and iPAddress. A constraint on another form (otherName, ...) cannot be
 * processed, so a certificate with a name of that form is rejected, as 4.2.1.10 requires.
 */
import * as asn1js from 'asn1js';
import { decodeElement } from '../asn1/decode';
import { FormatError } from '../errors';
import type { WorkBudget } from './budget';
import type { CertView } from '../x509/certificate-model';
import { failure, type PathFailure } from './errors';
import { childrenOf, decodeGeneralName, describeGeneralName, type GName } from './general-names';
import { nameWithinSubtree } from './names';

export interface NameConstraintsValue {
  permitted: GName[] | undefined;
  excluded: GName[] | undefined;
}

/** NameConstraints from the extension's DER, with the profile's rules on its shape. */
export function decodeNameConstraints(der: Uint8Array): NameConstraintsValue {
  const seq = decodeElement(der, 'nameConstraints');
  if (!(seq instanceof asn1js.Sequence)) {
    throw new FormatError('MALFORMED_DER', 'NameConstraints is not a SEQUENCE.');
  }
  const value: NameConstraintsValue = { permitted: undefined, excluded: undefined };
  for (const field of childrenOf(seq, 'nameConstraints')) {
    const { tagClass, tagNumber } = field.idBlock;
    if (tagClass !== 3 || tagNumber > 1) {
      throw new FormatError('MALFORMED_DER', 'NameConstraints holds an unknown field.');
    }
    const subtrees = childrenOf(field, 'GeneralSubtrees').map(decodeSubtree);
    if (subtrees.length === 0) {
      throw new FormatError('MALFORMED_DER', 'GeneralSubtrees must not be empty.');
    }
    if (tagNumber === 0) value.permitted = subtrees;
    else value.excluded = subtrees;
  }
  if (!value.permitted && !value.excluded) {
    // RFC 5280 4.2.1.10: either permittedSubtrees or excludedSubtrees MUST be present.
    throw new FormatError('MALFORMED_DER', 'NameConstraints is an empty sequence.');
  }
  return value;
}

function decodeSubtree(block: asn1js.AsnType): GName {
  if (!(block instanceof asn1js.Sequence)) {
    throw new FormatError('MALFORMED_DER', 'A GeneralSubtree is not a SEQUENCE.');
  }
  const [base, ...rest] = childrenOf(block, 'GeneralSubtree');
  if (!base) throw new FormatError('MALFORMED_DER', 'A GeneralSubtree has no base.');
  // "the minimum MUST be zero, and maximum MUST be absent" (RFC 5280 4.2.1.10).
  for (const field of rest) {
    const zero =
      field.idBlock.tagClass === 3 &&
      field.idBlock.tagNumber === 0 &&
      field instanceof asn1js.Primitive &&
      field.valueBlock.valueHexView.length === 1 &&
      field.valueBlock.valueHexView[0] === 0;
    if (!zero) {
      throw new FormatError('MALFORMED_DER', 'A GeneralSubtree uses minimum or maximum.');
    }
  }
  return decodeGeneralName(base);
}

// ---- syntax of names and constraints ------------------------------------------------------

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** A host name of letters, digits, hyphens (RFC 1034 preferred syntax; "_" tolerated). */
function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
}

/** A dNSName in a certificate: a host name, or "*." and a host name (RFC 6125 wildcard). */
function isDnsName(name: string): boolean {
  return name.startsWith('*.') ? isHostName(name.slice(2)) : isHostName(name);
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const QUOTED = /^"([^"\\]|\\.)*"$/;

function splitMailbox(mailbox: string): { local: string; host: string } | undefined {
  const at = mailbox.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = mailbox.slice(0, at);
  const host = mailbox.slice(at + 1);
  if (!(DOT_ATOM.test(local) || QUOTED.test(local)) || !isHostName(host)) return undefined;
  return { local, host };
}

/** scheme://[userinfo@]host[:port]...; the host the URI constraint applies to. */
function uriHost(uri: string): string | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri);
  const authority = m?.[1];
  if (authority === undefined) return undefined;
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  return isHostName(host) ? host.toLowerCase() : undefined;
}

function isContiguousMask(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      if (one && seenZero) return false;
      if (!one) seenZero = true;
    }
  }
  return true;
}

/** Why a constraint is malformed for its form, or undefined when it is well formed. */
function constraintSyntaxProblem(base: GName): string | undefined {
  switch (base.kind) {
    case 'dns':
      // A dNSName constraint is a host name; no wildcard, no leading period (4.2.1.10).
      return base.value === '' || isHostName(base.value) ? undefined : 'not a host name';
    case 'rfc822':
      if (base.value.includes('@')) return splitMailbox(base.value) ? undefined : 'not a mailbox';
      return isHostName(base.value.replace(/^\./, '')) ? undefined : 'not a host or domain';
    case 'uri':
      return isHostName(base.value.replace(/^\./, '')) ? undefined : 'not a host or domain';
    case 'ip':
      if (base.bytes.length !== 8 && base.bytes.length !== 32) return 'not an address and mask';
      return isContiguousMask(base.bytes.subarray(base.bytes.length / 2))
        ? undefined
        : 'not a CIDR mask';
    default:
      return undefined;
  }
}

/** 6.1.4(g) precondition: the constraints a CA adds must themselves be well formed. */
export function checkConstraintSyntax(holder: CertView): PathFailure | undefined {
  const nc = holder.nameConstraints();
  if (!nc) return undefined;
  for (const base of [...(nc.permitted ?? []), ...(nc.excluded ?? [])]) {
    const problem = constraintSyntaxProblem(base);
    if (problem) {
      return failure(
        'NAME_CONSTRAINTS',
        `The name constraint ${describeGeneralName(base)} of "${holder.label}" is malformed (${problem}).`,
      );
    }
  }
  return undefined;
}

// ---- matching -----------------------------------------------------------------------------

function dnsWithin(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  return b === '' || n === b || n.endsWith(`.${b}`);
}

/**
 * dNSName matching. A wildcard name "*.B" stands for every "x.B": it is permitted when all of them
 * are (B within the subtree), and excluded when any of them is (B within it, or the excluded
 * subtree is exactly one label below B).
 */
function dnsMatches(name: string, base: string, exclusion: boolean): boolean {
  if (!name.startsWith('*.')) return dnsWithin(name, base);
  const rest = name.slice(2).toLowerCase();
  if (dnsWithin(rest, base)) return true;
  if (!exclusion) return false;
  const b = base.toLowerCase();
  return b.slice(b.indexOf('.') + 1) === rest && b.includes('.');
}

/** rfc822Name matching: a mailbox, all mailboxes on a host, or on any host in a domain. */
function mailboxMatches(mailbox: string, base: string): boolean {
  const m = splitMailbox(mailbox);
  if (!m) return false;
  const host = m.host.toLowerCase();
  if (base.includes('@')) {
    const b = splitMailbox(base);
    return b !== undefined && b.local === m.local && b.host.toLowerCase() === host;
  }
  if (base.startsWith('.')) return host.endsWith(base.toLowerCase());
  return host === base.toLowerCase();
}

function uriMatches(uri: string, base: string): boolean {
  const host = uriHost(uri);
  if (host === undefined) return false;
  const b = base.toLowerCase();
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function ipMatches(address: Uint8Array, base: Uint8Array): boolean {
  if (base.length !== address.length * 2) return false;
  const mask = base.subarray(address.length);
  return address.every((byte, i) => (byte & (mask[i] ?? 0)) === ((base[i] ?? 0) & (mask[i] ?? 0)));
}

function matches(name: GName, base: GName, exclusion: boolean): boolean {
  switch (name.kind) {
    case 'dn':
      return base.kind === 'dn' && nameWithinSubtree(name.name, base.name);
    case 'rfc822':
      return base.kind === 'rfc822' && mailboxMatches(name.value, base.value);
    case 'dns':
      return base.kind === 'dns' && dnsMatches(name.value, base.value, exclusion);
    case 'uri':
      return base.kind === 'uri' && uriMatches(name.value, base.value);
    case 'ip':
      return base.kind === 'ip' && ipMatches(name.bytes, base.bytes);
    default:
      return false;
  }
}

function formKey(name: GName): string {
  return name.kind === 'other' ? `other:${name.tag}` : name.kind;
}

/** Whether a name is well formed enough to be compared with constraints of its form. */
function nameSyntaxProblem(name: GName): string | undefined {
  switch (name.kind) {
    case 'dns':
      return isDnsName(name.value) ? undefined : 'is not a valid DNS name';
    case 'rfc822':
      return splitMailbox(name.value) ? undefined : 'is not a valid mailbox';
    case 'uri':
      return uriHost(name.value) !== undefined ? undefined : 'has no host to compare';
    case 'ip':
      return name.bytes.length === 4 || name.bytes.length === 16
        ? undefined
        : 'is not an IPv4 or IPv6 address';
    case 'other':
      return 'is a name form Signet cannot compare';
    default:
      return undefined;
  }
}

/** The names of a certificate that constraints apply to (RFC 5280 4.2.1.10). */
function constrainedNames(cert: CertView): GName[] {
  const names: GName[] = [];
  if (!cert.subject.empty) names.push({ kind: 'dn', name: cert.subject });
  for (const email of cert.subject.emails) names.push({ kind: 'rfc822', value: email });
  names.push(...(cert.subjectAltNames() ?? []));
  return names;
}

function byForm(list: GName[] | undefined): Map<string, GName[]> {
  const map = new Map<string, GName[]>();
  for (const base of list ?? []) {
    const key = formKey(base);
    map.set(key, [...(map.get(key) ?? []), base]);
  }
  return map;
}

/**
 * 6.1.3(b)-(c): every name of the certificate lies within the permitted subtrees and outside the
 * excluded subtrees of each CA above it. `holders` are those CAs (trust anchor included).
 */
export function checkNamesAgainstConstraints(
  cert: CertView,
  holders: readonly CertView[],
  budget: WorkBudget,
): PathFailure | undefined {
  if (holders.length === 0) return undefined;
  const names = constrainedNames(cert);
  for (const holder of holders) {
    const nc = holder.nameConstraints();
    if (!nc) continue;
    const permitted = byForm(nc.permitted);
    const excluded = byForm(nc.excluded);
    // The bound counts every name against every subtree, whatever their forms: it caps the work
    // a hostile certificate can ask for, not just the comparisons that happen to be made.
    const cost = names.length * ((nc.permitted?.length ?? 0) + (nc.excluded?.length ?? 0));
    if (!budget.spend('nameComparisons', cost)) {
      return failure(
        'LIMIT_EXCEEDED',
        `Checking the ${names.length} names of "${cert.label}" against the name constraints of "${holder.label}" needs more comparisons than Signet allows.`,
      );
    }
    for (const name of names) {
      const key = formKey(name);
      const allowed = permitted.get(key);
      const denied = excluded.get(key);
      if (!allowed && !denied) continue;
      const problem = nameSyntaxProblem(name);
      const what =
        name.kind === 'dn' && name.name === cert.subject
          ? `subject name of "${cert.label}"`
          : `${describeGeneralName(name)} of "${cert.label}"`;
      if (problem) {
        return failure(
          'NAME_CONSTRAINTS',
          `The ${what} ${problem}, and "${holder.label}" constrains that name form.`,
        );
      }
      const hit = denied?.find((base) => matches(name, base, true));
      if (hit) {
        return failure(
          'NAME_CONSTRAINTS',
          `The ${what} falls in the subtree ${describeGeneralName(hit)}, which "${holder.label}" excludes.`,
        );
      }
      if (allowed && !allowed.some((base) => matches(name, base, false))) {
        return failure(
          'NAME_CONSTRAINTS',
          `The ${what} is outside the name subtrees that "${holder.label}" permits.`,
        );
      }
    }
  }
  return undefined;
}
