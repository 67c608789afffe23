/**
 * Key rollover of the CA's authorities (issue 20): `signet ca rollover issuing` makes a new issuing
 * CA key and certificate under the root, with a new OCSP responder under it; `signet tsa rollover`
 * a new TSA key and certificate under the issuing CA in force. The old certificates stay in the
 * register with their keys: a retired issuing CA keeps signing CRLs, and its responder OCSP
 * answers, for the certificates it issued until they expire (AuthorityCache.retired). Keys and
 * certificates are made first, then one transaction records them with their audit entries; a
 * failure destroys the keys it made and changes nothing.
 */
import { defaultScheme, isKeyAlgorithmName, KEY_ALGORITHMS } from '../core/algorithms';
import type { Signer } from '../core/signer';
import { signCertificate } from '../core/x509/certificate';
import { buildName } from '../core/x509/name';
import { readCertificate, type CertificateFacts } from '../core/x509/read';
import { serialFromRandom, SERIAL_RANDOM_BYTES } from '../core/x509/serial';
import type { AuthorityCache, CaDeps } from './context';
import { publishCrl } from './crl';
import { CaError } from './errors';
import type { AuthorityRole, GeneratedKey } from '../ports';
import { PROFILES } from './profiles';
import { recordAuthority } from './record-authority';
import { buildTemplate } from './template';

const DAY_MS = 86_400_000;

const COMMON_NAMES: Partial<Record<AuthorityRole, string>> = {
  issuing: 'Document Signing Issuing CA',
  tsa: 'Time Stamping Authority',
  ocsp: 'OCSP Responder',
};

interface Issuer {
  facts: CertificateFacts;
  signer: Signer;
}

interface Made {
  role: AuthorityRole;
  key: GeneratedKey;
  facts: CertificateFacts;
  issuerKeyId: string;
  signer: Signer;
}

export interface RolloverResult {
  role: 'issuing' | 'tsa';
  /** The new certificates, the replaced role's first. */
  certificates: { role: AuthorityRole; serial: string; subject: string; notAfter: string }[];
  /** The serial of the certificate retired from the role. */
  retired: string;
}

export async function rolloverIssuing(
  deps: CaDeps,
  cache: AuthorityCache,
  req: { actor: string },
): Promise<RolloverResult> {
  const root = cache.get('root');
  const retired = cache.get('issuing').serial;
  const result = await rollover(deps, cache, req.actor, async (make) => {
    const issuing = await make('issuing', { facts: root, signer: root.signer });
    return [issuing, await make('ocsp', issuing)];
  });
  // The new CA's first CRL at once, as at init; the retired CA's CRLs go on (CurrentCrl.all).
  await publishCrl(deps, cache, req.actor);
  return { role: 'issuing', certificates: result, retired };
}

export async function rolloverTsa(
  deps: CaDeps,
  cache: AuthorityCache,
  req: { actor: string },
): Promise<RolloverResult> {
  const issuing = cache.get('issuing');
  const retired = cache.get('tsa').serial;
  const result = await rollover(deps, cache, req.actor, async (make) => [
    await make('tsa', { facts: issuing, signer: issuing.signer }),
  ]);
  return { role: 'tsa', certificates: result, retired };
}

type Make = (role: AuthorityRole, issuer: Issuer) => Promise<Made>;

async function rollover(
  deps: CaDeps,
  cache: AuthorityCache,
  actor: string,
  plan: (make: Make) => Promise<Made[]>,
): Promise<RolloverResult['certificates']> {
  const settings = deps.settings.settings();
  if (!settings || !cache.isInitialized() || !isKeyAlgorithmName(settings.algorithm)) {
    throw new CaError('NOT_INITIALIZED', 'The certificate authority is not set up.');
  }
  const algorithm = settings.algorithm;
  const scheme = defaultScheme(KEY_ALGORITHMS[algorithm]);
  const now = deps.clock.now();
  const generatedKeyIds: string[] = [];
  const make: Make = async (role, issuer) => {
    // A generation number keeps the names of successive CAs apart for people and for software
    // that matches CRLs and issuers by name first (RFC 5280 4.1.2.6).
    const generation = deps.certificates.list({ role, statuses: ['issued', 'revoked'] }).length + 1;
    const profile = PROFILES[role];
    const daysLeft = Math.floor((issuer.facts.notAfter.getTime() - now.getTime()) / DAY_MS) - 1;
    const key = await deps.vault.generate(algorithm);
    generatedKeyIds.push(key.keyId);
    const template = buildTemplate(profile, {
      serial: serialFromRandom(deps.random.bytes(SERIAL_RANDOM_BYTES)),
      subject: buildName({
        country: 'CN',
        organization: settings.organization,
        commonName: `${settings.organization} ${COMMON_NAMES[role] ?? role} G${generation}`,
      }),
      subjectPublicKey: key.publicKey,
      issuer: {
        name: issuer.facts.subject,
        keyIdentifier: issuer.facts.keyIdentifier,
        notAfter: issuer.facts.notAfter,
      },
      now,
      // Never outliving the issuer (buildTemplate refuses it): as long as it has left, at most.
      days: Math.min(profile.defaultDays, daysLeft),
      publicUrl: deps.publicUrl,
    });
    const facts = readCertificate(await signCertificate(template, issuer.signer));
    return {
      role,
      key,
      facts,
      issuerKeyId: Buffer.from(issuer.facts.keyIdentifier).toString('hex'),
      signer: deps.vault.signer(key.keyId, scheme),
    };
  };
  let made: Made[];
  try {
    made = await plan(make);
    const at = now.toISOString();
    deps.tx.transaction(() => {
      for (const m of made) {
        const previous = cache.get(m.role).serial;
        recordAuthority(deps, m, { at, actor, algorithm });
        deps.audit.append({
          at,
          actor,
          action: 'authority.rolled-over',
          subject: m.role,
          details: { retired: previous, current: m.facts.serial },
        });
      }
    });
  } catch (error) {
    await Promise.allSettled(generatedKeyIds.map((keyId) => deps.vault.destroy(keyId)));
    throw error;
  }
  cache.forget();
  return made.map((m) => ({
    role: m.role,
    serial: m.facts.serial,
    subject: m.facts.subjectText,
    notAfter: m.facts.notAfter.toISOString(),
  }));
}
