/**
 * The 18 technologies NthLayer has templates for, and the names people use for them.
 * Service types map onto the three service-health templates (http, worker, stream).
 */
export const DEPENDENCY_TECHNOLOGIES = [
  'postgresql',
  'mysql',
  'mongodb',
  'elasticsearch',
  'redis',
  'kafka',
  'rabbitmq',
  'nats',
  'pulsar',
  'kubernetes',
  'nginx',
  'haproxy',
  'traefik',
  'consul',
  'etcd',
] as const;
const SERVICE_TECHNOLOGIES = ['http', 'worker', 'stream'] as const;
export const TECHNOLOGY_IDS = [...DEPENDENCY_TECHNOLOGIES, ...SERVICE_TECHNOLOGIES] as const;

export type DependencyTechnology = (typeof DEPENDENCY_TECHNOLOGIES)[number];
export type ServiceTechnology = (typeof SERVICE_TECHNOLOGIES)[number];
export type TechnologyId = (typeof TECHNOLOGY_IDS)[number];

const ALIASES: Record<string, DependencyTechnology> = {
  postgres: 'postgresql',
  pg: 'postgresql',
  postgresql: 'postgresql',
  aurora: 'postgresql',
  'aurora-postgresql': 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  'aurora-mysql': 'mysql',
  mongodb: 'mongodb',
  mongo: 'mongodb',
  elasticsearch: 'elasticsearch',
  elastic: 'elasticsearch',
  es: 'elasticsearch',
  opensearch: 'elasticsearch',
  redis: 'redis',
  valkey: 'redis',
  keydb: 'redis',
  kafka: 'kafka',
  redpanda: 'kafka',
  msk: 'kafka',
  rabbitmq: 'rabbitmq',
  rabbit: 'rabbitmq',
  amqp: 'rabbitmq',
  nats: 'nats',
  jetstream: 'nats',
  pulsar: 'pulsar',
  kubernetes: 'kubernetes',
  k8s: 'kubernetes',
  eks: 'kubernetes',
  gke: 'kubernetes',
  aks: 'kubernetes',
  nginx: 'nginx',
  'ingress-nginx': 'nginx',
  'nginx-ingress': 'nginx',
  haproxy: 'haproxy',
  traefik: 'traefik',
  consul: 'consul',
  etcd: 'etcd',
};

/** `pg` → `postgresql`; undefined for a technology we have no template for (e.g. `dynamodb`). */
export function resolveTechnology(name: string | undefined): DependencyTechnology | undefined {
  if (!name) return undefined;
  return ALIASES[name.trim().toLowerCase()];
}

export function technologyAliases(id: DependencyTechnology): string[] {
  return Object.entries(ALIASES)
    .filter(([alias, t]) => t === id && alias !== id)
    .map(([alias]) => alias)
    .sort();
}
