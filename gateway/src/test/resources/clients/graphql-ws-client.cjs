// graphql-ws's own client (the one Apollo Client's GraphQLWsLink, urql and Relay use) subscribing through the gateway:
// node graphql-ws-client.cjs <ws-url> <Authorization> <query> [events]. Prints each thing it receives as a JSON line,
// and ends after the given number of events (default 1), or when the server completes or fails the subscription.
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [url, authorization, query, wanted] = process.argv.slice(2);
let left = Number(wanted || 1);
const print = (line) => console.log(JSON.stringify(line));
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: authorization },
  retryAttempts: 0,
  on: { connected: () => print({ connected: true }) },
});
client.subscribe({ query }, {
  next: (response) => {
    print({ next: response });
    if (--left === 0) {
      client.dispose();
    }
  },
  error: (error) => {
    print({ error: Array.isArray(error) ? error : { code: error && error.code, reason: error && error.reason } });
    client.dispose();
  },
  complete: () => {
    print({ complete: true });
    client.dispose();
  },
});
