/**
 * The browser's `Buffer` (esbuild `inject`, scripts/build-web.js): core code reads bytes as Latin-1
 * text and searches them with Buffer, which Node has built in; the `buffer` package is the same API.
 */
export { Buffer } from 'buffer';
