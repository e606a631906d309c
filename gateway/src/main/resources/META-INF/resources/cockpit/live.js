// Live updates for the cockpit: one WebSocket to the gateway (the graphql-transport-ws protocol, as graphql-ws speaks
// it), signed in with the user's access token in connection_init, subscribed to what can change the page: the
// initiative's signals, its milestones, and the KPIs its milestones are tethered to. An event does not carry the page's
// figures; it says that they changed, and the page asks question 1 again. When the socket cannot be opened or is lost,
// the page says so and falls back to asking every 30 seconds, while the socket is tried again with a growing pause.
(function (Throughline) {
    'use strict';

    const PROTOCOL = 'graphql-transport-ws';
    const FIRST_PAUSE_MS = 1000;
    const LONGEST_PAUSE_MS = 60000;
    const OPEN_WITHIN_MS = 10000;

    const SIGNALS = 'subscription CockpitSignals($initiativeId: ID!) {\n'
        + '  signalEvents(filter: { initiativeId: $initiativeId }) { change position }\n}';
    const MILESTONES = 'subscription CockpitMilestones($initiativeId: ID!) {\n'
        + '  milestoneEvents(filter: { initiativeId: $initiativeId }) { change }\n}';
    const KPIS = 'subscription CockpitKpis($kpiIds: [ID!]) {\n'
        + '  kpiEvents(filter: { kpiIds: $kpiIds }) { change }\n}';

    function socketUrl() {
        return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    }

    /**
     * Follows the initiative. onChange() is called when something on the page changed; onState(state, reason) when the
     * way the page is kept up to date changes: 'connecting', 'live' (subscribed) or 'polling' (with the reason).
     * Returns {watchKpis(ids), follow(initiativeId), close()}.
     */
    function follow(initiativeId, onChange, onState) {
        let socket = null;
        let kpiIds = [];
        let acknowledged = false;
        let closed = false;
        let pause = FIRST_PAUSE_MS;
        let retry = null;
        let generation = 0;

        function send(message) {
            if (socket && socket.readyState === WebSocket.OPEN) {
                socket.send(JSON.stringify(message));
            }
        }

        function subscribe(id, query, variables) {
            send({id: id + '-' + generation, type: 'subscribe', payload: {query: query, variables: variables}});
        }

        function subscribeAll() {
            generation++;
            subscribe('signals', SIGNALS, {initiativeId: initiativeId});
            subscribe('milestones', MILESTONES, {initiativeId: initiativeId});
            if (kpiIds.length) {
                subscribe('kpis', KPIS, {kpiIds: kpiIds});
            }
        }

        function stopAll() {
            ['signals', 'milestones', 'kpis'].forEach((id) => send({id: id + '-' + generation, type: 'complete'}));
        }

        function lost(reason) {
            if (closed) {
                return;
            }
            acknowledged = false;
            socket = null;
            onState('polling', reason);
            retry = setTimeout(open, pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        }

        function open() {
            retry = null;
            if (closed) {
                return;
            }
            onState('connecting');
            Throughline.signIn.accessToken().then((token) => {
                if (closed) {
                    return;
                }
                let opened;
                try {
                    opened = new WebSocket(socketUrl(), PROTOCOL);
                } catch (problem) {
                    lost('live updates could not be opened (' + problem.message + ')');
                    return;
                }
                socket = opened;
                setTimeout(() => {
                    if (socket === opened && !acknowledged) {
                        socket = null;
                        opened.close(1000, 'no acknowledgement');
                        lost('live updates did not open within ' + OPEN_WITHIN_MS / 1000 + ' s');
                    }
                }, OPEN_WITHIN_MS);
                opened.onopen = () => opened.send(JSON.stringify({type: 'connection_init',
                    payload: token ? {Authorization: 'Bearer ' + token} : {}}));
                opened.onmessage = (event) => {
                    let message;
                    try {
                        message = JSON.parse(event.data);
                    } catch (notJson) {
                        return;
                    }
                    if (message.type === 'connection_ack') {
                        acknowledged = true;
                        pause = FIRST_PAUSE_MS;
                        subscribeAll();
                        onState('live');
                        // What changed while the page was not subscribed is asked for once.
                        onChange();
                    } else if (message.type === 'ping') {
                        opened.send(JSON.stringify({type: 'pong'}));
                    } else if (message.type === 'next') {
                        onChange();
                    } else if (message.type === 'error') {
                        const errors = message.payload || [];
                        const expired = errors.some((error) => (error.extensions || {}).code === 'token-expired');
                        opened.close(1000, expired ? 'token expired' : 'subscription refused');
                        if (expired) {
                            Throughline.signIn.refresh().then(null, () => null);
                        }
                        lost(expired ? 'the sign-in expired; live updates are opened again with a fresh one'
                            : 'the gateway refused live updates (' + ((errors[0] || {}).message || 'no reason') + ')');
                    }
                };
                opened.onclose = (event) => {
                    if (socket === opened) {
                        lost(acknowledged ? 'live updates were lost (' + (event.reason || 'closed, code ' + event.code)
                            + ')' : 'live updates could not be opened'
                            + (event.reason ? ' (' + event.reason + ')' : ''));
                    }
                };
            }, (problem) => lost('live updates could not be signed in (' + problem.message + ')'));
        }

        open();
        return {
            /** The KPIs the page shows: their values are followed too. */
            watchKpis(ids) {
                const sorted = ids.slice().sort();
                if (sorted.join(',') === kpiIds.join(',')) {
                    return;
                }
                kpiIds = sorted;
                if (acknowledged) {
                    stopAll();
                    subscribeAll();
                }
            },
            /** Another initiative is shown. */
            follow(id) {
                if (id === initiativeId) {
                    return;
                }
                initiativeId = id;
                kpiIds = [];
                if (acknowledged) {
                    stopAll();
                    subscribeAll();
                }
            },
            close() {
                closed = true;
                if (retry) {
                    clearTimeout(retry);
                }
                if (socket) {
                    const open = socket;
                    socket = null;
                    open.close(1000, 'page left');
                }
            },
        };
    }

    Throughline.live = {follow: follow};
}(window.Throughline = window.Throughline || {}));
