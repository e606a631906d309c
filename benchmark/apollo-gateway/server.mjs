// Apollo's own gateway (@apollo/gateway on @apollo/server), serving a supergraph file: the benchmark's peer.
// Usage: [INTROSPECTION=true] node server.mjs <supergraph.graphql> <port>
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway } from '@apollo/gateway';

const [supergraphFile, port] = process.argv.slice(2);
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphFile, 'utf8') });
// INTROSPECTION=true answers introspection, which NODE_ENV=production otherwise switches off (Apollo Server's default);
// unset, Apollo's default stands.
const server = new ApolloServer({
  gateway, csrfPrevention: false, ...(process.env.INTROSPECTION === 'true' ? { introspection: true } : {}),
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(port) } });
console.log(`Apollo gateway ready at ${url}`);
