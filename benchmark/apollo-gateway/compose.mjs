// Composes subgraph SDL files with Apollo's own composition (@apollo/composition), printing the supergraph:
// how the gateway's tests get supergraphs exactly as Apollo's tooling (rover) produces them.
// Usage: node compose.mjs <name>=<url>=<schema.graphql> ...
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';

const services = process.argv.slice(2).map((argument) => {
  const [name, url, file] = argument.split('=');
  return { name, url, typeDefs: parse(readFileSync(file, 'utf8')) };
});
const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
