import { TlogError } from './errors';
import { HASH_SIZE } from './hash';
import {
  decodeBase64,
  openNote,
  parseNote,
  signNote,
  type Note,
  type NoteSigner,
  type NoteVerifier,
} from './note';

/** A log's tree head as c2sp.org/tlog-checkpoint writes it. */
export interface Checkpoint {
  origin: string;
  size: bigint;
  rootHash: Uint8Array;
  /** Extension lines: opaque, optional, NOT RECOMMENDED. */
  extensions: string[];
}

const bad = (why: string): never => {
  throw new TlogError('TLOG_BAD_CHECKPOINT', why);
};

/** The note text: origin, decimal size, base64 root, extension lines, each ending in a newline. */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin === '' || cp.origin.includes('\n'))
    bad('A checkpoint origin is one non-empty line.');
  if (cp.rootHash.length !== HASH_SIZE) bad('A checkpoint root hash is 32 bytes long.');
  const lines = [cp.origin, cp.size.toString(), Buffer.from(cp.rootHash).toString('base64')];
  return `${[...lines, ...cp.extensions].join('\n')}\n`;
}

/** Reads a checkpoint's note text (c2sp.org/tlog-checkpoint "Note text"). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) bad('A checkpoint text ends with a newline.');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((l) => l === ''))
    bad('A checkpoint has three non-empty lines first.');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  // ASCII decimal with no leading zeroes, unless the tree is empty; a uint64.
  if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) >= 1n << 64n)
    bad('A checkpoint size is a uint64 in decimal.');
  const rootHash = decodeBase64(root, 'A checkpoint root hash');
  if (rootHash.length !== HASH_SIZE) bad('A checkpoint root hash is 32 bytes long.');
  return { origin, size: BigInt(size), rootHash, extensions };
}

/** The signed checkpoint note, signed by the log (whose key name SHOULD be the origin). */
export function signCheckpoint(cp: Checkpoint, log: NoteSigner): Promise<string> {
  return signNote(formatCheckpoint(cp), [log]);
}

/** A checkpoint note opened with the log's key, its origin checked against the key's name. */
export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: Note;
}

/** Verifies the log's signature on a checkpoint note and reads it; the origin must be the log's. */
export function openCheckpoint(input: Uint8Array | string, log: NoteVerifier): OpenedCheckpoint {
  const note = parseNote(input);
  openNote(note, [log]);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== log.name)
    bad(`The checkpoint is of ${checkpoint.origin}, not ${log.name}.`);
  return { checkpoint, note };
}
