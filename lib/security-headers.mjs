// @ts-check
// The headers every response carries (next.config.js sends them; test/security-headers.test.ts
// and e2e/security.spec.ts check them). Plain JavaScript, because next.config.js imports it.
//
// script-src is 'self' 'unsafe-inline' and nothing else. Every page is static HTML built once,
// and the framework writes each page's data into it as inline <script> elements whose text
// differs from page to page; a nonce would mean rendering every page per request, and a hash
// list would have to be computed per page after rendering. So the policy allows inline scripts
// but no script from another origin and no eval (no 'unsafe-eval': the framework does not need
// it in production), and the real barrier against script in content is that content never
// becomes markup: the renderer sanitises every answer, and React escapes every other field
// (e2e/hostile.spec.ts opens every hostile page in Chromium and fails if anything runs).

/**
 * @param {{ development?: boolean }} [options] development: `next dev`, whose React needs eval
 *   and a websocket for hot reloading.
 */
export function contentSecurityPolicy({ development = false } = {}) {
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : [])],
    // The stylesheet is inlined into each page (experimental.inlineCss) and KaTeX positions
    // glyphs with style attributes.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(development ? ['ws:'] : [])],
    'manifest-src': ["'self'"],
    'media-src': ["'none'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * @param {{ development?: boolean, https?: boolean }} [options] https: the site is served over
 *   HTTPS (SITE_URL says so at build time), which is when HSTS means something.
 */
export function securityHeaders({ development = false, https = false } = {}) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy({ development }) },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // Older browsers that do not read frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    // Two years, this host only: whether subdomains are HTTPS too is the domain owner's call.
    ...(https ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000' }] : []),
  ];
}
