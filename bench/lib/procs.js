/**
 * Everything the benchmark starts, so that it can all be stopped: child processes (Signet
 * servers, OpenSSL responders, in-process workers) and temporary directories. stopAll() runs on
 * normal exit, on SIGINT/SIGTERM and on an uncaught error; it kills only the children this
 * process spawned, by their own handles.
 */
const { setTimeout, clearTimeout } = require('node:timers');
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const children = new Set();
const dirs = new Set();

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Spawns a child that is killed with the benchmark. */
function spawnTracked(command, args, options) {
  return track(spawn(command, args, options));
}

/**
 * Sends SIGTERM and waits up to `graceMs` for the exit, then SIGKILL.
 * @returns {Promise<void>}
 */
function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `signet-bench-${prefix}-`));
  dirs.add(dir);
  return dir;
}

function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Synchronous, so that it can run in an 'exit' handler. */
function stopAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

let installed = false;
function installExitHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping everything it started\n`);
      stopAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    process.stderr.write(`bench: ${error && error.stack ? error.stack : error}\n`);
    stopAll();
    process.exit(1);
  });
}

module.exports = { spawnTracked, stopChild, tempDir, removeDir, stopAll, installExitHandlers };
