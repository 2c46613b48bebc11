// Starts and stops a private code-server (installed by scripts/setup-e2e.sh) for the editor
// suites: loopback only, no auth, its own user-data/extensions dirs and a throw-away HOME/XDG so
// nothing of the machine's own editor state leaks in or out.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const codeServerEntry = path.join(repoRoot, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Fails early with the fix when setup has not run. */
export function checkPrerequisites() {
  const missing = [];
  if (!existsSync(path.join(repoRoot, '.e2e', 'code-server', '.ready'))) missing.push('code-server (.e2e/code-server)');
  if (!existsSync(chromiumPath)) missing.push(`chromium (${chromiumPath})`);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run setup:e2e\` first`);
}

/** A fresh temporary tree: HOME, XDG dirs, user data, extensions, results. */
export function makeSandbox(label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `odoo-perf-${label}-`));
  const sub = (name) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const sandbox = {
    dir,
    home: sub('home'),
    userData: sub('user-data'),
    extensions: sub('extensions'),
    results: sub('results'),
  };
  // Quiet, deterministic editor: no welcome page, no trust prompt, no telemetry or update checks.
  mkdirSync(path.join(sandbox.userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(sandbox.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'files.autoSave': 'off',
        'editor.hover.delay': 100,
        'window.restoreWindows': 'none',
      },
      null,
      2,
    ),
  );
  return sandbox;
}

/** Environment of every code-server child: HOME and XDG point into the sandbox. */
export function sandboxEnv(sandbox, extra = {}) {
  const env = { ...process.env, ...extra };
  env.HOME = sandbox.home;
  env.XDG_CONFIG_HOME = path.join(sandbox.home, '.config');
  env.XDG_DATA_HOME = path.join(sandbox.home, '.local', 'share');
  env.XDG_CACHE_HOME = path.join(sandbox.home, '.cache');
  env.XDG_RUNTIME_DIR = path.join(sandbox.home, '.run');
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) mkdirSync(env[k], { recursive: true, mode: 0o700 });
  // No extension marketplace: point the gallery at a closed loopback port instead of open-vsx.
  env.EXTENSIONS_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' });
  // A VS Code terminal or test runner around us must not redirect this instance.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `code-server --install-extension <vsix>` into the sandbox's extensions dir. */
export function installExtension(sandbox, vsix) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [codeServerEntry, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, '--install-extension', vsix, '--force'],
      { env: sandboxEnv(sandbox), timeout: 120_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`install-extension failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout + stderr)),
    );
  });
}

async function waitHealthy(port, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`code-server exited early with ${proc.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server not healthy on port ${port} after ${timeoutMs} ms`);
}

/**
 * Starts code-server; resolves once /healthz answers. `stop()` kills its whole process group
 * (code-server forks a server process, which forks extension hosts and the language server).
 */
export async function startCodeServer(sandbox, { env = {}, log = () => {} } = {}) {
  const port = await freePort();
  const config = path.join(sandbox.dir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry,
    '--config', config,
    '--user-data-dir', sandbox.userData,
    '--extensions-dir', sandbox.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const proc = spawn(process.execPath, args, { env: sandboxEnv(sandbox, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    log(String(chunk));
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
    // Children that ignored SIGTERM (extension host, language server) go with the group.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // group already empty
    }
  };
  try {
    await waitHealthy(port, proc, 60_000);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n${output}`);
  }
  return { port, proc, stop, output: () => output, base: `http://127.0.0.1:${port}` };
}

/** `vscode-remote://` URI of a path on the code-server machine (for the test payload). */
export function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

/** The URL that opens `folder` with the extension under development and the test entry. */
export function testPayloadUrl(server, folder, extensionDevelopmentPath, extensionTestsPath) {
  const payload = [
    ['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)],
    ['extensionTestsPath', remoteUri(server, extensionTestsPath)],
  ];
  return `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
