// Asks the gateway the named operations of docs/queries, as a front end should: by their persisted ids (the manifest
// docs/queries/persisted-operations.json, copied beside this page at build), with the user's access token. A gateway
// that does not know an id yet is sent the operation's text once with it (automatic persisted queries).
(function (Throughline) {
    'use strict';

    const ENDPOINT = '/graphql';
    let manifest = null;

    function operations() {
        if (!manifest) {
            manifest = fetch('queries/persisted-operations.json').then((response) => {
                if (!response.ok) {
                    throw new Error('the operations manifest answered ' + response.status);
                }
                return response.json();
            }).then((file) => {
                const byName = {};
                file.operations.forEach((operation) => {
                    byName[operation.name] = operation;
                });
                return byName;
            });
            manifest.then(null, () => {
                manifest = null;
            });
        }
        return manifest;
    }

    function post(token, body) {
        const headers = {'Content-Type': 'application/json', Accept: 'application/json'};
        if (token) {
            headers.Authorization = 'Bearer ' + token;
        }
        return fetch(ENDPOINT, {method: 'POST', headers: headers, body: JSON.stringify(body)});
    }

    function hasCode(answer, code) {
        return (answer.errors || []).some((error) => error.extensions && error.extensions.code === code);
    }

    /**
     * Runs the named operation. Resolves with {data, errors} (errors possibly empty, data possibly partial); rejects
     * when the gateway gave no GraphQL answer at all.
     */
    function ask(name, variables) {
        return operations().then((byName) => {
            const operation = byName[name];
            if (!operation) {
                throw new Error('no operation ' + name + ' in the manifest');
            }
            const byId = {
                operationName: name,
                variables: variables,
                extensions: {persistedQuery: {version: 1, sha256Hash: operation.id}},
            };
            const send = (body, retried) => Throughline.signIn.accessToken()
                .then((token) => post(token, body))
                .then((response) => {
                    if (response.status === 401 && !retried) {
                        return Throughline.signIn.refresh().then(() => send(body, true));
                    }
                    return response.json().then((answer) => {
                        if (hasCode(answer, 'PERSISTED_QUERY_NOT_FOUND') && !body.query) {
                            return send({operationName: name, variables: variables, query: operation.body,
                                extensions: byId.extensions}, retried);
                        }
                        if (!answer.data && (!answer.errors || response.status !== 200)) {
                            throw new Error('the gateway answered ' + response.status + ': '
                                + ((answer.errors || [])[0] || {}).message);
                        }
                        return {data: answer.data || null, errors: answer.errors || []};
                    }, () => {
                        throw new Error('the gateway answered ' + response.status + ' without a GraphQL answer');
                    });
                });
            return send(byId, false);
        });
    }

    function startsWith(path, prefix) {
        if (prefix.length > path.length) {
            return false;
        }
        for (let i = 0; i < prefix.length; i++) {
            if (path[i] !== prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The error that explains what is missing at a path of the answer: one at that path, above it (the value it
     * belongs to is missing) or within it (part of it is missing). Null when nothing there is missing.
     */
    function problemAt(errors, path) {
        for (let i = 0; i < errors.length; i++) {
            const at = errors[i].path;
            if (at && (startsWith(path, at) || startsWith(at, path))) {
                return errors[i];
            }
        }
        return null;
    }

    /**
     * Which service failed, in words: the subgraph the gateway names (SUBREQUEST_HTTP_ERROR and the like), the
     * service a subgraph could not reach itself (upstream-unavailable names it as its field), or the error's code.
     */
    function sourceOf(error) {
        const extensions = error.extensions || {};
        if (extensions.service) {
            return extensions.service + ' service';
        }
        if (extensions.code === 'upstream-unavailable' && extensions.field) {
            return extensions.field.replace(/-/g, ' ');
        }
        return extensions.code || 'the gateway';
    }

    Throughline.graphql = {ask: ask, problemAt: problemAt, sourceOf: sourceOf};
}(window.Throughline = window.Throughline || {}));
