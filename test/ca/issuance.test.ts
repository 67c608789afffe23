import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { issueCertificate } from '../../src/ca/issue';
import { addDepartment } from '../../src/ca/departments';
import { initCa } from '../../src/ca/init';
import { CaError } from '../../src/ca/errors';
import { verifyAuditLog } from '../../src/ca/verify-audit';
import { anchorAuditLog } from '../../src/ca/audit-anchor';
import type { CertificateStore } from '../../src/ca/ports';
import { openServices, type Services } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { tempDir } from '../helpers/openssl';

async function freshCa(): Promise<{ services: Services; dataDir: string }> {
  const dataDir = tempDir('signet-issuance-');
  const config = loadConfig(
    { SIGNET_KEY_PASSPHRASE: 'a-test-passphrase-long-enough' },
    { dataDir },
  );
  const services = await openServices(config);
  await initCa(services.deps, services.authorities, { actor: 'test' });
  addDepartment(services.deps, { id: 'finance', name: 'Finance', actor: 'test' });
  return { services, dataDir };
}

const count = (s: Services, sql: string): number =>
  (s.store.db.prepare(sql).get() as { n: number }).n;

describe('issueCertificate', () => {
  describe('when 2,000 certificates are issued in one process', () => {
    it('gives 2,000 distinct serials, 2,000 issued rows and 2,000 audit entries', async () => {
      const { services } = await freshCa();
      const auditBefore = count(services, 'SELECT COUNT(*) AS n FROM audit_log');
      const serials = new Set<string>();
      const started = Date.now();
      for (let batch = 0; batch < 20; batch += 1) {
        const issued = await Promise.all(
          Array.from({ length: 100 }, () =>
            issueCertificate(services.deps, services.authorities, {
              departmentId: 'finance',
              actor: 'test',
            }),
          ),
        );
        issued.forEach((c) => serials.add(c.serial));
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `issued 2000 certificates with kept keys in ${seconds.toFixed(1)} s (${Math.round(2000 / seconds)}/s)`,
      );
      expect(serials.size).toBe(2000);
      expect(
        count(
          services,
          "SELECT COUNT(*) AS n FROM certificates WHERE role = 'department' AND status = 'issued'",
        ),
      ).toBe(2000);
      expect(
        count(services, "SELECT COUNT(*) AS n FROM certificates WHERE role = 'department'"),
      ).toBe(2000);
      expect(count(services, 'SELECT COUNT(*) AS n FROM audit_log') - auditBefore).toBe(2000);
      await anchorAuditLog(services.deps, services.tsa); // as a process does with what it wrote
      expect(
        verifyAuditLog(services.deps, services.documents, { authorities: services.authorities })
          .break,
      ).toBeUndefined();
      services.close();
    }, 180_000);
  });

  describe('when the store fails between signing and storing', () => {
    it('releases no certificate, shows the serial as not issued, and audits the failure', async () => {
      const { services, dataDir } = await freshCa();
      const keysBefore = readdirSync(join(dataDir, 'keys')).length;
      const real = services.deps.certificates;
      const failing: CertificateStore = Object.assign(Object.create(real) as CertificateStore, {
        markIssued: () => {
          throw new Error('injected: disk gone between signing and storing');
        },
      });
      const attempt = issueCertificate(
        { ...services.deps, certificates: failing },
        services.authorities,
        {
          departmentId: 'finance',
          actor: 'test',
        },
      );
      await expect(attempt).rejects.toBeInstanceOf(CaError);
      await expect(attempt).rejects.toMatchObject({ code: 'ISSUANCE_FAILED' });

      const rows = services.store.db
        .prepare("SELECT serial, status, der FROM certificates WHERE role = 'department'")
        .all() as {
        serial: string;
        status: string;
        der: Buffer | null;
      }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'failed', der: null });
      const last = services.store.db
        .prepare('SELECT action, subject FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get();
      expect(last).toEqual({ action: 'certificate.issue_failed', subject: rows[0]?.serial });
      expect(readdirSync(join(dataDir, 'keys')).length).toBe(keysBefore); // the kept key was destroyed
      await anchorAuditLog(services.deps, services.tsa); // as a process does with what it wrote
      expect(
        verifyAuditLog(services.deps, services.documents, { authorities: services.authorities })
          .break,
      ).toBeUndefined();
      services.close();
    });
  });
});
