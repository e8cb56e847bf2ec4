/** Spec texts the live tests share: one availability SLO over `http_requests_total{service=…}`. */
export function availabilitySpec(service: string, opts: { tier?: string; window?: string } = {}): string {
  return `service:
  name: ${service}
  team: team-a
  tier: ${opts.tier ?? 'critical'}
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
${opts.window ? `      window: ${opts.window}\n` : ''}      indicator:
        success_ratio:
          total_query: sum(rate(http_requests_total{service="${service}"}[5m]))
          error_query: sum(rate(http_requests_total{service="${service}",code="500"}[5m]))
`;
}
