/**
 * The certificates of one call, parsed once and indexed by subject name, and the issuer lookup
 * path building uses: name chaining (RFC 5280 6.1.3(a)(4)) narrowed by authority/subject key
 * identifiers (RFC 4158 3.5), best candidates first.
 */
import { digest } from '../algorithms';
import { toHex } from '../encoding';
import { FormatError } from '../errors';
import { CertView } from '../x509/certificate-model';
import type { NameView } from './names';

function add(map: Map<string, CertView[]>, key: string, cert: CertView): void {
  const list = map.get(key);
  if (list) list.push(cert);
  else map.set(key, [cert]);
}

export class CertificatePool {
  readonly anchors: CertView[] = [];
  readonly intermediates: CertView[] = [];
  /** Inputs that could not be parsed, for messages. */
  readonly unreadable: string[] = [];
  private readonly parsed = new Map<string, CertView>();
  private readonly anchorFingerprints = new Set<string>();
  private readonly anchorIdentities = new Set<string>();
  private readonly anchorsBySubject = new Map<string, CertView[]>();
  private readonly intermediatesBySubject = new Map<string, CertView[]>();
  /** issuersOf answers: a path search asks again for each path through the same certificate. */
  private readonly issuers = new Map<string, { anchors: CertView[]; intermediates: CertView[] }>();

  /** Parses DER once per call; identical bytes given twice yield the same view. */
  parse(der: Uint8Array): CertView {
    const key = toHex(digest('sha256', der));
    let view = this.parsed.get(key);
    if (!view) {
      view = CertView.parse(der);
      this.parsed.set(key, view);
    }
    return view;
  }

  private tryParse(der: Uint8Array, what: string): CertView | undefined {
    try {
      return this.parse(der);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      this.unreadable.push(what);
      return undefined;
    }
  }

  addAnchor(der: Uint8Array, index: number): void {
    const cert = this.tryParse(der, `trust anchor ${index + 1}`);
    if (!cert || this.anchorFingerprints.has(cert.fingerprint)) return;
    this.anchors.push(cert);
    this.anchorFingerprints.add(cert.fingerprint);
    this.anchorIdentities.add(cert.identity);
    add(this.anchorsBySubject, cert.subject.key, cert);
  }

  /** Untrusted certificates; one that is also a trust anchor (same name and key) is not needed. */
  addIntermediate(der: Uint8Array, index: number): void {
    const cert = this.tryParse(der, `untrusted certificate ${index + 1}`);
    if (!cert || this.intermediates.includes(cert) || this.isAnchorIdentity(cert)) return;
    this.intermediates.push(cert);
    add(this.intermediatesBySubject, cert.subject.key, cert);
  }

  isAnchor(cert: CertView): boolean {
    return this.anchorFingerprints.has(cert.fingerprint);
  }

  isAnchorIdentity(cert: CertView): boolean {
    return this.anchorIdentities.has(cert.identity);
  }

  /** Every certificate (anchors first) whose subject is the given name. */
  certificatesNamed(name: NameView): CertView[] {
    return [
      ...(this.anchorsBySubject.get(name.key) ?? []),
      ...(this.intermediatesBySubject.get(name.key) ?? []),
    ];
  }

  /**
   * Possible issuers of `cert`: subject equal to its issuer name, and no disagreement between its
   * authorityKeyIdentifier and their subjectKeyIdentifier. Ordered: key identifier match first,
   * then those valid at `time`.
   */
  issuersOf(
    cert: CertView,
    time: Date,
    anchorFilter?: ReadonlySet<string>,
  ): { anchors: CertView[]; intermediates: CertView[] } {
    const key = `${cert.fingerprint}|${time.getTime()}|${[...(anchorFilter ?? ['*'])].join(',')}`;
    let found = this.issuers.get(key);
    if (!found) {
      found = this.orderedIssuersOf(cert, time, anchorFilter);
      this.issuers.set(key, found);
    }
    return found;
  }

  private orderedIssuersOf(
    cert: CertView,
    time: Date,
    anchorFilter?: ReadonlySet<string>,
  ): { anchors: CertView[]; intermediates: CertView[] } {
    const aki = keyIdOrUndefined(() => cert.authorityKeyId());
    const fits = (c: CertView): boolean => {
      const ski = keyIdOrUndefined(() => c.subjectKeyId());
      return aki === undefined || ski === undefined || aki === ski;
    };
    const score = (c: CertView): number =>
      (aki !== undefined && keyIdOrUndefined(() => c.subjectKeyId()) === aki ? 0 : 2) +
      (c.notBefore <= time && time <= c.notAfter ? 0 : 1);
    const order = (list: CertView[] | undefined): CertView[] =>
      (list ?? [])
        .filter(fits)
        .map((c, i) => ({ c, key: score(c) * 10000 + i }))
        .sort((a, b) => a.key - b.key)
        .map(({ c }) => c);
    const anchors = order(this.anchorsBySubject.get(cert.issuer.key)).filter(
      (a) => !anchorFilter || anchorFilter.has(a.fingerprint),
    );
    return { anchors, intermediates: order(this.intermediatesBySubject.get(cert.issuer.key)) };
  }
}

/** A key identifier for ordering; a malformed extension orders like an absent one. */
function keyIdOrUndefined(read: () => string | undefined): string | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}
