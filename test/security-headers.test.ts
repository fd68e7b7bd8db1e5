import assert from 'node:assert/strict';
import test from 'node:test';
import { contentSecurityPolicy, securityHeaders } from '../lib/security-headers.mjs';

// The policy next.config.js sends (e2e/security.spec.ts checks it on every kind of response).

const directives = (policy: string) =>
  new Map(
    policy
      .split('; ')
      .map((d) => d.split(' '))
      .map(([name, ...values]) => [name!, values]),
  );

test('the production policy: no eval, nothing from another origin, no plugins, no <base>, no framing', () => {
  const policy = directives(contentSecurityPolicy());
  assert.deepEqual(policy.get('script-src'), ["'self'", "'unsafe-inline'"]);
  assert.deepEqual(policy.get('object-src'), ["'none'"]);
  assert.deepEqual(policy.get('base-uri'), ["'none'"]);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(policy.get('form-action'), ["'self'"]);
  for (const [name, values] of policy) {
    assert.ok(
      values.every((v) => ["'self'", "'none'", "'unsafe-inline'", 'data:'].includes(v)),
      `${name}: ${values.join(' ')}`,
    );
  }
  assert.deepEqual(policy.get('img-src'), ["'self'", 'data:'], 'data: only for images');
});

test('next dev gets eval and its websocket; HSTS only where the site is served over HTTPS', () => {
  const dev = directives(contentSecurityPolicy({ development: true }));
  assert.ok(dev.get('script-src')!.includes("'unsafe-eval'") && dev.get('connect-src')!.includes('ws:'));
  const names = (options: { https?: boolean }) => securityHeaders(options).map((h) => h.key);
  assert.ok(!names({ https: false }).includes('Strict-Transport-Security'));
  assert.equal(securityHeaders({ https: true }).find((h) => h.key === 'Strict-Transport-Security')?.value, 'max-age=63072000');
  for (const key of ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy']) assert.ok(names({}).includes(key), key);
});
