/**
 * A full garbage collection, for a worker that has just let go of a large document.
 *
 * A spooled PDF (up to 64 MiB) is read into a Buffer outside V8's heap. V8 collects such external
 * memory only when its own heap asks for a collection, so a worker verifying uploads one after
 * another could hold two or three 60 MiB files at once: the ten-upload load test once peaked at
 * 434 MiB instead of ~320. Collecting after each such task bounds a worker at one document.
 * `--expose-gc` cannot be given to a worker thread (V8 flags are per process), so it is set here
 * and the function taken from a fresh context, which sees the flag.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');

export const collectGarbage = runInNewContext('gc') as () => void;
