/**
 * Signet's one model of an X.509 certificate (RFC 5280 4.1), decoded once per certificate by the
 * strict decoder, with a projection for each kind of reader: the view path validation reads (names
 * in comparable form, the exact signed bytes, each extension decoded once, on first use), the
 * facts the CA and the reports show (facts()), and the exact names and key bytes OCSP hashes
 * (ocspKey()). A malformed extension throws a FormatError naming the extension and the
 * certificate; path validation turns it into a MALFORMED result.
 */
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  type Name,
  type DistributionPoint,
  ExtendedKeyUsage,
  type Extension,
  InhibitAnyPolicy,
  KeyUsage,
  PolicyConstraints,
  PolicyMappings,
  SubjectKeyIdentifier,
  type TBSCertificate,
} from '@peculiar/asn1-x509';
import { digest, publicKeyFromSpki } from '../algorithms';
import { serialToHex, toHex } from '../encoding';
import { bytesKey, memoize } from '../memo';
import { FormatError } from '../errors';
import * as oid from '../oid';
import { decodeGeneralNames, type GName } from '../validation/general-names';
import { nameView, type NameView } from '../validation/names';
import { decodeNameConstraints, type NameConstraintsValue } from '../validation/name-constraints';
import { keyIdentifierOf } from './extensions';
import { nameToString } from './name';
import { decodeDer, decodeDerTree } from '../asn1/decode';

/** Bits of KeyUsage (RFC 5280 4.2.1.3), as masks. */
export const KU_DIGITAL_SIGNATURE = 1 << 0;
export const KU_KEY_CERT_SIGN = 1 << 5;
export const KU_CRL_SIGN = 1 << 6;

const EXTENSION_NAMES: Record<string, string> = {
  [oid.OID_CE_BASIC_CONSTRAINTS]: 'basicConstraints',
  [oid.OID_CE_KEY_USAGE]: 'keyUsage',
  [oid.OID_CE_EXT_KEY_USAGE]: 'extKeyUsage',
  [oid.OID_CE_SUBJECT_KEY_IDENTIFIER]: 'subjectKeyIdentifier',
  [oid.OID_CE_AUTHORITY_KEY_IDENTIFIER]: 'authorityKeyIdentifier',
  [oid.OID_CE_SUBJECT_ALT_NAME]: 'subjectAltName',
  [oid.OID_CE_NAME_CONSTRAINTS]: 'nameConstraints',
  [oid.OID_CE_CRL_DISTRIBUTION_POINTS]: 'cRLDistributionPoints',
  [oid.OID_CE_CERTIFICATE_POLICIES]: 'certificatePolicies',
  [oid.OID_CE_POLICY_MAPPINGS]: 'policyMappings',
  [oid.OID_CE_POLICY_CONSTRAINTS]: 'policyConstraints',
  [oid.OID_CE_INHIBIT_ANY_POLICY]: 'inhibitAnyPolicy',
  [oid.OID_PE_AUTHORITY_INFO_ACCESS]: 'authorityInfoAccess',
  [oid.OID_PE_SUBJECT_INFO_ACCESS]: 'subjectInfoAccess',
  [oid.OID_CE_FRESHEST_CRL]: 'freshestCRL',
};

export function extensionName(extnId: string): string {
  return EXTENSION_NAMES[extnId] ?? extnId;
}

export interface PolicyMappingValue {
  issuerDomainPolicy: string;
  subjectDomainPolicy: string;
}

export interface PolicyConstraintsValue {
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
}

/** A non-negative INTEGER's value, saturating: SkipCerts beyond 2^31 mean "never" anyway. */
function smallInteger(bytes: ArrayBuffer): number {
  const b = new Uint8Array(bytes);
  if (b.length === 0 || ((b[0] ?? 0) & 0x80) !== 0) {
    throw new FormatError('MALFORMED_DER', 'A SkipCerts value is not a non-negative INTEGER.');
  }
  let n = 0;
  for (const byte of b) n = Math.min(n * 256 + byte, 0x7fffffff);
  return n;
}

