// Hive Gateway's settings for ./benchmark-gateways.sh. In-flight deduplication of identical subgraph requests is
// on by default in Hive Gateway; DEDUPLICATE=false switches it off (its documented transport option). The planner
// (JavaScript, or the Rust one of @graphql-hive/router-runtime) is chosen on the command line.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: process.env.DEDUPLICATE !== 'false' } },
  },
});
