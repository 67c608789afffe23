/**
 * A certificate authority in the test process, with a clock the test moves (STYLE.md rule 9): the
 * same use cases as the server (init, departments, issue, revoke, sign, rescind), each scenario on
 * its own fresh CA so that no CRL or certificate of one leaks into another.
 */
import { createHash } from 'node:crypto';
import { addDepartment } from '../../src/ca/departments';
import { initCa } from '../../src/ca/init';
import { issueCertificate, type IssuedCertificate } from '../../src/ca/issue';
import { revokeCertificate } from '../../src/ca/revoke';
import { openServices, type Services } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { rescindDocument } from '../../src/documents';
import type { SignatureLevel } from '../../src/documents';
import { signDigest, type SignedDocument } from '../../src/signing/sign';
import {
  caVerificationDeps,
  documentFromBytes,
  verify,
  type VerificationDeps,
  type VerificationReport,
  type VerifyRequest,
} from '../../src/verification';
import { tempDir } from '../helpers/openssl';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export class TestClock {
  constructor(private time: Date) {}
  now(): Date {
    return new Date(this.time.getTime());
  }
  set(time: Date): void {
    this.time = time;
  }
}

export interface TestCa {
  services: Services;
  clock: TestClock;
  deps: VerificationDeps;
  /** The time the CA was set up. */
  t0: Date;
  /** t0 plus `ms`. */
  at(ms: number): Date;
  department(id: string, days?: number): Promise<IssuedCertificate>;
  sign(department: string, level: SignatureLevel, content: Uint8Array): Promise<SignedDocument>;
  revoke(serial: string, reason?: string): Promise<void>;
  rescind(department: string, id: string, supersededBy?: string): void;
  verify(request: VerifyRequest): Promise<VerificationReport>;
  close(): void;
}

/** A fresh CA at `t0`; `env` adds to its environment (SIGNET_KEYS=pkcs11 and the token's). */
export async function freshCa(
  t0 = new Date('2031-03-01T08:00:00Z'),
  env: Record<string, string> = {},
): Promise<TestCa> {
  const clock = new TestClock(t0);
  const config = loadConfig(
    { SIGNET_KEY_PASSPHRASE: 'verification-test-passphrase', ...env },
    { dataDir: tempDir('signet-verify-') },
  );
  const services = await openServices(config, { clock });
  await initCa(services.deps, services.authorities, { actor: 'test' });
  const deps = caVerificationDeps(services.signing);
  return {
    services,
    clock,
    deps,
    t0,
    at: (ms) => new Date(t0.getTime() + ms),
    department: async (id, days) => {
      if (!services.deps.departments.department(id)) {
        addDepartment(services.deps, { id, name: `${id} bureau`, actor: 'test' });
      }
      return issueCertificate(services.deps, services.authorities, {
        departmentId: id,
        days,
        actor: 'test',
      });
    },
    sign: (department, level, content) =>
      signDigest(services.signing, {
        departmentId: department,
        actor: 'test',
        level,
        hash: 'sha256',
        digest: new Uint8Array(createHash('sha256').update(content).digest()),
      }),
    revoke: async (serial, reason = 'keyCompromise') => {
      await revokeCertificate(services.deps, services.authorities, {
        serial,
        reason,
        actor: 'test',
      });
    },
    rescind: (department, id, supersededBy) => {
      rescindDocument(services.registry, {
        id,
        departmentId: department,
        actor: 'test',
        reason: 'Issued in error.',
        supersededBy,
      });
    },
    verify: (request) => verify(deps, request),
    close: () => services.close(),
  };
}

/** The request for a detached signature over `content`, with the document hashed as it would stream. */
export function detached(signature: Uint8Array, content: Uint8Array): VerifyRequest {
  return { signature, document: documentFromBytes(content) };
}

/** The check of a report's first signature with this id. */
export function check(report: VerificationReport, id: string) {
  const found = report.signatures[0]?.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${JSON.stringify(report, null, 2)}`);
  return found;
}

/** A copy of `bytes` with one octet changed at the middle of `part`, which it must contain. */
export function alterWithin(bytes: Uint8Array, part: Uint8Array): Uint8Array {
  const at = Buffer.from(bytes).indexOf(Buffer.from(part));
  if (at < 0) throw new Error('part not found');
  const copy = Uint8Array.from(bytes);
  const i = at + Math.floor(part.length / 2);
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
}
