/**
 * The examples gallery: one sentence per example (written for the card, not read from the spec's
 * comments, which are written for the file), and examples that define the same service as another
 * shown as variants of it rather than as look-alike cards.
 */
import type { ExampleInfo } from './workspace.ts';

/** What each shipped example shows, in one sentence. */
export const GALLERY_SENTENCES: Readonly<Record<string, string>> = {
  'payment-api': 'A critical payments API with availability and latency SLOs, PostgreSQL and PagerDuty.',
  'payment-api-with-envs': 'The payments API from the critical-api template, with dev, staging and prod override files.',
  'payment-api-pagerduty-demo': 'The payments API with PagerDuty escalation tiers, a shared support model and event orchestration.',
  'order-api': 'A Kubernetes API behind nginx with PostgreSQL, Redis and Kafka, a 28-day window and a deploy gate.',
  'checkout-service': 'A checkout API on MySQL, Redis and RabbitMQ with three SLOs, the last one loose.',
  'search-api': 'A search API on Elasticsearch and Redis with availability and latency SLOs.',
  'storefront-web': 'A web front end behind Traefik that searches Elasticsearch and finds backends through Consul.',
  'billing-worker': 'A worker that consumes RabbitMQ, writes MySQL and MongoDB and calls an API through HAProxy.',
  'notification-worker': 'A worker sending email, SMS and push from Kafka, with delivery, latency and queue-lag SLOs.',
  'clickstream-processor': 'A stream job on Kafka, Pulsar and NATS with a 7-day window and a consumer-lag SLI.',
  'nightly-etl': 'A batch pipeline on Kubernetes and etcd loading PostgreSQL, built from the pipeline template.',
};

export interface GalleryCard {
  example: ExampleInfo;
  sentence: string;
  /** Other examples of the same service (`payment-api-with-envs` under `payment-api`). */
  variants: { example: ExampleInfo; sentence: string }[];
}

function sentenceOf(e: ExampleInfo): string {
  return GALLERY_SENTENCES[e.id] ?? (e.summary || e.title);
}

/** One card per service: the example named after it, with the others of that service as its variants. */
export function galleryCards(examples: readonly ExampleInfo[]): GalleryCard[] {
  const byService = new Map<string, ExampleInfo[]>();
  for (const e of examples) byService.set(e.service, [...(byService.get(e.service) ?? []), e]);
  const cards: GalleryCard[] = [];
  for (const [service, list] of byService) {
    const main = list.find((e) => e.id === service) ?? [...list].sort((a, b) => a.id.length - b.id.length)[0]!;
    cards.push({
      example: main,
      sentence: sentenceOf(main),
      variants: list.filter((e) => e !== main).map((e) => ({ example: e, sentence: sentenceOf(e) })),
    });
  }
  return cards.sort((a, b) => a.example.id.localeCompare(b.example.id));
}
