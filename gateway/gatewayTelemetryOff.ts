/**
 * @apollo/gateway's constructor, unless APOLLO_TELEMETRY_DISABLED is "true", probes cloud metadata
 * services (AWS, GCP, Azure, Alibaba: 169.254.169.254, metadata.google.internal, 100.100.100.200)
 * and at stop exports host metrics to usage-reporting.api.apollographql.com. That variable is its
 * only switch, so the gateway sets it itself before building one; nothing here may turn it back on.
 */
export function gatewayTelemetryOff(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED = 'true';
}
