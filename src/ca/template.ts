import type { Extension, Name } from '@peculiar/asn1-x509';
import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoint,
  extendedKeyUsage,
  keyIdentifierOf,
  keyUsage,
  ocspNoCheck,
  subjectKeyIdentifier,
} from '../core/x509/extensions';
import type { CertificateTemplate } from '../core/x509/certificate';
import { CaError } from './errors';
import type { CertificateProfile } from './profiles';

const DAY_MS = 86_400_000;
/** Backdating notBefore absorbs relying parties' clock skew (a common CA practice). */
const BACKDATE_MS = 60_000;

export interface TemplateRequest {
  serial: Uint8Array;
  subject: Name;
  subjectPublicKey: Uint8Array;
  /** Absent for a self-signed root: the issuer is the subject. */
  issuer?: { name: Name; keyIdentifier: Uint8Array; notAfter: Date };
  now: Date;
  days?: number;
  publicUrl: string;
}

/**
 * URLs written into certificates, all under SIGNET_PUBLIC_URL (SPEC.md "Set-up"). The CRL and the
 * certificate of the issuing CA are named by its key identifier (the certificate's authority key
 * identifier, hex): after a rollover (issue 20) the certificates of a retired CA still lead to its
 * own CRL and certificate, while /crl/issuing.crl and /ca/issuing.crt serve the CA in force.
 */
export function publicUrls(
  publicUrl: string,
  issuerKeyId: Uint8Array,
): {
  crl: string;
  arl: string;
  ocsp: string;
  caIssuers: string;
} {
  const base = publicUrl.replace(/\/+$/, '');
  const ca = Buffer.from(issuerKeyId).toString('hex');
  return {
    crl: `${base}/crl/issuing/${ca}.crl`,
    arl: `${base}/crl/root.crl`,
    ocsp: `${base}/ocsp`,
    caIssuers: `${base}/ca/issuing/${ca}.crt`,
  };
}

/** The template a profile prescribes; checks the validity against the profile and the issuer. */
export function buildTemplate(
  profile: CertificateProfile,
  req: TemplateRequest,
): CertificateTemplate {
  const days = req.days ?? profile.defaultDays;
  if (!Number.isInteger(days) || days < 1 || days > profile.maxDays) {
    throw new CaError(
      'INVALID_VALIDITY',
      `A ${profile.role} certificate is valid for 1 to ${profile.maxDays} days.`,
    );
  }
  const notBefore = new Date(req.now.getTime() - BACKDATE_MS);
  const notAfter = new Date(req.now.getTime() + days * DAY_MS);
  if (req.issuer && notAfter > req.issuer.notAfter) {
    // RFC 5280 6.1.3 would accept it, but a certificate outliving its CA cannot be validated then.
    throw new CaError(
      'INVALID_VALIDITY',
      'The certificate would outlive the certificate of the CA that issues it.',
    );
  }
  const subjectKeyId = keyIdentifierOf(req.subjectPublicKey);
  const extensions: Extension[] = [basicConstraints(Boolean(profile.ca), profile.ca?.pathLen)];
  extensions.push(keyUsage(profile.keyUsage));
  if (profile.extKeyUsage) {
    extensions.push(extendedKeyUsage(profile.extKeyUsage.purposes, profile.extKeyUsage.critical));
  }
  extensions.push(subjectKeyIdentifier(subjectKeyId));
  extensions.push(authorityKeyIdentifier(req.issuer?.keyIdentifier ?? subjectKeyId));
  const urls = publicUrls(req.publicUrl, req.issuer?.keyIdentifier ?? subjectKeyId);
  if (profile.revocationPointers) {
    extensions.push(crlDistributionPoint(urls.crl));
    extensions.push(authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.caIssuers }));
  }
  if (profile.arlPointer) extensions.push(crlDistributionPoint(urls.arl));
  if (profile.ocspNoCheck) extensions.push(ocspNoCheck());
  return {
    serial: req.serial,
    subject: req.subject,
    issuer: req.issuer?.name ?? req.subject,
    subjectPublicKey: req.subjectPublicKey,
    notBefore,
    notAfter,
    extensions,
  };
}
