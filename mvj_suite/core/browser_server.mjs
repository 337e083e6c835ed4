// A Playwright browser server for the suite's --browser-ws-endpoint.
//
// Starts Chromium with playwright-core's launchServer and prints the WebSocket
// endpoint on ONE line of stdout (everything else goes to stderr), so scripts can
// read it with `head -n 1`. Stops cleanly on SIGTERM/SIGINT.
//
// Why Node and not `playwright run-server` from the Python package: that server
// ignores the executable path a client asks for and only looks for Playwright's
// downloaded browser, which is missing where downloads are blocked.
//
// playwright-core is looked up in MVJ_NODE_PREFIX (default <repo>/.mvj/node/webblasarserver);
// `python -m tools.browser_server` installs it there (pinned) and starts this script.
//
// Usage: node tools/browser_server.mjs [--host 127.0.0.1] [--port 0] [--headed]
// Environment: MVJ_CHROMIUM forces the browser binary.

import { existsSync, accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREFIX = process.env.MVJ_NODE_PREFIX || path.join(ROOT, '.mvj', 'node', 'webblasarserver');
const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Nothing around the suite's wire proxy on a live journal (mvj_suite/live/wire_proxy.py,
// CLOSED_PATHS): no QUIC, no WebRTC UDP outside the proxy. Harmless on the stub.
const CLOSED_PATHS = ['--disable-quic', '--force-webrtc-ip-handling-policy=disable_non_proxied_udp'];

function fail(message) {
  process.stderr.write(`webbläsarserver: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 0, headless: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--host') options.host = argv[++i];
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--headed') options.headless = false;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(
        'Användning: node tools/browser_server.mjs [--host 127.0.0.1] [--port 0] [--headed]\n',
      );
      process.exit(0);
    } else fail(`okänt argument: ${arg}`);
  }
  if (!options.host) fail('--host kräver en adress.');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    fail('--port måste vara ett heltal 0–65535 (0 = ledig port).');
  }
  return options;
}

function executable(chromium) {
  const candidates = [process.env.MVJ_CHROMIUM, null, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) {
    if (candidate === null) {
      // Playwright's own Chromium, when it has been downloaded: no flags needed.
      try {
        const own = chromium.executablePath();
        if (own && existsSync(own)) return { path: undefined, own: true };
      } catch {
        // not installed
      }
      continue;
    }
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return { path: candidate, own: false };
    } catch {
      if (candidate === process.env.MVJ_CHROMIUM) fail(`MVJ_CHROMIUM pekar inte på en körbar fil: ${candidate}`);
    }
  }
  return fail("ingen Chromium hittades – kör './mvj setup' eller sätt MVJ_CHROMIUM.");
}

const options = parseArgs(process.argv.slice(2));
let playwright;
try {
  playwright = createRequire(path.join(PREFIX, 'package.json'))('playwright-core');
} catch {
  fail(`npm-paketet playwright-core saknas i ${PREFIX} – starta med 'python -m tools.browser_server'.`);
}
const { chromium } = playwright;
const browser = executable(chromium);
const server = await chromium.launchServer({
  host: options.host,
  port: options.port,
  headless: options.headless,
  ...(browser.own ? { args: CLOSED_PATHS }
    : { executablePath: browser.path, args: [...SYSTEM_CHROMIUM_ARGS, ...CLOSED_PATHS] }),
});
// The endpoint is the only line on stdout; its random path is what lets a client in.
process.stdout.write(`${server.wsEndpoint()}\n`);
process.stderr.write(
  `webbläsarserver: Chromium (${browser.own ? 'Playwrights egen' : browser.path}) väntar på ` +
    `${server.wsEndpoint()} – kör sviten med --browser-ws-endpoint <adressen>. Stoppa med Ctrl+C.\n`,
);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`webbläsarserver: ${signal} – stänger webbläsaren.\n`);
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
