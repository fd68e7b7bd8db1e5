// Several `next start` servers of one build behind nginx, as a site on more than one machine
// runs: each server has its own copy of the build (without the pages rendered on demand, and no
// disk shared with the others), so that what one renders reaches the others only through the
// PostgreSQL page cache (lib/shared-page-cache.cjs). Used by e2e/cluster.spec.ts, and meant for
// benchmarks too: no test framework here.
//
//   const cluster = await startCluster({ servers: 3, env: { DATABASE_URL, SITE_URL }, nginxPort: 3290, firstServerPort: 3291 });
//   await fetch(`${cluster.url}/`);          // through nginx: response header X-Upstream names the server
//   await fetch(`${cluster.servers[1].url}/`); // one server directly
//   cluster.servers[1].kill();               // SIGKILL, its whole process group
//   await cluster.stop();                     // everything started, and the copies, gone
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { env } from '../lib/env.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const NGINX = '/usr/sbin/nginx';
/** Under the build's .next: Next's pages rendered on demand, and its caches (each server starts without them). */
const LEFT_OUT = [path.join('server', 'route-cache'), 'cache'];
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

export interface ClusterOptions {
  /** How many `next start` servers. */
  servers: number;
  /** Their environment, over this process's: DATABASE_URL, SITE_URL, REVALIDATE_SECRET, TZ… (BUILD_DIR is each server's own). */
  env: Record<string, string | undefined>;
  /** nginx listens on 127.0.0.1 at this port. */
  nginxPort: number;
  /** Server i (from 0) listens on 127.0.0.1 at firstServerPort + i. */
  firstServerPort: number;
  /** The build copied for each server, a folder holding `.next` (default: BUILD_DIR, as lib/env.mjs reads it). */
  buildDir?: string;
  /** How long a server, or nginx, may take to answer (default 60 s). */
  startTimeoutMs?: number;
}

export interface ClusterServer {
  /** 1, 2, 3…: its copy is .test-build/cluster-<index>. */
  index: number;
  url: string;
  port: number;
  /** Of `npx next start`, the leader of the server's process group. */
  pid: number;
  /** Its output (stdout and stderr). */
  logFile: string;
  /** Kills the server's whole process group (default SIGKILL: gone at once, as a crashed machine). */
  kill(signal?: NodeJS.Signals): void;
  alive(): boolean;
  /** The last lines of its output. */
  logTail(lines?: number): string;
}

export interface Cluster {
  /** nginx, in front of every server. */
  url: string;
  servers: ClusterServer[];
  /** nginx's folder: nginx.conf, error.log, access.log (the upstream tried, its status, the time). */
  nginxDir: string;
  nginxLogTail(lines?: number): string;
  /** Stops nginx and every server (their process groups), and removes the copies and nginx's folder. */
  stop(): Promise<void>;
}

interface Started {
  child: ChildProcess;
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A process in a group of its own (so that its children go with it), its output to `logFile`. */
function start(command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string }): Started {
  const out = fs.openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, { cwd: ROOT, env: options.env, stdio: ['ignore', out, out], detached: true });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    return { child, exited };
  } finally {
    fs.closeSync(out);
  }
}

const isAlive = (child: ChildProcess) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Gone already.
  }
}

/** Stops a process group: `signal`, then SIGKILL if it is not gone within STOP_TIMEOUT_MS. */
async function stopGroup({ child, exited }: Started, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid === undefined) return;
  killGroup(child, signal);
  const gone = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  // The group's other processes (Next's own workers) go with it, even when its leader went first.
  killGroup(child, 'SIGKILL');
  if (!gone) await exited;
}

/** Waits until `url` answers 200, failing with `failure()` when the process exits first or the time runs out. */
async function answering(url: string, started: Started, timeoutMs: number, failure: (why: string) => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(started.child)) throw new Error(failure(`exited (${started.child.exitCode ?? started.child.signalCode}) before it answered`));
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(failure(`did not answer ${url} with 200 within ${timeoutMs / 1000} s${status ? ` (last: ${status})` : ''}`));
    await sleep(200);
  }
}

/**
 * Copies `from` (a build's .next) to `to`, without the pages rendered on demand or the caches;
 * file times kept (Next dates prerendered pages by them); symlinks made absolute (the build's
 * external packages, .next/node_modules, link relatively to the project's).
 */
