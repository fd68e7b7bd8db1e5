// npm run db:migrate: applies the PostgreSQL content store's schema migrations
// (lib/content/postgres/pg-migrations/) to DATABASE_URL; content:sync applies them too.
import pg from 'pg';
import { migrate } from '../lib/content/postgres/pg-migrate';
import { env } from '../lib/env.mjs';

const url = env().DATABASE_URL;
if (!url) {
  console.error('db:migrate: DATABASE_URL is not set');
  process.exit(2);
}
const client = new pg.Client(url);
await client.connect();
try {
  const applied = await migrate(client);
  console.log(applied.length > 0 ? `db:migrate: applied ${applied.join(', ')}` : 'db:migrate: up to date');
} finally {
  await client.end();
}