/** The bits of a BIT STRING (KeyUsage, ReasonFlags) as a mask: bit i is 1 << i. */
export function bitMask(bits: { value: ArrayBuffer }): number {
  const bytes = new Uint8Array(bits.value);
  let mask = 0;
  for (let i = 0; i < Math.min(bytes.length * 8, 16); i++) {
    if (((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0) mask |= 1 << i;
  }
  return mask;
}

/** The fields of a certificate that the CA and the reports need (CertView.facts()). */
export interface CertificateFacts {
  der: Uint8Array;
  /** Upper-case hexadecimal without leading zero octets (serialToHex). */
  serial: string;
  subject: Name;
  issuer: Name;
  subjectText: string;
  issuerText: string;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKey: Uint8Array;
  /** The SKI extension's value, or the RFC 5280 4.2.1.2 (1) hash when the extension is absent. */
  keyIdentifier: Uint8Array;
}

/** What OCSP takes from a certificate (CertView.ocspKey()): names and keys to hash. */
export interface CertificateKey {
  /** DER of the subject Name, exactly as in the certificate. */
  subject: Uint8Array;
  /** The subjectPublicKey BIT STRING value, without tag, length and unused-bits octet. */
  publicKey: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  publicKeyInfo: Uint8Array;
}

export class CertView {
  readonly tbs: TBSCertificate;
  /** The TBSCertificate exactly as signed. */
  readonly tbsDer: Uint8Array;
  readonly signatureValue: Uint8Array;
  readonly subject: NameView;
  readonly issuer: NameView;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial: Uint8Array;
  readonly serialHex: string;
  /** 1, 2 or 3. */
  readonly version: number;
  /** Subject and issuer are the same name (RFC 5280 6.1: "self-issued"). */
  readonly selfIssued: boolean;
  readonly spkiDer: Uint8Array;
  /** SHA-256 of the DER: identical certificates given twice are one. */
  readonly fingerprint: string;
  /** Name and key: two certificates with the same identity are the same CA (RFC 4158 loops). */
  readonly identity: string;
  /** The first extension that appears more than once (RFC 5280 4.2 forbids it). */
  readonly duplicateExtension: string | undefined;
  private readonly extensions = new Map<string, Extension>();
  private readonly memo = new Map<string, unknown>();
  private key: KeyObject | undefined;

  private constructor(
    readonly der: Uint8Array,
    readonly cert: Certificate,
    /** The decoded tree, for the bytes of fields exactly as encoded. */
    private readonly tree: asn1js.AsnType,
  ) {
    const tbs = cert.tbsCertificate;
    this.tbs = tbs;
    this.tbsDer = new Uint8Array(cert.tbsCertificateRaw ?? AsnConvert.serialize(tbs));
    this.signatureValue = new Uint8Array(cert.signatureValue);
    this.subject = nameView(tbs.subject);
    this.issuer = nameView(tbs.issuer);
    this.notBefore = tbs.validity.notBefore.getTime();
    this.notAfter = tbs.validity.notAfter.getTime();
    this.serial = new Uint8Array(tbs.serialNumber);
    this.serialHex = toHex(this.serial);
    this.version = tbs.version + 1;
    this.selfIssued = this.subject.key === this.issuer.key;
    this.spkiDer = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
    this.fingerprint = toHex(digest('sha256', der));
    this.identity = `${this.subject.key}|${toHex(this.spkiDer)}`;
    let duplicate: string | undefined;
    for (const ext of tbs.extensions ?? []) {
      if (this.extensions.has(ext.extnID)) duplicate ??= ext.extnID;
      else this.extensions.set(ext.extnID, ext);
    }
    this.duplicateExtension = duplicate;
  }

  /**
   * Parses DER; a FormatError (never a TypeError) for anything that is not a certificate. A view
   * depends on the bytes alone (its lazy parts too), so views are shared between calls, a bounded
   * number: verifying signatures from the same signers and CAs parses each certificate once.
   */
  static parse(der: Uint8Array): CertView {
    return CertView.shared(der);
  }

  private static readonly shared = memoize(
    bytesKey,
    // A copy of the bytes is kept, never the caller's buffer.
    (der: Uint8Array) => CertView.parseOnce(new Uint8Array(der)),
    1024,
  );

  private static parseOnce(der: Uint8Array): CertView {
    const { value: cert, tree } = decodeDerTree(der, Certificate, 'certificate');
    try {
      return new CertView(der, cert, tree);
    } catch (cause) {
      throw new FormatError('MALFORMED_DER', 'The certificate is not a valid X.509 certificate.', {
        cause,
      });
    }
  }

  /** How messages name this certificate. */
  get label(): string {
    return this.subject.empty ? `the certificate with serial ${this.serialHex}` : this.subject.text;
  }

  extension(extnId: string): Extension | undefined {
    return this.extensions.get(extnId);
  }

  extensionIds(): string[] {
    return [...this.extensions.keys()];
  }

  publicKey(): KeyObject {
    this.key ??= publicKeyFromSpki(this.spkiDer);
    return this.key;
  }

  /**
   * The projection the CA, the registry and the reports read: shared between callers, frozen at
   * the top level, and not to be changed.
   */
  facts(): CertificateFacts {
    return this.once('facts', () => {
      const keyIdentifier = this.subjectKeyId();
      return Object.freeze({
        der: this.der,
        serial: serialToHex(this.serial),
        subject: this.tbs.subject,
        issuer: this.tbs.issuer,
        subjectText: nameToString(this.tbs.subject),
        issuerText: nameToString(this.tbs.issuer),
        notBefore: this.notBefore,
        notAfter: this.notAfter,
        subjectPublicKey: this.spkiDer,
        keyIdentifier:
          keyIdentifier === undefined
            ? keyIdentifierOf(this.spkiDer)
            : new Uint8Array(Buffer.from(keyIdentifier, 'hex')),
      });
    });
  }

  /**
   * The projection OCSP reads: the exact bytes RFC 6960 4.1.1 hashes (the subject Name as
   * encoded, the key's BIT STRING value), taken from the decoded tree rather than re-encoded.
   */
  ocspKey(): CertificateKey {
    return this.once('ocspKey', () => {
      // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
      //   issuer, validity, subject, subjectPublicKeyInfo, ... }
      const tbs = childrenOf(childrenOf(this.tree)[0]);
      const first = tbs[0]?.idBlock;
      const skip = first?.tagClass === 3 && first.tagNumber === 0 ? 1 : 0;
      const subject = tbs[skip + 4];
      const key = childrenOf(tbs[skip + 5])[1];
      if (!subject || !(key instanceof asn1js.BitString)) {
        throw new FormatError('MALFORMED_DER', 'The certificate has no subject or key.');
      }
      // RFC 5280 4.1.2.7 with 6960 4.1.1: the key is hashed without the unused-bits octet.
      if (key.valueBlock.unusedBits !== 0) {
        throw new FormatError('MALFORMED_DER', 'The public key BIT STRING has unused bits.');
      }
      return Object.freeze({
        subject: new Uint8Array(subject.valueBeforeDecodeView),
        publicKey: new Uint8Array(key.valueBlock.valueHexView),
        publicKeyInfo: this.spkiDer,
      });
    });
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  private decoded<T>(extnId: string, decode: (der: Uint8Array) => T): T | undefined {
    if (this.memo.has(extnId)) return this.memo.get(extnId) as T | undefined;
    const ext = this.extensions.get(extnId);
    let value: T | undefined;
    if (ext) {
      try {
        value = decode(new Uint8Array(ext.extnValue.buffer));
      } catch (cause) {
        throw new FormatError(
          'MALFORMED_DER',
          `The ${extensionName(extnId)} extension of "${this.label}" is malformed.`,
          { cause },
        );
      }
    }
    this.memo.set(extnId, value);
    return value;
  }

  basicConstraints(): BasicConstraints | undefined {
    return this.decoded(oid.OID_CE_BASIC_CONSTRAINTS, (der) =>
      decodeDer(der, BasicConstraints, 'basicConstraints'),
    );
  }

  /** basicConstraints present with cA TRUE. */
  isCA(): boolean {
    return this.basicConstraints()?.cA === true;
  }

  /** The keyUsage bits as a mask (KU_* constants), undefined when the extension is absent. */
  keyUsage(): number | undefined {
    return this.decoded(oid.OID_CE_KEY_USAGE, (der) =>
      bitMask(decodeDer(der, KeyUsage, 'keyUsage')),
    );
  }

  extKeyUsage(): string[] | undefined {
    return this.decoded(oid.OID_CE_EXT_KEY_USAGE, (der) => {
      const purposes = Array.from(decodeDer(der, ExtendedKeyUsage, 'extKeyUsage'));
      if (purposes.length === 0) throw new FormatError('MALFORMED_DER', 'It lists no purpose.');
      return purposes;
    });
  }

  subjectKeyId(): string | undefined {
    return this.decoded(oid.OID_CE_SUBJECT_KEY_IDENTIFIER, (der) =>
      toHex(decodeDer(der, SubjectKeyIdentifier, 'subjectKeyIdentifier').buffer),
    );
  }

  /** The keyIdentifier of authorityKeyIdentifier, hex; undefined when absent. */
  authorityKeyId(): string | undefined {
    return this.authorityKeyIdentifier()?.keyIdentifier;
  }

  authorityKeyIdentifier(): { keyIdentifier: string | undefined } | undefined {
    return this.decoded(oid.OID_CE_AUTHORITY_KEY_IDENTIFIER, (der) => {
      const aki = decodeDer(der, AuthorityKeyIdentifier, 'authorityKeyIdentifier');
      return { keyIdentifier: aki.keyIdentifier ? toHex(aki.keyIdentifier.buffer) : undefined };
    });
  }

  subjectAltNames(): GName[] | undefined {
    return this.decoded(oid.OID_CE_SUBJECT_ALT_NAME, (der) =>
      decodeGeneralNames(der, 'subjectAltName'),
    );
  }

  nameConstraints(): NameConstraintsValue | undefined {
    return this.decoded(oid.OID_CE_NAME_CONSTRAINTS, decodeNameConstraints);
  }

  crlDistributionPoints(): DistributionPoint[] | undefined {
    return this.decoded(oid.OID_CE_CRL_DISTRIBUTION_POINTS, (der) => {
      const points = Array.from(decodeDer(der, CRLDistributionPoints, 'cRLDistributionPoints'));
      if (points.length === 0) throw new FormatError('MALFORMED_DER', 'It lists no point.');
      return points;
    });
  }

  /** The policy OIDs of certificatePolicies; each at most once (RFC 5280 4.2.1.4). */
  certificatePolicies(): string[] | undefined {
    return this.decoded(oid.OID_CE_CERTIFICATE_POLICIES, (der) => {
      const ids = Array.from(
        decodeDer(der, CertificatePolicies, 'certificatePolicies'),
        (p) => p.policyIdentifier,
      );
      if (ids.length === 0 || new Set(ids).size !== ids.length) {
        throw new FormatError('MALFORMED_DER', 'It is empty or names a policy twice.');
      }
      return ids;
    });
  }

  policyMappings(): PolicyMappingValue[] | undefined {
    return this.decoded(oid.OID_CE_POLICY_MAPPINGS, (der) =>
      Array.from(decodeDer(der, PolicyMappings, 'policyMappings'), (m) => ({
        issuerDomainPolicy: m.issuerDomainPolicy,
        subjectDomainPolicy: m.subjectDomainPolicy,
      })),
    );
  }

  policyConstraints(): PolicyConstraintsValue | undefined {
    return this.decoded(oid.OID_CE_POLICY_CONSTRAINTS, (der) => {
      const pc = decodeDer(der, PolicyConstraints, 'policyConstraints');
      if (pc.requireExplicitPolicy === undefined && pc.inhibitPolicyMapping === undefined) {
        throw new FormatError('MALFORMED_DER', 'It holds neither field.');
      }
      return {
        requireExplicitPolicy:
          pc.requireExplicitPolicy === undefined
            ? undefined
            : smallInteger(pc.requireExplicitPolicy),
        inhibitPolicyMapping:
          pc.inhibitPolicyMapping === undefined ? undefined : smallInteger(pc.inhibitPolicyMapping),
      };
    });
  }

  inhibitAnyPolicy(): number | undefined {
    return this.decoded(oid.OID_CE_INHIBIT_ANY_POLICY, (der) =>
      smallInteger(decodeDer(der, InhibitAnyPolicy, 'inhibitAnyPolicy').value),
    );
  }

  /** signatureAlgorithm equals the TBSCertificate's signature field (RFC 5280 4.1.1.2). */
  signatureAlgorithmsAgree(): boolean {
    if (!this.memo.has('algorithms')) {
      const outer = toHex(AsnConvert.serialize(this.cert.signatureAlgorithm));
      this.memo.set('algorithms', outer === toHex(AsnConvert.serialize(this.tbs.signature)));
    }
    return this.memo.get('algorithms') === true;
  }

  /** authorityInfoAccess, decoded only to find a malformed one (nothing is fetched). */
  private authorityInfoAccess(): number | undefined {
    return this.decoded(oid.OID_PE_AUTHORITY_INFO_ACCESS, (der) => {
      const descriptions = Array.from(
        decodeDer(der, AuthorityInfoAccessSyntax, 'authorityInfoAccess'),
      );
      if (descriptions.length === 0) throw new FormatError('MALFORMED_DER', 'It is empty.');
      return descriptions.length;
    });
  }

  /** Decodes every extension path validation reads, so that a malformed one is found early. */
  decodeKnownExtensions(): void {
    this.authorityInfoAccess();
    this.basicConstraints();
    this.keyUsage();
    this.extKeyUsage();
    this.subjectKeyId();
    this.authorityKeyIdentifier();
    this.subjectAltNames();
    this.nameConstraints();
    this.crlDistributionPoints();
    this.certificatePolicies();
    this.policyMappings();
    this.policyConstraints();
    this.inhibitAnyPolicy();
  }
}

/** The elements of a constructed node (none for anything else). */
function childrenOf(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  return node instanceof asn1js.Constructed ? node.valueBlock.value : [];
}

/** The certificates among `ders` that parse, each once; the others cannot be anyone's certificate. */
export function parseCertificates(ders: readonly Uint8Array[]): CertView[] {
  const views: CertView[] = [];
  const seen = new Set<string>();
  for (const der of ders) {
    try {
      const view = CertView.parse(der);
      if (seen.has(view.fingerprint)) continue;
      seen.add(view.fingerprint);
      views.push(view);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
    }
  }
  return views;
}
