/**
 * Every technology template, by id. Adding a technology = one data file + one line here (and its
 * id and aliases in ids.ts).
 */
import type { ServiceType } from '../model/types.ts';
import { consul } from './consul.ts';
import { elasticsearch } from './elasticsearch.ts';
import { etcd } from './etcd.ts';
import { haproxy } from './haproxy.ts';
import { http } from './http.ts';
import { technologyAliases, type DependencyTechnology, type ServiceTechnology, type TechnologyId } from './ids.ts';
import { kafka } from './kafka.ts';
import { kubernetes } from './kubernetes.ts';
import { mongodb } from './mongodb.ts';
import { mysql } from './mysql.ts';
import { nats } from './nats.ts';
import { nginx } from './nginx.ts';
import { postgresql } from './postgresql.ts';
import { pulsar } from './pulsar.ts';
import { rabbitmq } from './rabbitmq.ts';
import { redis } from './redis.ts';
import { stream } from './stream.ts';
import { traefik } from './traefik.ts';
import type { MetricType, TechnologyTemplate } from './types.ts';
import { worker } from './worker.ts';

export const TECHNOLOGIES: Record<TechnologyId, TechnologyTemplate> = {
  postgresql,
  mysql,
  mongodb,
  elasticsearch,
  redis,
  kafka,
  rabbitmq,
  nats,
  pulsar,
  kubernetes,
  nginx,
  haproxy,
  traefik,
  consul,
  etcd,
  http,
  worker,
  stream,
};

export function technology(id: TechnologyId): TechnologyTemplate {
  return TECHNOLOGIES[id];
}

/** Which service-health template a service type uses (batch jobs are workers; unknown types serve requests). */
const SERVICE_TYPE_TEMPLATE: Record<ServiceType, ServiceTechnology> = {
  api: 'http',
  web: 'http',
  'ai-gate': 'http',
  database: 'http',
  worker: 'worker',
  batch: 'worker',
  stream: 'stream',
};

export function serviceTechnology(type: ServiceType): ServiceTechnology {
  return SERVICE_TYPE_TEMPLATE[type] ?? 'http';
}

/** The names a technology is known by in specs (`pg`, `postgres` for postgresql; service types for http …). */
export function aliasesOf(id: TechnologyId): string[] {
  if (id === 'http' || id === 'worker' || id === 'stream') {
    return Object.entries(SERVICE_TYPE_TEMPLATE)
      .filter(([type, t]) => t === id && type !== id)
      .map(([type]) => type)
      .sort();
  }
  return technologyAliases(id as DependencyTechnology);
}

/** metric name → type, for every metric a template declares. */
export function metricTypes(t: TechnologyTemplate): Map<string, MetricType> {
  return new Map(Object.values(t.metrics).map((m) => [m.metric, m.type]));
}
