import {
  isKeyAlgorithmName,
  KEY_ALGORITHMS,
  defaultScheme,
  type KeyAlgorithmName,
} from '../core/algorithms';
import { signCertificate } from '../core/x509/certificate';
import { buildName } from '../core/x509/name';
import { readCertificate, type CertificateFacts } from '../core/x509/read';
import { serialFromRandom, SERIAL_RANDOM_BYTES } from '../core/x509/serial';
import type { AuthorityCache, CaDeps } from './context';
import { publishCrl } from './crl';
import { CaError } from './errors';
import { PROFILES } from './profiles';
import { recordAuthority } from './record-authority';
import type { AuthorityRole, GeneratedKey } from '../ports';
import { buildTemplate } from './template';
import { hashToken, newToken } from './tokens';

export interface InitRequest {
  algorithm?: string;
  organization?: string;
  actor: string;
}

export interface InitResult {
  adminToken: string;
  organization: string;
  algorithm: KeyAlgorithmName;
  authorities: Record<AuthorityRole, { serial: string; certificate: Uint8Array; subject: string }>;
}

const DEFAULT_ORGANIZATION = 'Signet Development';

const COMMON_NAMES: Record<AuthorityRole, string> = {
  root: 'Root CA',
  issuing: 'Document Signing Issuing CA',
  tsa: 'Time Stamping Authority',
  ocsp: 'OCSP Responder',
};

interface Made {
  role: AuthorityRole;
  key: GeneratedKey;
  facts: CertificateFacts;
  issuerKeyId: string;
}

/**
 * Sets up the CA: root, issuing CA, TSA and OCSP responder keys and certificates, and the admin
 * token. Keys and certificates are made first; one transaction then records all of them with
 * their audit entries, so a failure leaves nothing behind (generated keys are destroyed).
 */
export async function initCa(
  deps: CaDeps,
  cache: AuthorityCache,
  req: InitRequest,
): Promise<InitResult> {
  const algorithm = req.algorithm ?? 'ecdsa-p256';
  if (!isKeyAlgorithmName(algorithm)) {
    throw new CaError(
      'INVALID_ALGORITHM',
      `"${algorithm}" is not one of ${Object.keys(KEY_ALGORITHMS).join(', ')}.`,
    );
  }
  const organization = (req.organization ?? DEFAULT_ORGANIZATION).trim();
  if (organization.length === 0 || organization.length > 64) {
    throw new CaError('INVALID_NAME', 'The organization name must have 1 to 64 characters.');
  }
  if (deps.settings.settings() || cache.isInitialized()) {
    throw new CaError(
      'ALREADY_INITIALIZED',
      'The certificate authority is already set up in this data directory.',
    );
  }
  const scheme = defaultScheme(KEY_ALGORITHMS[algorithm]);
  const now = deps.clock.now();
  const made: Made[] = [];
  const generatedKeyIds: string[] = [];
  let result: InitResult;
  try {
    const make = async (role: AuthorityRole, issuer?: Made): Promise<Made> => {
      const key = await deps.vault.generate(algorithm);
      generatedKeyIds.push(key.keyId);
      const signerKeyId = issuer?.key.keyId ?? key.keyId;
      const template = buildTemplate(PROFILES[role], {
        serial: serialFromRandom(deps.random.bytes(SERIAL_RANDOM_BYTES)),
        subject: buildName({
          country: 'CN',
          organization,
          commonName: `${organization} ${COMMON_NAMES[role]}`,
        }),
        subjectPublicKey: key.publicKey,
        issuer: issuer && {
          name: issuer.facts.subject,
          keyIdentifier: issuer.facts.keyIdentifier,
          notAfter: issuer.facts.notAfter,
        },
        now,
        publicUrl: deps.publicUrl,
      });
      const der = await signCertificate(template, deps.vault.signer(signerKeyId, scheme));
      const facts = readCertificate(der);
      const issuerKeyId = Buffer.from((issuer?.facts ?? facts).keyIdentifier).toString('hex');
      const m = { role, key, facts, issuerKeyId };
      made.push(m);
      return m;
    };
    const root = await make('root');
    const issuing = await make('issuing', root);
    await make('tsa', issuing);
    await make('ocsp', issuing);
    const adminToken = newToken(deps.random, 'admin');
    const at = now.toISOString();
    deps.tx.transaction(() => {
      deps.settings.saveSettings({
        organization,
        algorithm,
        createdAt: at,
        publicUrl: deps.publicUrl,
      });
      for (const m of made) recordAuthority(deps, m, { at, actor: req.actor, algorithm });
      const tokenSha256 = hashToken(adminToken);
      deps.tokens.addToken(tokenSha256, { kind: 'admin' }, at);
      deps.audit.append({
        at,
        actor: req.actor,
        action: 'ca.initialized',
        subject: organization,
        // The hash (never the token) lets `signet audit verify` recognise a token put in by hand.
        details: { algorithm, tokenSha256 },
      });
    });
    cache.forget();
    const authorities = Object.fromEntries(
      made.map((m) => [
        m.role,
        { serial: m.facts.serial, certificate: m.facts.der, subject: m.facts.subjectText },
      ]),
    ) as InitResult['authorities'];
    result = { adminToken, organization, algorithm, authorities };
  } catch (error) {
    await Promise.allSettled(generatedKeyIds.map((keyId) => deps.vault.destroy(keyId)));
    throw error;
  }
  // The first CRL and ARL at once: relying parties, and `signet verify` (which only reads), find a
  // current one from the start (RFC 5280 5: a CA publishes CRLs on a schedule).
  await publishCrl(deps, cache, req.actor);
  await publishCrl(deps, cache, req.actor, 'root');
  return result;
}