function copyBuild(from: string, to: string) {
  const leftOut = new Set(LEFT_OUT.map((p) => path.join(from, p)));
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: false, filter: (source) => !leftOut.has(source) });
}

function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  // Workers run as root when the master does (as here in CI): nginx would otherwise switch them
  // to `nobody`, which cannot enter this folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  log_format upstream '$remote_addr "$request" $status $body_bytes_sent upstream=$upstream_addr upstream_status=$upstream_status time=$request_time';
  access_log ${dir}/access.log upstream buffer=64k flush=1s;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # A load generator keeps its connections for the whole run.
  keepalive_requests 100000;
  # The site's own limit answers (POST /api/revalidate takes up to 1 MB).
  client_max_body_size 2m;

  upstream site {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 32;
    # Below Node's 5 s: nginx never reuses a connection the server is closing.
    keepalive_timeout 4s;
  }

  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://site;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 1s;
      # A server that is gone (refused, reset, no answer): the request goes to the next one. A POST
      # is not sent twice (nginx retries non-idempotent requests only with non_idempotent).
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 3;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** Starts `servers` copies of the build with `next start`, and nginx in front of them; resolves once all answer. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!fs.existsSync(NGINX)) {
    throw new Error(`cluster: nginx is not installed (${NGINX}): apt-get install -y nginx-light (Debian; scripts/test.sh installs it when missing)`);
  }
  const buildDir = path.resolve(ROOT, options.buildDir ?? env().BUILD_DIR);
  const built = path.join(buildDir, '.next');
  if (!fs.existsSync(path.join(built, 'BUILD_ID'))) throw new Error(`cluster: no build in ${built} (e2e/run.sh builds one)`);
  const timeout = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const ports = Array.from({ length: options.servers }, (_, i) => options.firstServerPort + i);
  for (const port of [options.nginxPort, ...ports]) {
    // A server left over from an interrupted run would answer instead.
    if (await listening(port)) throw new Error(`cluster: port ${port} is already in use (a server left over from an interrupted run?)`);
  }

  const nginxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quicktakes-cluster-'));
  const copies = ports.map((_, i) => path.join('.test-build', `cluster-${i + 1}`));
  const running: Started[] = [];
  const servers: ClusterServer[] = [];
  // Should this process end without stop(): nothing left running.
  const onExit = () => {
    for (const p of running) killGroup(p.child, 'SIGKILL');
  };
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(running.map((p) => stopGroup(p)));
    process.off('exit', onExit);
    for (const copy of copies) fs.rmSync(path.join(ROOT, copy), { recursive: true, force: true });
    fs.rmSync(nginxDir, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      ports.map(async (port, i) => {
        const index = i + 1;
        const copy = copies[i]!;
        copyBuild(built, path.join(ROOT, copy, '.next'));
        const logFile = path.join(nginxDir, `server-${index}.log`);
        const server = start('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
          env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env, BUILD_DIR: copy },
          logFile,
        });
        running.push(server);
        const url = `http://127.0.0.1:${port}`;
        servers[i] = {
          index,
          url,
          port,
          pid: server.child.pid!,
          logFile,
          kill: (signal = 'SIGKILL') => killGroup(server.child, signal),
          alive: () => isAlive(server.child),
          logTail: (lines) => tail(logFile, lines),
        };
        await answering(`${url}/robots.txt`, server, timeout, (why) => `cluster: server ${index} (${copy}, port ${port}) ${why}. Its log:\n${tail(logFile)}`);
      }),
    );

    fs.writeFileSync(path.join(nginxDir, 'nginx.conf'), nginxConfig(nginxDir, options.nginxPort, ports));
    const started = start(NGINX, ['-p', nginxDir, '-c', path.join(nginxDir, 'nginx.conf'), '-e', path.join(nginxDir, 'error.log'), '-g', 'daemon off;'], {
      env: process.env,
      logFile: path.join(nginxDir, 'nginx.out'),
    });
    running.push(started);
    const url = `http://127.0.0.1:${options.nginxPort}`;
    await answering(
      `${url}/robots.txt`,
      started,
      timeout,
      (why) => `cluster: nginx (port ${options.nginxPort}) ${why}:\n${tail(path.join(nginxDir, 'nginx.out'))}\n${tail(path.join(nginxDir, 'error.log'))}`,
    );
    return {
      url,
      servers,
      nginxDir,
      nginxLogTail: (lines) => tail(path.join(nginxDir, 'error.log'), lines),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
