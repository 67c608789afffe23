/**
 * One PKCS#11 token, found by label, logged in once per process, with a pool of sessions. A session
 * runs one cryptographic operation at a time (PKCS#11 v2.40 5.6), so concurrent signatures each
 * take a session of their own; the user login is shared by all sessions of the application with
 * the token (5.6: "a user logs in to the token, not to a session").
 */
import * as pkcs11js from 'pkcs11js';
import { KeyVaultError } from '../errors';
import { acquireModule, hasCode, releaseModule } from './module';

export interface TokenOptions {
  /** SIGNET_PKCS11_MODULE: path of the PKCS#11 library. */
  module: string;
  /** SIGNET_PKCS11_TOKEN: the token's label (CK_TOKEN_INFO.label, trailing blanks ignored). */
  label: string;
  pin: string;
  /** How many sessions sign at once (default 8: twice the libuv pool that runs the calls). */
  sessions?: number;
}

type Session = pkcs11js.Handle;
const DEFAULT_SESSIONS = 8;

/** Codes meaning the token or its login went away: reconnect, then try once more. */
const TOKEN_GONE = new Set([
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_TOKEN_NOT_RECOGNIZED,
  pkcs11js.CKR_USER_NOT_LOGGED_IN,
  pkcs11js.CKR_DEVICE_ERROR,
]);

export class Pkcs11Token {
  readonly lib: pkcs11js.PKCS11;
  readonly #options: Required<TokenOptions>;
  #slot: pkcs11js.Handle;
  /** Raised at each reconnection: object handles found before it are no longer valid. */
  #generation = 0;
  readonly #all = new Set<Session>();
  readonly #idle: Session[] = [];
  readonly #waiting: Array<(session: Session) => void> = [];
  #closed = false;

  private constructor(
    lib: pkcs11js.PKCS11,
    slot: pkcs11js.Handle,
    options: Required<TokenOptions>,
  ) {
    this.lib = lib;
    this.#slot = slot;
    this.#options = options;
  }

  /**
   * Loads the module, finds the token and logs in. Fails with MODULE_UNAVAILABLE, TOKEN_NOT_FOUND
   * or WRONG_PIN, each one sentence an operator can act on.
   */
  static open(options: TokenOptions): Pkcs11Token {
    const lib = acquireModule(options.module);
    try {
      const all = { sessions: DEFAULT_SESSIONS, ...options };
      const token = new Pkcs11Token(lib, findSlot(lib, all), all);
      token.#release(token.#login());
      return token;
    } catch (error) {
      releaseModule(options.module);
      throw error;
    }
  }

  get generation(): number {
    return this.#generation;
  }

  /**
   * Runs `work` with a session of its own. When the token went away (removed, restarted, logged
   * out), the pool reconnects and `work` runs once more; other failures are the caller's.
   */
  async withSession<T>(work: (session: Session) => Promise<T> | T): Promise<T> {
    try {
      return await this.#run(work);
    } catch (error) {
      if (!isTokenGone(error) || this.#closed) throw error;
      this.#reconnect();
      return this.#run(work);
    }
  }

  /** Closes every session (which ends the login, PKCS#11 5.6) and releases the module. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dropSessions();
    for (const waiter of this.#waiting.splice(0)) waiter(Buffer.alloc(0));
    releaseModule(this.#options.module);
  }

  async #run<T>(work: (session: Session) => Promise<T> | T): Promise<T> {
    const session = await this.#acquire();
    let healthy = true;
    try {
      return await work(session);
    } catch (error) {
      healthy = !isTokenGone(error);
      throw error;
    } finally {
      if (healthy) this.#release(session);
      else this.#discard(session);
    }
  }

  #acquire(): Promise<Session> {
    if (this.#closed) return Promise.reject(closedError());
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.size < this.#options.sessions) return Promise.resolve(this.#openSession());
    return new Promise((resolve, reject) => {
      this.#waiting.push((session) => (this.#closed ? reject(closedError()) : resolve(session)));
    });
  }

  #release(session: Session): void {
    if (this.#closed || !this.#all.has(session)) return;
    const next = this.#waiting.shift();
    if (next) next(session);
    else this.#idle.push(session);
  }

  #discard(session: Session): void {
    this.#all.delete(session);
    try {
      this.lib.C_CloseSession(session);
    } catch {
      // The session is already gone with the token.
    }
  }

  #openSession(): Session {
    try {
      const session = this.lib.C_OpenSession(
        this.#slot,
        pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION,
      );
      this.#all.add(session);
      return session;
    } catch (cause) {
      throw tokenFailed(this.#options.label, cause);
    }
  }

  /** Opens the first session and logs the user in (once per process and token). */
  #login(): Session {
    const session = this.#openSession();
    try {
      this.lib.C_Login(session, pkcs11js.CKU_USER, this.#options.pin);
    } catch (cause) {
      if (!hasCode(cause, pkcs11js.CKR_USER_ALREADY_LOGGED_IN)) {
        this.#discard(session);
        throw loginFailed(this.#options.label, cause);
      }
    }
    return session;
  }

  #dropSessions(): void {
    this.#idle.length = 0;
    for (const session of [...this.#all]) this.#discard(session);
  }

  /** Forgets every session, finds the token again (its slot may change) and logs in again. */
  #reconnect(): void {
    this.#dropSessions();
    this.#generation += 1;
    this.#slot = findSlot(this.lib, this.#options);
    this.#release(this.#login());
  }
}

function findSlot(lib: pkcs11js.PKCS11, options: Required<TokenOptions>): pkcs11js.Handle {
  let slots: pkcs11js.Handle[];
  try {
    slots = lib.C_GetSlotList(true);
  } catch (cause) {
    throw new KeyVaultError(
      'MODULE_UNAVAILABLE',
      `The PKCS#11 module ${options.module} cannot list its tokens.`,
      { cause },
    );
  }
  const slot = slots.find((s) => lib.C_GetTokenInfo(s).label.trimEnd() === options.label);
  if (!slot) {
    throw new KeyVaultError(
      'TOKEN_NOT_FOUND',
      `No PKCS#11 token labelled "${options.label}" (SIGNET_PKCS11_TOKEN) is present in ${options.module}.`,
    );
  }
  return slot;
}

function loginFailed(label: string, cause: unknown): KeyVaultError {
  if (hasCode(cause, pkcs11js.CKR_PIN_INCORRECT) || hasCode(cause, pkcs11js.CKR_PIN_LEN_RANGE)) {
    return new KeyVaultError(
      'WRONG_PIN',
      `The PKCS#11 token "${label}" refuses the PIN in SIGNET_PKCS11_PIN_FILE.`,
      { cause },
    );
  }
  if (hasCode(cause, pkcs11js.CKR_PIN_LOCKED)) {
    return new KeyVaultError(
      'WRONG_PIN',
      `The PIN of PKCS#11 token "${label}" is locked: its security officer must unlock it.`,
      { cause },
    );
  }
  return tokenFailed(label, cause);
}

function tokenFailed(label: string, cause: unknown): KeyVaultError {
  return new KeyVaultError('TOKEN_FAILED', `The PKCS#11 token "${label}" failed an operation.`, {
    cause,
  });
}

function closedError(): KeyVaultError {
  return new KeyVaultError('TOKEN_FAILED', 'The PKCS#11 key vault is closed.');
}

function isTokenGone(error: unknown): boolean {
  return error instanceof pkcs11js.Pkcs11Error && TOKEN_GONE.has(error.code);
}
