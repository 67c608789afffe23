/**
 * The session pool of src/keys/pkcs11/token.ts against SoftHSM: a token whose sessions and login
 * are gone (every session closed under it, as when the token is removed or restarted) is found
 * again and the operation runs once more; other failures are not retried.
 */
import * as pkcs11js from 'pkcs11js';
import { Pkcs11Token } from '../../src/keys/pkcs11/token';
import { softHsmToken, type SoftHsmToken } from '../helpers/softhsm';

/** CK_STATE of a read/write session with the user logged in (PKCS#11 v2.40 5.6.1). */
const CKS_RW_USER_FUNCTIONS = 3;

describe('Pkcs11Token', () => {
  let token: SoftHsmToken;
  let pool: Pkcs11Token;
  beforeAll(() => {
    token = softHsmToken('signet-pool');
    pool = Pkcs11Token.open({ module: token.module, label: token.label, pin: token.pin });
  });
  afterAll(() => pool.close());

  const privateObjects = (session: pkcs11js.Handle): number => {
    pool.lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_PRIVATE, value: true }]);
    try {
      return pool.lib.C_FindObjects(session, 100).length;
    } finally {
      pool.lib.C_FindObjectsFinal(session);
    }
  };

  it('reconnects and logs in again when every session was closed under it', async () => {
    const generation = pool.generation;
    let attempts = 0;
    const seen = await pool.withSession((session) => {
      attempts += 1;
      if (attempts === 1) {
        // The application's sessions all end, and with them the login (PKCS#11 v2.40 5.6).
        const { slotID } = pool.lib.C_GetSessionInfo(session);
        pool.lib.C_CloseAllSessions(slotID);
      }
      return pool.lib.C_GetSessionInfo(session).state;
    });
    expect(attempts).toBe(2);
    expect(pool.generation).toBe(generation + 1);
    expect(seen).toBe(CKS_RW_USER_FUNCTIONS); // logged in again
    expect(await pool.withSession(privateObjects)).toBe(0);
  });

  it('does not retry a failure that is not the token going away', async () => {
    let attempts = 0;
    await expect(
      pool.withSession(() => {
        attempts += 1;
        throw new Error('a caller bug');
      }),
    ).rejects.toThrow('a caller bug');
    expect(attempts).toBe(1);
  });

  it('lets more concurrent operations wait for a session than it opens', async () => {
    const small = Pkcs11Token.open({
      ...{ module: token.module, label: token.label, pin: token.pin },
      sessions: 2,
    });
    try {
      const used = new Set<string>();
      let inFlight = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 20 }, () =>
          small.withSession(async (session) => {
            used.add(session.toString('hex'));
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inFlight -= 1;
          }),
        ),
      );
      expect(most).toBe(2);
      expect(used.size).toBe(2);
    } finally {
      small.close();
    }
  });
});
